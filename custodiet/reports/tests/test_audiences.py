"""One policy per audience, in every rendering of a report: a refusal matrix that reads the content.

For each rendering (the record's page, the rendered page, HTML for print, PDF, DOCX, the API's record and
its list) and each role, the answer is either a refusal (the status each role gets) or a document that
carries exactly what the audience's policy lets through (custodiet.reports.rendering.POLICIES). The
report under test carries a marker for everything a policy can hide: the vote and who voted, the
internal note, each kind of deadline, the reason of an assessment, a reminder's note, and an interpreter
named on the delegation.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.reports import rendering
from custodiet.reports.rendering import POLICIES, Audience, long_date

pytestmark = pytest.mark.django_db

VOTER = "Voter Alpha"
NOTE = "Internal: ask the ministry informally first"
REASON = "Assessed from NGO sources: progress doubtful"
REMINDER = "Second reminder, by diplomatic bag"
INTERPRETER = "Olga Interpreter"
HEAD = "Anna Member"
OTHER_STATE = "An item of the report to Ukraine"


@dataclass
class Marked:
    report: Any
    item_deadline: str
    response_due: str
    observation_due: str
    other: Any


def _markers(marked: Marked) -> dict[str, list[str]]:
    """What each policy flag hides, as text found in a rendering."""
    return {
        "votes": [VOTER, "10 for, 1 against"],
        "internal_note": [NOTE],
        "deadlines": [marked.item_deadline, marked.response_due, marked.observation_due],
        "assessments": [REASON],
        "reminders": [REMINDER],
        "everyone_named": [INTERPRETER],
    }


@pytest.fixture
def marked(
    visit: Any, users: dict[str, Any], secretariat: Any, today: date, ukraine: Any, cpt: Any
) -> Marked:
    """A report transmitted to the Russian Federation with a marker for everything a policy may hide."""
    from custodiet.reports.models import Reminder, Report
    from custodiet.reports.services import (
        item_add,
        item_set_status,
        report_adopt,
        report_create,
        report_create_from_visit,
        report_transmit,
    )
    from custodiet.visits.models import DelegationMember

    DelegationMember.objects.create(visit=visit, name=INTERPRETER, role="interpreter")
    draft = report_create_from_visit(visit=visit, by=secretariat)
    deadline = today + timedelta(days=70)
    item = item_add(
        report=draft,
        kind="request_for_information",
        text="Send the custody registers.",
        deadline=deadline,
        by=secretariat,
    )
    report_adopt(
        report=draft,
        adopted_on=today - timedelta(days=60),
        votes_for=10,
        votes_against=1,
        abstentions=1,
        voters=[VOTER, *(f"Voter {n}" for n in range(2, 13))],
        by=users["committee_member"],
    )
    due = today + timedelta(days=40)
    report_transmit(report=draft, transmitted_on=today - timedelta(days=50), response_due=due, by=secretariat)
    Report.objects.filter(pk=draft.pk).update(note=NOTE)
    item_set_status(item=item, status="in_progress", reason=REASON, by=secretariat)
    Reminder.objects.create(
        report=draft, sent_on=today - timedelta(days=1), note=REMINDER, sent_by=secretariat
    )
    other = report_create(body=cpt, state=ukraine, title="Report to Ukraine", by=secretariat)
    item_add(
        report=other,
        kind="recommendation",
        text=OTHER_STATE,
        deadline=today + timedelta(days=9),
        by=secretariat,
    )
    draft.refresh_from_db()
    observation = visit.observations.get()
    observation.response_due = today + timedelta(days=33)  # a day no other date of the report falls on
    observation.save(update_fields=["response_due"])
    return Marked(draft, long_date(deadline), long_date(due), long_date(observation.response_due), other)


def _client(users: dict[str, Any], role: str) -> Client:
    client = Client()
    if users.get(role) is not None:
        client.force_login(users[role])
    return client


def _text(response: Any) -> str:
    """What a reader finds in the answer, whatever its format."""
    kind = response["Content-Type"]
    if kind.startswith("application/pdf"):
        if not shutil.which("/usr/bin/pdftotext"):
            pytest.skip("pdftotext (poppler-utils) is not installed")
        done = subprocess.run(
            ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        )
        return " ".join(done.stdout.decode().split())
    if "wordprocessingml" in kind:
        from docx import Document

        document = Document(io.BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join(" ".join([paragraph.text for paragraph in document.paragraphs] + cells).split())
    if kind.startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _api_markers(marked: Marked) -> dict[str, list[str]]:
    """The API says dates in ISO form, and the vote as its fields."""
    report = marked.report
    item = report.items.get(kind="request_for_information", deadline__isnull=False)
    markers = _markers(marked)
    markers.update(
        votes=['"votes_for"', '"voters"'],
        deadlines=[report.response_due.isoformat(), item.deadline.isoformat()],
    )
    return markers


def _page_markers(marked: Marked) -> dict[str, list[str]]:
    """The record's page says dates as every page does (custodiet.core.dates.shown_date)."""
    from custodiet.core.dates import shown_date

    markers = _markers(marked)
    markers["deadlines"] = [shown_date(marked.report.response_due)]
    return markers


CONFIDENTIAL = ("page", "rendered", "pdf", "docx", "api", "api_list")


def _url(rendering_name: str, pk: int) -> str:
    return {
        "page": reverse("reports:report_detail", args=[pk]),
        "rendered": reverse("reports:report_render", args=[pk]),
        "pdf": reverse("reports:report_render_file", args=[pk, "pdf"]),
        "docx": reverse("reports:report_render_file", args=[pk, "docx"]),
        "api": f"/api/reports/{pk}/",
        "api_list": "/api/reports/",
        "published": reverse("reports:published_detail", args=[pk]),
        "published_pdf": reverse("reports:published_file", args=[pk, "pdf"]),
        "published_docx": reverse("reports:published_file", args=[pk, "docx"]),
        "published_api": f"/api/reports/published/{pk}/",
        "published_api_list": "/api/reports/published/",
    }[rendering_name]


# What each rendering carries at all: a document has no reminders and no assessments' reasons, the API
# no reminders and no delegation, the record's page no delegation.
CARRIES = {
    "document": {"votes", "internal_note", "deadlines", "everyone_named"},
    "api": {"votes", "internal_note", "deadlines", "assessments"},
    "page": {"votes", "internal_note", "deadlines", "assessments", "reminders"},
}


def _check(
    text: str, policy: rendering.Policy, markers: dict[str, list[str]], kind: str, where: str
) -> list[str]:
    """Everything the policy hides is absent; everything it shows is there, where the rendering carries it."""
    wrong = []
    for flag, texts in markers.items():
        shown = getattr(policy, flag)
        for marker in texts:
            if shown and flag in CARRIES[kind] and marker not in text:
                wrong.append(f"{where}: {marker!r} missing for {policy.audience}")
            if not shown and marker in text:
                wrong.append(f"{where}: {marker!r} shown to {policy.audience}")
    if OTHER_STATE in text:
        wrong.append(f"{where}: another State's report shown to {policy.audience}")
    return wrong


def _kind(name: str) -> str:
    return "api" if "api" in name else "page" if name == "page" else "document"


def _markers_for(kind: str, marked: Marked) -> dict[str, list[str]]:
    return {"api": _api_markers, "page": _page_markers, "document": _markers}[kind](marked)


READERS = {
    "secretariat": Audience.OFFICE,
    "administrator": Audience.OFFICE,
    "committee_member": Audience.COMMITTEE,
    "state_liaison": Audience.LIAISON,
}


@pytest.mark.parametrize("role", sorted(READERS))
def test_each_reader_gets_exactly_their_audiences_policy_in_every_format(
    role: str, marked: Marked, users: dict[str, Any]
) -> None:
    client = _client(users, role)
    policy = POLICIES[READERS[role]]
    wrong = []
    for name in CONFIDENTIAL:
        if name == "pdf" and role not in ("state_liaison", "secretariat"):
            continue  # the PDF is the HTML for print: read twice, not four times (slow)
        response = client.get(_url(name, marked.report.pk))
        assert response.status_code == 200, (name, response.status_code)
        text = _text(response)
        if name == "api_list":  # a list: none of it, for anyone
            assert NOTE not in text and REASON not in text and VOTER not in text and OTHER_STATE not in text
            continue
        wrong += _check(text, policy, _markers_for(_kind(name), marked), _kind(name), name)
    assert wrong == []


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("other_liaison", 404),
        ("analyst", 403),
        ("delegation_member", 403),
        ("public", 403),
        ("anonymous", 302),
    ],
)
def test_everyone_else_is_refused_every_confidential_rendering(
    role: str, expected: int, marked: Marked, users: dict[str, Any]
) -> None:
    client = _client(users, role)
    for name in CONFIDENTIAL:
        response = client.get(_url(name, marked.report.pk))
        is_api = name.startswith("api")
        wanted = 403 if is_api and expected == 302 else expected
        if name == "api_list" and role == "other_liaison":
            assert response.status_code == 200 and str(marked.report.title) not in _text(response)
            continue
        assert response.status_code == wanted, (name, response.status_code)
        assert NOTE not in response.content.decode(errors="ignore")


@pytest.fixture
def published_marked(marked: Marked, users: dict[str, Any], secretariat: Any, today: date) -> Marked:
    from custodiet.reports.services import Answer, publication_request_record, report_publish, response_record

    response_record(
        report=marked.report,
        received_on=today - timedelta(days=3),
        summary="The authorities took note.",
        answers={1: Answer("Registers will be sent.", ())},
        by=users["state_liaison"],
    )
    marked.report.refresh_from_db()
    publication_request_record(
        report=marked.report,
        requested_on=today - timedelta(days=2),
        reference="Note verbale 7",
        by=users["state_liaison"],
    )
    report_publish(report=marked.report, published_on=today, by=secretariat)
    marked.report.refresh_from_db()
    return marked


@pytest.mark.parametrize("role", ["anonymous", "public", "state_liaison", "secretariat"])
def test_the_published_version_follows_the_publics_policy_whoever_reads_it(
    role: str, published_marked: Marked, users: dict[str, Any]
) -> None:
    client = _client(users, role)
    policy = POLICIES[Audience.PUBLIC]
    wrong = []
    names = ["published", "published_docx", "published_api", "published_api_list"]
    if role == "anonymous":
        names.append("published_pdf")
    for name in names:
        response = client.get(_url(name, published_marked.report.pk))
        assert response.status_code == 200, (name, response.status_code)
        text = _text(response)
        if name == "published_api_list":
            assert "response_due" not in text and NOTE not in text and VOTER not in text
            continue
        wrong += _check(text, policy, _markers_for(_kind(name), marked=published_marked), _kind(name), name)
        assert HEAD in text or name == "published_api"  # the committee's own members stay named
    assert wrong == []


def test_the_policy_is_one_table_and_the_liaison_and_public_lines_hide_what_the_issue_names() -> None:
    for audience in (Audience.LIAISON, Audience.PUBLIC):
        policy = POLICIES[audience]
        assert not (policy.votes or policy.internal_note or policy.assessments or policy.reminders)
    assert POLICIES[Audience.LIAISON].deadlines and not POLICIES[Audience.PUBLIC].deadlines
    assert {policy.audience for policy in POLICIES.values()} == set(Audience)
