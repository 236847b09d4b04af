"""Services: importing documents atomically, near-duplicates, clustering, editing links."""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from custodiet.core.errors import DomainError
from custodiet.intake.models import Document, Event, Fact, Segment
from custodiet.intake.services import event_update, intake_add

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_batch_reports_bad_inputs_and_goes_on(reference_data: Any) -> None:
    summary = intake_add(paths=[FIXTURES])
    reasons = {Path(o.origin).name: o.reason for o in summary.skipped}
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"] == "binary (not text)"
    assert "not an ISO date" in reasons["with_metadata.jsonl:2"]
    assert "not valid JSON" in reasons["with_metadata.jsonl:3"]
    assert summary.added == 4


def test_provenance_is_kept(reference_data: Any) -> None:
    intake_add(paths=[FIXTURES / "with_metadata.jsonl"])
    document = Document.objects.get()
    assert document.url == "https://example.org/news/decree"
    assert document.origin.endswith("with_metadata.jsonl:1") and len(document.sha256) == 64
    assert document.published is not None and document.imported_at is not None


def test_an_article_about_another_treaty_is_not_merged_into_the_event(reference_data: Any) -> None:
    intake_add(
        paths=[
            FIXTURES / "ru_denunciation.txt",
            FIXTURES / "uk_denunciation.html",
            FIXTURES / "echr_2022.txt",
        ]
    )
    ecpt = Event.objects.get(instrument__code="ETS-126")
    echr = Event.objects.get(instrument__code="ETS-005")
    assert ecpt.documents.count() == 2 and echr.documents.count() == 1


def test_near_duplicates_count_as_one_source(reference_data: Any, tmp_path: Path) -> None:
    story = (FIXTURES / "ru_denunciation.txt").read_text()
    (tmp_path / "a.txt").write_text(story)
    (tmp_path / "b.txt").write_text(story + "\nПодробнее читайте на нашем сайте завтра.\n")
    intake_add(paths=[tmp_path])
    event = Event.objects.get()
    copy = Document.objects.get(origin__endswith="b.txt")
    assert copy.duplicate_of is not None and event.document_count == 2 and event.source_count == 1


def test_the_import_of_one_document_is_atomic(reference_data: Any) -> None:
    from custodiet.intake import rows

    def insert(model: Any, *args: Any) -> None:
        if model is Fact:  # the facts come last: the document and its segments are written by then
            raise RuntimeError("disk full")
        rows.insert(model, *args)

    with mock.patch("custodiet.intake.services.insert", side_effect=insert):
        with pytest.raises(RuntimeError):
            intake_add(paths=[FIXTURES / "ru_denunciation.txt"])
    assert (Document.objects.count(), Segment.objects.count(), Fact.objects.count()) == (0, 0, 0)


def test_a_document_with_no_text_is_skipped_and_stores_nothing(reference_data: Any) -> None:
    summary = intake_add(paths=["-"], stdin=b"<html><body><nav>Home</nav></body></html>")
    assert summary.added == 0 and summary.skipped[0].reason.startswith("no text")
    assert Document.objects.count() == 0


def test_standard_input_is_read(reference_data: Any) -> None:
    record = {"text": (FIXTURES / "ru_denunciation.txt").read_text(), "published": "2025-09-18"}
    summary = intake_add(paths=["-"], stdin=json.dumps(record, ensure_ascii=False).encode())
    assert summary.added == 1 and Document.objects.get().origin == "<stdin>:1"


def test_links_can_be_edited_and_bad_codes_change_nothing(reference_data: Any) -> None:
    intake_add(paths=[FIXTURES / "ru_denunciation.txt"])
    event = Event.objects.get()
    with pytest.raises(DomainError):
        event_update(event=event, title="New", state_code="XX", instrument_code="")
    event.refresh_from_db()
    assert event.title != "New"
    event_update(event=event, title="Russia leaves the ECPT", state_code="ru", instrument_code="ETS-126")
    event.refresh_from_db()
    assert (event.title, event.state.code, event.links_edited) == ("Russia leaves the ECPT", "RU", True)  # type: ignore[union-attr]


def test_an_event_is_linked_to_a_state_and_a_treaty_as_a_user_names_them(reference_data: Any) -> None:
    intake_add(paths=[FIXTURES / "ru_denunciation.txt"])
    event = Event.objects.get()
    for state, instrument in (("RUS", "ETS No. 126"), ("Fédération de Russie", "ECPT"), ("ru", "ets126")):
        event_update(event=event, title="Edited", state_code=state, instrument_code=instrument)
        event.refresh_from_db()
        assert (event.state.code, event.instrument.code) == ("RU", "ETS-126")  # type: ignore[union-attr]
    event_update(event=event, title="Edited", state_code=" ", instrument_code="")
    event.refresh_from_db()
    assert (event.state, event.instrument) == (None, None)


def test_an_unknown_state_or_treaty_is_refused_as_input_and_changes_nothing(reference_data: Any) -> None:
    intake_add(paths=[FIXTURES / "ru_denunciation.txt"])
    event = Event.objects.get()
    for state, instrument in (("Atlantis", ""), ("RU", "Geneva Convention")):
        with pytest.raises(DomainError, match="is known as") as refused:
            event_update(event=event, title="New", state_code=state, instrument_code=instrument)
        assert type(refused.value) is DomainError  # input to correct, not a missing page (NotFound)
    event.refresh_from_db()
    assert event.title != "New"


def test_imports_and_edits_are_written_to_the_audit_trail_with_their_actor(
    reference_data: Any, make_user: Any
) -> None:
    from custodiet.core.audit import audit_verify
    from custodiet.core.models import AuditEntry

    analyst = make_user("analyst")
    intake_add(paths=[FIXTURES / "ru_denunciation.txt"], by=analyst)
    intake_add(paths=[FIXTURES / "ru_denunciation.txt"], by=analyst)  # unchanged: no second entry
    [imported] = AuditEntry.objects.filter(verb="document.import")
    document = Document.objects.get()
    assert (imported.actor, imported.target_id, imported.detail["sha256"]) == (
        analyst,
        str(document.pk),
        document.sha256,
    )
    event_update(event=Event.objects.get(), title="Edited", state_code="RU", instrument_code="", by=analyst)
    assert AuditEntry.objects.filter(verb="event.update", actor=analyst).count() == 1
    assert audit_verify() == []
