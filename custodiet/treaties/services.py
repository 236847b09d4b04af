"""Writes to the treaty records: loading the reference data and the bundled charts, importing a chart,
recording a notification of denunciation, committee terms.

Each function runs in one transaction: it writes everything or nothing.
Loading the reference data twice changes nothing.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.services import save_and_audit
from custodiet.treaties import selectors
from custodiet.treaties.answers import Status
from custodiet.treaties.bundled import manifest, record_actions, record_checks
from custodiet.treaties.chart import ChartNote, read_chart
from custodiet.treaties.jobs import keep_coverage_after_commit
from custodiet.treaties.models import (
    Chart,
    CommitteeMembership,
    Instrument,
    MonitoringBody,
    RecordCheck,
    RecordNote,
    State,
    TreatyAction,
)
from custodiet.treaties.periods import participations
from custodiet.treaties.records import CONFIDENCES, ENDING_KINDS
from custodiet.treaties.reference import InstrumentSpec, read_json, spec_from_data, state_standing
from custodiet.treaties.rules import Action


def display_name(iso_name: str) -> str:
    """ISO's inverted names read naturally: "Moldova, Republic of" -> "Republic of Moldova"."""
    if ", " not in iso_name:
        return iso_name
    head, tail = iso_name.rsplit(", ", 1)
    joiner = "" if tail.endswith("'") else " "
    return f"{tail}{joiner}{head}"


@transaction.atomic
def states_load() -> int:
    """Every ISO 3166-1 state with its English and French names; returns how many were added."""
    import pycountry  # lazily: ~50 ms to import, and only the reference load needs it

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    existing = set(State.objects.values_list("code", flat=True))
    new = []
    for country in pycountry.countries:
        if country.alpha_2 in existing:
            continue
        english = getattr(country, "common_name", None) or country.name
        new.append(
            State(
                code=country.alpha_2,
                code3=country.alpha_3,
                name_en=display_name(english),
                name_fr=display_name(french.gettext(country.name)),
                standing=state_standing(country.alpha_2),
            )
        )
    State.objects.bulk_create(new)
    keep_coverage_after_commit()  # a bulk insert sends no signal
    return len(new)


@transaction.atomic
def instruments_load() -> int:
    """The reference instruments and their final clauses; updates stored ones. Returns how many changed."""
    changed = 0
    for item in read_json("instruments.json"):
        spec = spec_from_data(item)  # refuses malformed clauses before anything is written
        _, created = Instrument.objects.update_or_create(
            code=spec.code,
            defaults={
                "short_title": spec.short_title,
                "title": spec.title,
                "title_fr": spec.title_fr,
                "organisation": spec.organisation,
                "adopted_on": spec.adopted_on,
                "depositary": spec.depositary,
                "source": spec.source,
                "clauses": item,
            },
        )
        changed += int(created)
    return changed


@dataclass
class LoadSummary:
    states: int = 0
    instruments: int = 0
    actions: int = 0
    bodies: int = 0
    memberships: int = 0
    notes: int = 0
    checks: int = 0
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def reference_load(path: Path | None = None) -> LoadSummary:
    """States, instruments, and a state's reference record (default: the Russian Federation)."""
    summary = LoadSummary(states=states_load(), instruments=instruments_load())
    data = _read_path(path) if path is not None else read_json("russian_federation.json")
    states = {state.code: state for state in State.objects.all()}
    instruments = {instrument.code: instrument for instrument in Instrument.objects.all()}

    def state(code: str) -> State:
        try:
            return states[code]
        except KeyError:
            raise DomainError(f"unknown state {code!r} in the reference data") from None

    def instrument(code: str) -> Instrument:
        try:
            return instruments[code]
        except KeyError:
            raise DomainError(f"unknown instrument {code!r} in the reference data") from None

    for act in record_actions(data):
        _, created = TreatyAction.objects.get_or_create(
            state=state(act.state),
            instrument=instrument(act.instrument),
            kind=act.kind,
            on=act.on,
            detail=act.detail,
            defaults={
                "precision": act.precision,
                "confidence": act.confidence,
                "source": act.source,
                "note": act.note,
                "effective_on": act.effective_on,
            },
        )
        summary.actions += int(created)
    for check in record_checks(data):
        assert check.state is not None and check.complete_to is not None
        _, created = RecordCheck.objects.update_or_create(
            state=state(check.state),
            instrument=instrument(check.instrument),
            defaults={"complete_to": check.complete_to, "source": check.source, "note": check.note},
        )
        summary.checks += int(created)
    for item in data.get("notes", []):
        _, created = RecordNote.objects.get_or_create(
            state=state(item["state"]),
            instrument=instrument(item["instrument"]),
            text=item["text"],
            defaults={"source": item["source"]},
        )
        summary.notes += int(created)
    _load_bodies(data, state, instrument, summary)
    if any(asdict(summary).values()):  # a load that adds nothing leaves no entry
        audit_record(actor=None, verb="treaty.reference_load", detail=asdict(summary))
    return summary


def _load_bodies(
    data: Mapping[str, Any],
    state: Callable[[str], State],
    instrument: Callable[[str], Instrument],
    summary: LoadSummary,
) -> None:
    """The monitoring bodies of a reference record, and the seats on their committees."""
    for item in data.get("bodies", []):
        _, created = MonitoringBody.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "basis": item["basis"],
                "basis_article": item.get("basis_article", ""),
                "instrument": instrument(item["instrument"]) if item.get("instrument") else None,
                "state": state(item["state"]) if item.get("state") else None,
                "designated_on": date.fromisoformat(item["designated_on"])
                if item.get("designated_on")
                else None,
                "description": item.get("description", ""),
                "source": item["source"],
            },
        )
        summary.bodies += int(created)
    for item in data.get("memberships", []):
        body = MonitoringBody.objects.get(code=item["body"])
        term_end = date.fromisoformat(item["term_end"])
        if CommitteeMembership.objects.filter(
            body=body, seat_state=state(item["seat_state"]), term_end=term_end
        ).exists():
            continue
        membership_record(
            body=body,
            seat_state=state(item["seat_state"]),
            member_name=item.get("member_name"),
            term_start=date.fromisoformat(item["term_start"]) if item.get("term_start") else None,
            term_end=term_end,
            source=item["source"],
            note=item.get("note", ""),
        )
        summary.memberships += 1


def _read_path(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def state_lookup() -> dict[str, str]:
    """Lower-cased codes and names (English, French, ISO) to the alpha-2 code."""
    lookup: dict[str, str] = {}
    for code, code3, name_en, name_fr in State.objects.values_list("code", "code3", "name_en", "name_fr"):
        for key in (code, code3, name_en, name_fr):
            lookup[key.lower()] = code
    return lookup


@dataclass
class ChartImportSummary:
    created: int
    unchanged_rows: int
    rows: int
    instruments: list[str]
    warnings: list[tuple[int, str]]
    notes: int = 0


def chart_import(
    *,
    text: str,
    instrument: str | None = None,
    today: date,
    commit: bool = True,
    by: Actor = None,
    read_on: date | None = None,
) -> ChartImportSummary:
    """Import a chart of signatures and ratifications: every row, or nothing (ImportRejected).

    Its dates are checked against ``today``, or, for a bundled chart, against ``read_on``, the day it
    was compiled (``charts_load``)."""
    specs = {row.code: row.spec() for row in Instrument.objects.all()}
    existing = [
        row.as_action(row.state.code, row.instrument.code)
        for row in TreatyAction.objects.select_related("state", "instrument")
    ]
    result = read_chart(
        text,
        specs=specs,
        state_lookup=state_lookup(),
        existing=existing,
        today=today,
        instrument=instrument,
        read_on=read_on,
    )
    notes = 0
    if commit and (result.actions or result.notes):
        with transaction.atomic():
            _write_actions(result.actions)
            notes = _write_notes(result.notes)
            if result.actions or notes:
                audit_record(
                    actor=by,
                    verb="treaty.chart_import",
                    detail={
                        "actions": len(result.actions),
                        "notes": notes,
                        "instruments": sorted(result.instrument_codes),
                    },
                )
    touched_rows = len({(act.state, act.instrument) for act in result.actions})
    return ChartImportSummary(
        created=len(result.actions),
        unchanged_rows=result.rows - touched_rows,
        rows=result.rows,
        instruments=sorted(result.instrument_codes),
        warnings=result.warnings,
        notes=notes if commit else len(result.notes),
    )


def _write_notes(notes: list[ChartNote]) -> int:
    """A chart's dateless rows, as notes on the States' records (once each); returns how many were new."""
    created = 0
    for note in notes:
        _, made = RecordNote.objects.get_or_create(
            state=State.objects.get(code=note.state),
            instrument=Instrument.objects.get(code=note.instrument),
            text=note.text,
            defaults={"source": note.source},
        )
        created += int(made)
    return created


@transaction.atomic
def _write_actions(actions: list[Action]) -> None:
    states = {state.code: state for state in State.objects.filter(code__in={act.state for act in actions})}
    instruments = {
        row.code: row for row in Instrument.objects.filter(code__in={act.instrument for act in actions})
    }
    rows = [
        TreatyAction(
            state=states[act.state],
            instrument=instruments[act.instrument],
            kind=act.kind,
            on=act.on,
            precision=act.precision,
            confidence=act.confidence,
            source=act.source,
            note=act.note,
            effective_on=act.effective_on,
            detail=act.detail,
            until=act.until,
        )
        for act in actions
    ]
    for row in rows:
        row.full_clean()
    TreatyAction.objects.bulk_create(rows)
    keep_coverage_after_commit()  # a bulk insert sends no signal


@transaction.atomic
def membership_record(
    *,
    body: MonitoringBody,
    seat_state: State,
    member_name: str | None,
    term_start: date | None,
    term_end: date,
    source: str,
    note: str = "",
    by: Actor = None,
) -> CommitteeMembership:
    """Record a member's term, refusing overlaps in a seat and more terms than the instrument allows."""
    if term_start is not None and term_end <= term_start:
        raise DomainError("a term must end after it starts")
    overlapping = CommitteeMembership.objects.filter(
        body=body, seat_state=seat_state, term_end__gte=term_start or term_end
    )
    if term_start is not None:
        overlapping = overlapping.filter(term_start__lte=term_end)
    else:
        overlapping = overlapping.filter(term_end=term_end)
    if overlapping.exists():
        raise DomainError(
            f"the seat of {seat_state} on the {body.code} already has a member for part of that term"
        )
    if member_name and body.instrument is not None and term_start is not None:
        spec = body.instrument.spec()
        if spec.committee is not None:
            allowed, article = spec.committee.reelections_allowed(term_start)
            earlier = CommitteeMembership.objects.filter(
                body=body, member_name=member_name, term_end__lt=term_start
            ).count()
            if earlier > allowed:
                raise DomainError(
                    f"{member_name} has served {earlier} terms; a member may be re-elected {allowed} "
                    f"time{'s' if allowed != 1 else ''} ({article})"
                )
    membership = CommitteeMembership(
        body=body,
        seat_state=seat_state,
        member_name=member_name,
        term_start=term_start,
        term_end=term_end,
        source=source,
        note=note,
    )
    return save_and_audit(
        membership,
        by=by,
        verb="committee_membership.record",
        detail={"body": body.code, "seat": seat_state.code, "term_end": term_end.isoformat()},
    )


@transaction.atomic
def notification_record(
    *,
    state: State,
    instrument: Instrument,
    received_on: date,
    source: str,
    today: date,
    precision: str = "day",
    confidence: str = "sourced",
    note: str = "",
    by: Actor = None,
) -> TreatyAction:
    """Record the day the depositary received a State's notification of denunciation (or withdrawal).

    The engine then counts the treaty's clause from that day, and an answer that was uncertain
    (a denunciation approved at home, its notification not recorded) becomes certain. Refused,
    with nothing written: no source, a future day, an instrument with no denunciation clause of
    its own, a State that was not a Party on that day, an ending already recorded.
    """
    spec = instrument.spec()
    source = source.strip()
    if not source:
        raise DomainError(
            _(
                "A notification needs its source: the depositary's notification to the Parties (its "
                "reference) or the page it was read on."
            )
        )
    if received_on > today:
        raise DomainError(
            _("%(day)s is in the future: record a notification once it is received.")
            % {"day": shown_date(received_on)}
        )
    if precision not in ("day", "month", "year"):
        raise DomainError(f"precision {precision!r} is not one of day, month, year")
    if confidence not in CONFIDENCES:
        raise DomainError(f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
    if spec.denunciation is None:
        raise DomainError(
            _("The %(title)s has no denunciation clause of its own: %(why)s")
            % {
                "title": spec.short_title,
                "why": spec.part_of_text or _("it cannot be denounced by notification"),
            }
        )
    _ensure_party_with_no_ending(state, instrument, spec, received_on)
    row = TreatyAction(
        state=state,
        instrument=instrument,
        kind=spec.denunciation.kind,
        on=received_on,
        precision=precision,
        confidence=confidence,
        source=source,
        note=note.strip(),
    )
    return save_and_audit(
        row,
        by=by,
        verb="treaty.notification_record",
        detail={"state": state.code, "instrument": instrument.code, "received_on": received_on.isoformat()},
    )


def _ensure_party_with_no_ending(
    state: State, instrument: Instrument, spec: InstrumentSpec, received_on: date
) -> None:
    """Refuse a notification for a day the State was not a Party, or after an ending already recorded."""
    acts = [
        row.as_action(state.code, instrument.code)
        for row in TreatyAction.objects.filter(state=state, instrument=instrument)
    ]
    periods = participations([act for act in acts if not act.is_domestic and act.earliest <= received_on])
    if not periods:
        raise DomainError(
            _(
                "%(state)s was not a Party to the %(title)s on %(day)s on the record: a notification of "
                "denunciation cannot be recorded for that day."
            )
            % {"state": state, "title": spec.short_title, "day": shown_date(received_on)}
        )
    start = periods[-1].start.earliest
    recorded = [act for act in acts if act.kind in ENDING_KINDS and act.earliest >= start]
    if recorded:
        raise DomainError(
            _("A %(kind)s of the %(title)s by %(state)s is already recorded (%(day)s, source: %(source)s).")
            % {
                "kind": recorded[0].kind,
                "title": spec.short_title,
                "state": state,
                "day": recorded[0].shown_date(),
                "source": recorded[0].source,
            }
        )


def notification_received(
    *, state: State, instrument: Instrument, given: Mapping[str, Any], by: Actor
) -> Status:
    """Record a notification as the page's form and the API give it (``received_on``, ``source``,
    ``precision``, ``confidence``, ``note``), dated against today; the answer is the instrument's status
    for the State today, which both show once it is recorded."""
    today = clock.today()
    notification_record(
        state=state,
        instrument=instrument,
        received_on=given["received_on"],
        source=given["source"],
        today=today,
        precision=given["precision"],
        confidence=given["confidence"],
        note=given["note"],
        by=by,
    )
    return selectors.engine_for_state(state).status(state.code, instrument.code, today)


@dataclass
class ChartsLoadSummary:
    charts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(int(item["actions_created"]) for item in self.charts)


@transaction.atomic
def charts_load(today: date, *, by: Actor = None) -> ChartsLoadSummary:
    """Every chart listed in data/charts/charts.json, with its completeness: all of them, or none.

    A chart's dates are checked against the day it was compiled (``read_on``), not against
    ``today``: a machine whose clock is behind the bundled data still loads it, and the engine
    still answers for each day from the acts dated up to it.

    Run after ``reference_load`` (the charts name States and instruments it loads); loading
    twice adds nothing. A chart that contradicts what is recorded rejects the whole load
    (ImportRejected, naming the file).
    """
    summary = ChartsLoadSummary()
    instruments = {row.code: row for row in Instrument.objects.all()}
    for entry in manifest():
        if entry.instrument not in instruments:
            raise DomainError(
                f"charts.json names {entry.instrument}, which is not loaded; run load-reference"
            )
        try:
            result = chart_import(
                text=entry.text(), instrument=entry.instrument, today=today, by=by, read_on=entry.read_on
            )
        except ImportRejected as rejected:
            raise ImportRejected(
                [(line, f"{entry.file}: {reason}") for line, reason in rejected.problems]
            ) from rejected
        Chart.objects.update_or_create(
            instrument=instruments[entry.instrument],
            defaults={
                "file": entry.file,
                "source": entry.source,
                "complete_to": entry.complete_to,
                "note": entry.note,
            },
        )
        summary.charts.append(
            {
                "file": entry.file,
                "instrument": entry.instrument,
                "rows": result.rows,
                "actions_created": result.created,
                "notes_created": result.notes,
                "complete_to": entry.complete_to.isoformat() if entry.complete_to else None,
                "warnings": [f"line {line}: {text}" for line, text in result.warnings],
            }
        )
    return summary


__all__ = [
    "ChartImportSummary",
    "ChartsLoadSummary",
    "ImportRejected",
    "LoadSummary",
    "chart_import",
    "charts_load",
    "membership_record",
    "notification_record",
    "reference_load",
    "states_load",
]
