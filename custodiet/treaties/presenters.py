"""Engine answers as plain dictionaries: one shape for the CLI's --json, the API and the pages."""

from __future__ import annotations

from typing import Any

from custodiet.treaties.rules import Coverage, Ruling, Status


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
