"""The intake reads Georgian: dates written year first ("2024 წლის 15 მაისს"), steps in the words Georgian
news use, relative dates counted from the publication date, and no date where a sentence states none.
The sentences are written for these tests (typical news phrasing), not taken from the corpus."""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue, find_dates
from custodiet.intake.tests.reading import facts, facts_inferred


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024 წლის 15 მაისს", "2024-05-15"),
        ("2024 წლის მაისში", "2024-05"),
        ("2017 წლის პირველი სექტემბრიდან", "2017-09-01"),
        ("2004 წლის 1-ლი ოქტომბერი", "2004-10-01"),
        ("3 დეკემბერი, 1997 წელი", "1997-12-03"),
        ("1999 წელს", "1999"),
        ("თებერვლის ბოლოს, 2023 წლის 28 თებერვალს", "2023-02-28"),
        ("20.03.2021", "2021-03-20"),
    ],
)
def test_georgian_dates_are_read_as_written(written: str, expected: str) -> None:
    assert [m.value.iso() for m in find_dates(written, "ka") if m.value.year is not None] == [expected]


def test_a_word_that_begins_like_a_month_is_no_month() -> None:
    # "მარტივი" (simple) begins like "მარტი" (March); "მაისური" (a T-shirt) like "მაისი" (May).
    assert find_dates("მისი შინაარსი მარტივია, მაისური კი წითელია.", "ka") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ფინეთმა ოტავის კონვენციას ხელი 1997 წლის 3 დეკემბერს მოაწერა.", ("signature", "1997-12-03")),
        (
            "მოლდოვამ სტამბოლის კონვენციის რატიფიცირება 2021 წლის 14 ოქტომბერს მოახდინა.",
            ("ratification", "2021-10-14"),
        ),
        ("სომხეთი რომის სტატუტს 1999 წელს შეუერთდა.", ("accession", "1999")),
        (
            "ლიტვის სეიმმა 2024 წლის 18 ივლისს მხარი დაუჭირა კასეტური საბრძოლო მასალის შესახებ კონვენციიდან "
            "გასვლას.",
            ("lower_house_approval", "2024-07-18"),
        ),
        (
            "კონვენცია ესტონეთისთვის ძალაში 2004 წლის 1-ლი ოქტომბრიდან შევიდა.",
            ("entry_into_force", "2004-10-01"),
        ),
        (
            "ფილიპინების გასვლა რომის სტატუტიდან 2019 წლის 17 მარტს ძალაში შევიდა.",
            ("takes_effect", "2019-03-17"),
        ),
        (
            "პოლონეთი ოტავის კონვენციიდან გასვლის შესახებ გაეროს გენერალურ მდივანს 2025 წლის 20 აგვისტოს "
            "აცნობებს.",
            ("notification", "2025-08-20"),
        ),
        (
            "ბულგარეთის საკონსტიტუციო სასამართლომ 2018 წლის 27 ივლისს სტამბოლის კონვენცია კონსტიტუციასთან "
            "შეუსაბამოდ ცნო.",
            ("court_ruling", "2018-07-27"),
        ),
        (
            "პრეზიდენტმა 2024 წლის 15 აგვისტოს უმაღლეს რადას წარუდგინა კანონპროექტი რომის სტატუტის "
            "რატიფიცირების შესახებ.",
            ("bill_submitted", "2024-08-15"),
        ),
        (
            "ლიტვამ 2025 წლის 6 მარტს ოფიციალურად დატოვა კასეტური საბრძოლო მასალის შესახებ კონვენცია.",
            ("takes_effect", "2025-03-06"),
        ),
        (
            "უნგრეთის პრეზიდენტმა 2025 წლის 22 მაისს ხელი მოაწერა კანონს სისხლის სამართლის საერთაშორისო "
            "სასამართლოდან გასვლის შესახებ.",
            ("law_signed", "2025-05-22"),
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind(text: str, expected: tuple[str, str], matcher: Any) -> None:
    assert expected in facts(text, "ka", None, matcher)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "გუშინ უნგრეთის მთავრობამ განაცხადა, რომ ქვეყანა სისხლის სამართლის საერთაშორისო სასამართლოს ტოვებს.",
            DateValue(2025, 4, 4),
            ("announcement", "2025-04-03", True),
        ),
        (
            "ხუთშაბათს ლატვიის სეიმმა მხარი დაუჭირა ოტავის კონვენციიდან გასვლას.",
            DateValue(2025, 4, 19),  # a Saturday: "on Thursday" is two days before
            ("lower_house_approval", "2025-04-17", True),
        ),
        (
            "უკრაინამ რომის სტატუტის სარატიფიკაციო სიგელი 25 ოქტომბერს დეპონირება მოახდინა.",
            DateValue(2024, 10, 26),
            ("deposit", "2024-10-25", True),
        ),
        (
            "გასულ წელს უკრაინამ რომის სტატუტის რატიფიცირება მოახდინა.",
            DateValue(2025, 3, 1),
            ("ratification", "2024", True),
        ),
    ],
)
def test_a_relative_date_is_counted_from_the_publication_date(
    text: str, published: DateValue, expected: tuple[str, str, bool], matcher: Any
) -> None:
    assert expected in facts_inferred(text, "ka", published, matcher)


@pytest.mark.parametrize(
    "text",
    [
        "მთავრობა სტამბოლის კონვენციიდან გასვლას არ გეგმავს.",
        "კონვენციის რატიფიცირების საკითხი პარლამენტში ჯერ არ განუხილავთ.",
        "უნგრეთი სისხლის სამართლის საერთაშორისო სასამართლოს ტოვებს.",
    ],
)
def test_a_sentence_without_a_date_gives_no_date(text: str, matcher: Any) -> None:
    assert facts(text, "ka", DateValue(2025, 3, 1), matcher) == set()


def test_without_a_publication_date_a_relative_day_stays_unplaced(matcher: Any) -> None:
    found = facts("გუშინ უნგრეთის მთავრობამ განაცხადა, რომ ქვეყანა სასამართლოს ტოვებს.", "ka", None, matcher)
    assert not any(value[:1].isdigit() for _kind, value in found)


def test_that_same_day_is_the_day_stated_before_not_the_publication_day(matcher: Any) -> None:
    text = (
        "უნგრეთის პარლამენტმა 2025 წლის 20 მაისს კენჭი უყარა სისხლის სამართლის საერთაშორისო სასამართლოდან "
        "გასვლას. იმავე დღეს პრეზიდენტმა კანონს ხელი მოაწერა."
    )
    found = facts_inferred(text, "ka", DateValue(2025, 5, 25), matcher)
    assert ("law_signed", "2025-05-20", True) in found
    assert not any(value == "2025-05-25" for _kind, value, _inferred in found)
