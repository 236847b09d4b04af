"""Engine answers shaped for reading: plain dictionaries (one shape for the CLI's --json, the API and
the pages) and the rows of an instrument's chart of parties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.rules import (
    CONSENT_KINDS,
    Action,
    Coverage,
    Ruling,
    Status,
    TreatyEngine,
)

UNVERIFIED = ("uncertain", "disputed")  # confidences shown with a "to verify" badge


def ruling_dict(ruling: Ruling) -> dict[str, Any]:
    return {
        "date": ruling.on.isoformat() if ruling.on else None,
        "latest": ruling.latest.isoformat() if ruling.latest else None,
        "uncertain": ruling.uncertain,
        "reasons": [reason.as_dict() for reason in ruling.reasons],
    }


def status_dict(status: Status) -> dict[str, Any]:
    return {
        "state": status.state,
        "instrument": status.instrument,
        "on": status.on.isoformat(),
        "bound": status.bound,
        "phase": status.phase,
        "summary": status.summary,
        "in_force_from": status.in_force_from.isoformat() if status.in_force_from else None,
        "ceases_on": status.ceases_on.isoformat() if status.ceases_on else None,
        "uncertain": status.uncertain,
        "domestic_denunciation_without_notification": status.domestic_denunciation,
        "if_notified_today": ruling_dict(status.hypothetical) if status.hypothetical else None,
        "reasons": [reason.as_dict() for reason in status.reasons],
    }


def coverage_dict(coverage: Coverage) -> dict[str, Any]:
    return {
        "state": coverage.state,
        "on": coverage.on.isoformat(),
        "mechanisms": coverage.mechanisms,
        "summary": coverage.summary,
        "bodies": [
            {
                "code": line.body.code,
                "name": line.body.name,
                "kind": line.body.kind,
                "basis": line.body.basis,
                "instrument": line.body.instrument,
                "covers": line.covers,
                "uncertain": line.uncertain,
                "reasons": [reason.as_dict() for reason in line.reasons],
            }
            for line in coverage.lines
        ],
    }


@dataclass(frozen=True)
class ChartRow:
    """One state's line in an instrument's chart, like a depositary's: its acts and its status on a date."""

    code: str
    name: str
    signature: Action | None
    consent: Action | None
    denunciation: Action | None
    status: Status
    uncertain: bool


def chart_rows(
    engine: TreatyEngine, instrument: str, on: date, *, today: date, names: Mapping[str, str]
) -> list[ChartRow]:
    """Every state with an act on ``instrument``, by name; ``names`` maps codes to names."""
    rows = []
    for state in engine.states(instrument):
        actions = engine.actions(state, instrument)
        status = engine.status(state, instrument, on, today=today)
        by_kind = {action.kind: action for action in actions}
        rows.append(
            ChartRow(
                code=state,
                name=names.get(state, state),
                signature=by_kind.get("signature"),
                consent=next((action for action in actions if action.kind in CONSENT_KINDS), None),
                denunciation=by_kind.get("denunciation"),
                status=status,
                uncertain=status.uncertain or any(action.confidence in UNVERIFIED for action in actions),
            )
        )
    return sorted(rows, key=lambda row: row.name)


def committee_summary(spec: InstrumentSpec, parties: int, on: date) -> dict[str, Any]:
    """The committee an instrument sets up, as it stands on ``on``: its rules, seats and re-elections."""
    if spec.committee is None:
        raise ValueError(f"the {spec.short_title} sets up no committee")
    times, article = spec.committee.reelections_allowed(on)
    return {
        "rules": spec.committee,
        "seats": parties if spec.committee.seats == "one_per_party" else spec.committee.seats,
        "reelections": times,
        "reelection_article": article,
    }
