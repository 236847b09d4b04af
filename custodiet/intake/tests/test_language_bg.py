"""Bulgarian: the intake reads a dated step of each kind, resolves a relative date from the publication
date, leaves a date no sentence states unset, and knows the treaties by their Bulgarian names. The
sentences are written for these tests in the way Bulgarian news words such steps; none is from the
development corpus."""

# ruff: noqa: RUF001, RUF002  # Cyrillic text is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake import vocabulary
from custodiet.intake.dates import DateValue, month_number, weekday_number
from custodiet.intake.tests.reading import facts, facts_inferred


@pytest.fixture(scope="module")
def bg_matcher() -> Any:
    """The treaties of the intake's data and a few States, Bulgaria among them, without the database."""
    from custodiet.intake.entities import Matcher, family_qualifiers, instrument_entities, state_entities

    states = [(code, code, ()) for code in ("BG", "HU", "LT", "LV", "FI", "TR", "UA", "AM", "VE", "PL")]
    return Matcher([*instrument_entities(), *state_entities(states)], family_qualifiers())


def test_the_vocabulary_is_bulgarian_with_cldr_months_and_weekdays() -> None:
    lexicon = vocabulary.load("bg")
    assert lexicon is not None
    assert lexicon.name == "Bulgarian"
    assert month_number("юли", "bg") == 7
    assert month_number("септември", "bg") == 9
    assert month_number("окт.", "bg") == 10
    assert weekday_number("четвъртък", "bg") == 3
    assert lexicon.relative_days["вчера"] == -1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Министър-председателят на България подписа Конвенцията за касетъчните боеприпаси в Осло "
            "на 3 декември 2008 г.",
            ("signature", "2008-12-03"),
        ),
        (
            "Народното събрание одобри ратифицирането на Римския статут на 15 февруари 2002 г.",
            ("lower_house_approval", "2002-02-15"),
        ),
        (
            "Армения депозира ратификационния си инструмент в ООН на 14 ноември 2023 г.",
            ("deposit", "2023-11-14"),
        ),
        (
            "Правителството внесе в парламента законопроект за ратифициране на Истанбулската конвенция "
            "на 3 януари 2018 г.",
            ("bill_submitted", "2018-01-03"),
        ),
        (
            "Унгария уведоми генералния секретар на ООН за оттеглянето си от Римския статут на 2 юни 2025 г.",
            ("notification", "2025-06-02"),
        ),
        (
            "Оттеглянето на Литва от Конвенцията за касетъчните боеприпаси влиза в сила на 7 март 2025 г.",
            ("takes_effect", "2025-03-07"),
        ),
        (
            "Литва ще престане да бъде страна по Отавската конвенция на 27 декември 2025 г.",
            ("takes_effect", "2025-12-27"),
        ),
        (
            "Истанбулската конвенция влезе в сила на 1 август 2014 г.",
            ("entry_into_force", "2014-08-01"),
        ),
        (
            "Президентът на Литва подписа закона за излизане от Конвенцията за касетъчните боеприпаси "
            "на 23 юли 2024 г.",
            ("law_signed", "2024-07-23"),
        ),
        (
            "Законът за ратифициране на Отавската конвенция беше обнародван в „Държавен вестник“ "
            "на 10 юли 1998 г.",
            ("law_published", "1998-07-10"),
        ),
        (
            "Президентът на Турция издаде указ за оттегляне от Истанбулската конвенция на 20 март 2021 г.",
            ("decree", "2021-03-20"),
        ),
        (
            "Венецуела денонсира Американската конвенция за правата на човека на 10 септември 2012 г.",
            ("denunciation", "2012-09-10"),
        ),
        (
            "Конституционният съд на Армения обяви на 24 март 2023 г., че Римският статут съответства "
            "на Конституцията.",
            ("court_ruling", "2023-03-24"),
        ),
        (
            "Украйна призна юрисдикцията на Международния наказателен съд на 8 септември 2015 г.",
            ("jurisdiction_accepted", "2015-09-08"),
        ),
        (
            "Правителството на Армения поднови процедурата по ратификация на Римския статут "
            "през декември 2022 г.",
            ("procedure_started", "2022-12"),
        ),
    ],
)
def test_a_dated_step_is_found_with_its_kind(text: str, expected: tuple[str, str], bg_matcher: Any) -> None:
    assert expected in facts(text, "bg", None, bg_matcher)


def test_of_before_a_date_names_a_document_not_a_period(bg_matcher: Any) -> None:
    """ "Решение № 5 от 2019 г." is the ruling of 2019, not a state lasting "since" 2019."""
    text = (
        "С решение № 5 от 2019 г. Конституционният съд определи, че конвенцията противоречи на Конституцията."
    )
    found = facts(text, "bg", None, bg_matcher)
    assert ("court_ruling", "2019") in found
    assert not any(kind == "signature" for kind, _value in found)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Вчера унгарският парламент гласува оттеглянето на страната от Международния наказателен съд.",
            "2025-05-21",
            ("lower_house_approval", "2025-05-20"),
        ),
        (
            "Във вторник, 20 май, унгарският парламент гласува за оттегляне от Международния наказателен съд.",
            "2025-05-23",
            ("lower_house_approval", "2025-05-20"),
        ),
        (
            "Миналия месец правителството на Финландия внесе в парламента законопроект за излизане "
            "от Отавската конвенция.",
            "2025-06-15",
            ("bill_submitted", "2025-05"),
        ),
        (
            "На 6 декември т.г. Народното събрание ратифицира протокола към Конвенцията против изтезанията.",
            "2018-12-07",
            ("lower_house_approval", "2018-12-06"),
        ),
        (
            "Министрите на отбраната на Литва и Латвия обявиха в сряда, че страните им ще излязат "
            "от Отавската конвенция.",
            "2025-03-21",
            ("announcement", "2025-03-19"),
        ),
    ],
)
def test_a_relative_date_is_resolved_from_the_publication_date(
    text: str, published: str, expected: tuple[str, str], bg_matcher: Any
) -> None:
    found = facts_inferred(text, "bg", DateValue.from_iso(published), bg_matcher)
    assert (*expected, True) in found


@pytest.mark.parametrize(
    "text",
    [
        "Конституционният съд реши, че Истанбулската конвенция противоречи на Конституцията.",
        "В понеделник парламентът гласува за оттегляне от Международния наказателен съд.",
        "Литва обяви, че ще излезе от Отавската конвенция, след като правителството одобри предложението.",
    ],
)
def test_a_sentence_without_a_stated_date_gives_no_date(text: str, bg_matcher: Any) -> None:
    """No year is guessed: a weekday with no publication date stays a bare weekday ("W1")."""
    found = facts(text, "bg", None, bg_matcher)
    assert not any(value[:1].isdigit() for _kind, value in found)
    assert found <= {("lower_house_approval", "W1")}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Отавската конвенция забранява противопехотните мини.", "UN-APMBC"),
        ("Конвенцията за касетъчните боеприпаси", "UN-CCM"),
        ("Европейската конвенция за защита на правата на човека", "ETS-005"),
        ("Европейският съд по правата на човека", "ETS-005"),
        ("Европейската конвенция за предотвратяване на изтезанията", "ETS-126"),
        ("Конвенцията на ООН против изтезанията", "UN-CAT"),
        ("Истанбулската конвенция", "CETS-210"),
        ("Международният наказателен съд (МНС)", "ICC-ROME"),
        ("Американската конвенция за правата на човека", "OAS-ACHR"),
    ],
)
def test_treaties_are_known_by_their_bulgarian_names(text: str, code: str, bg_matcher: Any) -> None:
    assert code in {mention.code for mention in bg_matcher.find(text, "bg")}


def test_a_shared_torture_convention_name_follows_its_qualifier(bg_matcher: Any) -> None:
    """ "Конвенцията против изтезанията" is the UN's or the Council of Europe's, as the words near it say."""
    un = {m.code for m in bg_matcher.find("Конвенцията против изтезанията на ООН", "bg")}
    assert "UN-CAT" in un
    assert "ETS-126" not in un
    coe = {m.code for m in bg_matcher.find("Конвенцията против изтезанията на Съвета на Европа", "bg")}
    assert "ETS-126" in coe
    assert "UN-CAT" not in coe
