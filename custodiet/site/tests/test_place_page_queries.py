"""A place's page costs the same number of queries whatever the place's record: 2 or 60 visits, with
their measurements and findings (more than the page shows of each), for a reader who sees visits and
for one who does not. Pinned here so that an N+1 fails a test before it reaches the 10,000-place
benchmark (bench/bench_places_visits.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import Role
from custodiet.places.models import Place, PopulationRecord
from custodiet.site.views import VISITS_SHOWN
from custodiet.standards.models import Finding, Measurement, MeasurementKind, Standard
from custodiet.standards.services import standards_load
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.models import ItineraryStop, Visit, VisitStatus

pytestmark = pytest.mark.django_db

# session, user, the place, its population history, its visits, measurements and findings by year,
# the latest measurements and findings, findings by standard, the standards' titles
WITH_VISITS = 11
WITHOUT_VISITS = 4  # session, user, the place, its population history


@pytest.fixture
def place(reference_data: Any) -> Place:
    standards_load()
    return Place.objects.create(
        ref="RU-BENCH-1",
        name_local="ИК-1",
        name_en="Colony No. 1",
        type="penal_colony",
        state=State.objects.get(code="RU"),
        capacity=800,
    )


def grow(place: Place, visits: int) -> None:
    """``visits`` completed visits that stopped at the place, each with one measurement and one finding,
    and a population figure a year: written directly (the rules are not under test here)."""
    body = MonitoringBody.objects.get(code="CPT")
    start = date(2000, 1, 3)
    made = Visit.objects.bulk_create(
        Visit(
            body=body,
            state=place.state,
            kind="periodic",
            status=VisitStatus.COMPLETED,
            title=f"Visit {n}",
            planned_start=start + timedelta(days=60 * n),
            planned_end=start + timedelta(days=60 * n + 9),
        )
        for n in range(visits)
    )
    ItineraryStop.objects.bulk_create(ItineraryStop(visit=visit, place=place) for visit in made)
    standard = Standard.objects.filter(measure=MeasurementKind.CELL_SPACE).first()
    assert standard is not None
    for visit in made:
        measurement = Measurement.objects.create(
            visit=visit,
            place=place,
            kind=MeasurementKind.CELL_SPACE,
            location="Cell 7",
            measured_on=visit.planned_start,
            values={"area_m2": 9.0, "occupants": 4},
        )
        Finding.objects.create(
            visit=visit,
            place=place,
            measurement=measurement,
            standard=standard,
            location="Cell 7",
            observed_on=visit.planned_start,
            text="Cell 7: 4 people in 9 m²",
        )
    PopulationRecord.objects.bulk_create(
        PopulationRecord(place=place, on=date(2000 + n, 1, 1), population=700 + n, source="s")
        for n in range(min(visits, 25))
    )


@pytest.mark.parametrize("visits", [2, 60])
def test_the_place_page_costs_the_same_for_2_or_60_visits(
    client: Client, make_user: Any, place: Place, visits: int, django_assert_num_queries: Any
) -> None:
    grow(place, visits)
    client.force_login(make_user(Role.SECRETARIAT))
    with django_assert_num_queries(WITH_VISITS):
        response = client.get(reverse("places:place_detail", args=[place.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    visit_rows = re.findall(r'<tr><td><a href="/visits/\d+/">Visit \d+</a></td>', text)
    assert len(visit_rows) == min(visits, VISITS_SHOWN)  # the most recent ones, no more
    assert f"<strong>{visits}</strong> findings" in text  # counted in full, though not all are listed


@pytest.mark.parametrize("visits", [2, 60])
def test_a_reader_who_may_not_see_visits_costs_fewer_queries_and_sees_none(
    client: Client, make_user: Any, place: Place, visits: int, django_assert_num_queries: Any
) -> None:
    grow(place, visits)
    client.force_login(make_user(Role.ANALYST))
    with django_assert_num_queries(WITHOUT_VISITS):
        response = client.get(reverse("places:place_detail", args=[place.pk]))
    assert response.status_code == 200
    assert "Visit 1" not in response.content.decode()
