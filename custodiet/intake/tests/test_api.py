"""The REST API: events, a timeline, a document, and importing one document (in the background)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.intake.models import Document, Event
from custodiet.intake.sources import MAX_DOCUMENT_CHARS
from custodiet.ops.models import Job
from custodiet.ops.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_timeline_as_json(seeded: Any, analyst_client: Any) -> None:
    event = Event.objects.get()
    events = analyst_client.get(reverse("intake-api:event_list")).json()
    assert events[0]["instrument"] == "ETS-126" and events[0]["document_count"] == 5
    data = analyst_client.get(reverse("intake-api:event_timeline", args=[event.pk])).json()
    reports = next(f for f in data["findings"] if f["attribute"] == "reports_written")
    assert reports["status"] == "contradiction" and {r["value"] for r in reports["readings"]} == {27, 30}
    assert data["legal_effect"][0]["verdict"] == "inconsistent"


def test_a_document_with_segments_and_facts(seeded: Any, analyst_client: Any) -> None:
    document = Document.objects.filter(facts__attribute="law_signed").first()
    assert document is not None
    data = analyst_client.get(reverse("intake-api:document_detail", args=[document.pk])).json()
    assert data["sha256"] == document.sha256 and any(s["removed"] for s in data["segments"])
    assert any(f["attribute"] == "law_signed" for f in data["facts"])
    missing = analyst_client.get(reverse("intake-api:document_detail", args=[999999]))
    assert missing.status_code == 404 and missing.json() == {"detail": "No such document."}


def test_importing_a_document_runs_in_the_background_and_again_answers_the_stored_one(
    reference_data: Any, analyst_client: Any
) -> None:
    payload = {
        "text": (FIXTURES / "ru_denunciation.txt").read_text(),
        "published": "2025-09-18",
        "url": "https://example.org/a",
    }
    url = reverse("intake-api:document_create")
    first = analyst_client.post(url, payload, content_type="application/json")
    assert first.status_code == 202 and first.json()["state"] == "queued"
    assert Document.objects.count() == 0  # nothing is read in the request
    status_url = first.json()["status_url"]
    assert analyst_client.get(status_url).json()["done"] is False
    assert run_queued_jobs() == 1
    done = analyst_client.get(status_url).json()
    assert (done["state"], done["added"], done["skipped"]) == ("succeeded", 1, [])
    [number] = done["documents"]
    document = analyst_client.get(reverse("intake-api:document_detail", args=[number])).json()
    assert document["language"] == "ru" and document["origin"] == "api:1"
    assert Event.objects.get().document_count == 1
    again = analyst_client.post(url, payload, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == number
    assert Document.objects.count() == 1 and run_queued_jobs() == 0


def test_an_import_is_followed_only_by_who_may(
    reference_data: Any, analyst_client: Any, make_user: Any
) -> None:
    url = reverse("intake-api:document_create")
    started = analyst_client.post(
        url, {"text": "Some words, enough of them to read."}, content_type="application/json"
    )
    status_url = started.json()["status_url"]
    other = Client()
    other.force_login(make_user("analyst", username="another-analyst"))
    assert other.get(status_url).status_code == 404  # another analyst's import is not theirs to see
    secretariat = Client()
    secretariat.force_login(make_user("secretariat"))
    assert secretariat.get(status_url).status_code == 200
    missing = analyst_client.get(reverse("intake-api:import_state", args=[uuid.uuid4()]))
    assert missing.status_code == 404 and missing.json() == {"detail": "No such import."}


def test_a_document_too_long_is_refused_at_once_and_nothing_is_started(
    reference_data: Any, analyst_client: Any
) -> None:
    url = reverse("intake-api:document_create")
    text = "The committee visited the colony. " * (MAX_DOCUMENT_CHARS // 34 + 1)
    response = analyst_client.post(url, {"text": text}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("too long for one document")
    assert f"{MAX_DOCUMENT_CHARS:,}" in response.json()["detail"]
    assert Job.objects.count() == 0 and Document.objects.count() == 0


def test_a_long_document_in_cyrillic_within_the_limit_is_taken(
    reference_data: Any, analyst_client: Any
) -> None:
    """1,400,000 Cyrillic characters are about 2.8 MB of JSON: past Django's default 2.5 MB for a
    request body, which answered an HTML page instead of taking a document within the limit."""
    text = "Комитет посетил колонию. " * (1_400_000 // 25)
    response = analyst_client.post(
        reverse("intake-api:document_create"), {"text": text}, content_type="application/json"
    )
    assert response.status_code == 202, response.content[:200]


def test_bad_input_gets_a_clear_error_and_changes_nothing(reference_data: Any, analyst_client: Any) -> None:
    url = reverse("intake-api:document_create")
    response = analyst_client.post(
        url, {"text": "Enough words here.", "published": "soon"}, content_type="application/json"
    )
    assert response.status_code == 400 and "ISO date" in response.json()["detail"]
    assert analyst_client.post(url, {"text": ""}, content_type="application/json").status_code == 400
    assert Document.objects.count() == 0


def test_the_schema_documents_the_endpoints(analyst_client: Any) -> None:
    schema = analyst_client.get("/api/schema/").content.decode()
    assert "/api/intake/events/" in schema and "/api/intake/documents/" in schema
