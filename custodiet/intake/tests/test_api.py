"""The REST API: events, a timeline, a document, and importing one document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from custodiet.intake.models import Document, Event

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


def test_importing_a_document_and_again(reference_data: Any, analyst_client: Any) -> None:
    payload = {
        "text": (FIXTURES / "ru_denunciation.txt").read_text(),
        "published": "2025-09-18",
        "url": "https://example.org/a",
    }
    url = reverse("intake-api:document_create")
    first = analyst_client.post(url, payload, content_type="application/json")
    assert first.status_code == 201 and first.json()["language"] == "ru"
    assert analyst_client.post(url, payload, content_type="application/json").status_code == 200
    assert Document.objects.count() == 1


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
