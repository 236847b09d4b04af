"""The visit list and the visit page cost a fixed number of queries, whatever the number of visits,
stops, notifications, events and observations: pinned here, so that an N+1 fails a test before it
reaches the 50,000-visit benchmark."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from custodiet.visits.models import (
    AccessEvent,
    DelegationMember,
    ImmediateObservation,
    ItineraryStop,
    Notification,
    Objection,
    Visit,
)

pytestmark = pytest.mark.django_db

# session, user, count, the page of visits, access problems for the page, states and bodies for the filters
LIST_QUERIES = 7
NAMED_STATE = 1  # a State named in the filter (?state=RU, RUS or its name) is looked up once
# session, user, visit with body/state, six prefetches (+ notification places), instruments and the state's
# treaty actions for the gate
DETAIL_QUERIES = 20  # 13 for the visit (the treaty gate reads the charts' completeness), 5 for its measurements and findings, 2 for the interview links
API_LIST_QUERIES = 4  # session, user, count, page
API_DETAIL_QUERIES = 13  # as the page, without the filters


def many_visits(count: int, *, bodies: dict[str, Any], russia: Any, secretariat: Any) -> None:
    start = date(2019, 1, 7)
    Visit.objects.bulk_create(
        Visit(
            body=bodies["CPT"],
            state=russia,
            kind=("periodic", "ad_hoc", "follow_up")[number % 3],
            status=("planned", "notified", "completed")[number % 3],
            title=f"Visit {number}",
            planned_start=start + timedelta(days=7 * number),
            planned_end=start + timedelta(days=7 * number + 4),
            planned_by=secretariat,
        )
        for number in range(count)
    )
    first = Visit.objects.order_by("pk").first()
    assert first is not None
    moment = timezone.make_aware(datetime.combine(first.planned_start, time(10)))
    AccessEvent.objects.bulk_create(
        AccessEvent(
            visit=visit, kind=kind, occurred_at=moment, delay_minutes=30 if kind == "delayed" else None
        )
        for visit in Visit.objects.filter(title__startswith="Visit ")[:20]
        for kind in ("refused", "delayed")
    )


def fill(visit: Visit, places: list[Any], count: int) -> None:
    """``count`` of every part of a visit's record, written directly: the rules are not under test here."""
    moment = timezone.make_aware(datetime.combine(visit.planned_start, time(10)))
    DelegationMember.objects.bulk_create(
        DelegationMember(visit=visit, name=f"Member {n}", role="member") for n in range(count)
    )
    ItineraryStop.objects.bulk_create(
        ItineraryStop(visit=visit, place=places[n % 3], planned_on=visit.planned_start) for n in range(count)
    )
    for n in range(count):
        notification = Notification.objects.create(visit=visit, subject="places", notified_at=moment)
        notification.places.set(places[: 1 + n % 3])
    AccessEvent.objects.bulk_create(
        AccessEvent(visit=visit, place=places[n % 3], kind="refused", occurred_at=moment)
        for n in range(count)
    )
    Objection.objects.bulk_create(
        Objection(
            visit=visit, ground="public_safety", article="Art. 9(1) ECPT", raised_on=visit.planned_start
        )
        for n in range(count)
    )
    ImmediateObservation.objects.bulk_create(
        ImmediateObservation(
            visit=visit,
            communicated_on=visit.planned_start,
            response_due=visit.planned_start + timedelta(days=30),
            text=f"Observation {n}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [3, 120])
def test_the_list_page_costs_the_same_for_3_or_120_visits(
    client: Client,
    secretariat: Any,
    bodies: dict[str, Any],
    russia: Any,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    many_visits(count, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(secretariat)
    with django_assert_num_queries(LIST_QUERIES + NAMED_STATE):
        response = client.get(reverse("visits:visit_list"), {"state": "RU", "page": 2 if count > 50 else 1})
    assert response.status_code == 200
    shown = min(count - 50, 50) if count > 50 else count
    assert len(re.findall(r'href="/visits/\d+/"', response.content.decode())) == shown


def test_a_delegation_members_list_costs_the_same(
    client: Client,
    notified_visit: Any,
    delegation_user: Any,
    bodies: dict[str, Any],
    russia: Any,
    secretariat: Any,
    django_assert_num_queries: Any,
) -> None:
    many_visits(60, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(delegation_user)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("visits:visit_list"))
    assert notified_visit.title in response.content.decode() and "Visit 7" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_the_visit_page_costs_the_same_for_1_or_25_of_everything(
    client: Client,
    secretariat: Any,
    notified_visit: Any,
    places: list[Any],
    count: int,
    django_assert_num_queries: Any,
) -> None:
    fill(notified_visit, places, count)
    client.force_login(secretariat)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("visits:visit_detail", args=[notified_visit.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-kind="refused"') == count


@pytest.mark.parametrize("count", [1, 25])
def test_the_api_costs_the_same_whatever_the_size(
    client: Client,
    secretariat: Any,
    notified_visit: Any,
    places: list[Any],
    bodies: dict[str, Any],
    russia: Any,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    fill(notified_visit, places, count)
    many_visits(count * 4, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(secretariat)
    with django_assert_num_queries(API_DETAIL_QUERIES):
        detail = client.get(reverse("visits-api:visit_detail", args=[notified_visit.pk]))
    assert len(detail.json()["access_events"]) == count
    with django_assert_num_queries(API_LIST_QUERIES):
        listed = client.get(reverse("visits-api:visit_list"), {"limit": 50})
    assert listed.json()["count"] == count * 4 + 1
