"""The engine's reasons in the reader's language, and the machine outputs that stay English and ISO.

A reason is a ``Said`` (custodiet.treaties.words): its ``str`` is the English sentence with ISO dates
that the API, ``--json`` and the CLI carry whatever language a request asks for; a page says it again
in the reader's language, with dates written the one way each language writes them.
"""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the pages in Russian and Ukrainian

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from custodiet.treaties import selectors
from custodiet.treaties.dates import Period
from custodiet.treaties.records import Action, Reason
from custodiet.treaties.words import Said, Word, said, shown

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A request in Russian leaves Russian active in the thread: the next test starts in English."""
    yield
    translation.activate("en")


class TestSaid:
    def test_the_machine_value_is_english_with_iso_dates_in_every_language(self) -> None:
        text = said("Uncertain from %(effect)s.", effect=date(2026, 10, 1))
        for language in ("en", "fr", "ru", "uk"):
            with translation.override(language):
                assert text == "Uncertain from 2026-10-01."
                assert str(text) == "Uncertain from 2026-10-01."

    def test_shown_writes_the_date_the_way_the_language_does(self) -> None:
        act = Action("RU", "ETS-126", "denunciation_law_signed", date(2025, 9, 29))
        reason = said("%(act)s %(when)s.", act=act.label, when=act.shown_date())
        assert reason == "Denunciation law signed on 2025-09-29."
        with translation.override("en"):
            assert reason.shown() == "Denunciation law signed on 29 September 2025."
        with translation.override("ru"):
            assert reason.shown() == "Закон о денонсации подписан: 29 сентября 2025 г."
        with translation.override("uk"):
            assert reason.shown() == "Закон про денонсацію підписано: 29 вересня 2025 р."
        with translation.override("fr"):
            assert reason.shown() == "Loi de dénonciation signée le 29 septembre 2025."

    def test_a_month_and_a_period_are_said_in_the_language_and_its_plural_forms(self) -> None:
        month = Action("RU", "ETS-126", "ratification", date(1998, 5, 5), precision="month").shown_date()
        assert month == "in May 1998"
        with translation.override("ru"):
            assert month.shown() == "в течение мая 1998 г."
        assert Period(years=5).describe() == "five years"
        with translation.override("ru"):
            assert [Period(years=n).describe().shown() for n in (1, 3, 5, 21)] == [
                "1 год",
                "3 года",
                "5 лет",
                "21 год",
            ]
        with translation.override("uk"):
            assert Period(months=12).describe().shown() == "12 місяців"

    def test_a_said_survives_pickling_whole(self) -> None:
        reason = said(
            "Signed %(when)s; a signature subject to ratification does not bind.", when=date(1996, 2, 28)
        )
        again = pickle.loads(pickle.dumps(reason))  # noqa: S301  # our own bytes, just made
        assert isinstance(again, Said) and again == reason
        with translation.override("ru"):
            assert again.shown() == reason.shown()
            assert "28 февраля 1996 г." in again.shown()

    def test_a_template_shows_it_in_the_language_and_escapes_it(self) -> None:
        reason = Reason(said("%(what)s is not known to be complete on any date", what="<b>"))
        with translation.override("ru"):
            html = render_to_string("treaties/_reasons.html", {"reasons": [reason]})
        assert "&lt;b&gt;: полнота не подтверждена ни на одну дату" in html
        with translation.override("en"):
            assert shown("plain") == "plain" and shown(date(2026, 12, 2)) == "2 December 2026"


@pytest.mark.django_db
class TestPagesInTheReadersLanguage:
    def test_the_state_page_in_russian_gives_the_reasons_in_russian_with_russian_dates(
        self, client: Client, reference_data: object
    ) -> None:
        text = client.get(reverse("treaties:state_detail", args=["RU"]), **RUSSIAN).content.decode()
        today = text.split('id="coverage-today"', 1)[1].split("</div>", 1)[0]
        assert "возможно вступление в силу с 1 октября 2026 г." in today
        assert "2026-10-01" not in today and "may have taken effect" not in today
        assert (
            "Неопределённо с 1 октября 2026 г.: уведомление, полученное 29 сентября 2025 г. или позднее"
            in text
        )
        assert "Закон о денонсации подписан: 29 сентября 2025 г., но уведомление депозитарию" in text
        assert "1 декабря 2027 г." in text  # if notified today

    @pytest.mark.parametrize(
        ("language", "said"),
        [
            ("fr", "il a pu prendre effet à partir du 1 octobre 2026"),
            ("uk", "можливе набрання чинності з 1 жовтня 2026 р."),
        ],
    )
    def test_every_treaty_page_answers_in_french_and_ukrainian(
        self, client: Client, reference_data: object, language: str, said: str
    ) -> None:
        asked = {"HTTP_ACCEPT_LANGUAGE": language}
        state = client.get(reverse("treaties:state_detail", args=["RU"]), **asked).content.decode()
        assert said in state
        for url in (
            reverse("treaties:instrument_detail", args=["ETS-126"]),
            reverse("treaties:coverage_world"),
            reverse("treaties:changes") + "?from=2022-01-01&to=2026-12-02&state=RU",
        ):
            response = client.get(url, **asked)
            assert response.status_code == 200 and f'lang="{language}"' in response.content.decode(), url

    def test_the_same_page_in_english_writes_dates_in_words_too(
        self, client: Client, reference_data: object
    ) -> None:
        text = client.get(reverse("treaties:state_detail", args=["RU"])).content.decode()
        assert "it may have taken effect from 1 October 2026" in text
        assert "Denunciation law signed on 29 September 2025, but no notification" in text

    def test_the_gates_warning_in_russian_gives_the_engines_reasons_in_russian(
        self, reference_data: Any
    ) -> None:
        from custodiet.treaties.models import MonitoringBody
        from custodiet.visits.gate import planning_gate

        russia = selectors.resolve_state("RU")
        engine = selectors.engine_for_state(russia)
        cpt = next(body for body in selectors.bodies_for_state(russia) if body.code == "CPT")
        assert MonitoringBody.objects.filter(code="CPT").exists()
        decision = planning_gate(
            engine,
            body=cpt,
            state="RU",
            start=date(2026, 11, 30),
            end=date(2026, 12, 8),
            today=date(2026, 11, 22),
        )
        assert decision.allowed and decision.warnings
        with translation.override("ru"):
            html = render_to_string(
                "visits/_gate.html", {"decision": decision, "warnings": decision.warnings}
            )
        assert "Неопределённо с 1 октября 2026 г." in html
        assert "Uncertain from 2026-10-01" not in html

    def test_the_gates_own_sentence_quotes_the_engine_in_the_readers_language(
        self, reference_data: Any
    ) -> None:
        from custodiet.visits.gate import planning_gate

        russia = selectors.resolve_state("RU")
        engine = selectors.engine_for_state(russia)
        cpt = next(body for body in selectors.bodies_for_state(russia) if body.code == "CPT")
        with translation.override("ru"):
            decision = planning_gate(
                engine,
                body=cpt,
                state="RU",
                start=date(2026, 11, 30),
                end=date(2026, 12, 8),
                today=date(2026, 11, 22),
            )
        sentences = " ".join(note.text for note in decision.warnings)
        assert "1 октября 2026 г." in sentences  # the window the engine gives, written in Russian
        assert "2026-10-01" not in sentences and "Uncertain" not in sentences


@pytest.mark.django_db
class TestMachineOutputsStayEnglish:
    def test_an_api_answer_asked_in_russian_is_the_english_one_with_iso_dates(
        self, client: Client, reference_data: object
    ) -> None:
        for url in ("/api/states/RU/status/ETS-126/", "/api/states/RU/coverage/"):
            english = client.get(url, {"on": "2026-12-02"}).json()
            russian = client.get(url, {"on": "2026-12-02"}, **RUSSIAN).json()
            assert russian == english
        status = client.get("/api/states/RU/status/ETS-126/", {"on": "2026-12-02"}, **RUSSIAN).json()
        assert status["summary"].startswith("uncertain: a denunciation was approved at home on 2025-09-29")
        assert status["window"]["from"] == "2026-10-01"
        assert any("Uncertain from 2026-10-01" in reason["text"] for reason in status["reasons"])

    def test_the_json_of_the_command_line_is_english_under_a_russian_locale(
        self, reference_data: object
    ) -> None:
        import json
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        with translation.override("ru"):
            call_command("treaty", "status", "RU", "ETS-126", "--on", "2026-12-02", "--json", stdout=out)
        payload = json.loads(out.getvalue())
        assert "2026-10-01" in payload["summary"] and "октября" not in out.getvalue()


def test_every_word_of_the_reference_data_that_a_reason_quotes_is_in_the_catalogue() -> None:
    """The depositary, the organisation, who must consent and the clauses' sentences are quoted as
    ``Word``s: each one of the bundled instruments is marked in vocabulary.py and translated."""
    from custodiet.treaties.reference import load_instruments
    from custodiet.treaties.vocabulary import DATA_WORDS

    quoted = set()
    for spec in load_instruments().values():
        quoted.add(spec.organisation)
        quoted.add(spec.entry_into_force.consents_from)
        if spec.denunciation is not None:
            quoted.add(spec.denunciation.notify)
        quoted.update(clause.text for clause in spec.endings.values())
        quoted.update(rule.text for rule in spec.declarations.values())
    quoted.discard("")
    assert quoted <= set(DATA_WORDS), sorted(quoted - set(DATA_WORDS))
    for language in ("fr", "ru", "uk"):
        with translation.override(language):
            assert [text for text in quoted if Word(text).shown() == text] == []
