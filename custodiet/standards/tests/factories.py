"""Test data for the standards tests, made directly with the ORM (the visits and places services are
another app's and may change): states, a monitoring body, places, visits with their delegation and itinerary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from custodiet.core.models import User
from custodiet.places.models import Place, PopulationRecord
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.models import DelegationMember, ItineraryStop, Visit

PASSWORD = "a-long-test-password"


def today() -> date:
    return timezone.localdate()


def user(role: str, username: str | None = None) -> User:
    return User.objects.create_user(username=username or role, password=PASSWORD, role=role)


def state() -> State:
    found, _ = State.objects.get_or_create(
        code="RU",
        defaults={"code3": "RUS", "name_en": "Russian Federation", "name_fr": "Fédération de Russie"},
    )
    return found


def body() -> MonitoringBody:
    found, _ = MonitoringBody.objects.get_or_create(
        code="NPM-TEST",
        defaults={
            "name": "A national preventive mechanism",
            "kind": "domestic",
            "basis": "domestic_law",
            "source": "test",
        },
    )
    return found


def place(
    ref: str, kind: str = "pre_trial", name: str = "", population: int | None = None, on: date | None = None
) -> Place:
    created = Place.objects.create(
        ref=ref, name_local=name or ref, name_en=name or ref, type=kind, state=state()
    )
    if population is not None:
        PopulationRecord.objects.create(
            place=created, on=on or today() - timedelta(days=30), population=population, source="test"
        )
    return created


def visit(
    *, places: list[Place], members: tuple[User, ...] = (), started: int | None = 3, **fields: Any
) -> Visit:
    """A visit under way since `started` days ago (None: planned only, around today)."""
    start = today() - timedelta(days=started if started is not None else 2)
    values: dict[str, Any] = {
        "body": body(),
        "state": state(),
        "kind": "periodic",
        "status": "under_way" if started is not None else "planned",
        "title": fields.pop("title", f"Visit {Visit.objects.count() + 1}"),
        "planned_start": start,
        "planned_end": start + timedelta(days=10),
        "started_on": start if started is not None else None,
    }
    values.update(fields)
    created = Visit.objects.create(**values)
    for stop in places:
        ItineraryStop.objects.create(visit=created, place=stop)
    for number, member in enumerate(members):
        DelegationMember.objects.create(
            visit=created, name=f"Member {number} {member.username}", role="member", user=member
        )
    return created
