"""Armenian: dated steps in sentences written for these tests (typical news phrasing, not taken from the
development corpus), Eastern Armenian and Western Armenian in classical orthography. Each test passes its
publication date explicitly, so that none depends on the real date."""

# ruff: noqa: RUF001  # Armenian punctuation (full stop, comma) and en dashes are the point: texts use them

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue, find_dates
from custodiet.intake.sentences import split_sentences
from custodiet.intake.tests.reading import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "The Seimas of Lithuania voted on 18 July 2024 to leave the Convention on Cluster Munitions."
        (
            "Լիտվայի Սեյմը 2024 թվականի հուլիսի 18-ին կողմ քվեարկեց Կասետային զինամթերքի մասին "
            "կոնվենցիայից դուրս գալուն։",
            ("lower_house_approval", "2024-07-18"),
        ),
        # "The President of Ukraine signed the law ratifying the Rome Statute on 24 August 2024."
        (
            "Ուկրաինայի նախագահը 2024 թվականի օգոստոսի 24-ին ստորագրեց Հռոմի ստատուտը վավերացնելու մասին "
            "օրենքը։",
            ("law_signed", "2024-08-24"),
        ),
        # A year written on its number ("2018թ."): the Bulgarian Constitutional Court's ruling.
        (
            "Բուլղարիայի Սահմանադրական դատարանը 2018թ. հուլիսի 27-ին որոշեց, որ Ստամբուլյան կոնվենցիան "
            "հակասում է Սահմանադրությանը։",
            ("court_ruling", "2018-07-27"),
        ),
        # A year and a month ("in June 2025"): a month, not a year.
        (
            "Հունգարիան 2025 թվականի հունիսին ծանուցել է ՄԱԿ-ին Հռոմի ստատուտից դուրս գալու մասին։",
            ("notification", "2025-06"),
        ),
        # Western Armenian, classical orthography: the withdrawal "will take effect on 1 July 2021".
        (
            "Թուրքիոյ Իսթանպուլի համաձայնագիրէն դուրս գալը ուժի մէջ պիտի մտնէ 1 Յուլիս 2021-ին։",
            ("takes_effect", "2021-07-01"),
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind_and_date(
    text: str, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, "hy", None, matcher)


def test_two_steps_of_one_sentence_keep_their_own_dates(matcher: Any) -> None:
    text = (
        "Ուկրաինան Հռոմի ստատուտը ստորագրել է 2000 թվականին, իսկ վավերագիրն ի պահ է հանձնվել "
        "2024 թվականի հոկտեմբերի 25-ին։"
    )
    found = facts(text, "hy", None, matcher)
    assert ("signature", "2000") in found
    assert ("deposit", "2024-10-25") in found


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "Yesterday Finland notified the UN Secretary-General of its withdrawal from the Ottawa Convention."
        (
            "Ֆինլանդիան երեկ ծանուցել է ՄԱԿ-ի գլխավոր քարտուղարին Օտտավայի կոնվենցիայից դուրս գալու մասին։",
            DateValue(2025, 7, 11),
            ("notification", "2025-07-10"),
        ),
        # "On Tuesday the parliament of Moldova ratified the Istanbul Convention" (published on a Thursday).
        (
            "Մոլդովայի խորհրդարանը երեքշաբթի վավերացրեց Ստամբուլյան կոնվենցիան։",
            DateValue(2022, 6, 23),
            ("lower_house_approval", "2022-06-21"),
        ),
        # "Last March the Saeima of Latvia voted to leave the Ottawa Convention."
        (
            "Անցյալ տարվա մարտին Լատվիայի Սաեյման կողմ քվեարկեց Օտտավայի կոնվենցիայից դուրս գալուն։",
            DateValue(2026, 1, 10),
            ("lower_house_approval", "2025-03"),
        ),
    ],
)
def test_a_relative_date_is_resolved_from_the_publication_date(
    text: str, published: DateValue, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, "hy", published, matcher)


def test_a_sentence_without_a_date_gives_no_date(matcher: Any) -> None:
    text = "Մոլդովայի խորհրդարանը վավերացրեց Ստամբուլյան կոնվենցիան։"
    assert facts(text, "hy", None, matcher) == set()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023 թվականի հոկտեմբերի 3-ին", "2023-10-03"),
        ("2017թ–ի դեկտեմբերի 28–ին", "2017-12-28"),
        ("2023 թվականի նոյեմբերին", "2023-11"),
        ("3 հոկտեմբերի 2023 թ.", "2023-10-03"),
        ("1 Փետրուար 2024 թուականին", "2024-02-01"),
        ("2022թ.", "2022"),
    ],
)
def test_armenian_date_forms(text: str, iso: str) -> None:
    found = find_dates(f"Ըստ տվյալների՝ {text} ։", "hy")
    assert [mention.value.iso() for mention in found] == [iso]


def test_the_armenian_full_stop_and_the_colon_typed_for_it_end_sentences() -> None:
    paragraph = "Խորհրդարանը քննարկեց նախագիծը։ Քվեարկությունը հետաձգվեց: Նիստը կշարունակվի վաղը։"
    assert len(split_sentences(paragraph, "hy")) == 3
    # Other languages keep the colon inside their sentences.
    assert len(split_sentences("Note: The vote was postponed.", "en")) == 1
