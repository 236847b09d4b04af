"""Fixtures of the visit tests: places in the Russian Federation, a user per role, and a CPT visit
around today (planned, then notified), built through the services on the reference data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from custodiet.core.models import Role


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
def bodies(reference_data: Any) -> dict[str, Any]:
    from custodiet.treaties.models import MonitoringBody

    return {body.code: body for body in MonitoringBody.objects.select_related("instrument", "state")}


@pytest.fixture
def places(russia: Any) -> list[Any]:
    from custodiet.places.models import Place
    from custodiet.treaties.models import State

    made = [
        Place.objects.create(
            ref="RU-MOW-SIZO-1",
            name_local="СИЗО-1 «Матросская тишина»",
            name_en="Pre-trial centre No. 1",
            type="pre_trial",
            state=russia,
        ),
        Place.objects.create(
            ref="RU-MOW-PSY-1",
            name_local="Психиатрическая больница № 1",
            name_en="Psychiatric hospital No. 1",
            type="psychiatric",
            state=russia,
        ),
        Place.objects.create(
            ref="RU-MOW-OVD-7",
            name_local="ОВД Тверской",
            name_en="Tverskoy police station",
            type="police",
            state=russia,
        ),
    ]
    made.append(
        Place.objects.create(
            ref="UA-KYI-SIZO",
            name_local="Київський СІЗО",  # noqa: RUF001 - Ukrainian, not look-alike Latin
            name_en="Kyiv pre-trial centre",
            type="pre_trial",
            state=State.objects.get(code="UA"),
        )
    )
    return made


@pytest.fixture
def users(make_user: Any) -> dict[str, Any]:
    return {role: make_user(role, username=role) for role in Role.values}


@pytest.fixture
def secretariat(users: dict[str, Any]) -> Any:
    return users[Role.SECRETARIAT]


@pytest.fixture
def visit(bodies: dict[str, Any], russia: Any, secretariat: Any, today: date) -> Any:
    """A CPT periodic visit to the Russian Federation from five days ago to five days ahead (planned)."""
    from custodiet.visits.services import visit_plan

    return visit_plan(
        body=bodies["CPT"],
        state=russia,
        time_zone="Europe/Moscow",
        kind="periodic",
        planned_start=today - timedelta(days=5),
        planned_end=today + timedelta(days=5),
        title="Periodic visit to the Russian Federation",
        by=secretariat,
    ).visit


@pytest.fixture
def notified_visit(visit: Any, secretariat: Any, today: date) -> Any:
    from custodiet.visits.services import notification_record

    notification_record(
        visit=visit, subject="visit", notified_at=local(today - timedelta(days=30)), by=secretariat
    )
    visit.refresh_from_db()
    return visit


@pytest.fixture
def delegation_user(notified_visit: Any, users: dict[str, Any], secretariat: Any) -> Any:
    """A delegation member's account on the notified visit."""
    from custodiet.visits.services import delegation_add

    member = users[Role.DELEGATION_MEMBER]
    delegation_add(
        visit=notified_visit, role="expert", user=member, expertise="forensic doctor", by=secretariat
    )
    return member
