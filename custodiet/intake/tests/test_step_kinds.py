"""Kinds of step beyond a treaty's signature, ratification and withdrawal, each in several languages:
a constitutional court's ruling on a treaty, a national security council's decision, the acceptance
of a court's jurisdiction, and a ratification procedure started or resumed. None of these sentences
is from the development corpus: the words are the languages', not one article's."""

# ruff: noqa: RUF001  # Cyrillic text is the point

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from custodiet.intake.dates import DateValue
from custodiet.intake.evaluation import KINDS
from custodiet.intake.steps import ATTRIBUTES, DOCUMENT_STEPS, EVENT_STEPS
from custodiet.intake.tests.reading import facts


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        (
            "On 12 March 2019, the Constitutional Court of Moldova ruled that the Istanbul Convention is "
            "consistent with the Constitution.",
            "en",
            None,
            "2019-03-12",
        ),
        (
            "Das bulgarische Verfassungsgericht erklärte die Istanbul-Konvention am 27. Juli 2018 für "
            "verfassungswidrig.",
            "de",
            None,
            "2018-07-27",
        ),
        (
            "Конституционный суд Молдовы 2 марта 2023 года признал Римский статут соответствующим Конституции.",
            "ru",
            None,
            "2023-03-02",
        ),
        (
            "En décembre 2001, le Conseil constitutionnel a jugé le Statut de Rome contraire à la Constitution.",
            "fr",
            None,
            "2001-12",
        ),
    ],
)
def test_a_constitutional_court_ruling_is_its_own_step(
    text: str, language: str, published: DateValue | None, expected: str, matcher: Any
) -> None:
    found = facts(text, language, published, matcher)
    assert ("court_ruling", expected) in found
    assert not any(kind in ("ratification", "signature") for kind, _value in found)


def test_a_court_named_in_a_caption_rules_on_nothing(matcher: Any) -> None:
    text = (
        "Армения ратифицировала Римский статут.\n\n"
        "Вывеска над входом в здание Конституционного суда Армении - Sputnik Армения, 1920, 24.03.2023"
    )
    found = facts(text, "ru", DateValue(2023, 3, 24), matcher)
    assert not any(kind == "court_ruling" for kind, _value in found)


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        (
            "Рішення Ради національної безпеки і оборони України від 29 червня 2025 року про вихід з "
            "Оттавської конвенції введено в дію указом.",
            "uk",
            None,
            "2025-06-29",
        ),
        (
            "The President enacted the decision of the National Security and Defense Council of Ukraine of "
            "June 29, 2025 on withdrawal from the Ottawa Convention.",
            "en",
            None,
            "2025-06-29",
        ),
    ],
)
def test_a_security_council_decision_takes_the_date_that_names_it(
    text: str, language: str, published: DateValue | None, expected: str, matcher: Any
) -> None:
    assert ("security_council", expected) in facts(text, language, published, matcher)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Colombia aceptó la competencia de la Corte Interamericana el 21 de junio de 1985.",
            "es",
            "1985-06-21",
        ),
        ("Peru has recognised the jurisdiction of the Inter-American Court since 1981.", "en", "1981"),
        (
            "La Colombie a reconnu la compétence de la Cour interaméricaine le 21 juin 1985.",
            "fr",
            "1985-06-21",
        ),
    ],
)
def test_accepting_a_court_s_jurisdiction_is_its_own_step(
    text: str, language: str, expected: str, matcher: Any
) -> None:
    assert ("jurisdiction_accepted", expected) in facts(text, language, None, matcher)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The government resumed the ratification process of the Rome Statute in March 2019.",
            "en",
            "2019-03",
        ),
        (
            "Le gouvernement a relancé le processus de ratification du Statut de Rome en décembre 2022.",
            "fr",
            "2022-12",
        ),
        (
            "Im Mai 2021 leitete die Regierung das Ratifizierungsverfahren für das Römische Statut ein.",
            "de",
            "2021-05",
        ),
    ],
)
def test_a_procedure_started_is_not_the_ratification(
    text: str, language: str, expected: str, matcher: Any
) -> None:
    found = facts(text, language, None, matcher)
    assert ("procedure_started", expected) in found
    assert ("ratification", expected) not in found


def test_every_kind_has_a_label_and_the_evaluation_knows_it() -> None:
    for kind in ("court_ruling", "security_council", "jurisdiction_accepted", "procedure_started"):
        assert ATTRIBUTES[kind]
        assert kind in EVENT_STEPS
        assert KINDS[kind], kind
    assert {"court_ruling", "security_council"} <= DOCUMENT_STEPS


@pytest.mark.django_db
def test_the_new_kinds_reach_the_export_and_the_timeline(reference_data: Any, tmp_path: Path) -> None:
    from custodiet.intake.services import intake_add

    path = tmp_path / "a.txt"
    path.write_text(
        "Armenia ratified the Rome Statute of the International Criminal Court on 3 October 2023. "
        "On 24 March 2023, the Constitutional Court of Armenia ruled that the Rome Statute is consistent "
        "with the Constitution.",
        encoding="utf-8",
    )
    intake_add(paths=[path])
    out = StringIO()
    call_command("intake", "export", "--json", stdout=out)
    exported = json.loads(out.getvalue())
    facts = [(f["kind"], f["label"], f["value"]) for f in exported["documents"][0]["facts"]]
    assert ("court_ruling", ATTRIBUTES["court_ruling"], "2023-03-24") in facts
    timeline = json.dumps(exported["events"], ensure_ascii=False)
    assert "court_ruling" in timeline and "2023-03-24" in timeline
