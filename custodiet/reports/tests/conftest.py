"""Fixtures of the report tests: a completed CPT visit to the Russian Federation with its delegation,
itinerary, access problems and findings; a user per role, with a liaison of the Russian Federation and
one of Ukraine; and the report at each step of its life, built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from custodiet.core.models import Role

ROLES = (
    "administrator",
    "secretariat",
    "committee_member",
    "delegation_member",
    "analyst",
    "state_liaison",
    "other_liaison",
    "public",
    "anonymous",
)


def local(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def russia(reference_data: Any) -> Any:
    from custodiet.treaties.models import State

    return State.objects.get(code="RU")


@pytest.fixture
def ukraine(reference_data: Any) -> Any:
    from custodiet.treaties.models import State

    return State.objects.get(code="UA")


@pytest.fixture
def cpt(reference_data: Any) -> Any:
    from custodiet.treaties.models import MonitoringBody

    return MonitoringBody.objects.select_related("instrument").get(code="CPT")


@pytest.fixture
def standards(db: Any) -> dict[str, Any]:
    from custodiet.standards.models import Standard
    from custodiet.standards.services import standards_load

    standards_load()
    return {standard.code: standard for standard in Standard.objects.all()}


@pytest.fixture
def places(russia: Any, ukraine: Any) -> list[Any]:
    from custodiet.places.models import Place

    return [
        Place.objects.create(
            ref="RU-MOW-SIZO-1",
            name_local="СИЗО-1 «Матросская тишина»",
            name_en="Pre-trial centre No. 1",
            type="pre_trial",
            authority="Federal Penitentiary Service",
            state=russia,
        ),
        Place.objects.create(
            ref="RU-MOW-OVD-7",
            name_local="ОВД Тверской",
            name_en="Tverskoy police station",
            type="police",
            authority="Ministry of Internal Affairs",
            state=russia,
        ),
        Place.objects.create(
            ref="UA-KYI-SIZO",
            name_local="Київський СІЗО",  # noqa: RUF001 - Ukrainian, not look-alike Latin
            name_en="Kyiv pre-trial centre",
            type="pre_trial",
            state=ukraine,
        ),
    ]


@pytest.fixture
def users(make_user: Any, russia: Any, ukraine: Any) -> dict[str, Any]:
    """One account per role; ``state_liaison`` answers for the Russian Federation, ``other_liaison``
    for Ukraine. ``anonymous`` is None."""
    from custodiet.reports.models import LiaisonAssignment

    made: dict[str, Any] = {role: make_user(role, username=role) for role in Role.values}
    made["state_liaison"].email = "liaison@example.org"
    made["state_liaison"].save()
    made["other_liaison"] = make_user(Role.STATE_LIAISON, username="other_liaison")
    LiaisonAssignment.objects.create(user=made["state_liaison"], state=russia, assigned_on=date(2024, 1, 1))
    LiaisonAssignment.objects.create(user=made["other_liaison"], state=ukraine, assigned_on=date(2024, 1, 1))
    made["anonymous"] = None
    return made


@pytest.fixture
def secretariat(users: dict[str, Any]) -> Any:
    return users["secretariat"]


@pytest.fixture
def visit(cpt: Any, russia: Any, places: list[Any], standards: dict[str, Any], today: date) -> Any:
    """A completed CPT periodic visit to the Russian Federation, 100 to 90 days ago, with its delegation,
    two places, a refusal of access, an objection, immediate observations and four findings."""
    from custodiet.visits.models import DelegationMember, ItineraryStop, Visit

    start, end = today - timedelta(days=100), today - timedelta(days=90)
    made = Visit.objects.create(
        body=cpt,
        state=russia,
        kind="periodic",
        status="completed",
        title="Periodic visit to the Russian Federation",
        planned_start=start,
        planned_end=end,
        started_on=start,
        ended_on=end,
    )
    DelegationMember.objects.create(visit=made, name="Anna Member", role="head")
    DelegationMember.objects.create(visit=made, name="Pierre Expert", role="expert", expertise="doctor")
    for place in places[:2]:
        ItineraryStop.objects.create(visit=made, place=place, planned_on=start)
    _record_cooperation(made, places, start, end)
    _record_findings(made, places, standards, start)
    return made


def _record_cooperation(visit: Any, places: list[Any], start: date, end: date) -> None:
    """A refusal of access, an objection and immediate observations awaiting their answer."""
    from custodiet.visits.models import AccessEvent, ImmediateObservation, Objection

    AccessEvent.objects.create(
        visit=visit,
        place=places[1],
        kind="refused",
        occurred_at=local(start + timedelta(days=1)),
        description="The duty officer refused entry for two hours.",
    )
    Objection.objects.create(
        visit=visit,
        place=places[0],
        ground="serious_disorder",
        article="Art. 9(1)",
        raised_on=start + timedelta(days=2),
        explanation="A disturbance was said to be under way.",
    )
    ImmediateObservation.objects.create(
        visit=visit,
        communicated_on=end,
        text="Provide outdoor exercise daily.",
        response_due=end + timedelta(days=30),
    )


def _record_findings(visit: Any, places: list[Any], standards: dict[str, Any], start: date) -> None:
    """Two cells below the CPT's living space, outdoor exercise below an hour, and a finding of the
    delegation's own."""
    from custodiet.standards.models import Finding, Measurement

    space = standards["cpt-space-multiple"]
    for place, location in ((places[0], "cell 12"), (places[0], "cell 14")):
        measurement = Measurement.objects.create(
            visit=visit, place=place, kind="cell_space", measured_on=start, values={}
        )
        Finding.objects.create(
            visit=visit,
            place=place,
            measurement=measurement,
            standard=space,
            location=location,
            observed_on=start,
            observed=Decimal("2.5"),
            required=Decimal("4"),
            unit="m²",
            shortfall=Decimal("1.5"),
            text=f"Living space of 2.5 m² per prisoner in {location}, below 4 m².",
        )
    exercise = Measurement.objects.create(
        visit=visit, place=places[0], kind="outdoor_exercise", measured_on=start, values={}
    )
    Finding.objects.create(
        visit=visit,
        place=places[0],
        measurement=exercise,
        standard=standards["cpt-outdoor-exercise"],
        observed_on=start,
        text="Outdoor exercise of 30 minutes a day, below one hour.",
    )
    Finding.objects.create(
        visit=visit,
        place=places[1],
        origin="delegation",
        observed_on=start,
        text="Custody records were incomplete.",
    )


@dataclass
class Steps:
    """A report and the days of its steps."""

    report: Any
    adopted_on: date
    transmitted_on: date


@pytest.fixture
def draft(visit: Any, secretariat: Any) -> Any:
    from custodiet.reports.services import report_create_from_visit

    return report_create_from_visit(visit=visit, by=secretariat)


@pytest.fixture
def adopted(draft: Any, users: dict[str, Any], today: date) -> Any:
    from custodiet.reports.services import report_adopt

    return report_adopt(
        report=draft,
        adopted_on=today - timedelta(days=60),
        votes_for=10,
        votes_against=1,
        abstentions=1,
        by=users["committee_member"],
    )


@pytest.fixture
def transmitted(adopted: Any, secretariat: Any, today: date) -> Any:
    from custodiet.reports.services import report_transmit

    return report_transmit(report=adopted, transmitted_on=today - timedelta(days=50), by=secretariat)


@pytest.fixture
def answered(transmitted: Any, users: dict[str, Any], today: date) -> Any:
    from custodiet.reports.services import Answer, response_record

    response_record(
        report=transmitted,
        received_on=today - timedelta(days=10),
        summary="The authorities have taken note of the report.",
        answers={1: Answer("A new detention block is under construction.", ("plan-2025.pdf",))},
        by=users["state_liaison"],
    )
    transmitted.refresh_from_db()
    return transmitted


@pytest.fixture
def overdue_report(adopted: Any, secretariat: Any, today: date) -> Any:
    """Transmitted 50 days ago with 30 days to answer: 20 days overdue."""
    from custodiet.reports.services import report_transmit

    return report_transmit(
        report=adopted,
        transmitted_on=today - timedelta(days=50),
        response_due=today - timedelta(days=20),
        by=secretariat,
    )


@pytest.fixture
def published(answered: Any, users: dict[str, Any], secretariat: Any, today: date) -> Any:
    from custodiet.reports.services import publication_request_record, report_publish

    publication_request_record(
        report=answered,
        requested_on=today - timedelta(days=5),
        reference="Note verbale No. 123",
        by=users["state_liaison"],
    )
    return report_publish(report=answered, published_on=today, by=secretariat)
