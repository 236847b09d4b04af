"""Relative years, months and seasons ("last year", "in July of last year", "im Herbst"): words from
dateparser's language data and the vocabularies, counted from the publication date, never guessed."""

# ruff: noqa: RUF001  # Cyrillic and Polish words are the point

from __future__ import annotations

import pytest

from custodiet.intake.dates import DateValue, find_dates, resolve


def _resolved(text: str, language: str, published: DateValue | None) -> dict[str, tuple[str, bool]]:
    mentions = resolve(find_dates(text, language), published=published, anchor=None, language=language)
    return {m.text: (m.value.iso() if m.value != DateValue() else "", m.inferred) for m in mentions}


@pytest.mark.parametrize(
    ("language", "text", "published", "expected"),
    [
        (
            "en",
            "The Seimas voted in July of last year.",
            DateValue(2025, 3, 6),
            {"July of last year": "2024-07"},
        ),
        (
            "en",
            "In the fall, the authorities notified the UN.",
            DateValue(2025, 3, 6),
            {"In the fall": "2024"},
        ),
        ("en", "Last autumn the bill passed.", DateValue(2025, 10, 20), {"Last autumn": "2024"}),
        (
            "de",
            "Das Parlament hatte im vergangenen Sommer beschlossen.",
            DateValue(2025, 3),
            {"im vergangenen Sommer": "2024"},
        ),
        ("ru", "В прошлом году Эрдоган вывел Турцию.", DateValue(2022, 7, 20), {"В прошлом году": "2021"}),
        (
            "pl",
            "W środę 21 listopada br. prezydent podpisał ustawę.",
            DateValue(2012, 11, 22),
            {"21 listopada br.": "2012-11-21"},
        ),
        (
            "pl",
            "W zeszłym roku rząd przygotował projekt.",
            DateValue(2026, 1, 10),
            {"W zeszłym roku": "2025"},
        ),
        ("fr", "L'accord fut signé cette année.", DateValue(2025, 5), {"cette année": "2025"}),
    ],
)
def test_relative_words_are_counted_from_the_publication_date(
    language: str, text: str, published: DateValue, expected: dict[str, str]
) -> None:
    found = _resolved(text, language, published)
    for written, iso in expected.items():
        assert found[written] == (iso, True)


def test_without_a_publication_date_a_year_word_stays_unresolved() -> None:
    found = _resolved("The Seimas voted last year.", "en", None)
    assert found == {"last year": ("", False)}


def test_the_same_year_is_the_year_stated_just_before() -> None:
    found = _resolved("Ankara signed it in 2011 and in the same year ratified it.", "en", None)
    assert found["in the same year"] == ("2011", True)


def test_the_same_year_far_from_any_year_stays_unresolved() -> None:
    text = "Ankara signed it in 2011. " + "Nothing else was said. " * 12 + "In the same year it ratified it."
    assert _resolved(text, "en", None)["In the same year"] == ("", False)


def test_a_verb_is_not_a_season() -> None:
    assert _resolved("Prices fall, and the summer camp closed.", "en", DateValue(2025, 3, 6)) == {}


def test_without_a_publication_date_a_year_word_leaves_the_day_to_the_document_s_own_dates() -> None:
    from datetime import date

    mentions = resolve(
        find_dates("W środę 21 listopada br. prezydent podpisał ustawę.", "pl"),
        published=None,
        anchor=date(2012, 10, 10),
        language="pl",
    )
    [day] = [m for m in mentions if m.value.month == 11]
    assert (day.value.iso(), day.inferred) == ("2012-11-21", True)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Senat przyjął ustawę 17 lipca 2025 r. Tydzień później prezydent podpisał ustawę."),
        ("en", "The Senate voted on 17 July 2025. A week later the president signed the law."),
    ],
)
def test_a_week_later_counts_from_the_day_stated_just_before(language: str, text: str) -> None:
    mentions = resolve(find_dates(text, language), published=None, anchor=None, language=language)
    assert [(m.value.iso(), m.inferred) for m in mentions] == [("2025-07-17", False), ("2025-07-24", True)]


def test_a_week_later_with_no_day_before_it_stays_unresolved() -> None:
    [mention] = resolve(
        find_dates("A week later the president signed it.", "en"), published=None, anchor=None
    )
    assert mention.value == DateValue() and not mention.inferred
