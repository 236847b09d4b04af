"""Classes of dated steps whose date points elsewhere or is cut apart, each on sentences of its own in
several languages: "that same day" ("aznap", "le même jour", "в тот же день"), a text hard-wrapped at a
fixed width (a date split over a line break), a date that says what a document bears ("dated",
"fechado", "daté du"), a cleft sentence ("It was only in 2011 ... that", "C'est le 3 octobre que"),
a State that is left out of a treaty ("queda fuera", "dejará de ser parte") with no word of
withdrawal in the sentence, a notice received by the Secretary General, and a leader who takes a
country out of a treaty ("вывел Турцию из")."""

# ruff: noqa: RUF001  # Cyrillic and Hungarian text is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.cleaning import split_paragraphs
from custodiet.intake.dates import DateValue
from custodiet.intake.tests.reading import facts

ANNOUNCED = DateValue(2025, 4, 4)  # the Friday after the Thursday the withdrawal was announced


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "On 3 April 2025 the government announced that Hungary would withdraw from the International "
            "Criminal Court, while the Prime Minister received a visitor the court wants arrested. "
            "That same day the foreign ministry submitted the bill on the withdrawal to parliament.",
        ),
        (
            "hu",
            "A kormány csütörtökön jelentette be, hogy Magyarország kilép a Nemzetközi Büntetőbíróságból. "
            "Az izraeli miniszterelnök ellen tavaly adott ki elfogatóparancsot a bíróság, és a látogatás "
            "nagy vitát váltott ki Európában. A külügyminisztérium a törvényjavaslatot aznap este be is "
            "nyújtotta az Országgyűlésnek.",
        ),
        (
            "fr",
            "Le 3 avril 2025, le gouvernement a annoncé le retrait de la Hongrie de la Cour pénale "
            "internationale. Le même jour, le gouvernement a déposé le projet de loi au Parlement.",
        ),
        (
            "ru",
            "3 апреля 2025 года правительство Венгрии объявило о выходе страны из Международного "
            "уголовного суда. В тот же день законопроект был внесен в парламент.",
        ),
        (
            "de",
            "Am 3. April 2025 kündigte die Regierung den Austritt Ungarns aus dem Internationalen "
            "Strafgerichtshof an. Noch am selben Tag brachte sie den Gesetzentwurf ins Parlament ein.",
        ),
    ],
)
def test_that_same_day_is_the_day_stated_before(language: str, text: str, matcher: Any) -> None:
    found = facts(text, language, ANNOUNCED, matcher)
    assert ("announcement", "2025-04-03") in found
    assert ("bill_submitted", "2025-04-03") in found


def test_that_same_day_with_no_day_before_it_stays_unknown(matcher: Any) -> None:
    text = "That same day the foreign ministry submitted the bill on Hungary's withdrawal from the International Criminal Court to parliament."
    found = facts(text, "en", ANNOUNCED, matcher)
    assert not any(attribute == "bill_submitted" for attribute, _iso in found)


WRAPPED_DE = """Berlin taz | Die miteinander verbündeten Militärregierungen von Mali, Niger
und Burkina Faso treten aus dem Internationalen Strafgerichtshof (IStGH)
aus. Die drei Staaten kündigen das dem Weltgericht zugrundeliegende Statut
mit sofortiger Wirkung, erklärten die Regierungen am Montagabend in Bamako.
Die drei Regierungen haben eine Konföderation der Sahel-Staaten gegründet
und alle westlichen Truppen aus ihren Ländern geworfen. Mali ist dem Statut
im Jahr 2000 beigetreten, Niger 2002 und Burkina
Faso 2004.
"""

WRAPPED_ES = """El documento con el que Venezuela comunica su decisión de abandonar el sistema
interamericano circula por fin. Venezuela presentó un instrumento de denuncia de la
Convención Americana sobre Derechos Humanos, fechado el 6 de septiembre de
2012, que es un nuevo capítulo en la historia del derecho internacional de
Venezuela y en particular en la denuncia de los tratados de derechos humanos.
"""


def test_a_hard_wrapped_text_is_read_in_whole_sentences(matcher: Any) -> None:
    paragraphs = split_paragraphs(WRAPPED_DE)
    assert paragraphs[-1].endswith(
        "Mali ist dem Statut im Jahr 2000 beigetreten, Niger 2002 und Burkina Faso 2004."
    )
    assert ("accession", "2004") in facts(WRAPPED_DE, "de", DateValue(2025, 9, 23), matcher)
    assert ("notification", "2012-09-06") in facts(WRAPPED_ES, "es", DateValue(2012, 9, 12), matcher)


def test_lines_that_are_paragraphs_stay_paragraphs() -> None:
    headlines = "\n".join(
        [
            "Parliament votes to leave the Ottawa Convention on anti-personnel mines",
            "Government says the decision follows the changed security situation",
            "Opposition parties call the vote hasty and ask for a referendum",
            "The Foreign Ministry will notify the Secretary-General of the United Nations",
            "Withdrawal takes effect six months after the notification is received",
        ]
    )
    assert len(split_paragraphs(headlines)) == 5
    short = "Line one of a list\nLine two of a list\nLine three\nLine four"
    assert len(split_paragraphs(short)) == 4


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Venezuela handed the Secretary General of the Organization of American States an instrument "
            "of denunciation of the American Convention on Human Rights, dated 6 September 2012.",
        ),
        (
            "es",
            "Venezuela presentó al Secretario General de la Organización de los Estados Americanos (OEA) un "
            "instrumento de denuncia de la Convención Americana sobre Derechos Humanos, fechado el 6 de "
            "septiembre de 2012.",
        ),
        (
            "fr",
            "Le Venezuela a remis au Secrétaire général de l'OEA un instrument de dénonciation de la "
            "Convention américaine relative aux droits de l'homme, daté du 6 septembre 2012.",
        ),
    ],
)
def test_a_dated_document_s_date_is_its_step_s(language: str, text: str, matcher: Any) -> None:
    assert ("notification", "2012-09-06") in facts(text, language, DateValue(2012, 9, 12), matcher)


def test_a_bill_s_registration_date(matcher: Any) -> None:
    text = (
        "At its meeting on August 21, 2024, the Verkhovna Rada of Ukraine adopted the Law on Ratification "
        "of the Rome Statute of the International Criminal Court and Amendments to it, introduced by the "
        "President of Ukraine (reg. No. 0285 dated August 15, 2024)."
    )
    found = facts(text, "en", None, matcher)
    assert ("bill_submitted", "2024-08-15") in found
    assert ("lower_house_approval", "2024-08-21") in found


@pytest.mark.parametrize(
    ("language", "text", "fact"),
    [
        (
            "en",
            "The Philippines signed the Rome Statute in 2000. It was only in 2011 – or 11 years later – "
            "under then-president Benigno Aquino III, that the Philippines finally became a member after "
            "the Senate ratified the Rome Statute.",
            ("joined", "2011"),
        ),
        (
            "en",
            "It was on 3 October 2023, after a long debate in which the opposition walked out, that the "
            "Armenian parliament ratified the Rome Statute.",
            ("lower_house_approval", "2023-10-03"),
        ),
        (
            "fr",
            "C'est le 3 octobre 2023, après un long débat et malgré l'opposition, que le Parlement arménien "
            "a ratifié le Statut de Rome.",
            ("lower_house_approval", "2023-10-03"),
        ),
        (
            "es",
            "Fue el 10 de septiembre de 2012, tras meses de amenazas del Gobierno de Hugo Chávez, cuando "
            "Venezuela notificó su denuncia de la Convención Americana.",
            ("notification", "2012-09-10"),
        ),
        (
            "it",
            "È stato il 3 ottobre 2023, dopo un lungo dibattito con l'opposizione, che il Parlamento armeno "
            "ha ratificato lo Statuto di Roma.",
            ("lower_house_approval", "2023-10-03"),
        ),
    ],
)
def test_a_cleft_sentence_s_date_is_its_clause_s(
    language: str, text: str, fact: tuple[str, str], matcher: Any
) -> None:
    assert fact in facts(text, language, None, matcher)


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        (
            "Transcurrido el año de preaviso establecido en el tratado, a partir de hoy Venezuela queda fuera "
            "de la jurisdicción de la Corte Interamericana de Derechos Humanos.",
            DateValue(2013, 9, 10),
            "2013-09-10",
        ),
        (
            "Transcurrido el plazo de seis meses, el 20 de febrero de 2026 Polonia dejará de ser parte de la "
            "Convención de Ottawa.",
            DateValue(2026, 1, 10),
            "2026-02-20",
        ),
    ],
)
def test_being_left_out_of_a_treaty_is_the_withdrawal_taking_effect(
    text: str, published: DateValue, day: str, matcher: Any
) -> None:
    found = facts(text, "es", published, matcher)
    assert (("takes_effect", day) in found, ("entry_into_force", day) in found) == (True, False)


@pytest.mark.parametrize(
    ("language", "text", "fact"),
    [
        (
            "es",
            "El oficio No. 000125 de fecha 6 de septiembre de 2012, recibido en la Secretaría General de la "
            "OEA el 10 de septiembre siguiente, es un nuevo capítulo en la historia del derecho internacional.",
            ("notification", "2012-09-10"),
        ),
        (
            "en",
            "The note, dated 6 September 2012, was received by the Secretary General of the OAS on 10 "
            "September 2012.",
            ("notification", "2012-09-10"),
        ),
        (
            "ru",
            "В прошлом году Эрдоган вывел Турцию из Стамбульской конвенции Совета Европы, что вызвало осуждение.",
            ("denunciation", "2021"),
        ),
        (
            "uk",
            "У 2021 році Ердоган вивів Туреччину зі Стамбульської конвенції Ради Європи.",
            ("denunciation", "2021"),
        ),
    ],
)
def test_a_notice_received_and_a_country_taken_out_are_steps(
    language: str, text: str, fact: tuple[str, str], matcher: Any
) -> None:
    assert fact in facts(
        text,
        language,
        DateValue(2012, 9, 20) if language in ("es", "en") else DateValue(2022, 7, 20),
        matcher,
    )


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        # Counted back from the page by its words: never moved a year ahead.
        ("Poland officially left the Ottawa Convention yesterday.", DateValue(2026, 2, 21), "2026-02-20"),
        (
            "Poland's withdrawal from the Ottawa Convention took effect on Tuesday.",
            DateValue(2026, 2, 21),
            "2026-02-17",
        ),
        # A day and month just before the page: the day just passed.
        (
            "Poland's withdrawal from the Ottawa Convention took effect on 20 February.",
            DateValue(2026, 2, 21),
            "2026-02-20",
        ),
        # A day and month well before the page, of a step that takes effect: the next one.
        (
            "Poland's withdrawal from the Ottawa Convention takes effect on 20 February.",
            DateValue(2026, 9, 1),
            "2027-02-20",
        ),
        (
            "Poland's withdrawal from the Ottawa Convention takes effect on 1 July.",
            DateValue(2026, 4, 2),
            "2026-07-01",
        ),
    ],
)
def test_a_day_of_effect_without_a_year_is_placed_as_its_words_say(
    text: str, published: DateValue, day: str, matcher: Any
) -> None:
    assert ("takes_effect", day) in facts(text, "en", published, matcher)


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        # Published on a Friday: "last Friday" is a week before, "on Friday" that day.
        ("en", "Poland's parliament voted last Friday to leave the Ottawa Convention.", "2019-03-29"),
        ("en", "Poland's parliament voted on Friday to leave the Ottawa Convention.", "2019-04-05"),
        (
            "de",
            "Der Sejm stimmte vergangenen Freitag für den Austritt Polens aus der Ottawa-Konvention.",
            "2019-03-29",
        ),
        (
            "pl",
            "Sejm w ubiegły piątek zagłosował za wystąpieniem Polski z konwencji ottawskiej.",
            "2019-03-29",
        ),
    ],
)
def test_last_weekday_is_before_the_publication_date(
    language: str, text: str, day: str, matcher: Any
) -> None:
    found = {value for _attribute, value in facts(text, language, DateValue(2019, 4, 5), matcher)}
    assert day in found


def test_a_numeric_date_with_spaces_after_its_dots_is_a_date(matcher: Any) -> None:
    assert ("law_signed", "2025-04-04") in facts(
        "Prezident podepsal 4. 4. 2025 zákon o vystoupení z Ottawské úmluvy.", "cs", None, matcher
    )
