"""Classes of dated steps whose date is carried from elsewhere in the article (issue 15): "in the same
year" opening a paragraph is the year the previous paragraph ended on, in several languages, and a
year stated too far before is not carried."""

# ruff: noqa: RUF001  # Cyrillic text is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue
from custodiet.intake.tests.reading import facts_inferred as facts


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Turkey left the Istanbul Convention on 1 July 2021.\n"
            "The convention was opened for signature in Istanbul in 2011.\n"
            "Ankara signed the convention in the same year and was the first to ratify it.",
        ),
        (
            "fr",
            "La Turquie a quitté la Convention d'Istanbul le 1er juillet 2021.\n"
            "La convention a été ouverte à la signature à Istanbul en 2011.\n"
            "La même année, Ankara a signé la convention.",
        ),
        (
            "de",
            "Die Türkei ist am 1. Juli 2021 aus der Istanbul-Konvention ausgetreten.\n"
            "Die Konvention wurde 2011 in Istanbul zur Unterzeichnung aufgelegt.\n"
            "Im selben Jahr unterzeichnete Ankara die Konvention.",
        ),
        (
            "ru",
            "Турция вышла из Стамбульской конвенции 1 июля 2021 года.\n"
            "Конвенция была открыта для подписания в Стамбуле в 2011 году.\n"
            "В том же году Анкара подписала конвенцию.",
        ),
    ],
)
def test_the_same_year_opening_a_paragraph_is_the_previous_paragraph_s(
    language: str, text: str, matcher: Any
) -> None:
    found = facts(text, language, DateValue(2021, 7, 2), matcher)
    assert ("signature", "2011", True) in found  # inferred: no source writes "2011" next to "signed"
    assert not any(attribute == "signature" and value == "2021" for attribute, value, _ in found)


def test_a_year_far_back_in_the_previous_paragraph_is_not_carried(matcher: Any) -> None:
    text = (
        "The convention was opened for signature in Istanbul in 2011. "
        + "The text sets out what States must do to protect women from violence at home. " * 4
        + "\nAnkara signed the convention in the same year."
    )
    found = facts(text, "en", None, matcher)
    assert ("signature", "2011", False) in found  # the first sentence's own signature date
    assert not any(attribute == "signature" and inferred for attribute, _value, inferred in found)


@pytest.mark.parametrize(
    ("language", "text", "wanted"),
    [
        (
            "en",
            "The instrument of ratification of the Rome Statute was deposited by the deputy head of the "
            "Office of the President Iryna Mudra and the permanent representative of Ukraine to the United "
            "Nations Serhiy Kyslytsya in October 2024.",
            ("deposit", "2024-10"),
        ),
        (
            "uk",
            "Ратифікаційну грамоту Римського статуту офіційно депонували заступниця керівника Офісу "
            "президента Ірина Мудра та постійний представник України при ООН Сергій Кислиця у жовтні 2024 року.",
            ("deposit", "2024-10"),
        ),
        (
            "fr",
            "La Hongrie a signé le Statut de Rome avec les autres membres de l'Union européenne et plusieurs "
            "États d'Europe centrale et orientale en janvier 1999.",
            ("signature", "1999-01"),
        ),
    ],
)
def test_a_date_ending_a_long_clause_is_its_step_s(
    language: str, text: str, wanted: tuple[str, str], matcher: Any
) -> None:
    found = {(attribute, value) for attribute, value, _ in facts(text, language, None, matcher)}
    assert wanted in found


def test_a_date_after_a_comma_is_not_pulled_to_a_far_step_word(matcher: Any) -> None:
    text = (
        "The instrument of ratification was deposited by the deputy head of the Office of the President "
        "and the permanent representative of Ukraine to the United Nations, who spoke to the press in October 2024."
    )
    assert not any(attribute == "deposit" for attribute, _value, _ in facts(text, "en", None, matcher))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "es",
            "Hungría firmó el Estatuto de Roma, por el que se creó la Corte Penal Internacional, en el año "
            "1999, y lo ratificó en 2001.",
        ),
        (
            "en",
            "Hungary signed the Rome Statute, which set up the International Criminal Court in The Hague, "
            "in 1999, and ratified it in 2001.",
        ),
        (
            "fr",
            "La Hongrie a signé le Statut de Rome, qui a créé la Cour pénale internationale de La Haye, en "
            "1999, et l'a ratifié en 2001.",
        ),
        (
            "de",
            "Ungarn unterzeichnete das Römische Statut, das den Internationalen Strafgerichtshof in Den Haag "
            "begründete, im Jahr 1999 und ratifizierte es 2001.",
        ),
        (
            "ru",
            "Венгрия подписала Римский статут, который учредил Международный уголовный суд в Гааге, в 1999 "
            "году и ратифицировала его в 2001 году.",
        ),
    ],
)
def test_a_relative_clause_between_commas_does_not_part_a_step_from_its_date(
    language: str, text: str, matcher: Any
) -> None:
    found = {(attribute, value) for attribute, value, _ in facts(text, language, None, matcher)}
    assert ("signature", "1999") in found
    assert ("ratification", "2001") in found


@pytest.mark.parametrize(
    ("language", "text", "wanted"),
    [
        # Published Sunday 20 April 2025: the Thursday on or before it is the 17th.
        (
            "de",
            "Das Parlament hat am späten Donnerstagabend den Austritt aus der Ottawa-Konvention beschlossen.",
            "2025-04-17",
        ),
        (
            "hu",
            "Az Országgyűlés csütörtök este megszavazta a kilépést az Ottawai Egyezményből.",
            "2025-04-17",
        ),
        (
            "en",
            "The Saeima passed the bill on withdrawal from the Ottawa Convention early Thursday.",
            "2025-04-17",
        ),
        (
            "fr",
            "Le président a signé le décret de retrait de la Convention d'Ottawa dans la soirée du 17 avril.",
            "2025-04-17",
        ),
    ],
)
def test_a_part_of_a_day_is_the_day_s(language: str, text: str, wanted: str, matcher: Any) -> None:
    found = facts(text, language, DateValue(2025, 4, 20), matcher)
    step = "decree" if language == "fr" else "lower_house_approval"
    assert (step, wanted, True) in found  # inferred: the year or the day is not written
