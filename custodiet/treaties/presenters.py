"""Engine answers shaped for reading: plain dictionaries (one shape for the CLI's --json, the API and
the pages), the rows of an instrument's chart of parties, and the world's coverage.

Every answer carries its three-valued status (``answer``: bound, not_bound, uncertain, unknown;
``bound``: true, false or null), the window where it is uncertain, the confidence of the least
sure fact it rests on ("unverified" for a value no source confirmed), and, apart, what was known
later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from custodiet.treaties.coverage import CoverageLine
from custodiet.treaties.records import ENDING_KINDS, shown_confidence
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.rules import CONSENT_KINDS, Action, Coverage, Ruling, Status, TreatyEngine
from custodiet.treaties.world import StateChanges, WorldRow, YearCount

ANSWER_WORDS = {
    "bound": "bound",
    "not_bound": "not bound",
    "uncertain": "uncertain",
    "unknown": "unknown",
    "yes": "may visit",
    "no": "may not visit",
}
UNVERIFIED = ("uncertain", "disputed")  # confidences shown with an "unverified" or "disputed" badge


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
        "answer": status.answer,
        "bound": status.bound,
        "phase": status.phase,
        "summary": status.summary,
        "in_force_from": status.in_force_from.isoformat() if status.in_force_from else None,
        "ceases_on": status.ceases_on.isoformat() if status.ceases_on else None,
        "ending": status.ending,
        "uncertain": status.uncertain,
        "unknown": status.unknown,
        "window": status.window.as_dict() if status.window else None,
        "confidence": shown_confidence(status.confidence),
        "domestic_denunciation_without_notification": status.domestic_denunciation,
        "if_notified_today": ruling_dict(status.hypothetical) if status.hypothetical else None,
        "reasons": [reason.as_dict() for reason in status.reasons],
        "known_later": [reason.as_dict() for reason in status.later],
    }


def line_dict(line: CoverageLine) -> dict[str, Any]:
    return {
        "code": line.body.code,
        "name": line.body.name,
        "kind": line.body.kind,
        "basis": line.body.basis,
        "instrument": line.body.instrument,
        "answer": line.answer,
        "covers": line.covers,
        "uncertain": line.uncertain,
        "unknown": line.unknown,
        "window": line.window.as_dict() if line.window else None,
        "confidence": shown_confidence(line.confidence),
        "reasons": [reason.as_dict() for reason in line.reasons],
        "known_later": [reason.as_dict() for reason in line.later],
    }


def coverage_dict(coverage: Coverage) -> dict[str, Any]:
    return {
        "state": coverage.state,
        "on": coverage.on.isoformat(),
        "mechanisms": coverage.mechanisms,
        "uncertain": coverage.codes("uncertain"),
        "unknown": coverage.codes("unknown"),
        "summary": coverage.summary,
        "bodies": [line_dict(line) for line in coverage.lines],
    }


@dataclass(frozen=True)
class ChartRow:
    """One State's line in an instrument's chart, like a depositary's: its acts and its status on a date."""

    code: str
    name: str
    signature: Action | None
    consent: Action | None
    ending: Action | None
    status: dict[str, Any]
    unverified: bool


def chart_rows(
    engine: TreatyEngine, instrument: str, on: date, *, today: date, names: Mapping[str, str]
) -> list[ChartRow]:
    """Every State with an act on ``instrument`` (or, for an amending protocol that follows its treaty, on
    that treaty), by name; ``names`` maps codes to names."""
    rows = []
    for state in engine.states_on_record(instrument):
        actions = [act for act in engine.actions(state, instrument) if act.earliest <= on]
        status = engine.status(state, instrument, on, today=today)
        rows.append(
            ChartRow(
                code=state,
                name=names.get(state, state),
                signature=next((act for act in actions if act.kind == "signature"), None),
                consent=next((act for act in reversed(actions) if act.kind in CONSENT_KINDS), None),
                ending=next((act for act in reversed(actions) if act.kind in ENDING_KINDS), None),
                status=status_dict(status),
                unverified=status.confidence in UNVERIFIED,
            )
        )
    return sorted(rows, key=lambda row: row.name)


def committee_summary(spec: InstrumentSpec, parties: int, on: date) -> dict[str, Any]:
    """The committee an instrument sets up, as it stands on ``on``: its rules, seats and re-elections."""
    if spec.committee is None:
        raise ValueError(f"the {spec.short_title} sets up no committee")
    times, article = spec.committee.reelections_allowed(on)
    fixed = spec.committee.fixed_seats(on)
    if spec.committee.seats == "one_per_party":
        seats: int | None = parties
        seats_article = spec.committee.seats_article
    else:
        seats = fixed.seats if fixed else None
        seats_article = fixed.article if fixed else spec.committee.seats_article
    return {
        "rules": spec.committee,
        "seats": seats,
        "seats_article": seats_article,
        "reelections": times,
        "reelection_article": article,
    }


def world_dict(
    rows: Sequence[WorldRow], codes: Sequence[str], names: Mapping[str, str], on: date
) -> dict[str, Any]:
    """The world's coverage on a date: per State, each body's answer, confidence and first reason."""
    return {
        "on": on.isoformat(),
        "bodies": list(codes),
        "states": [
            {
                "state": row.state,
                "name": names.get(row.state, row.state),
                "bodies": {
                    code: {
                        "answer": line.answer,
                        "confidence": shown_confidence(line.confidence),
                        "reason": line.reasons[0].text if line.reasons else "",
                    }
                    for code, line in row.lines.items()
                },
            }
            for row in rows
        ],
    }


def yearly_dict(counts: Mapping[str, Sequence[YearCount]]) -> dict[str, list[dict[str, int]]]:
    return {
        code: [
            {"year": item.year, "yes": item.yes, "uncertain": item.uncertain, "unknown": item.unknown}
            for item in items
        ]
        for code, items in counts.items()
    }


def changes_dict(changes: StateChanges, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "state": changes.state,
        "name": names.get(changes.state, changes.state),
        "from": changes.start.isoformat(),
        "to": changes.end.isoformat(),
        "changes": [
            {
                "subject": change.subject,
                "kind": change.kind,
                "before": change.before,
                "after": change.after,
                "before_label": ANSWER_WORDS.get(change.before, change.before),
                "after_label": ANSWER_WORDS.get(change.after, change.after),
                "before_summary": change.before_summary,
                "after_summary": change.after_summary,
                "reasons": [reason.as_dict() for reason in change.reasons],
            }
            for change in changes.changes
        ],
        "events": [reason.as_dict() for reason in changes.events],
        "to_or_from_unknown": changes.to_or_from_unknown,
    }


def world_rows_html(
    rows: Sequence[WorldRow], names: Mapping[str, str], visiting: Sequence[str], on: date
) -> SafeString:
    """The coverage page's table body: every State's row, a cell for each visiting body, written once in
    Python with every value escaped. The same cells as ``_coverage_badge.html`` writes (the answer's badge
    and, for an unverified or disputed answer, its confidence; the first reason as the cell's title): through
    the template engine, with an include for each of some 750 cells, the rows were three quarters of the
    page's time. Words are said in the active language."""
    badges = {
        "yes": f'<span class="badge good">{escape(gettext("yes"))}</span>',
        "uncertain": f'<span class="badge warn">{escape(gettext("uncertain"))}</span>',
        "unknown": f'<span class="badge neutral unknown">{escape(gettext("unknown"))}</span>',
    }
    otherwise = f'<span class="badge neutral">{escape(gettext("no"))}</span>'
    sureness = {
        "unverified": f' <span class="badge warn unverified" title="{escape(gettext("no source read confirms it"))}">'
        f"{escape(gettext('unverified'))}</span>",
        "disputed": f' <span class="badge warn" title="{escape(gettext("sources disagree"))}">'
        f"{escape(gettext('disputed'))}</span>",
    }
    day = on.isoformat()
    written = []
    for row in rows:
        cells = []
        for code in visiting:
            line = row.lines[code]
            title = conditional_escape(line.reasons[0].text) if line.reasons else ""
            cells.append(
                f'<td data-body="{escape(code)}" data-answer="{escape(line.answer)}" title="{title}">'
                f"{badges.get(line.answer, otherwise)}{sureness.get(shown_confidence(line.confidence) or '', '')}</td>"
            )
        link = escape(f"{reverse('treaties:state_detail', args=[row.state])}?on={day}")
        written.append(
            f'<tr data-state="{escape(row.state)}"><td><a href="{link}">{escape(names[row.state])}</a></td>'
            + "".join(cells)
            + "</tr>"
        )
    return mark_safe("\n".join(written))  # noqa: S308 - every value above is escaped
