"""Classes of reading the intake used to get wrong: a few stray characters deciding a text's language
(mojibake), a ratification process halted taken for a ratification, dates listed before their step, and a
date stated in the sentence after its step ("The decision was made on October 3.")."""

# ruff: noqa: RUF001  # Cyrillic and Turkish text is the point

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.dates import DateValue
from custodiet.intake.language import detect
from custodiet.intake.tests.reading import facts

GARBLED = (
    "On September 6, 2012, the Government of Venezuela (âVenezuelaâ) gave notice of its denunciation of "
    "the American Convention on Human Rights (âthe American Conventionâ or âthe Conventionâ). Pursuant "
    "to Article 78 of the Convention, the denunciation will take effect one year later. The instrument "
    "was received by the Secretary General of the Organization of American States (âOASâ), who "
    "regretted Venezuelaâs decision."
)


def test_stray_characters_do_not_decide_a_text_s_language() -> None:
    assert detect(GARBLED) == "en"


def test_a_language_without_a_vocabulary_is_still_called_what_it_is() -> None:
    indonesian = (
        "Hongaria secara resmi keluar dari Mahkamah Pidana Internasional setelah parlemen menyetujui "
        "undang-undang tersebut. Perdana Menteri mengatakan bahwa pengadilan itu telah menjadi politis, "
        "dan keputusan ini akan berlaku satu tahun setelah pemberitahuan kepada Sekretaris Jenderal."
    )
    assert detect(indonesian) == "id"
    assert detect(indonesian + ' He said: "The court is political."') == "id"
    assert detect(indonesian.replace("Hongaria", "Hongaria (Magyarország)")) == "id"
    romanian = (
        "Parlamentul de la Chisinau a votat retragerea din conventie, iar presedintele a semnat legea "
        "in aceeasi zi. Ministerul de externe a transmis notificarea catre secretarul general al ONU, "
        "iar retragerea va intra in vigoare peste sase luni, potrivit textului tratatului."
    )
    assert detect(romanian) == "ro"
    assert detect(romanian.replace("presedintele", "președintele")) == "ro"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The ratification process was suspended in 2004 when the Constitutional Court found the "
            "Statute incompatible with the Constitution.",
            "en",
            "2004",
        ),
        (
            "Le processus de ratification a été suspendu en 2001, la Cour constitutionnelle ayant jugé "
            "le Statut de Rome contraire à la Constitution.",
            "fr",
            "2001",
        ),
    ],
)
def test_a_process_halted_is_no_ratification(text: str, language: str, expected: str, matcher: Any) -> None:
    found = facts(text, language, None, matcher)
    assert ("ratification", expected) not in found
    assert ("court_ruling", expected) in found


def test_dates_listed_before_their_step_belong_to_it(matcher: Any) -> None:
    text = "In 2014 and 2015, Georgia accepted the jurisdiction of the International Criminal Court."
    found = facts(text, "en", None, matcher)
    assert {("jurisdiction_accepted", "2014"), ("jurisdiction_accepted", "2015")} <= found


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        (
            "The Parliament of Georgia ratified the Rome Statute. The decision was made on September 5.",
            "en",
            DateValue(2003, 9, 20),
            ("lower_house_approval", "2003-09-05"),
        ),
        (
            "Der Bundestag stimmte dem Austritt aus dem Übereinkommen zu. Die Abstimmung erfolgte am 3. Mai 2024.",
            "de",
            None,
            ("lower_house_approval", "2024-05-03"),
        ),
        (
            "Президент подписал закон о денонсации конвенции. Это решение было принято 12 мая 2023 года.",
            "ru",
            None,
            ("law_signed", "2023-05-12"),
        ),
    ],
)
def test_a_sentence_that_opens_on_the_previous_one_s_step_dates_it(
    text: str, language: str, published: DateValue | None, expected: tuple[str, str], matcher: Any
) -> None:
    assert expected in facts(text, language, published, matcher)


def test_a_date_in_the_next_sentence_is_not_carried_without_a_reference(matcher: Any) -> None:
    text = "The Parliament of Georgia ratified the Rome Statute. Snow fell in Tbilisi on September 5, 2003."
    assert not facts(text, "en", None, matcher)


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        (
            "Avrupa Konseyi Sözleşmesi, Türkiye adına 14 Mart 2012 tarihinde imzalanan 2 Nisan 2013 tarihli "
            "Bakanlar Kurulu kararı ile onaylandı.",
            ("signature", "2012-03-14"),
            ("decree", "2012-03-14"),
        ),
        (
            "Cumhurbaşkanı 5 Haziran 2024 tarihinde kanunu imzaladı.",
            ("law_signed", "2024-06-05"),
            ("signature", "2024-06-05"),
        ),
    ],
)
def test_in_turkish_a_date_before_its_verb_is_the_verb_s(
    text: str, expected: tuple[str, str], wrong: tuple[str, str], matcher: Any
) -> None:
    found = facts(text, "tr", None, matcher)
    assert expected in found
    assert wrong not in found


def test_a_president_confirming_a_parliament_s_decision_signs_the_law(matcher: Any) -> None:
    text = (
        "Estland verlässt das Übereinkommen, nachdem der estnische Präsident am 12. Juni den Beschluss des "
        "Parlaments zum Austritt aus dem Ottawa-Übereinkommen bestätigt hat."
    )
    found = facts(text, "de", DateValue(2025, 6, 20), matcher)
    assert ("law_signed", "2025-06-12") in found
    assert ("lower_house_approval", "2025-06-12") not in found
