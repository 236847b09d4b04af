"""Croatian, Serbian (Latin and Cyrillic) and Bosnian: the intake reads the steps of a treaty's life in
the news of these languages. lingua knows Serbian in Cyrillic only, so that a Serbian text in Latin
script is identified as Bosnian (or Croatian): the three vocabularies share their words, and each reads
both the Croatian month names (siječanj, svibanj) and the international ones (januar, maj) where its news
use them. None of these sentences is from the development corpus; the publication dates are given."""

# ruff: noqa: RUF001  # Cyrillic text is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake import vocabulary
from custodiet.intake.dates import DateValue, month_number, weekday_number
from custodiet.intake.language import detect
from custodiet.intake.tests.reading import facts


@pytest.mark.parametrize("code", ["hr", "sr", "bs"])
def test_each_language_has_a_vocabulary(code: str) -> None:
    lexicon = vocabulary.load(code)
    assert lexicon is not None
    assert lexicon.code == code
    assert {step for step, _pattern in lexicon.steps} >= {"signature", "ratification", "takes_effect"}


@pytest.mark.parametrize(
    ("word", "language", "month"),
    [
        ("svibnja", "hr", 5),
        ("studenoga", "hr", 11),
        ("prosinca", "hr", 12),
        ("mart", "hr", 3),  # "8. mart", Women's Day, in Croatian too
        ("maja", "sr", 5),
        ("маја", "sr", 5),
        ("септембра", "sr", 9),
        ("avgusta", "bs", 8),
        ("srpnja", "bs", 7),
    ],
)
def test_month_names_in_their_inflected_forms(word: str, language: str, month: int) -> None:
    assert month_number(word, language) == month


def test_weekdays_in_both_scripts() -> None:
    assert weekday_number("srijedu", "hr") == 2
    assert weekday_number("четвртак", "sr") == 3
    assert weekday_number("petak", "bs") == 4


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        # A full date, with "godine" or a bare year with its dot.
        (
            "Turska je 20. ožujka 2021. objavila povlačenje iz Istanbulske konvencije.",
            "hr",
            None,
            {("announcement", "2021-03-20")},
        ),
        (
            "Skupština Crne Gore je 5. marta 2015. godine usvojila zakon o potvrđivanju konvencije.",
            "sr",
            None,
            {("lower_house_approval", "2015-03-05")},
        ),
        (
            "Konvencija je stupila na snagu 1. avgusta 2014. godine.",
            "sr",
            None,
            {("entry_into_force", "2014-08-01")},
        ),
        # Relative days and weekdays, resolved from the publication date.
        (
            "Litavski Seimas jučer je izglasao povlačenje iz Konvencije o kazetnom streljivu.",
            "hr",
            DateValue(2024, 7, 19),
            {("lower_house_approval", "2024-07-18")},
        ),
        (
            "Poljska je u srijedu službeno obavijestila glavnog tajnika UN-a o povlačenju iz Ottawske "
            "konvencije.",
            "hr",
            DateValue(2025, 8, 22),
            {("notification", "2025-08-20")},
        ),
        (
            "Narodna skupština je danas izglasala zakon o potvrđivanju Konvencije o kasetnoj municiji.",
            "sr",
            DateValue(2009, 3, 11),
            {("lower_house_approval", "2009-03-11")},
        ),
        (
            "Финска је у петак званично обавестила генералног секретара УН о повлачењу из Отавске конвенције.",
            "sr",
            DateValue(2025, 7, 14),
            {("notification", "2025-07-11")},
        ),
        (
            "Парламент Јерменије јуче је гласао за ратификацију Римског статута Међународног кривичног суда.",
            "sr",
            DateValue(2023, 10, 4),
            {("lower_house_approval", "2023-10-03")},
        ),
        (
            "Estonija je u četvrtak obavestila Ujedinjene nacije o povlačenju iz Otavske konvencije.",
            "bs",
            DateValue(2025, 6, 30),
            {("notification", "2025-06-26")},
        ),
        (
            "Parlament je danas podržao predlog o povlačenju iz Međunarodnog krivičnog suda.",
            "bs",
            DateValue(2025, 5, 20),
            {("lower_house_approval", "2025-05-20")},
        ),
        (
            "Vlada je prošle godine najavila povlačenje iz Rimskog statuta.",
            "bs",
            DateValue(2026, 3, 1),
            {("announcement", "2025")},
        ),
    ],
)
def test_a_dated_step_is_read_with_its_kind_and_date(
    text: str, language: str, published: DateValue | None, expected: set[tuple[str, str]], matcher: Any
) -> None:
    assert facts(text, language, published, matcher) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hrvatska je ratificirala Rimski statut Međunarodnog kaznenog suda.", "hr"),
        ("Povlačenje iz konvencije stupa na snagu šest mjeseci nakon obavijesti.", "hr"),
        ("Србија је потписала Истанбулску конвенцију.", "sr"),
    ],
)
def test_a_step_without_a_date_gets_none(text: str, language: str, matcher: Any) -> None:
    assert facts(text, language, DateValue(2024, 5, 2), matcher) == set()


def test_a_day_and_month_without_a_year_or_a_publication_date_stays_without_a_year(matcher: Any) -> None:
    assert facts("Sabor je 13. travnja izglasao zakon o potvrđivanju konvencije.", "hr", None, matcher) == {
        ("lower_house_approval", "--04-13")
    }


def test_serbian_is_read_in_either_script() -> None:
    cyrillic = (
        "Мађарски парламент је данас подржао предлог закона о повлачењу земље из Међународног кривичног "
        "суда, а против је гласало 37 посланика."
    )
    latin = (
        "Narodna skupština Srbije danas je usvojila zakon o potvrđivanju konvencije, a protiv je glasalo "
        "dvadeset poslanika."
    )
    croatian = (
        "Hrvatski sabor danas je izglasao zakon o potvrđivanju konvencije, a protiv je glasovalo trideset "
        "zastupnika."
    )
    assert detect(cyrillic) == "sr"
    assert detect(croatian) == "hr"
    # lingua has no Serbian in Latin script: it answers Bosnian or Croatian, both of which are read.
    assert detect(latin) in {"bs", "hr", "sr"}
    assert vocabulary.load(detect(latin)) is not None
