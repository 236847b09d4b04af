"""The published record loaded from ``custodiet/reports/data/reference.json``: reports, public
statements and notes on what is known and unknown of a State's record, each with its source."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.services import validated_save
from custodiet.reports.models import PublicStatement, ReferenceNote, Report
from custodiet.reports.rules import Origin, ReportStatus
from custodiet.treaties.models import MonitoringBody, State

REFERENCE_FILE = Path(__file__).resolve().parents[1] / "data" / "reference.json"


@dataclass
class ReferenceSummary:
    reports: int = 0
    statements: int = 0
    notes: int = 0
    unchanged: int = 0


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


class _Places:
    """The bodies and States the entries name, read once; an unknown one says to load the treaties first."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        codes = {entry["state"] for key in ("reports", "statements", "notes") for entry in data.get(key, [])}
        self.bodies = {body.code: body for body in MonitoringBody.objects.all()}
        self.states = {state.code: state for state in State.objects.filter(code__in=codes)}

    def of(self, entry: Mapping[str, Any]) -> tuple[MonitoringBody, State]:
        try:
            return self.bodies[entry["body"]], self.states[entry["state"]]
        except KeyError as missing:
            raise DomainError(
                f"{missing.args[0]} is not on record: load the treaty reference first "
                "(custodiet treaty load-reference)."
            ) from None


def _sourced(entry: Mapping[str, Any], body: MonitoringBody, state: State) -> dict[str, Any]:
    """What every titled record copied from a published source says: whose, which, and where from."""
    return {
        "body": body,
        "state": state,
        "title": entry["title"],
        "origin": Origin.REFERENCE,
        "source": entry["source"],
    }


def _report(entry: Mapping[str, Any], body: MonitoringBody, state: State) -> Report:
    return Report(
        **_sourced(entry, body, state),
        status=entry.get("status", ReportStatus.PUBLISHED),
        visit_from=_day(entry.get("visit_from")),
        visit_to=_day(entry.get("visit_to")),
        visit_label=entry.get("visit_label", ""),
        adopted_on=_day(entry.get("adopted_on")),
        transmitted_on=_day(entry.get("transmitted_on")),
        response_received_on=_day(entry.get("response_received_on")),
        publication_requested_on=_day(entry.get("publication_requested_on")),
        publication_request_reference=entry.get("publication_request_reference", ""),
        published_on=_day(entry.get("published_on")),
        publication_reference=entry.get("publication_reference", ""),
        publication_url=entry.get("publication_url", ""),
        note=entry.get("note", ""),
    )


def _statement(entry: Mapping[str, Any], body: MonitoringBody, state: State) -> PublicStatement:
    return PublicStatement(
        **_sourced(entry, body, state),
        decided_on=_day(entry.get("decided_on")),
        decided_precision=entry.get("precision", "day"),
        votes_for=entry.get("votes_for"),
        members=entry.get("members"),
        views_invited_on=_day(entry.get("views_invited_on")),
        subject=entry.get("subject", ""),
        text=entry.get("text", ""),
    )


Build = Callable[[Mapping[str, Any], MonitoringBody, State], Report | PublicStatement]


# What each list of titled entries becomes, and the verb its loading is audited under.
_TITLED: dict[str, tuple[type[Report] | type[PublicStatement], Build, str]] = {
    "reports": (Report, _report, "report.load_reference"),
    "statements": (PublicStatement, _statement, "public_statement.load_reference"),
}


def _load_titled(key: str, data: Mapping[str, Any], *, places: _Places, by: Actor) -> tuple[int, int]:
    """Add the entries of ``data[key]`` not yet on record (same body, State and title); how many were
    added, and how many were already there."""
    model, build, verb = _TITLED[key]
    added = unchanged = 0
    for entry in data.get(key, []):
        body, state = places.of(entry)
        if model.objects.filter(body=body, state=state, title=entry["title"]).exists():
            unchanged += 1
            continue
        record = build(entry, body, state)
        validated_save(record)
        added += 1
        audit_record(actor=by, verb=verb, target=record, detail={"title": record.title})
    return added, unchanged


@transaction.atomic
def reference_load(*, data: Mapping[str, Any] | None = None, by: Actor = None) -> ReferenceSummary:
    """Load the published record (reports, public statements, notes) from ``data/reference.json``.

    Idempotent: a record already there (same body, state and title) is left as it is. Unknown values
    stay unknown. Needs the treaty reference (``custodiet treaty load-reference``) first."""
    data = data if data is not None else json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    places = _Places(data)
    reports, reports_there = _load_titled("reports", data, places=places, by=by)
    statements, statements_there = _load_titled("statements", data, places=places, by=by)
    summary = ReferenceSummary(
        reports=reports, statements=statements, unchanged=reports_there + statements_there
    )
    for entry in data.get("notes", []):
        body, state = places.of(entry)
        _, created = ReferenceNote.objects.get_or_create(
            body=body, state=state, text=entry["text"], defaults={"source": entry["source"]}
        )
        summary.notes += int(created)
        summary.unchanged += int(not created)
    return summary
