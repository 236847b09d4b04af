"""The testimony API: the list carries no account, the detail is an audited read without identity,
recording goes through the services (a refused rule is a 400 with its words and writes nothing), the
counts are suppressed, and every endpoint is in the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.testimony.models import Allegation, Interview, Person, PersonIdentity
from custodiet.testimony.tests.conftest import ACCOUNT, NAME, REGISTRY, Record, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, world: World) -> Client:
    client.force_login(world.users["delegation_on"])
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_the_list_has_pseudonyms_and_no_account(api: Client, world: World, record: Record) -> None:
    response = api.get(reverse("testimony-api:visit_interviews", args=[world.visit.pk]))
    data = response.json()
    assert data["count"] == 1 and data["results"][0]["person"] == record.person.code
    assert data["results"][0]["allegation_types"] == ["physical"]
    assert "account" not in data["results"][0] and ACCOUNT not in response.content.decode()
    assert AuditEntry.objects.filter(verb="interview.list", detail__via="api").count() == 1


def test_the_detail_is_an_audited_read_without_identity(api: Client, record: Record) -> None:
    response = api.get(reverse("testimony-api:interview_detail", args=[record.interview.pk]))
    data = response.json()
    assert data["account"] == ACCOUNT and data["allegations"][0]["perpetrator"] == "police"
    assert data["examinations"][0]["consistency"] == "highly_consistent"
    assert data["consent"] == {
        "given_on": record.interview.held_at.date().isoformat(),
        "use_information": True,
        "be_named": False,
        "be_contacted_again": True,
    }
    assert NAME not in response.content.decode() and REGISTRY not in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    entry = AuditEntry.objects.get(verb="interview.read")
    assert entry.detail == {"person": record.person.code, "via": "api"}


def test_recording_an_interview_with_a_new_person(api: Client, world: World, record: Record) -> None:
    response = post(
        api,
        reverse("testimony-api:visit_interviews", args=[world.visit.pk]),
        {
            "new_person": {
                "identity": {"name": "Anna Kuznetsova", "registry_number": "F-17"},
                "consent": {"use_information": True, "be_named": False, "be_contacted_again": False},
            },
            "place": world.places["police"].pk,
            "held_at": record.interview.held_at.isoformat(),
            "language": "che",
            "interviewers": [world.members["doctor"].pk],
            "interpreter": world.members["interpreter"].pk,
            "private": False,
            "within_hearing": "an officer in the corridor, door open",
            "account": "They took my phone.",
        },
    )
    assert response.status_code == 201, response.json()
    created = Interview.objects.get(pk=response.json()["id"])
    assert created.language == "che" and not created.private
    assert PersonIdentity.objects.get(person=created.person).name == "Anna Kuznetsova"
    assert response.json()["consent"]["use_information"] is True


def test_a_refused_rule_is_a_400_with_its_words_and_writes_nothing(
    api: Client, world: World, record: Record
) -> None:
    before = (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count())
    response = post(
        api,
        reverse("testimony-api:visit_interviews", args=[world.visit.pk]),
        {
            "new_person": {"identity": {"name": "Someone"}},
            "place": world.places["psy"].pk,
            "held_at": record.interview.held_at.isoformat(),
            "language": "ru",
            "interviewers": [world.members["doctor"].pk],
            "account": "x",
        },
    )
    assert response.status_code == 400 and "itinerary" in response.json()["detail"]
    both = post(
        api,
        reverse("testimony-api:visit_interviews", args=[world.visit.pk]),
        {
            "person": record.person.code,
            "new_person": {},
            "place": 1,
            "held_at": "2026-01-01T10:00Z",
            "language": "ru",
            "interviewers": [1],
            "account": "x",
        },
    )
    assert both.status_code == 400
    assert (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count()) == before


def met_again(world: World, person: str) -> dict[str, Any]:
    """An interview with a person already met, as the API takes it (the page's form: ``person_code``)."""
    return {
        "person": person,
        "place": world.places["sizo"].pk,
        "held_at": f"{world.today - timedelta(days=1):%Y-%m-%d}T16:30",
        "language": "ru",
        "interviewers": [world.members["doctor"].pk],
        "account": "Nothing new.",
    }


def test_the_page_and_the_api_find_the_same_person_however_the_code_is_written(
    api: Client, world: World, record: Record
) -> None:
    code = record.person.code
    url = reverse("testimony-api:visit_interviews", args=[world.visit.pk])
    through_api = post(api, url, met_again(world, code[2:].lower()))
    assert through_api.status_code == 201, through_api.json()
    assert through_api.json()["person"] == code
    form = met_again(world, "") | {"person_code": f" {code.lower()[:6]} {code.lower()[6:]}", "private": "on"}
    through_page = api.post(reverse("testimony:interview_record", args=[world.visit.pk]), form)
    assert through_page.status_code == 302
    assert Person.objects.count() == 1
    assert {interview.person for interview in Interview.objects.all()} == {record.person}


def test_an_unknown_pseudonym_is_a_400_with_its_words_and_writes_nothing(
    api: Client, world: World, record: Record
) -> None:
    before = (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count())
    response = post(
        api, reverse("testimony-api:visit_interviews", args=[world.visit.pk]), met_again(world, "p-2222 2222")
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "No person P-22222222 among those met in Russian Federation."}
    assert (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count()) == before


def test_recording_an_allegation(api: Client, world: World, record: Record) -> None:
    url = reverse("testimony-api:allegations", args=[record.interview.pk])
    response = post(
        api,
        url,
        {
            "type": "threats_of_reprisals",
            "perpetrator": "prison_staff",
            "stage": "pre_trial",
            "precision": "year",
            "occurred_from": f"{world.today.year}-01-01",
            "place_alleged": world.places["sizo"].pk,
            "description": "told not to complain",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["period"] == f"{world.today.year} (quarter not known)"
    assert Allegation.objects.filter(type="threats_of_reprisals").count() == 1
    refused = post(
        api, url, {"type": "physical", "perpetrator": "police", "stage": "arrest", "precision": "day"}
    )
    assert refused.status_code == 400 and "date" in refused.json()["detail"]
    unknown = post(api, url, {"type": "nonsense", "perpetrator": "police", "stage": "arrest"})
    assert unknown.status_code == 400


def test_the_counts_by_one_or_two_dimensions(client: Client, world: World, record: Record) -> None:
    client.force_login(world.users["analyst"])
    data = client.get(reverse("testimony-api:aggregates"), {"by": "type,perpetrator", "state": "RU"}).json()
    assert data["dimensions"] == ["type", "perpetrator"] and data["threshold"] == 3
    [cell] = data["cells"]
    assert (
        cell["key"] == ["physical", "police"] and cell["persons"] is None and cell["shown"] == "fewer than 3"
    )
    assert cell["allegations"] is None and data["persons_total"] is None
    by_name = client.get(reverse("testimony-api:aggregates"), {"by": "type", "state": "russian federation"})
    by_code3 = client.get(reverse("testimony-api:aggregates"), {"by": "type", "state": "RUS"})
    assert by_name.status_code == by_code3.status_code == 200 and by_name.json() == by_code3.json()
    unknown = client.get(reverse("testimony-api:aggregates"), {"state": "Atlantis"})
    assert unknown.status_code == 404 and "Atlantis" in unknown.json()["detail"]
    assert client.get(reverse("testimony-api:aggregates"), {"by": "name"}).status_code == 400
    assert client.get(reverse("testimony-api:aggregates"), {"by": "type,place,year"}).status_code == 400


def test_every_endpoint_is_in_the_openapi_schema(api: Client) -> None:
    schema = api.get("/api/schema/").content.decode()
    for path in (
        "/api/testimony/visits/{visit_pk}/interviews/",
        "/api/testimony/interviews/{id}/",
        "/api/testimony/interviews/{id}/allegations/",
        "/api/testimony/aggregates/",
    ):
        assert path in schema, path
    for operation in ("testimony_interview_retrieve", "testimony_allegation_record", "testimony_aggregates"):
        assert operation in schema
