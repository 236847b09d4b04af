"""Romanian: the vocabulary reads the steps of a treaty's life in the language's own news phrasing.

The sentences are written for these tests (typical Romanian and Moldovan press wording, with and
without diacritics), not taken from any corpus. Publication dates are passed explicitly: nothing
here depends on the day the tests run."""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue
from custodiet.intake.tests.reading import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ungaria a semnat Statutul de la Roma la 15 ianuarie 1999, iar Parlamentul l-a ratificat în 2001.",
            {("signature", "1999-01-15"), ("lower_house_approval", "2001")},
        ),
        (
            "Convenția a fost ratificată de Parlament la 14 octombrie 2021.",
            {("lower_house_approval", "2021-10-14")},
        ),
        (
            "Senatul a adoptat proiectul de lege privind ratificarea Convenției de la Istanbul la 25 aprilie 2016.",
            {("upper_house_approval", "2016-04-25")},
        ),
        (
            "Președintele a promulgat la 19 octombrie 2021 legea privind ratificarea Convenției de la Istanbul.",
            {("law_signed", "2021-10-19")},
        ),
        (
            "Lituania a notificat ONU la 27 iunie 2025 retragerea din Convenția de la Ottawa.",
            {("notification", "2025-06-27")},
        ),
        (
            "Ambasadoarea a depus instrumentul de ratificare a Convenției de la Istanbul la 31 ianuarie 2022.",
            {("deposit", "2022-01-31")},
        ),
        (
            "Retragerea va intra în vigoare la 2 iunie 2026, la un an după notificarea transmisă "
            "Secretarului General al ONU.",
            {("takes_effect", "2026-06-02")},
        ),
        (
            "Statutul de la Roma a intrat în vigoare la 1 iulie 2002.",
            {("entry_into_force", "2002-07-01")},
        ),
        (
            "Lituania a aderat la Convenția privind munițiile cu dispersie în 2011.",
            {("accession", "2011")},
        ),
        (
            "Curtea Constituțională a decis la 27 iulie 2018 că Convenția de la Istanbul este neconstituțională.",
            {("court_ruling", "2018-07-27")},
        ),
        (
            "Decretul din 20 martie 2021 a scos Turcia din Convenția de la Istanbul.",
            {("decree", "2021-03-20")},
        ),
        (
            "Consiliul Național de Securitate și Apărare a decis la 29 iunie 2025 retragerea Ucrainei din "
            "Convenția de la Ottawa.",
            {("security_council", "2025-06-29")},
        ),
        (
            "România a ratificat Convenția de la Istanbul prin Legea nr. 30/2016, în vigoare din 1 august 2016.",
            {("entry_into_force", "2016-08-01")},
        ),
        (
            "Consiliul Europei a deschis spre semnare Convenția de la Istanbul la 11 mai 2011.",
            {("adoption", "2011-05-11")},
        ),
        (
            "Guvernul a decis la 3 aprilie 2025 să se retragă din Curtea Penală Internațională.",
            {("announcement", "2025-04-03")},
        ),
        (
            "Proiectul de lege privind retragerea din Convenția de la Ottawa a fost depus în Parlament la 11 iulie 2025.",
            {("bill_submitted", "2025-07-11")},
        ),
        (
            # Written without diacritics, as many Romanian sites do.
            "Parlamentul a ratificat Conventia de la Istanbul la 14 octombrie 2021, iar presedintele a "
            "promulgat legea la 20 octombrie 2021.",
            {("lower_house_approval", "2021-10-14"), ("law_signed", "2021-10-20")},
        ),
    ],
)
def test_a_dated_step_is_read_with_its_kind_and_date(
    text: str, expected: set[tuple[str, str]], matcher: Any
) -> None:
    assert facts(text, "ro", None, matcher) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Parlamentul Republicii Moldova a votat miercuri ratificarea Convenției de la Istanbul.",
            DateValue(2024, 3, 15),
            ("lower_house_approval", "2024-03-13"),
        ),
        (
            "Guvernul a anunțat joi retragerea țării din Convenția de la Ottawa privind minele antipersonal.",
            DateValue(2025, 4, 20),
            ("announcement", "2025-04-17"),
        ),
        (
            "Ieri, Parlamentul Ungariei a aprobat legea privind retragerea din Curtea Penală Internațională.",
            DateValue(2025, 5, 20),
            ("lower_house_approval", "2025-05-19"),
        ),
        (
            "Parlamentul Republicii Moldova a ratificat Convenția de la Istanbul pe 14 octombrie.",
            DateValue(2022, 1, 18),
            ("lower_house_approval", "2021-10-14"),
        ),
        (
            "Ungaria a anunțat în aprilie anul trecut că se retrage din Curtea Penală Internațională.",
            DateValue(2025, 5, 21),
            ("announcement", "2024-04"),
        ),
        (
            "Seimasul Lituaniei a votat anul trecut retragerea din Convenția privind munițiile cu dispersie.",
            DateValue(2024, 7, 20),
            ("lower_house_approval", "2023"),
        ),
    ],
)
def test_a_relative_date_is_resolved_from_the_publication_date(
    text: str, published: DateValue, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, "ro", published, matcher)


def test_a_sentence_with_no_date_gives_no_date(matcher: Any) -> None:
    assert (
        facts("Camera Deputaților a votat ratificarea Convenției de la Istanbul.", "ro", None, matcher)
        == set()
    )
    assert not facts(
        "Finlanda a anunțat intenția de a se retrage din Convenția de la Ottawa.",
        "ro",
        DateValue(2025, 4, 1),
        matcher,
    )


def test_a_weekday_with_no_publication_date_stays_a_weekday(matcher: Any) -> None:
    found = facts("Senatul a aprobat luni ratificarea Convenției de la Istanbul.", "ro", None, matcher)
    assert found == {("upper_house_approval", "W1")}


def test_mai_and_luni_are_a_month_and_a_weekday_only_where_they_are(matcher: Any) -> None:
    # "Mai mulți" is "several", "șase luni" is "six months": neither is a date.
    assert facts(
        "Mai mulți deputați au votat ieri pentru ratificarea Convenției de la Istanbul.",
        "ro",
        DateValue(2021, 6, 10),
        matcher,
    ) == {("lower_house_approval", "2021-06-09")}
    assert not facts(
        "Retragerea Lituaniei din Convenția de la Ottawa va intra în vigoare peste șase luni, a declarat ministrul.",
        "ro",
        DateValue(2025, 6, 30),
        matcher,
    )
    assert facts(
        "Parlamentul a votat la 20 mai 2025 retragerea din Curtea Penală Internațională.", "ro", None, matcher
    ) == {("lower_house_approval", "2025-05-20")}
