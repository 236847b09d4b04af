"""Greek: dates as Greek news write them, and the steps of a treaty's life in Greek sentences. The
sentences are written for these tests (typical news phrasing), none is from a corpus; publication
dates are given explicitly, never today's."""

# ruff: noqa: RUF001  # Greek letters are the point: they are Greek, not look-alikes

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from custodiet.intake.dates import DateValue, find_dates, resolve
from custodiet.intake.tests.reading import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("τέθηκε σε ισχύ την 1η Μαρτίου 1999", ["1999-03-01"]),
        ("η απόφαση της 29ης Ιουνίου του 2025", ["2025-06-29"]),
        ("θα ισχύσει από τον Ιανουάριο του 2026", ["2026-01"]),
        ("ΨΗΦΙΣΤΗΚΕ ΣΤΙΣ 3 ΑΠΡΙΛΙΟΥ 2025", ["2025-04-03"]),
        ("υπογράφηκε στις 18 Μαΐου 2011", ["2011-05-18"]),
        ("το διάταγμα (20.03.2021)", ["2021-03-20"]),
        ("από το 2005", ["2005"]),
    ],
)
def test_greek_dates_are_read_whole(text: str, expected: list[str]) -> None:
    assert [m.value.iso() for m in find_dates(text, "el")] == expected


def test_an_ordinal_is_no_weekday() -> None:
    """'τρίτη' (third) and 'πέμπτη' (fifth) are weekdays only with a capital, as Greek writes them."""
    assert find_dates("για τρίτη φορά η πέμπτη χώρα", "el") == []
    [mention] = resolve(
        find_dates("την Τρίτη", "el"), published=date(2025, 5, 15), anchor=None, language="el"
    )
    assert mention.value.iso() == "2025-05-13"


def test_relative_days_and_years_take_the_publication_date() -> None:
    found = resolve(
        find_dates("χθες και πέρυσι", "el"), published=date(2025, 6, 5), anchor=None, language="el"
    )
    assert [m.value.iso() for m in found] == ["2025-06-04", "2024"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Η Βουλή της Λιθουανίας ενέκρινε στις 15 Μαΐου 2025 την αποχώρηση της χώρας από τη Σύμβαση "
            "της Οτάβα για τις νάρκες κατά προσωπικού.",
            None,
            ("lower_house_approval", "2025-05-15"),
        ),
        (
            "Η Τουρκία υπέγραψε τη Σύμβαση της Κωνσταντινούπολης την 11η Μαΐου 2011.",
            None,
            ("signature", "2011-05-11"),
        ),
        (
            "Η Αρμενία επικύρωσε το Καταστατικό της Ρώμης τον Νοέμβριο του 2023.",
            None,
            ("ratification", "2023-11"),
        ),
        (
            "Η Ουγγαρία ενημέρωσε τον Γενικό Γραμματέα του ΟΗΕ στις 2 Ιουνίου 2025 για την αποχώρησή "
            "της από το Διεθνές Ποινικό Δικαστήριο.",
            None,
            ("notification", "2025-06-02"),
        ),
        (
            "Η αποχώρηση της Ουγγαρίας από το Καταστατικό της Ρώμης θα τεθεί σε ισχύ στις 2 Ιουνίου 2026.",
            None,
            ("takes_effect", "2026-06-02"),
        ),
        (
            "Η βουλή της Πολωνίας ψήφισε χθες υπέρ της αποχώρησης από τη Σύμβαση της Οτάβα.",
            DateValue(2025, 6, 26),
            ("lower_house_approval", "2025-06-25"),
        ),
        (
            "Ο πρόεδρος της Ουκρανίας υπέγραψε την Κυριακή διάταγμα για την αποχώρηση της χώρας από τη "
            "Σύμβαση της Οτάβα.",
            DateValue(2025, 7, 1),
            ("decree", "2025-06-29"),
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind(
    text: str, published: DateValue | None, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, "el", published, matcher)


def test_a_sentence_without_a_date_gives_no_date(matcher: Any) -> None:
    text = "Η Βουλή της Ουγγαρίας ενέκρινε την αποχώρηση της χώρας από το Διεθνές Ποινικό Δικαστήριο."
    assert facts(text, "el", DateValue(2025, 5, 20), matcher) == set()


def test_a_weekday_with_no_publication_date_stays_undated(matcher: Any) -> None:
    text = (
        "Η Βουλή της Ουγγαρίας ενέκρινε την Τρίτη την αποχώρηση της χώρας από το Διεθνές Ποινικό Δικαστήριο."
    )
    assert not any(value[:1].isdigit() for _kind, value in facts(text, "el", None, matcher))


def test_opened_for_signature_is_no_signature(matcher: Any) -> None:
    text = "Η Σύμβαση της Οτάβα άνοιξε για υπογραφή στις 3 Δεκεμβρίου 1997."
    found = facts(text, "el", None, matcher)
    assert ("adoption", "1997-12-03") in found
    assert not any(kind == "signature" for kind, _value in found)
