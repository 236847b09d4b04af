"""The refusal matrix: every visit page and endpoint against the roles that must be refused, the
delegation member of another visit (404), and committee members (read, never plan or record)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import Role
from custodiet.visits import services
from custodiet.visits.models import Visit
from custodiet.visits.tests.conftest import local

pytestmark = pytest.mark.django_db
REFUSED = (Role.ANALYST, Role.STATE_LIAISON, Role.PUBLIC)


@pytest.fixture
def record(
    notified_visit: Any, places: list[Any], secretariat: Any, delegation_user: Any, today: Any
) -> dict[str, Any]:
    """The visit with one of everything, so that every URL has an object to point at."""
    stop = services.itinerary_add(visit=notified_visit, place=places[0], by=secretariat)
    services.stop_arrive(stop=stop, at=local(today - timedelta(days=1), 9), by=secretariat)
    member = notified_visit.delegation.get(user=delegation_user)
    observation = services.observation_record(
        visit=notified_visit, communicated_on=today, text="Observations.", by=secretariat
    )
    return {"visit": notified_visit, "stop": stop, "member": member, "observation": observation}


def pages(record: dict[str, Any]) -> dict[str, list[str]]:
    """Page URLs by the capability they need."""
    pk = record["visit"].pk
    return {
        "view": [reverse("visits:visit_list"), reverse("visits:visit_detail", args=[pk])],
        "plan": [
            reverse("visits:visit_plan"),
            reverse("visits:visit_edit", args=[pk]),
            reverse("visits:visit_status", args=[pk]),
            reverse("visits:delegation_add", args=[pk]),
            reverse("visits:delegation_remove", args=[pk, record["member"].pk]),
            reverse("visits:itinerary_add", args=[pk]),
            reverse("visits:notification_record", args=[pk]),
            reverse("visits:objection_record", args=[pk]),
            reverse("visits:observation_answer", args=[pk, record["observation"].pk]),
        ],
        "record": [
            reverse("visits:stop_arrive", args=[pk, record["stop"].pk]),
            reverse("visits:stop_depart", args=[pk, record["stop"].pk]),
            reverse("visits:access_event_record", args=[pk]),
            reverse("visits:observation_record", args=[pk]),
        ],
    }


def endpoints(record: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    pk = record["visit"].pk
    return {
        "view": [
            ("get", reverse("visits-api:visit_list")),
            ("get", reverse("visits-api:visit_detail", args=[pk])),
        ],
        "plan": [
            ("post", reverse("visits-api:visit_list")),
            ("patch", reverse("visits-api:visit_detail", args=[pk])),
            ("post", reverse("visits-api:visit_status", args=[pk])),
            ("post", reverse("visits-api:delegation", args=[pk])),
            ("delete", reverse("visits-api:delegation_member", args=[pk, record["member"].pk])),
            ("post", reverse("visits-api:itinerary", args=[pk])),
            ("post", reverse("visits-api:notifications", args=[pk])),
            ("post", reverse("visits-api:objections", args=[pk])),
            ("post", reverse("visits-api:observation_answer", args=[pk, record["observation"].pk])),
        ],
        "record": [
            ("post", reverse("visits-api:stop_arrival", args=[pk, record["stop"].pk])),
            ("post", reverse("visits-api:stop_departure", args=[pk, record["stop"].pk])),
            ("post", reverse("visits-api:access_events", args=[pk])),
            ("post", reverse("visits-api:observations", args=[pk])),
        ],
    }


def every(groups: dict[str, list[Any]]) -> list[Any]:
    return [item for items in groups.values() for item in items]


def call(client: Client, method: str, url: str) -> int:
    return getattr(client, method)(url, {}, content_type="application/json").status_code


def test_anonymous_visitors_are_sent_to_the_login_page_and_refused_by_the_api(
    client: Client, record: dict[str, Any]
) -> None:
    for url in every(pages(record)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"]
        assert client.post(url, {}).status_code == 302, url
    for method, url in every(endpoints(record)):
        assert call(client, method, url) == 403, (method, url)


@pytest.mark.parametrize("role", REFUSED)
def test_refused_roles_get_403_on_every_page_and_endpoint(
    client: Client, record: dict[str, Any], users: dict[str, Any], role: str
) -> None:
    client.force_login(users[role])
    for url in every(pages(record)):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"status": "cancelled"}).status_code == 403, url
    for method, url in every(endpoints(record)):
        assert call(client, method, url) == 403, (method, url)
    record["visit"].refresh_from_db()
    assert record["visit"].status == "under_way"


def test_a_delegation_member_of_another_visit_gets_404(
    client: Client,
    record: dict[str, Any],
    make_user: Any,
    bodies: Any,
    russia: Any,
    secretariat: Any,
    today: Any,
) -> None:
    outsider = make_user(Role.DELEGATION_MEMBER, username="other-monitor")
    other = services.visit_plan(
        body=bodies["CPT"],
        state=russia,
        time_zone="Europe/Moscow",
        kind="ad_hoc",
        planned_start=today,
        planned_end=today + timedelta(days=2),
        by=secretariat,
    ).visit
    services.delegation_add(visit=other, role="expert", user=outsider, by=secretariat)
    client.force_login(outsider)
    assert client.get(reverse("visits:visit_list")).status_code == 200
    assert record["visit"].title not in client.get(reverse("visits:visit_list")).content.decode()
    for url in [pages(record)["view"][1], *pages(record)["record"]]:
        assert client.get(url).status_code == 404, url
    for method, url in [endpoints(record)["view"][1], *endpoints(record)["record"]]:
        assert call(client, method, url) == 404, (method, url)
    listed = client.get(reverse("visits-api:visit_list")).json()
    assert [row["id"] for row in listed["results"]] == [other.pk]
    for url in pages(record)["plan"]:
        assert client.get(url).status_code == 403, url


def test_a_delegation_member_reads_and_records_on_their_own_visit_but_does_not_plan(
    client: Client, record: dict[str, Any], delegation_user: Any
) -> None:
    client.force_login(delegation_user)
    for url in [*pages(record)["view"], *pages(record)["record"]]:
        assert client.get(url).status_code == 200, url
    for url in pages(record)["plan"]:
        assert client.get(url).status_code == 403, url
    for method, url in endpoints(record)["plan"]:
        assert call(client, method, url) == 403, (method, url)
    assert call(client, "get", endpoints(record)["view"][1][1]) == 200


def test_a_committee_member_reads_every_visit_but_neither_plans_nor_records(
    client: Client, record: dict[str, Any], users: dict[str, Any]
) -> None:
    client.force_login(users[Role.COMMITTEE_MEMBER])
    for url in pages(record)["view"]:
        assert client.get(url).status_code == 200, url
    for url in [*pages(record)["plan"], *pages(record)["record"]]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    for method, url in endpoints(record)["view"]:
        assert call(client, method, url) == 200, url
    for method, url in [*endpoints(record)["plan"], *endpoints(record)["record"]]:
        assert call(client, method, url) == 403, (method, url)
    assert Visit.objects.count() == 1


@pytest.mark.parametrize("role", (Role.SECRETARIAT, Role.ADMINISTRATOR))
def test_the_secretariat_and_administrators_open_every_page(
    client: Client, record: dict[str, Any], users: dict[str, Any], role: str
) -> None:
    client.force_login(users[role])
    for url in every(pages(record)):
        assert client.get(url).status_code == 200, url
