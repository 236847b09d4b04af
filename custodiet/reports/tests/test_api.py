"""The reports API: each step through its endpoint, refusals as 400 with the rule's words, the public
endpoints, and the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.reports.models import Report

pytestmark = pytest.mark.django_db


def login(users: dict[str, Any], role: str) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def post(client: Client, url: str, data: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def test_the_whole_life_of_a_report_through_the_api(visit: Any, users: dict[str, Any], today: Any) -> None:
    office = login(users, "secretariat")
    created = post(office, reverse("reports-api:report_list"), {"visit": visit.pk})
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert [item["kind"] for item in created.json()["items"]] == [
        "recommendation",  # cooperation: the access refused
        "request_for_information",  # cooperation: the objection on an allowed ground
        "recommendation",  # material conditions: living space
        "recommendation",  # regime: outdoor exercise
        "comment",
    ]
    added = post(
        office,
        reverse("reports-api:items", args=[pk]),
        {"kind": "comment", "text": "Staff were courteous.", "theme": "staff"},
    )
    assert added.status_code == 201 and added.json()["number"] == 6
    changed = post(
        office,
        reverse("reports-api:item_detail", args=[pk, added.json()["id"]]),
        {"priority": "high"},
        method="patch",
    )
    assert changed.json()["priority"] == "high"
    adopted = post(
        login(users, "committee_member"),
        reverse("reports-api:adopt", args=[pk]),
        {"adopted_on": str(today - timedelta(days=9)), "votes_for": 7, "votes_against": 2},
    )
    assert adopted.json()["status"] == "adopted"
    sent = post(
        office,
        reverse("reports-api:transmit", args=[pk]),
        {"transmitted_on": str(today - timedelta(days=8)), "response_due": str(today - timedelta(days=1))},
    )
    assert sent.json()["response_due"] == str(today - timedelta(days=1))
    overdue = office.get(reverse("reports-api:overdue")).json()
    assert {line["kind"] for line in overdue} == {"report", "observation"}
    reminded = post(office, reverse("reports-api:remind", args=[pk]), {"note": "Please."})
    assert reminded.status_code == 201 and reminded.json()["recipients"] == 1

    liaison = login(users, "state_liaison")
    answered = post(
        liaison,
        reverse("reports-api:responses", args=[pk]),
        {"received_on": str(today), "answers": [{"item": 1, "text": "Done.", "documents": ["order.pdf"]}]},
    )
    assert answered.status_code == 201 and answered.json()["answers"][0]["item"] == 1
    refused = post(office, reverse("reports-api:publish", args=[pk]), {"published_on": str(today)})
    assert refused.status_code == 400 and "Art. 11(2) ECPT" in refused.json()["detail"]
    post(
        liaison,
        reverse("reports-api:publication_request", args=[pk]),
        {"requested_on": str(today), "reference": "Letter 5"},
    )
    published = post(office, reverse("reports-api:publish", args=[pk]), {"published_on": str(today)})
    assert published.json()["status"] == "published" and published.json()["confidential"] is False
    status = post(
        office,
        reverse("reports-api:item_status", args=[pk, created.json()["items"][0]["id"]]),
        {"status": "implemented"},
    )
    assert status.status_code == 201
    public = Client().get(reverse("reports-api:published_detail", args=[pk])).json()
    assert public["items"][0]["status"] == "implemented"
    assert Report.objects.get(pk=pk).status == "published"


def test_a_liaison_reads_its_report_without_the_votes(transmitted: Any, users: dict[str, Any]) -> None:
    data = (
        login(users, "state_liaison").get(reverse("reports-api:report_detail", args=[transmitted.pk])).json()
    )
    assert data["id"] == transmitted.pk and "voters" not in data and "votes_for" not in data


def test_public_statements_are_public_and_refused_without_the_states_views(
    cpt: Any, users: dict[str, Any], reference_data: Any
) -> None:
    response = post(
        login(users, "secretariat"),
        reverse("reports-api:statements"),
        {"body": "CPT", "state": "RU", "title": "S", "decided_on": "2024-11-18", "votes_for": 1},
    )
    assert response.status_code == 400 and "make its views known" in response.json()["detail"]
    assert Client().get(reverse("reports-api:statements")).json() == []


def test_the_schema_lists_the_reports_api(client: Client, users: dict[str, Any]) -> None:
    client.force_login(users["secretariat"])
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/reports/{id}/publish/" in schema and "reports_published_list" in schema


def test_the_public_api_leaves_out_the_reasons_of_assessments(published: Any, secretariat: Any) -> None:
    from custodiet.reports.services import item_set_status

    item_set_status(
        item=published.items.get(number=1), status="rejected", reason="Said by Ivan Petrov", by=secretariat
    )
    data = Client().get(reverse("reports-api:published_detail", args=[published.pk])).json()
    assert data["items"][0]["status"] == "rejected" and "history" not in data["items"][0]
    assert "Ivan Petrov" not in str(data)


def test_the_indicators_answer_to_either_code_or_the_name(answered: Any, users: dict[str, Any]) -> None:
    office = login(users, "secretariat")
    for wanted in ("RU", "RUS", "Russian Federation"):
        response = office.get(reverse("reports-api:indicators", args=[wanted]))
        assert response.status_code == 200
        assert {"indicator": "Reports adopted", "value": "1"} in response.json()
    unknown = office.get(reverse("reports-api:indicators", args=["Atlantis"]))
    assert unknown.status_code == 404 and "No State is known as 'Atlantis'" in unknown.json()["detail"]


def test_a_state_in_a_body_or_a_filter_is_named_any_way(
    cpt: Any, users: dict[str, Any], answered: Any
) -> None:
    office = login(users, "secretariat")
    created = post(
        office, reverse("reports-api:report_list"), {"body": "CPT", "state": "RUS", "title": "Empty draft"}
    )
    assert created.status_code == 201 and created.json()["state"] == "RU"
    unknown = post(office, reverse("reports-api:report_list"), {"body": "CPT", "state": "XX", "title": "T"})
    assert unknown.status_code == 400 and "No State is known as 'XX'" in unknown.json()["state"][0]
    listed = office.get(reverse("reports-api:report_list"), {"state": "Russian Federation"}).json()
    assert listed["count"] == 2
    assert office.get(reverse("reports-api:report_list"), {"state": "Atlantis"}).json()["count"] == 0


def test_a_refused_step_is_a_400_with_the_rules_words_and_a_missing_report_a_404(
    draft: Any, users: dict[str, Any], today: Any
) -> None:
    office = login(users, "secretariat")
    refused = post(office, reverse("reports-api:transmit", args=[draft.pk]), {"transmitted_on": str(today)})
    assert refused.status_code == 400 and set(refused.json()) == {"detail"}
    assert "cannot become transmitted" in refused.json()["detail"]
    missing = office.get(reverse("reports-api:report_detail", args=[draft.pk + 1000]))
    assert missing.status_code == 404 and missing.json() == {"detail": "No such report."}
