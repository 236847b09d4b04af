"""The ``intake`` command: add with a summary, timeline as a table and as JSON."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from custodiet.intake.models import Event

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str) -> str:
    out = StringIO()
    call_command("intake", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_add_prints_a_summary_with_reasons(reference_data: Any) -> None:
    output = run("add", str(FIXTURES))
    assert output.startswith("4 added, 0 unchanged, 4 skipped")
    assert "empty.txt: empty" in output and "binary (not text)" in output
    assert run("add", str(FIXTURES)).startswith("0 added, 4 unchanged")


def test_add_json(reference_data: Any) -> None:
    data = json.loads(run("add", str(FIXTURES / "ru_denunciation.txt"), "--json"))
    assert data["added"] == 1 and data["skipped"] == [] and len(data["events"]) == 1


def test_timeline_table_and_json(seeded: Any) -> None:
    event = Event.objects.get()
    assert "Russian Federation: denunciation of the ECPT" in run("timeline")
    table = run("timeline", str(event.pk))
    assert "17 September 2025" in table and "contradiction" in table and "INCONSISTENT" in table
    data = json.loads(run("timeline", str(event.pk), "--json"))
    assert any(f["attribute"] == "law_signed" for f in data["findings"])


def test_an_unknown_event_is_a_clear_error(reference_data: Any) -> None:
    with pytest.raises(CommandError, match="No event number 42"):
        run("timeline", "42")


def test_a_document_too_long_is_skipped_with_the_reason_and_the_rest_goes_on(
    reference_data: Any, tmp_path: Path
) -> None:
    from custodiet.intake.sources import MAX_DOCUMENT_CHARS

    (tmp_path / "huge.txt").write_text("The committee visited the colony. " * (MAX_DOCUMENT_CHARS // 34 + 1))
    (tmp_path / "ru.txt").write_bytes((FIXTURES / "ru_denunciation.txt").read_bytes())
    output = run("add", str(tmp_path))
    assert output.startswith("1 added, 0 unchanged, 1 skipped")
    assert "huge.txt: too long for one document" in output and f"{MAX_DOCUMENT_CHARS:,}" in output


def test_recount_finishes_what_a_cut_import_left_and_is_safe_to_run_again(reference_data: Any) -> None:
    from unittest import mock

    with (
        mock.patch("custodiet.intake.services.event_refresh", side_effect=SystemExit),
        pytest.raises(SystemExit),
    ):
        run("add", str(FIXTURES / "ru_denunciation.txt"))
    assert Event.objects.get().recount_due
    assert run("recount").strip() == "1 event recounted"
    assert not Event.objects.get().recount_due
    assert run("recount").strip() == "0 events recounted"
