"""A NUL character in any input is refused with a 400 and changes nothing, on SQLite and on PostgreSQL alike
(PostgreSQL cannot store or compare one: without the check, a query parameter or a JSON string holding one
was a server error there; schemathesis found it)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from custodiet.core.models import Role
from custodiet.visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(reference_data: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user(Role.SECRETARIAT))
    return client


def test_a_query_parameter_holding_nul_is_refused_by_the_api(secretariat: Client) -> None:
    response = secretariat.get("/api/visits/", {"body": "CPT\x00", "year": "2026"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_json_string_holding_nul_is_refused_and_nothing_is_created(secretariat: Client) -> None:
    body = json.dumps(
        {"body": "CPT", "state": "RU", "kind": "periodic", "title": "A\u0000B", "planned_start": "2026-12-01"}
    )
    response = secretariat.post("/api/visits/", body, content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert not Visit.objects.exists()


def test_an_escaped_backslash_before_u0000_is_text_not_nul(secretariat: Client) -> None:
    body = json.dumps({"body": "CPT\\u0000"})  # the characters backslash, u, 0, 0, 0, 0: allowed through
    response = secretariat.post("/api/visits/", body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" not in json.dumps(response.json())  # refused by the serializer for its own reasons


def test_a_page_query_or_form_holding_nul_gets_the_styled_400_page(secretariat: Client) -> None:
    page = secretariat.get("/treaties/states/", {"q": "Rus\x00sia"})
    assert page.status_code == 400
    assert b"site.css" in page.content  # the application's own 400 page, with the menu
    form = secretariat.post("/visits/plan/", {"title": "x\x00y"})
    assert form.status_code == 400
    assert not Visit.objects.exists()
