"""Reading documents again from their raw bytes, exporting the intake, importing from the web page."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from custodiet.intake.models import Document, Event, Fact, Fingerprint, Segment
from custodiet.ops.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def state() -> tuple[Any, ...]:
    return (
        sorted(Document.objects.values_list("pk", "event_id", "duplicate_of_id", "source_key", "language")),
        sorted(Fact.objects.values_list("document_id", "attribute", "value", "inferred")),
        Segment.objects.count(),
        Fingerprint.objects.count(),
        sorted(Event.objects.values_list("pk", "title", "document_count", "source_count")),
    )


def test_reprocess_reads_every_document_again_and_twice_changes_nothing(seeded: Any) -> None:
    from custodiet.intake.reprocess import intake_reprocess

    before = state()
    first = intake_reprocess()
    assert (first.read, first.missing, first.failed) == (5, [], [])
    assert state() == before
    intake_reprocess()
    assert state() == before


def test_reprocess_applies_improved_rules_to_stored_documents(reference_data: Any, tmp_path: Path) -> None:
    from custodiet.intake.reprocess import intake_reprocess
    from custodiet.intake.services import intake_add

    path = tmp_path / "a.txt"
    path.write_text("Hungary's parliament voted on 20 May 2025 to leave the International Criminal Court.")
    intake_add(paths=[path])
    Fact.objects.all().delete()  # as if the rules of the day had found nothing
    intake_reprocess()
    assert ("lower_house_approval", "2025-05-20") in set(Fact.objects.values_list("attribute", "value"))


def test_a_document_whose_raw_bytes_are_not_kept_is_reported_and_left_alone(seeded: Any) -> None:
    from custodiet.intake import rawstore
    from custodiet.intake.reprocess import intake_reprocess

    document = Document.objects.order_by("pk").first()
    assert document is not None
    rawstore.path_of(document.sha256).unlink()
    facts = Fact.objects.filter(document=document).count()
    result = intake_reprocess()
    assert result.missing == [document.origin] and result.read == 4
    assert Fact.objects.filter(document=document).count() == facts


def test_the_reprocess_command_prints_a_summary(seeded: Any) -> None:
    out = StringIO()
    call_command("intake", "reprocess", "--json", stdout=out)
    assert json.loads(out.getvalue())["read"] == 5


def test_export_writes_every_document_and_event_as_json(seeded: Any, tmp_path: Path) -> None:
    out = StringIO()
    call_command("intake", "export", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["documents"]) == 5 and len(data["events"]) == 1
    document = data["documents"][0]
    for key in ("language", "event", "duplicate_group", "outlet", "facts", "source"):
        assert key in document
    signed = [f for d in data["documents"] for f in d["facts"] if f["kind"] == "law_signed"]
    assert ("--09-29", "day_month", True) in [(f["value"], f["precision"], f["stated"]) for f in signed]
    # the event's timeline gives it the year other sources state
    timeline = data["events"][0]["findings"]
    assert [f["readings"][0]["value"] for f in timeline if f["attribute"] == "law_signed"] == ["2025-09-29"]
    assert data["events"][0]["event"]["instrument"] == "ETS-126"
    target = tmp_path / "export.json"
    call_command("intake", "export", "--json", "--output", str(target), stdout=StringIO())
    assert json.loads(target.read_text())["documents"]


def test_export_to_a_place_that_cannot_be_written_is_one_line(seeded: Any) -> None:
    with pytest.raises(CommandError, match="cannot write"):
        call_command("intake", "export", "--json", "--output", "/nonexistent/dir/x.json", stdout=StringIO())


def test_the_import_page_takes_files_and_pasted_text(reference_data: Any, analyst_client: Any) -> None:
    url = reverse("intake:import")
    assert b'enctype="multipart/form-data"' in analyst_client.get(url).content
    upload = SimpleUploadedFile("ru.txt", (FIXTURES / "ru_denunciation.txt").read_bytes())
    response = analyst_client.post(url, {"uploads": [upload]})
    assert run_queued_jobs() == 1  # read in the background (custodiet.intake.jobs)
    assert "1 added" in analyst_client.get(response["Location"]).content.decode()
    response = analyst_client.post(
        url,
        {
            "text": "Hungary's parliament voted on Tuesday to leave the International Criminal Court, officials said.",
            "published": "2025-05-20",
            "url": "https://news.example/hu",
        },
    )
    assert run_queued_jobs() == 1
    assert "1 added" in analyst_client.get(response["Location"]).content.decode()
    pasted = Document.objects.get(origin="pasted:1")
    assert (pasted.published_iso, pasted.outlet) == ("2025-05-20", "news.example")


def test_the_import_page_refuses_bad_input_and_changes_nothing(
    reference_data: Any, analyst_client: Any
) -> None:
    url = reverse("intake:import")
    response = analyst_client.post(url, {"text": "  "})
    assert response.status_code == 200 and "Choose files to upload" in response.content.decode()
    response = analyst_client.post(url, {"text": "A text of a few words here.", "published": "soon"})
    assert response.status_code == 200 and "not an ISO date" in response.content.decode()
    assert Document.objects.count() == 0 and run_queued_jobs() == 0  # refused at once: nothing started


@pytest.mark.parametrize("role", ["state_liaison", "public"])
def test_roles_without_the_intake_cannot_import(
    reference_data: Any, client: Any, make_user: Any, role: str
) -> None:
    client.force_login(make_user(role))
    response = client.post(
        reverse("intake:import"), {"text": "Hungary leaves the ICC, parliament decided today."}
    )
    assert response.status_code == 403 and Document.objects.count() == 0


def test_the_document_page_says_when_a_language_has_no_vocabulary(
    reference_data: Any, analyst_client: Any, tmp_path: Path
) -> None:
    from custodiet.intake.services import intake_add

    path = tmp_path / "sl.txt"
    path.write_text(
        "Republika Slovenija je Konvencijo o kasetnem strelivu podpisala 3. decembra 2008 v Oslu in jo "
        "ratificirala leta 2009, je sporočilo ministrstvo za zunanje zadeve.",
        encoding="utf-8",
    )
    intake_add(paths=[path])
    document = Document.objects.get()
    html = analyst_client.get(reverse("intake:document_detail", args=[document.pk])).content.decode()
    assert "Slovenian (sl)" in html and "no vocabulary" in html
    out = StringIO()
    call_command("intake", "export", "--json", stdout=out)
    exported = json.loads(out.getvalue())["documents"][0]
    assert (exported["language"], exported["language_read"], exported["facts"]) == ("sl", False, [])
