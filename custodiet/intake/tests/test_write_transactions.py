"""Nothing long inside a write transaction, and event counts that are never stale (issue 14).

The analysis of a document (seconds for a long one) runs before its short write, so
that logins and other writes never wait behind it; an event's counts of documents,
sources and facts change in the same transaction as the document that changes them,
and what needs the whole event (contradictions, dates, title) is recounted at the
end of the batch, or by the next run if the batch was cut short.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection

from custodiet.intake import services
from custodiet.intake.models import Document, Event, Fact
from custodiet.intake.reprocess import intake_reprocess
from custodiet.intake.services import event_refresh, intake_add

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COUNTED = (
    "title",
    "action",
    "document_count",
    "source_count",
    "fact_count",
    "contradiction_count",
    "first_published",
    "last_published",
    "first_date",
    "last_date",
)


def reports_on_the_duma_vote(directory: Path, count: int) -> Path:
    """``count`` articles on one event, from different outlets, that disagree on the reports written."""
    lines = []
    for number in range(count):
        reports = 27 if number % 3 else 30
        text = (
            f"Report {number} from our correspondent. The State Duma approved on 17 September 2025 the law "
            "denouncing the European Convention for the Prevention of Torture. Russia ratified the "
            f"convention in 1998; the committee made 30 visits and wrote {reports} reports. "
            f"Observers in city number {number} said the vote took {number + 5} minutes."
        )
        record = {
            "text": text,
            "url": f"https://outlet{number}.example.org/news/{number}",
            "published": f"2025-09-{18 + number % 5:02d}",
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    path = directory / "duma.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counted(event: Event) -> dict[str, Any]:
    event.refresh_from_db()
    return {name: getattr(event, name) for name in COUNTED}


def test_a_document_is_analysed_outside_any_transaction(reference_data: Any) -> None:
    inside: list[bool] = []
    real = services.analyse

    def watched(*args: Any, **kwargs: Any) -> Any:
        inside.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    with mock.patch("custodiet.intake.services.analyse", watched):
        summary = intake_add(paths=[FIXTURES / "ru_denunciation.txt", FIXTURES / "uk_denunciation.html"])
    assert summary.added == 2
    assert inside == [False, False]


def test_reading_again_analyses_outside_any_transaction(reference_data: Any) -> None:
    intake_add(paths=[FIXTURES / "ru_denunciation.txt", FIXTURES / "echr_2022.txt"])
    inside: list[bool] = []
    real = services.analyse

    def watched(*args: Any, **kwargs: Any) -> Any:
        inside.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    with mock.patch("custodiet.intake.services.analyse", watched):
        result = intake_reprocess()
    assert result.read == 2 and inside == [False, False]


def test_an_import_cut_off_before_the_recount_leaves_the_counts_right(
    reference_data: Any, tmp_path: Path
) -> None:
    source = reports_on_the_duma_vote(tmp_path, 12)

    class Killed(BaseException):
        """What a kill -9 leaves: nothing after this point runs."""

    with mock.patch("custodiet.intake.services.event_refresh", side_effect=Killed), pytest.raises(Killed):
        intake_add(paths=[source])
    [event] = Event.objects.all()
    stored = Document.objects.filter(event=event)
    assert stored.count() == 12
    # Counted in the same transaction as each document: right at once, kill or no kill.
    event.refresh_from_db()
    assert event.document_count == 12
    assert event.fact_count == Fact.objects.filter(event=event).count() > 0
    assert event.source_count == len(set(stored.values_list("source_key", flat=True)))
    assert event.recount_due  # what needs the whole event waits for a recount, and says so


def test_running_the_same_import_again_repairs_what_a_kill_left(reference_data: Any, tmp_path: Path) -> None:
    source = reports_on_the_duma_vote(tmp_path, 12)
    with (
        mock.patch("custodiet.intake.services.event_refresh", side_effect=SystemExit),
        pytest.raises(SystemExit),
    ):
        intake_add(paths=[source])
    summary = intake_add(paths=[source])
    assert (summary.added, summary.unchanged) == (0, 12)
    [event] = Event.objects.all()
    repaired = counted(event)
    assert not event.recount_due and repaired["contradiction_count"] >= 1 and repaired["first_date"]
    event_refresh(event=event)  # a recount from scratch finds nothing to change
    assert counted(event) == repaired


def test_the_event_list_says_an_event_waits_for_its_recount(
    reference_data: Any, tmp_path: Path, client: Any, make_user: Any
) -> None:
    source = reports_on_the_duma_vote(tmp_path, 4)
    with (
        mock.patch("custodiet.intake.services.event_refresh", side_effect=SystemExit),
        pytest.raises(SystemExit),
    ):
        intake_add(paths=[source])
    client.force_login(make_user("analyst"))
    html = client.get("/intake/").content.decode()
    assert "being recounted" in html
