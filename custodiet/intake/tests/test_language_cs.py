"""Czech and Slovak: the vocabularies (``data/languages/cs.json``, ``sk.json``) read the steps of a
treaty's life in typical news sentences, resolve relative dates from the publication date, and give no
date where a sentence states none. The sentences are written for these tests, not taken from the
corpus; publication dates are passed explicitly, so nothing depends on today's date."""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue
from custodiet.intake.tests.reading import facts, facts_inferred
from custodiet.intake.vocabulary import load


@pytest.mark.parametrize("code", ["cs", "sk"])
def test_the_vocabulary_loads_with_its_months_and_weekdays(code: str) -> None:
    lexicon = load(code)
    assert lexicon is not None
    assert lexicon.code == code
    assert sorted(lexicon.months) == list(range(1, 13))
    assert sorted(lexicon.weekdays) == list(range(7))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # Czech
        (
            "Litevský Seimas 18. července 2024 schválil vystoupení z Úmluvy o kazetové munici.",
            "cs",
            ("lower_house_approval", "2024-07-18"),
        ),
        (
            "Česko podepsalo Istanbulskou úmluvu v roce 2016, ale dosud ji neratifikovalo.",
            "cs",
            ("signature", "2016"),
        ),
        ("Ottawská úmluva vstoupila v platnost 1. března 1999.", "cs", ("entry_into_force", "1999-03-01")),
        (
            "Vystoupení Maďarska z Římského statutu nabude účinnosti 2. června 2026.",
            "cs",
            ("takes_effect", "2026-06-02"),
        ),
        (
            "Ukrajina uložila ratifikační listinu u generálního tajemníka OSN 25. října 2024.",
            "cs",
            ("deposit", "2024-10-25"),
        ),
        (
            "Prezident podepsal zákon o vypovězení Ottawské úmluvy 24. července 2025.",
            "cs",
            ("law_signed", "2025-07-24"),
        ),
        (
            "Venezuela vypověděla Americkou úmluvu o lidských právech 10. září 2012.",
            "cs",
            ("denunciation", "2012-09-10"),
        ),
        (
            "Ústavní soud 27. července 2018 rozhodl, že Istanbulská úmluva je v rozporu s ústavou.",
            "cs",
            ("court_ruling", "2018-07-27"),
        ),
        # Slovak
        (
            "Litovský Seimas 18. júla 2024 schválil vystúpenie z Dohovoru o kazetovej munícii.",
            "sk",
            ("lower_house_approval", "2024-07-18"),
        ),
        ("Ukrajina podpísala Rímsky štatút v roku 2000.", "sk", ("signature", "2000")),
        ("Ottawský dohovor vstúpil do platnosti 1. marca 1999.", "sk", ("entry_into_force", "1999-03-01")),
        (
            "Vystúpenie Maďarska z Rímskeho štatútu nadobudne účinnosť 2. júna 2026.",
            "sk",
            ("takes_effect", "2026-06-02"),
        ),
        (
            "Ukrajina uložila ratifikačnú listinu u generálneho tajomníka OSN 25. októbra 2024.",
            "sk",
            ("deposit", "2024-10-25"),
        ),
        (
            "Prezident podpísal zákon o vypovedaní Ottawského dohovoru 24. júla 2025.",
            "sk",
            ("law_signed", "2025-07-24"),
        ),
        (
            "Venezuela vypovedala Americký dohovor o ľudských právach 10. septembra 2012.",
            "sk",
            ("denunciation", "2012-09-10"),
        ),
        (
            "Ústavný súd 27. júla 2018 rozhodol, že Istanbulský dohovor je v rozpore s ústavou.",
            "sk",
            ("court_ruling", "2018-07-27"),
        ),
        (
            "Národná rada 12. mája 2020 prijala uznesenie, že Slovensko sa nestane zmluvnou stranou "
            "Istanbulského dohovoru.",
            "sk",
            ("lower_house_approval", "2020-05-12"),
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind_and_date(
    text: str, language: str, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, language, None, matcher)


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        # A weekday: the latest such day on or before publication (Friday 4 April 2025 -> Thursday 3 April).
        (
            "Maďarsko ve čtvrtek oznámilo, že vystoupí z Mezinárodního trestního soudu.",
            "cs",
            DateValue(2025, 4, 4),
            ("announcement", "2025-04-03"),
        ),
        (
            "Maďarsko vo štvrtok ohlásilo ukončenie členstva v Medzinárodnom trestnom súde.",
            "sk",
            DateValue(2025, 4, 4),
            ("announcement", "2025-04-03"),
        ),
        (
            "Maďarský parlament v utorok schválil vystúpenie z Medzinárodného trestného súdu.",
            "sk",
            DateValue(2025, 5, 22),
            ("lower_house_approval", "2025-05-20"),
        ),
        # A day word.
        (
            "Finsko včera oznámilo generálnímu tajemníkovi OSN vystoupení z Ottawské úmluvy.",
            "cs",
            DateValue(2025, 7, 11),
            ("announcement", "2025-07-10"),
        ),
        # A month of last year.
        (
            "Lotyšská Saeima v dubnu loňského roku schválila vystoupení z Ottawské úmluvy.",
            "cs",
            DateValue(2026, 1, 10),
            ("lower_house_approval", "2025-04"),
        ),
        (
            "Estónsky parlament v júni minulého roka schválil vystúpenie z Ottawského dohovoru.",
            "sk",
            DateValue(2026, 1, 10),
            ("lower_house_approval", "2025-06"),
        ),
    ],
)
def test_a_relative_date_is_resolved_from_the_publication_date(
    text: str, language: str, published: DateValue, expected: tuple[str, str], matcher: Any
) -> None:
    found = facts_inferred(text, language, published, matcher)
    assert (*expected, True) in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Maďarsko ratifikovalo Římský statut a je členem soudu.", "cs"),
        ("Senát o ratifikaci Istanbulské úmluvy znovu jednal, ale úmluvu neschválil.", "cs"),
        ("Maďarsko ratifikovalo Rímsky štatút.", "sk"),
        ("Parlament odmietol Istanbulský dohovor a vyzval vládu, aby to oznámila Rade Európy.", "sk"),
    ],
)
def test_a_sentence_without_a_date_gives_no_date(text: str, language: str, matcher: Any) -> None:
    assert facts(text, language, DateValue(2025, 4, 4), matcher) == set()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A weekday with no publication date to count from: no date.
        ("Maďarsko ve čtvrtek oznámilo, že vystoupí z Mezinárodního trestního soudu.", "cs"),
        ("Maďarsko vo štvrtok ohlásilo vystúpenie z Medzinárodného trestného súdu.", "sk"),
    ],
)
def test_a_weekday_without_a_publication_date_gives_no_day(text: str, language: str, matcher: Any) -> None:
    assert not any(len(value) == 10 for _kind, value in facts(text, language, None, matcher))


def test_the_short_month_abbreviations_are_not_months(matcher: Any) -> None:
    # "pro" (for) and "lis" are CLDR's abbreviations of prosinec and listopad: never a month alone.
    text = "Pro ratifikaci Istanbulské úmluvy hlasovalo 34 senátorů."
    assert facts(text, "cs", DateValue(2024, 1, 25), matcher) == set()
