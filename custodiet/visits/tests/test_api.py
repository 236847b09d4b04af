"""The visits' REST API: the programme and a visit's record, planning through the treaty gate, one
endpoint per change, refusals as 400 with the rule's words, and the OpenAPI schema."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.treaties.models import Instrument, MonitoringBody, State, TreatyAction
from custodiet.visits import services
from custodiet.visits.models import Objection, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, secretariat: Any) -> Client:
    client.force_login(secretariat)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_planning_returns_the_visit_and_the_warnings(api: Client, reference_data: Any) -> None:
    response = post(
        api,
        reverse("visits-api:visit_list"),
        {
            "body": "CPT",
            "state": "RU",
            "kind": "ad_hoc",
            "planned_start": "2026-12-01",
            "time_zone": "Europe/Moscow",
            "planned_end": "2026-12-10",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["visit"]["status"] == "planned" and data["visit"]["body"] == "CPT"
    codes = [warning["code"] for warning in data["warnings"]]
    assert "domestic_denunciation" in codes and "notification_unknown" in codes
    assert all("reasons" in warning for warning in data["warnings"])


def test_a_refused_plan_is_a_400_with_the_engines_reasons(api: Client, reference_data: Any) -> None:
    TreatyAction.objects.create(
        state=State.objects.get(code="RU"),
        instrument=Instrument.objects.get(code="ETS-126"),
        kind="denunciation",
        on=date(2025, 9, 30),
        source="test",
    )
    response = post(
        api,
        reverse("visits-api:visit_list"),
        {
            "body": "CPT",
            "state": "RU",
            "kind": "periodic",
            "planned_start": "2026-11-02",
            "time_zone": "Europe/Moscow",
            "planned_end": "2026-11-06",
        },
    )
    assert response.status_code == 400
    data = response.json()
    assert "not bound since 1 October 2026" in data["detail"]
    assert data["refusals"][0]["code"] == "no_right"
    assert any("2026-10-01" in reason["text"] for reason in data["refusals"][0]["reasons"])
    assert not Visit.objects.exists()
    bad_input = post(
        api, reverse("visits-api:visit_list"), {"body": "NOPE", "state": "RU", "kind": "periodic"}
    )
    assert bad_input.status_code == 400 and "body" in bad_input.json()


def test_the_list_and_the_detail(
    api: Client, notified_visit: Any, places: list[Any], secretariat: Any
) -> None:
    services.itinerary_add(visit=notified_visit, place=places[0], by=secretariat)
    listed = api.get(reverse("visits-api:visit_list"), {"state": "RU", "status": "notified"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == notified_visit.pk
    assert api.get(reverse("visits-api:visit_list"), {"kind": "follow_up"}).json()["count"] == 0
    detail = api.get(reverse("visits-api:visit_detail", args=[notified_visit.pk])).json()
    assert detail["itinerary"][0]["place"]["ref"] == "RU-MOW-SIZO-1"
    assert detail["notifications"][0]["subject"] == "visit"
    assert detail["treaty_basis"]["covers"] is True
    assert detail["objection_grounds"]["grounds"][0]["code"] == "national_defence"
    assert api.get(reverse("visits-api:visit_detail", args=[999999])).status_code == 404


def test_every_change_has_its_endpoint(
    api: Client, notified_visit: Any, places: list[Any], users: dict[str, Any], today: date
) -> None:
    pk = notified_visit.pk
    member = post(api, reverse("visits-api:delegation", args=[pk]), {"role": "head", "name": "Head"})
    assert member.status_code == 201
    linked = post(api, reverse("visits-api:delegation", args=[pk]), {"role": "expert", "username": "analyst"})
    assert linked.status_code == 400 and "Only accounts" in linked.json()["detail"]
    assert (
        api.delete(reverse("visits-api:delegation_member", args=[pk, member.json()["id"]])).status_code == 204
    )
    stop = post(api, reverse("visits-api:itinerary", args=[pk]), {"place": places[0].pk})
    assert stop.status_code == 201
    assert post(api, reverse("visits-api:itinerary", args=[pk]), {"place": places[3].pk}).status_code == 400
    moment = f"{today - timedelta(days=1)}T09:00:00Z"
    arrival = post(api, reverse("visits-api:stop_arrival", args=[pk, stop.json()["id"]]), {"at": moment})
    assert arrival.status_code == 200 and arrival.json()["arrived_at"]
    departure = post(
        api,
        reverse("visits-api:stop_departure", args=[pk, stop.json()["id"]]),
        {"at": f"{today - timedelta(days=1)}T15:00:00Z"},
    )
    assert departure.status_code == 200
    notification = post(
        api,
        reverse("visits-api:notifications", args=[pk]),
        {"subject": "places", "notified_at": moment, "places": [places[0].pk, places[1].pk]},
    )
    assert notification.status_code == 201 and len(notification.json()["places"]) == 2
    refused = post(
        api,
        reverse("visits-api:access_events", args=[pk]),
        {"kind": "refused", "occurred_at": moment, "place": places[1].pk, "description": "Refused."},
    )
    assert refused.status_code == 201 and refused.json()["place"]["ref"] == "RU-MOW-PSY-1"
    delayed = post(
        api, reverse("visits-api:access_events", args=[pk]), {"kind": "delayed", "occurred_at": moment}
    )
    assert delayed.status_code == 400 and "duration" in delayed.json()["detail"]
    objection = post(
        api,
        reverse("visits-api:objections", args=[pk]),
        {"ground": "national_defence", "raised_on": str(today)},
    )
    assert objection.status_code == 201 and objection.json()["article"] == "Art. 9(1) ECPT"
    observation = post(
        api,
        reverse("visits-api:observations", args=[pk]),
        {"communicated_on": str(today), "text": "Observations."},
    )
    assert observation.status_code == 201 and observation.json()["answer"] == "pending"
    answer = post(
        api,
        reverse("visits-api:observation_answer", args=[pk, observation.json()["id"]]),
        {"received_on": str(today)},
    )
    assert answer.status_code == 200 and answer.json()["answer"] == "answered"
    done = post(api, reverse("visits-api:visit_status", args=[pk]), {"status": "completed"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    again = post(api, reverse("visits-api:visit_status", args=[pk]), {"status": "cancelled"})
    assert again.status_code == 400 and "cannot change status" in again.json()["detail"]
    patched = api.patch(
        reverse("visits-api:visit_detail", args=[pk]), {"title": "Renamed"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["visit"]["title"] == "Renamed"


@pytest.mark.parametrize("ground", ["state of emergency", "sanctions", "unspecified"])
def test_the_api_records_grounds_the_ecpt_does_not_allow_as_such(
    api: Client, notified_visit: Any, ground: str, today: date
) -> None:
    response = post(
        api,
        reverse("visits-api:objections", args=[notified_visit.pk]),
        {"ground": ground, "raised_on": str(today)},
    )
    assert response.status_code == 201
    assert (response.json()["ground"], response.json()["on_allowed_ground"]) == (ground, False)
    assert Objection.objects.get().article == "Art. 9(1) ECPT"


def test_the_api_refuses_an_objection_with_no_ground(api: Client, notified_visit: Any, today: date) -> None:
    response = post(
        api,
        reverse("visits-api:objections", args=[notified_visit.pk]),
        {"ground": "  ", "raised_on": str(today)},
    )
    assert response.status_code == 400 and not Objection.objects.exists()


def test_the_api_records_a_state_of_emergency_under_opcat_as_no_ground(
    api: Client, reference_data: Any, places: list[Any], secretariat: Any, today: date
) -> None:
    ukraine = State.objects.get(code="UA")
    TreatyAction.objects.create(
        state=ukraine,
        instrument=Instrument.objects.get(code="UN-OPCAT"),
        kind="accession",
        on=date(2006, 9, 19),
        source="test fixture",
    )
    visit = services.visit_plan(
        body=MonitoringBody.objects.get(code="SPT"),
        state=ukraine,
        time_zone="Europe/Kyiv",
        kind="periodic",
        planned_start=today,
        planned_end=today + timedelta(days=5),
        by=secretariat,
    ).visit
    url = reverse("visits-api:objections", args=[visit.pk])
    emergency = post(
        api, url, {"ground": "state of emergency", "raised_on": str(today), "place": places[3].pk}
    )
    assert emergency.status_code == 201
    assert emergency.json()["on_allowed_ground"] is False
    assert emergency.json()["article"] == "Art. 14(2) OPCAT"
    no_place = post(api, url, {"ground": "natural_disaster", "raised_on": str(today)})
    assert no_place.status_code == 400 and "particular place" in no_place.json()["detail"]
    allowed = post(api, url, {"ground": "natural_disaster", "raised_on": str(today), "place": places[3].pk})
    assert allowed.status_code == 201 and allowed.json()["article"] == "Art. 14(2) OPCAT"


def test_the_endpoints_are_in_the_openapi_schema(api: Client, reference_data: Any) -> None:
    response = api.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    text = response.content.decode()
    for path in (
        "/api/visits/",
        "/api/visits/{id}/",
        "/api/visits/{id}/status/",
        "/api/visits/{id}/delegation/",
        "/api/visits/{id}/itinerary/",
        "/api/visits/{id}/itinerary/{stop_pk}/arrival/",
        "/api/visits/{id}/notifications/",
        "/api/visits/{id}/access-events/",
        "/api/visits/{id}/objections/",
        "/api/visits/{id}/observations/",
    ):
        assert path in (schema["paths"] if schema else text), path


def test_the_api_takes_a_state_by_any_of_its_names(api: Client, visit: Any) -> None:
    for named in ("RU", "RUS", "russian federation"):
        listed = api.get(reverse("visits-api:visit_list"), {"state": named}).json()
        assert listed["count"] == 1 and listed["results"][0]["id"] == visit.pk, named
    unknown = api.get(reverse("visits-api:visit_list"), {"state": "Atlantis"})
    assert unknown.status_code == 200 and unknown.json()["count"] == 0
    plan = {
        "body": "CPT",
        "kind": "ad_hoc",
        "planned_start": "2026-12-01",
        "planned_end": "2026-12-10",
        "time_zone": "Europe/Moscow",
    }
    planned = post(api, reverse("visits-api:visit_list"), {**plan, "state": "RUS"})
    assert planned.status_code == 201 and planned.json()["visit"]["state"] == "RU"
    refused = post(api, reverse("visits-api:visit_list"), {**plan, "state": "Atlantis"})
    assert refused.status_code == 400 and "No State is known as 'Atlantis'" in refused.json()["state"][0]


def test_a_refusal_by_a_service_is_answered_by_the_core_handler(api: Client, visit: Any) -> None:
    response = post(api, reverse("visits-api:visit_status", args=[visit.pk]), {"status": "notified"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Record the notification of the visit to the State first: a visit is notified when the "
        "State has been told of it."
    }


def test_following_the_links_reads_the_programme_once_newest_first(
    api: Client, bodies: dict[str, Any], russia: Any, secretariat: Any, today: date
) -> None:
    for index in range(7):  # three on one day: the id breaks the tie
        start = today + timedelta(days=10 * min(index, 4))
        services.visit_plan(
            body=bodies["CPT"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="ad_hoc",
            planned_start=start,
            planned_end=start + timedelta(days=2),
            by=secretariat,
        )
    newest_first = list(Visit.objects.order_by("-planned_start", "-id").values_list("id", flat=True))
    walked: list[int] = []
    page = api.get(reverse("visits-api:visit_list"), {"limit": 2, "state": "RUS"}).json()
    while True:
        walked += [row["id"] for row in page["results"]]
        if not page["next"]:
            break
        assert "state=RUS" in page["next"] and "offset" not in page["next"]
        page = api.get(page["next"]).json()
    assert walked == newest_first and page["count"] == 7
    last = api.get(reverse("visits-api:visit_list"), {"limit": 2, "last": 1}).json()
    assert [row["id"] for row in last["results"]] == newest_first[-2:] and last["next"] is None
    assert api.get(reverse("visits-api:visit_list"), {"after": "x"}).status_code == 400
