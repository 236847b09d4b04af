"""Azerbaijani: the intake reads its dates and the steps of a treaty action.

The sentences are written for these tests in ordinary news phrasing; none is from the development
corpus. Publication dates are given explicitly, so that nothing depends on today's date.
"""

# ruff: noqa: RUF001  # Azerbaijani text, with its dotless i, is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake import vocabulary
from custodiet.intake.dates import DateValue, find_dates
from custodiet.intake.tests.reading import facts


def test_azerbaijani_has_a_vocabulary() -> None:
    lexicon = vocabulary.load("az")
    assert lexicon is not None
    assert lexicon.name == "Azerbaijani"
    assert set(lexicon.months) == set(range(1, 13))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 dekabr 2025-ci il", "2025-12-27"),
        ("2025-ci il iyulun 10-da", "2025-07-10"),
        ("2023-cü ilin oktyabrında", "2023-10"),
        ("12 mart 2012-ci ildə", "2012-03-12"),
        ("26 İyun 2025", "2025-06-26"),
    ],
)
def test_written_dates_are_read_whole(text: str, expected: str) -> None:
    found = find_dates(text, "az")
    assert [mention.value.iso() for mention in found] == [expected]
    assert found[0].text.startswith(text.split()[0])


@pytest.mark.parametrize(
    ("text", "step", "expected"),
    [
        (
            "Gürcüstan 2017-ci il mayın 19-da İstanbul Konvensiyasını ratifikasiya edib.",
            "ratification",
            "2017-05-19",
        ),
        ("Moldova Roma Statutunu 12 oktyabr 2010-cu ildə ratifikasiya edib.", "ratification", "2010-10-12"),
        ("Macarıstan 1999-cu ilin yanvarında Roma Statutunu imzalayıb.", "signature", "1999-01"),
        ("Ermənistan Roma Statutuna 2023-cü il noyabrın 14-də qoşulub.", "accession", "2023-11-14"),
        (
            "Ukrayna Prezidenti 2025-ci il iyunun 29-da Ottava Konvensiyasından çıxmaq haqqında fərman imzalayıb.",
            "decree",
            "2025-06-29",
        ),
        (
            "Konstitusiya Məhkəməsi 2018-ci il iyulun 27-də İstanbul Konvensiyasını Konstitusiyaya zidd hesab edib.",
            "court_ruling",
            "2018-07-27",
        ),
        (
            "Latviyanın Ottava Konvensiyasından çıxması 27 dekabr 2025-ci ildə qüvvəyə minib.",
            "takes_effect",
            "2025-12-27",
        ),
        (
            "Latviya Prezidenti 2025-ci il aprelin 16-da Ottava Konvensiyasından çıxmaq haqqında qanunu imzalayıb.",
            "law_signed",
            "2025-04-16",
        ),
        (
            "Qanun 2021-ci il martın 20-də Rəsmi Qəzetdə dərc olunub və Türkiyə İstanbul Konvensiyasından çıxıb.",
            "law_published",
            "2021-03-20",
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind(text: str, step: str, expected: str, matcher: Any) -> None:
    assert (step, expected) in facts(text, "az", None, matcher)


@pytest.mark.parametrize(
    ("text", "published", "step", "expected"),
    [
        (
            "Dünən Estoniya parlamenti Ottava Konvensiyasından çıxmaq haqqında qanunu qəbul edib.",
            DateValue(2025, 6, 5),
            "lower_house_approval",
            "2025-06-04",
        ),
        (
            "Finlandiya iyulun 10-da BMT-nin baş katibinə Ottava Konvensiyasından çıxmaq barədə bildiriş göndərib.",
            DateValue(2025, 7, 15),
            "notification",
            "2025-07-10",
        ),
        (
            "Türkiyə cümə günü İstanbul Konvensiyasından çıxdığını elan edib.",
            DateValue(2021, 3, 25),
            "announcement",
            "2021-03-19",
        ),
        (
            "Litva Seymi cümə axşamı Kaset sursatları haqqında Konvensiyadan çıxmaq barədə qanunu qəbul edib.",
            DateValue(2024, 7, 19),
            "lower_house_approval",
            "2024-07-18",
        ),
        (
            "Ermənistan parlamenti keçən ilin oktyabrında Roma Statutunu ratifikasiya edib.",
            DateValue(2024, 8, 26),
            "lower_house_approval",
            "2023-10",
        ),
        (
            "Macarıstanın Roma Statutundan çıxması gələn ilin iyununda qüvvəyə minəcək.",
            DateValue(2025, 6, 2),
            "takes_effect",
            "2026-06",
        ),
    ],
)
def test_a_relative_date_is_resolved_from_the_publication_date(
    text: str, published: DateValue, step: str, expected: str, matcher: Any
) -> None:
    assert (step, expected) in facts(text, "az", published, matcher)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Polşa Ottava Konvensiyasından çıxmaq niyyətini açıqlayıb.", DateValue(2025, 3, 20)),
        ("Ermənistan parlamenti Roma Statutunu ratifikasiya edib.", None),
        # "Today" with no publication date to anchor it is no date.
        ("Bu gün Ermənistan parlamenti Roma Statutunu ratifikasiya edib.", None),
    ],
)
def test_a_sentence_without_a_date_gives_none(text: str, published: DateValue | None, matcher: Any) -> None:
    assert facts(text, "az", published, matcher) == set()


def test_a_cabinet_decision_in_a_signature_clause_is_no_decree(matcher: Any) -> None:
    """ "Signed on D1 and approved by the government's decision on D2": "qərar" (decision) is not a decree."""
    text = (
        "Konvensiya 11 may 2011-ci il tarixində imzalanıb və hökumətin qərarı ilə 10 fevral 2012-ci il "
        "tarixində təsdiqlənib."
    )
    found = facts(text, "az", None, matcher)
    assert ("signature", "2011-05-11") in found
    assert not any(step == "decree" for step, _value in found)
