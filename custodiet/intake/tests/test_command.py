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
