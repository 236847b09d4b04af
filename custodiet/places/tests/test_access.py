"""The refusal matrix: every page and endpoint of the register against every role and anonymous visitors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from custodiet.core.models import Role, User
from custodiet.places.models import Place, PopulationRecord

pytestmark = pytest.mark.django_db
READERS = (Role.ADMINISTRATOR, Role.SECRETARIAT, Role.COMMITTEE_MEMBER, Role.DELEGATION_MEMBER, Role.ANALYST)
EDITORS = (Role.ADMINISTRATOR, Role.SECRETARIAT)
OUTSIDERS = (Role.STATE_LIAISON, Role.PUBLIC)
READ_ONLY = (Role.COMMITTEE_MEMBER, Role.DELEGATION_MEMBER, Role.ANALYST)


@pytest.fixture
def users(db: Any) -> dict[str, User]:
    return {
        role: User.objects.create_user(username=role, password="a-long-test-password", role=role)
        for role in Role.values
    }


@pytest.fixture
def place(make_place: Any) -> Place:
    return make_place(capacity=100)


def read_pages(place: Place) -> list[str]:
    return [reverse("places:place_list"), reverse("places:place_detail", args=[place.pk])]


def write_pages(place: Place) -> list[str]:
    return [
        reverse("places:place_create"),
        reverse("places:place_edit", args=[place.pk]),
        reverse("places:population_add", args=[place.pk]),
        reverse("places:place_import"),
    ]


def read_endpoints(place: Place) -> list[str]:
    return [reverse("places-api:place_list"), reverse("places-api:place_detail", args=[place.pk])]


def write_endpoints(place: Place) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (
            "post",
            reverse("places-api:place_list"),
            {"ref": "HIJACK", "name_local": "x", "type": "prison", "state": "RU"},
        ),
        ("patch", reverse("places-api:place_detail", args=[place.pk]), {"name_en": "Hijacked"}),
        (
            "post",
            reverse("places-api:population_add", args=[place.pk]),
            {"on": "2024-01-01", "population": 1, "source": "x"},
        ),
    ]


def assert_untouched(place: Place) -> None:
    place.refresh_from_db()
    assert place.name_en == "SIZO-2 Butyrka" and place.capacity == 100
    assert not Place.objects.filter(ref="HIJACK").exists()
    assert not PopulationRecord.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client: Any, place: Place) -> None:
    for url in read_pages(place) + write_pages(place):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url
        response = client.post(url, {"name_en": "Hijacked"})
        assert response.status_code == 302, url
    assert_untouched(place)


def test_anonymous_callers_get_403_from_the_api(client: Any, place: Place) -> None:
    for url in read_endpoints(place):
        assert client.get(url).status_code == 403, url
    for method, url, payload in write_endpoints(place):
        assert getattr(client, method)(url, payload, content_type="application/json").status_code == 403, url
    assert_untouched(place)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_state_liaisons_and_the_public_are_refused_everywhere(
    client: Any, users: Any, place: Place, role: str
) -> None:
    client.force_login(users[role])
    for url in read_pages(place) + write_pages(place):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name_en": "Hijacked"}).status_code == 403, url
    for url in read_endpoints(place):
        assert client.get(url).status_code == 403, url
    for method, url, payload in write_endpoints(place):
        assert getattr(client, method)(url, payload, content_type="application/json").status_code == 403, url
    assert_untouched(place)


@pytest.mark.parametrize("role", READ_ONLY)
def test_committee_delegation_and_analysts_may_read_but_not_write(
    client: Any, users: Any, place: Place, role: str
) -> None:
    client.force_login(users[role])
    for url in read_pages(place):
        assert client.get(url).status_code == 200, url
    for url in read_endpoints(place):
        assert client.get(url).status_code == 200, url
    for url in write_pages(place):
        assert client.get(url).status_code == 403, url
        assert (
            client.post(
                url, {"ref": "HIJACK", "name_local": "x", "type": "prison", "state": "RU"}
            ).status_code
            == 403
        )
    for method, url, payload in write_endpoints(place):
        assert getattr(client, method)(url, payload, content_type="application/json").status_code == 403, url
    assert_untouched(place)
    assert (
        reverse("places:place_edit", args=[place.pk]) not in client.get(read_pages(place)[1]).content.decode()
    )


@pytest.mark.parametrize("role", EDITORS)
def test_the_secretariat_and_administrators_may_use_every_page_and_endpoint(
    client: Any, users: Any, place: Place, role: str
) -> None:
    client.force_login(users[role])
    for url in read_pages(place) + write_pages(place):
        assert client.get(url).status_code == 200, url
    expected = {"post": 201, "patch": 200}
    for method, url, payload in write_endpoints(place):
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == expected[method], (url, response.content)
    assert PopulationRecord.objects.get(on=date(2024, 1, 1)).population == 1


def test_writes_need_csrf_in_the_browser(client: Any, users: Any, place: Place) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users[Role.SECRETARIAT])
    response = browser.post(
        reverse("places:population_add", args=[place.pk]),
        {"on": "2024-01-01", "population": 1, "source": "x"},
    )
    assert response.status_code == 403
    assert not PopulationRecord.objects.exists()
