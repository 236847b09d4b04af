"""The role matrix: every testimony page and API endpoint against every role, and against both sides
of the delegation rule (a committee or delegation member on the visit's delegation, and one on
another visit's). Anonymous visitors are sent to the login page (pages) or refused (API); a role
without the capability gets 403; an interview, visit or risk the user may not read is a 404, so
that its existence is not told. No refusal carries a word of testimony."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.testimony.tests.conftest import ACCOUNT, NAME, PERSONAS, REASON, Record, World

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *PERSONAS]
# Expected status by persona, in the order of ROLES:
#        anon admin secr c_on c_off d_on d_off liaison analyst public
READ = (302, 403, 200, 200, 404, 200, 404, 403, 403, 403)  # interviews: capability, then the delegation
REVEAL = (302, 403, 200, 403, 403, 200, 404, 403, 403, 403)  # identities: committee members never
RECORD = (302, 403, 200, 403, 403, 200, 404, 403, 403, 403)  # recording: secretariat and the delegation
AT_RISK = (302, 403, 200, 200, 200, 200, 200, 403, 403, 403)  # a page for every interview reader, rows scoped
COUNTS = (302, 200, 200, 200, 200, 200, 200, 403, 200, 403)  # aggregates: analysts and administrators too
API_READ = (403, 403, 200, 200, 404, 200, 404, 403, 403, 403)
API_RECORD = (403, 403, 201, 403, 403, 201, 404, 403, 403, 403)
API_COUNTS = (403, 200, 200, 200, 200, 200, 200, 403, 200, 403)


def pages(record: Record, world: World) -> list[tuple[str, str, tuple[int, ...]]]:
    """(method, URL, expected statuses by persona) for every page."""
    interview, risk = record.interview.pk, record.risk.pk
    visit = world.visit.pk
    return [
        ("get", reverse("testimony:visit_interviews", args=[visit]), READ),
        ("get", reverse("testimony:interview_detail", args=[interview]), READ),
        ("post", reverse("testimony:identity_reveal", args=[interview]), REVEAL),
        ("get", reverse("testimony:interview_record", args=[visit]), RECORD),
        ("get", reverse("testimony:allegation_record", args=[interview]), RECORD),
        ("get", reverse("testimony:examination_record", args=[interview]), RECORD),
        ("get", reverse("testimony:consent_record", args=[interview]), RECORD),
        ("get", reverse("testimony:reprisal_flag", args=[interview]), RECORD),
        ("get", reverse("testimony:follow_up_record", args=[risk]), RECORD),
        ("get", reverse("testimony:follow_up_done", args=[record.follow_up.pk]), RECORD),
        ("get", reverse("testimony:at_risk", args=["RU"]), AT_RISK),
        ("get", reverse("testimony:aggregates"), COUNTS),
        # Last: it changes the record (302 back to the list once closed).
        (
            "post",
            reverse("testimony:reprisal_close", args=[risk]),
            tuple(302 if c == 200 else c for c in RECORD),
        ),
    ]


def endpoints(record: Record, world: World) -> list[tuple[str, str, dict[str, Any], tuple[int, ...]]]:
    interview = record.interview.pk
    new_interview = {
        "person": record.person.code,
        "place": world.places["sizo"].pk,
        "held_at": record.interview.held_at.isoformat(),
        "language": "ru",
        "interviewers": [world.members["doctor"].pk],
        "account": "A second conversation.",
    }
    allegation = {"type": "psychological", "perpetrator": "prison_staff", "stage": "pre_trial"}
    return [
        ("get", reverse("testimony-api:visit_interviews", args=[world.visit.pk]), {}, API_READ),
        ("post", reverse("testimony-api:visit_interviews", args=[world.visit.pk]), new_interview, API_RECORD),
        ("get", reverse("testimony-api:interview_detail", args=[interview]), {}, API_READ),
        ("post", reverse("testimony-api:allegations", args=[interview]), allegation, API_RECORD),
        ("get", reverse("testimony-api:aggregates"), {}, API_COUNTS),
    ]


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


@pytest.mark.parametrize("persona", ROLES)
def test_every_page_answers_each_role_as_the_matrix_says(world: World, record: Record, persona: str) -> None:
    client = client_for(world, persona)
    column = ROLES.index(persona)
    wrong = []
    for method, url, expected in pages(record, world):
        response = getattr(client, method)(url)
        if response.status_code != expected[column]:
            wrong.append(f"{method.upper()} {url}: {response.status_code}, expected {expected[column]}")
        if response.status_code == 302 and persona == "anonymous":
            assert reverse("login") in response["Location"], url
        if response.status_code in (403, 404):
            body = response.content.decode()
            assert ACCOUNT not in body and NAME not in body and REASON not in body, url
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"], url
    assert wrong == [], f"{persona}: " + "; ".join(wrong)


@pytest.mark.parametrize("persona", ROLES)
def test_every_endpoint_answers_each_role_as_the_matrix_says(
    world: World, record: Record, persona: str
) -> None:
    client = client_for(world, persona)
    column = ROLES.index(persona)
    wrong = []
    for method, url, data, expected in endpoints(record, world):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data, content_type="application/json")
        if response.status_code != expected[column]:
            wrong.append(
                f"{method.upper()} {url}: {response.status_code} {response.content[:200]!r}, expected {expected[column]}"
            )
        if response.status_code >= 400:
            assert ACCOUNT not in response.content.decode(), url
        assert "no-store" in response.get("Cache-Control", "no-store"), url
    assert wrong == [], f"{persona}: " + "; ".join(wrong)


def test_the_matrix_covers_every_page_and_endpoint(world: World, record: Record) -> None:
    from custodiet.testimony import api_urls, urls

    covered_pages = {url for _method, url, _expected in pages(record, world)}
    covered_endpoints = {url for _method, url, _data, _expected in endpoints(record, world)}
    assert len({pattern.name for pattern in urls.urlpatterns}) == len(covered_pages)
    assert len({pattern.name for pattern in api_urls.urlpatterns}) == len(covered_endpoints)


@pytest.mark.parametrize("persona", ["committee_off", "delegation_off"])
def test_members_of_another_visit_see_no_one_at_risk_there(
    world: World, record: Record, persona: str
) -> None:
    client = client_for(world, persona)
    body = client.get(reverse("testimony:at_risk", args=["RU"])).content.decode()
    assert record.person.code not in body and "No open risk" in body


def test_the_next_delegation_to_the_state_sees_whom_to_check_on_but_not_the_interview(
    world: World, record: Record
) -> None:
    from datetime import timedelta

    from custodiet.visits.models import DelegationMember, Visit

    nxt = Visit.objects.create(
        body=world.body,
        state=world.ru,
        kind="follow_up",
        status="notified",
        planned_start=world.today + timedelta(days=30),
        planned_end=world.today + timedelta(days=35),
    )
    DelegationMember.objects.create(
        visit=nxt, name="Jan Novak", role="member", user=world.users["delegation_off"]
    )
    client = client_for(world, "delegation_off")
    body = client.get(reverse("testimony:at_risk", args=["RU"])).content.decode()
    assert record.person.code in body and "ask to see him alone" in body
    assert (
        REASON not in body and reverse("testimony:interview_detail", args=[record.interview.pk]) not in body
    )
    assert client.get(reverse("testimony:interview_detail", args=[record.interview.pk])).status_code == 404


def test_a_committee_member_on_the_delegation_reads_the_interview_but_not_the_identity(
    world: World, record: Record
) -> None:
    client = client_for(world, "committee_on")
    body = client.get(reverse("testimony:interview_detail", args=[record.interview.pk])).content.decode()
    assert ACCOUNT in body and "Show identity" not in body and NAME not in body
