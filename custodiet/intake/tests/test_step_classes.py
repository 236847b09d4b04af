"""Classes of dated steps the intake used to miss, each shown on a sentence of its own kind: a house
that votes a withdrawal, a house that is only the addressee, a cessation of membership, a period
("between 2020 and 2023"), a report that a parliament "supported" something (not an appeal), and
Arabic, Chinese and Japanese text (weekdays, "yesterday", "22日", sentences ended by 。)."""

# ruff: noqa: RUF001  # Arabic, Chinese, Japanese, Cyrillic and Polish text is the point

from __future__ import annotations

from typing import Any

from custodiet.intake.cleaning import classify
from custodiet.intake.dates import DateValue
from custodiet.intake.extraction import split_sentences
from custodiet.intake.tests.reading import facts


def test_a_house_that_voted_to_withdraw_is_the_house_s_vote(matcher: Any) -> None:
    text = "Lithuania left the Convention on Cluster Munitions. The Lithuanian Seimas voted to withdraw from this convention in July of last year."
    assert ("lower_house_approval", "2024-07") in facts(text, "en", DateValue(2025, 3, 6), matcher)


def test_a_house_reaches_to_its_verb(matcher: Any) -> None:
    text = "El Parlamento de Hungría ha aprobado este martes la propuesta del Gobierno para sacar al país de la Corte Penal Internacional."
    assert ("lower_house_approval", "2025-04-29") in facts(text, "es", DateValue(2025, 4, 30), matcher)


def test_a_house_the_bill_is_sent_to_does_not_vote(matcher: Any) -> None:
    text = (
        "The Government of Armenia sent the Rome Statute to the Parliament for ratification on September 1."
    )
    found = facts(text, "en", DateValue(2023, 9, 13), matcher)
    assert ("bill_submitted", "2023-09-01") in found
    assert ("lower_house_approval", "2023-09-01") not in found


def test_ceasing_to_be_a_party_is_the_withdrawal_taking_effect(matcher: Any) -> None:
    text = "Polska wypowiedziała konwencję ottawską, co oznacza, że 20 lutego 2026 roku Polska formalnie przestaje być stroną konwencji."
    found = facts(text, "pl", DateValue(2026, 1, 10), matcher)
    assert ("takes_effect", "2026-02-20") in found
    assert ("entry_into_force", "2026-02-20") not in found


def test_a_period_is_not_the_date_of_a_step(matcher: Any) -> None:
    text = (
        "أعلنت بوركينا فاسو، مساء الاثنين، انسحابها من المحكمة الجنائية الدولية. "
        "وقالت الدول التي شهدت انقلابات بين عام 2020 و2023 إن قرار الانسحاب يسري بمفعول فوري."
    )
    found = facts(text, "ar", DateValue(2025, 9, 23), matcher)
    assert ("announcement", "2025-09-22") in found  # the Monday before the publication date
    assert not {iso for _attribute, iso in found} & {"2020", "2023"}


def test_japanese_day_of_the_month_and_sentences(matcher: Any) -> None:
    text = "3軍事政権は22日の共同声明で、国際刑事裁判所（ICC）から脱退すると表明した。ロシアとの関係を強めている。"
    assert ("announcement", "2025-09-22") in facts(text, "ja", DateValue(2025, 9, 23), matcher)
    # Published early in October, "22日" is the 22nd of September.
    assert ("announcement", "2025-09-22") in facts(text, "ja", DateValue(2025, 10, 3), matcher)
    # Without a publication day nothing says which month: no date is made up.
    assert not facts(text, "ja", None, matcher)
    assert [s for _offset, s in split_sentences(text, "ja")] == [
        "3軍事政権は22日の共同声明で、国際刑事裁判所（ICC）から脱退すると表明した。",
        "ロシアとの関係を強めている。",
    ]


def test_a_chinese_date_goes_to_the_announcement(matcher: Any) -> None:
    text = "2025年9月22日,布基纳法索、马里和尼日尔三国军政府发布联合声明,宣布立即退出国际刑事法院(ICC)。"
    assert ("announcement", "2025-09-22") in facts(text, "zh", None, matcher)


def test_a_parliament_that_supported_a_law_is_not_a_donation_appeal() -> None:
    text = (
        "Сьогодні, 21 серпня, парламентарі підтримали ратифікацію Статуту Міжнародного кримінального суду. "
        "Документ підтримав 281 народний депутат."
    )
    assert classify(text, "uk") == ""
    assert classify("Підтримайте нас: ваша підтримка важлива.", "uk") == "donation appeal"


def test_an_aside_between_dashes_does_not_part_a_step_from_its_date(matcher: Any) -> None:
    text = "The Philippines signed the Rome Statute – the court’s founding document – in 2000."
    assert ("signature", "2000") in facts(text, "en", None, matcher)


def test_a_withdrawal_procedure_to_be_launched_on_a_day_is_its_announcement(matcher: Any) -> None:
    text = "Hongrie et CPI. La procédure de résiliation, conformément à la Constitution, sera engagée le 3 avril."
    assert ("announcement", "2025-04-03") in facts(text, "fr", DateValue(2025, 4, 3), matcher)


def test_the_deposit_of_an_instrument_of_ratification_is_a_deposit(matcher: Any) -> None:
    text = "Cette entrée en vigueur fait suite au dépôt par l’Arménie de l’instrument de ratification du Statut de Rome en novembre 2023."
    found = facts(text, "fr", None, matcher)
    assert ("deposit", "2023-11") in found and ("ratification", "2023-11") not in found


def test_signing_on_to_a_treaty_is_joining_it_and_its_year_name_is_not_a_date(matcher: Any) -> None:
    text = "Finland and the Ottawa Convention. In 2012, Finland became the last EU member state to sign onto the 1997 treaty."
    found = facts(text, "en", None, matcher)
    assert ("joined", "2012") in found
    assert not {iso for _attribute, iso in found} & {"1997"}
