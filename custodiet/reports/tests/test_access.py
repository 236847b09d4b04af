"""The refusal matrix: every report page and endpoint against every role — administrator, secretariat,
committee member, delegation member, analyst, the liaison of the report's State, the liaison of another
State, a public account and an anonymous visitor — with the answer each must get."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.reports import services
from custodiet.reports.models import Report
from custodiet.reports.tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OFFICE = ("administrator", "secretariat", "committee_member")
# What each kind of door answers to each role, for pages ("login": redirected to the login page).
PAGE_RULES: dict[str, dict[str, Any]] = {
    "public": dict.fromkeys(ROLES, 200),
    "read_list": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys((*OFFICE, "state_liaison", "other_liaison"), 200),
        "anonymous": "login",
    },
    "read": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys((*OFFICE, "state_liaison"), 200),
        "other_liaison": 404,
        "anonymous": "login",
    },
    "view": {**dict.fromkeys(ROLES, 403), **dict.fromkeys(OFFICE, 200), "anonymous": "login"},
    "manage": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys(("administrator", "secretariat"), 200),
        "anonymous": "login",
    },
    "adopt": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys(("secretariat", "committee_member"), 200),
        "anonymous": "login",
    },
    # Publishing checks the texts against the identities: not the administrator, who may not see them.
    "publish": {**dict.fromkeys(ROLES, 403), "secretariat": 200, "anonymous": "login"},
    "answer": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys(("administrator", "secretariat", "state_liaison"), 200),
        "other_liaison": 404,
        "anonymous": "login",
    },
}
# The API: 403 for anonymous visitors too; 400 where an empty body reaches the checks.
API_RULES: dict[str, dict[str, Any]] = {
    "public": dict.fromkeys(ROLES, 200),
    "read_list": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys((*OFFICE, "state_liaison", "other_liaison"), 200),
    },
    "read": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys((*OFFICE, "state_liaison"), 200),
        "other_liaison": 404,
    },
    "view": {**dict.fromkeys(ROLES, 403), **dict.fromkeys(OFFICE, 200)},
    "manage": {**dict.fromkeys(ROLES, 403), **dict.fromkeys(("administrator", "secretariat"), 400)},
    "adopt": {**dict.fromkeys(ROLES, 403), **dict.fromkeys(("secretariat", "committee_member"), 400)},
    # Publishing checks the texts against the identities: not the administrator, who may not see them.
    "publish": {**dict.fromkeys(ROLES, 403), "secretariat": 400},
    "answer": {
        **dict.fromkeys(ROLES, 403),
        **dict.fromkeys(("administrator", "secretariat", "state_liaison"), 400),
        "other_liaison": 404,
    },
}


@pytest.fixture
def record(
    published: Any, cpt: Any, russia: Any, users: dict[str, Any], secretariat: Any, today: Any
) -> dict[str, Any]:
    """A published report, and a second report of the same State transmitted and awaiting its response."""
    other = services.report_create(body=cpt, state=russia, title="Second report", by=secretariat)
    item = services.item_add(
        report=other, kind="recommendation", text="Improve the registers.", by=secretariat
    )
    services.report_adopt(report=other, adopted_on=today - timedelta(days=3), votes_for=3, by=secretariat)
    services.report_transmit(report=other, transmitted_on=today - timedelta(days=2), by=secretariat)
    observation = published.visits.get().observations.get()
    return {"published": published, "report": other, "item": item, "observation": observation}


def pages(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(door, method, url) for every page."""
    pk, item = record["report"].pk, record["item"].pk
    published = record["published"].pk
    return [
        ("read_list", "get", reverse("reports:report_list")),
        ("read_list", "get", reverse("reports:overdue")),
        ("read", "get", reverse("reports:report_detail", args=[pk])),
        ("read", "get", reverse("reports:report_render", args=[pk])),
        ("read", "get", reverse("reports:report_render_file", args=[pk, "pdf"])),
        ("read", "get", reverse("reports:report_render_file", args=[pk, "docx"])),
        ("manage", "get", reverse("reports:report_create")),
        ("manage", "get", reverse("reports:item_add", args=[pk])),
        ("manage", "get", reverse("reports:item_edit", args=[pk, item])),
        ("manage", "get", reverse("reports:item_status", args=[pk, item])),
        ("manage", "get", reverse("reports:report_transmit", args=[pk])),
        ("manage", "get", reverse("reports:report_deadline", args=[pk])),
        ("publish", "get", reverse("reports:report_publish", args=[pk])),
        ("manage", "post", reverse("reports:item_remove", args=[pk, item])),
        ("manage", "post", reverse("reports:report_remind", args=[pk])),
        ("manage", "post", reverse("reports:observation_remind", args=[record["observation"].pk])),
        ("adopt", "get", reverse("reports:report_adopt", args=[pk])),
        ("adopt", "get", reverse("reports:statement_make")),
        ("answer", "get", reverse("reports:response_record", args=[pk])),
        ("answer", "get", reverse("reports:publication_request", args=[pk])),
        ("view", "get", reverse("reports:state_indicators_csv", args=["RU"])),
        ("public", "get", reverse("reports:published_list")),
        ("public", "get", reverse("reports:published_detail", args=[published])),
        ("public", "get", reverse("reports:published_file", args=[published, "docx"])),
        ("public", "get", reverse("reports:statement_list")),
        ("public", "get", reverse("reports:state_record", args=["RU"])),
    ]


def endpoints(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    pk, item = record["report"].pk, record["item"].pk
    return [
        ("read_list", "get", reverse("reports-api:report_list")),
        ("read_list", "get", reverse("reports-api:overdue")),
        ("read", "get", reverse("reports-api:report_detail", args=[pk])),
        ("manage", "post", reverse("reports-api:report_list")),
        ("manage", "post", reverse("reports-api:items", args=[pk])),
        ("manage", "patch", reverse("reports-api:item_detail", args=[pk, item])),
        ("manage", "delete", reverse("reports-api:item_detail", args=[pk, item])),
        ("manage", "post", reverse("reports-api:item_status", args=[pk, item])),
        ("manage", "post", reverse("reports-api:transmit", args=[pk])),
        ("manage", "post", reverse("reports-api:deadline", args=[pk])),
        ("publish", "post", reverse("reports-api:publish", args=[pk])),
        ("manage", "post", reverse("reports-api:remind", args=[pk])),
        ("adopt", "post", reverse("reports-api:adopt", args=[pk])),
        ("adopt", "post", reverse("reports-api:statements")),
        ("answer", "post", reverse("reports-api:responses", args=[pk])),
        ("answer", "post", reverse("reports-api:publication_request", args=[pk])),
        ("view", "get", reverse("reports-api:indicators", args=["RU"])),
        ("public", "get", reverse("reports-api:published_list")),
        ("public", "get", reverse("reports-api:published_detail", args=[record["published"].pk])),
        ("public", "get", reverse("reports-api:statements")),
    ]


def _client(users: dict[str, Any], role: str) -> Client:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_rules_say(
    role: str, record: dict[str, Any], users: dict[str, Any]
) -> None:
    client = _client(users, role)
    for door, method, url in pages(record):
        expected = PAGE_RULES[door][role]
        response = getattr(client, method)(url)
        if expected == "login":
            assert response.status_code == 302 and reverse("login") in response["Location"], url
        elif method == "post" and expected == 200:
            assert response.status_code == 302, url  # the action, then back to a page
        else:
            assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_as_the_rules_say(
    role: str, record: dict[str, Any], users: dict[str, Any]
) -> None:
    client = _client(users, role)
    for door, method, url in endpoints(record):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == API_RULES[door][role], (method, url, response.status_code)


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("secretariat", "committee_member")])
def test_refused_roles_change_nothing(
    role: str, record: dict[str, Any], users: dict[str, Any], today: Any
) -> None:
    client = _client(users, role)
    report = record["report"]
    client.post(reverse("reports:report_adopt", args=[report.pk]), {"adopted_on": today, "votes_for": 9})
    client.post(reverse("reports-api:adopt", args=[report.pk]), {"adopted_on": today, "votes_for": 9})
    client.post(reverse("reports:report_publish", args=[report.pk]), {"published_on": today})
    report.refresh_from_db()
    assert report.status == "transmitted" and report.votes_for == 3  # (no request: refused for all)


def test_a_liaison_lists_only_its_states_transmitted_reports(
    record: dict[str, Any], users: dict[str, Any], draft: Any
) -> None:
    client = _client(users, "state_liaison")
    listed = client.get(reverse("reports-api:report_list")).json()
    assert {row["id"] for row in listed["results"]} == {record["report"].pk, record["published"].pk}
    assert Report.objects.count() == 2
    other = _client(users, "other_liaison").get(reverse("reports-api:report_list")).json()
    assert other["results"] == []


def test_a_draft_is_hidden_from_the_liaison_even_of_its_own_state(
    cpt: Any, russia: Any, users: dict[str, Any], secretariat: Any
) -> None:
    draft = services.report_create(body=cpt, state=russia, title="Draft", by=secretariat)
    client = _client(users, "state_liaison")
    assert client.get(reverse("reports:report_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("reports:report_render_file", args=[draft.pk, "pdf"])).status_code == 404


def test_a_confidential_report_has_no_public_rendering(record: dict[str, Any]) -> None:
    client = Client()
    pk = record["report"].pk
    assert client.get(reverse("reports:published_detail", args=[pk])).status_code == 404
    assert client.get(reverse("reports:published_file", args=[pk, "pdf"])).status_code == 404
    assert client.get(reverse("reports-api:published_detail", args=[pk])).status_code == 404


def test_the_public_state_page_leaves_out_the_confidential_indicators(
    record: dict[str, Any], users: dict[str, Any]
) -> None:
    url = reverse("reports:state_record", args=["RU"])
    public = Client().get(url).content.decode()
    assert "Cooperation indicators" not in public and "Second report" not in public
    office = _client(users, "committee_member").get(url).content.decode()
    assert "Cooperation indicators" in office and "<svg" in office
