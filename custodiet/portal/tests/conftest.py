"""One corpus for the portal's tests, made through the apps' own services, searched on SQLite and on
PostgreSQL alike (the suite runs on both: ``make test``).

- a report in Russian, published at the State's request, with a recommendation and the State's response;
- a report in English on overcrowding, published;
- a draft report (confidential) whose text carries a marker and Russian words of the published one;
- a public statement;
- an intake event from two sources (one with a web address, one read from a file) whose timeline the
  secretariat published, and another event left unpublished.
"""

# ruff: noqa: RUF001  # Cyrillic letters and typographic apostrophes are the point: texts use them
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

MARKER = "CONFIDENTIALMARKERQX"
RUSSIAN_INTRODUCTION = (
    "Делегация посетила исправительные колонии и выслушала жалобы заключённых на пытки и жестокое "
    "обращение со стороны сотрудников."
)
RUSSIAN_RECOMMENDATION = (
    "Власти должны положить конец пыткам в исправительных колониях и расследовать каждую жалобу."
)
RUSSIAN_RESPONSE = "Власти провели проверку в колониях и не подтвердили сообщения о насилии."
ENGLISH_INTRODUCTION = (
    "The delegation found severe overcrowding in the remand prisons it visited: cells built for four held "
    "up to twelve detainees."
)


@dataclass
class Corpus:
    russian: Any
    english: Any
    draft: Any
    statement: Any
    event: Any
    unpublished_event: Any
    secretariat: Any
    signed_source: str  # the search key of the source with a web address
    file_source: str  # the search key of the source read from a file (no public address)


def _publish(report: Any, *, secretariat: Any, committee: Any, today: date, response: str = "") -> Any:
    from custodiet.reports import services

    services.report_adopt(report=report, adopted_on=today - timedelta(days=90), votes_for=10, by=committee)
    services.report_transmit(report=report, transmitted_on=today - timedelta(days=80), by=secretariat)
    if response:
        services.response_record(
            report=report, received_on=today - timedelta(days=20), summary=response, by=secretariat
        )
    services.publication_request_record(
        report=report, requested_on=today - timedelta(days=10), reference="Note verbale No. 7", by=secretariat
    )
    return services.report_publish(report=report, published_on=today - timedelta(days=5), by=secretariat)


def _report(*, title: str, introduction: str, item: str, by: Any) -> Any:
    from custodiet.reports import services
    from custodiet.treaties.models import MonitoringBody, State

    report = services.report_create(
        body=MonitoringBody.objects.get(code="CPT"),
        state=State.objects.get(code="RU"),
        title=title,
        introduction=introduction,
        by=by,
    )
    services.item_add(report=report, kind="recommendation", text=item, by=by)
    return report


@pytest.fixture
def corpus(reference_data: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> Corpus:
    """The corpus, with the callbacks that run after each commit run as they would (the test's own
    transaction never commits): the index is kept in step by the receivers, not by a reindex."""
    with django_capture_on_commit_callbacks(execute=True):
        return _corpus(make_user)


def _corpus(make_user: Any) -> Corpus:
    from custodiet.core import clock
    from custodiet.intake.services import intake_add, intake_upload
    from custodiet.portal.services import timeline_publish

    today = clock.today()
    secretariat = make_user("secretariat", username="corpus-secretariat")
    committee = make_user("committee_member", username="corpus-committee")
    russian = _report(
        title="Report on the visit to penal colonies of the Russian Federation",
        introduction=RUSSIAN_INTRODUCTION,
        item=RUSSIAN_RECOMMENDATION,
        by=secretariat,
    )
    russian = _publish(
        russian, secretariat=secretariat, committee=committee, today=today, response=RUSSIAN_RESPONSE
    )
    english = _report(
        title="Report on the periodic visit to remand prisons",
        introduction=ENGLISH_INTRODUCTION,
        item="The authorities should end overcrowding in remand prisons.",
        by=secretariat,
    )
    english = _publish(english, secretariat=secretariat, committee=committee, today=today)
    draft = _report(
        title="Draft report on the ad hoc visit",
        introduction=f"{MARKER} Делегация услышала о пытках в изоляторе временного содержания.",
        item=f"{MARKER} Положить конец пыткам.",
        by=secretariat,
    )
    from custodiet.reports.models import PublicStatement
    from custodiet.treaties.models import MonitoringBody, State

    statement = PublicStatement.objects.create(
        body=MonitoringBody.objects.get(code="CPT"),
        state=State.objects.get(code="RU"),
        origin="reference",
        title="Public statement concerning the Chechen Republic",
        decided_on=date(2019, 3, 1),
        decided_precision="month",
        subject="Chechen Republic",
        text="The Committee found a persistent failure to cooperate on ill-treatment in police custody.",
        source="https://www.coe.int/en/web/cpt/russian-federation",
    )
    from custodiet.intake.tests.conftest import FIXTURES

    intake_add(paths=[FIXTURES / "ru_denunciation.txt"])
    intake_upload(
        files=[],
        text=(
            "Президент подписал 29 сентября 2025 года закон о денонсации Европейской конвенции по "
            "предупреждению пыток. Государственная дума одобрила закон 17 сентября 2025 года."
        ),
        meta={
            "title": "Путин подписал закон о денонсации конвенции",
            "url": "https://example.org/news/signed",
            "published": "2025-09-29",
        },
    )
    intake_add(paths=[FIXTURES / "echr_2022.txt"])  # another event, left unpublished
    from custodiet.intake.models import Document

    signed = Document.objects.get(url="https://example.org/news/signed")
    from_file = Document.objects.get(origin__endswith="ru_denunciation.txt")
    event = signed.event
    assert event is not None and from_file.event_id == event.pk, "both sources belong to one event"
    unpublished = Document.objects.get(origin__endswith="echr_2022.txt").event
    assert unpublished is not None and unpublished.pk != event.pk
    timeline_publish(event=event, summary="The Russian Federation's law denouncing the ECPT.", by=secretariat)
    return Corpus(
        russian,
        english,
        draft,
        statement,
        event,
        unpublished,
        secretariat,
        signed_source=f"source:{event.pk}.{signed.pk}",
        file_source=f"source:{event.pk}.{from_file.pk}",
    )
