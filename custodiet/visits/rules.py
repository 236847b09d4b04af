"""The rules of a visit that need no database: the treaty gate on planning, the grounds of objection,
the order of a visit's statuses, and the dates of what is recorded on it.

Pure functions over plain values and the treaty engine's records
(custodiet.treaties.rules); custodiet.visits.services feeds them from the
database and persists what they allow. Each refusal is a ``DomainError`` (or a
``PlanningRefused`` carrying the gate's decision) whose message says which rule
refused and why.

Rules decided here:

- Planning gate. A visit may be planned only where the monitoring body has a
  right to visit the state on the *first day* of the planned window; the
  engine's reasons are returned with a refusal. If the right ends, or the
  engine is uncertain, on a later day of the window, or a domestic denunciation
  without a notification is on record, the visit is allowed with warnings that
  name the first date and why. A body with no right of its own (basis
  ``consent_only`` or ``none``) needs the reference of the State's recorded
  consent; a body under domestic law is allowed with a warning; a national body
  of another State, or a body that had ceased to exist, is refused.
- Windows: the end may not come before the start; at most 60 days; no more
  than five years ahead; before 1900 is refused (the engine's range). Past
  windows are allowed so that past visits can be recorded (the CPT's 2018 visit
  to the Russian Federation), but the right to visit is still checked on their
  dates and the planner is told the window is past.
- Statuses: planned -> notified -> under way -> completed; planned, notified or
  under way -> cancelled; nothing leaves completed or cancelled. "Notified"
  needs a recorded notification of the visit; "under way" needs an arrival or a
  start date; "completed" an end date on or after the start. Dates may not lie
  in the future.
- Records: access events and immediate observations may not be in the future
  and must fall within the visit (actual dates where known, the planned window
  otherwise, up to today while a visit that overran is under way). A delay has
  a duration in minutes; nothing else has one. An observation's answer is due
  after it was communicated; the form offers one month, which the committee may
  change.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from custodiet.core.errors import DomainError
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.rules import (
    DOMESTIC_DENUNCIATION_STEPS,
    Action,
    Body,
    Coverage,
    Reason,
    Ruling,
    Status,
)

MAX_WINDOW_DAYS = 60
MAX_YEARS_AHEAD = 5
EARLIEST_YEAR = 1900
ONE_DAY = timedelta(days=1)

# The statuses of a visit, as stored (custodiet.visits.models.VisitStatus).
PLANNED, NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED = (
    "planned",
    "notified",
    "under_way",
    "completed",
    "cancelled",
)
STATUS_LABELS = {
    PLANNED: "planned",
    NOTIFIED: "notified",
    UNDER_WAY: "under way",
    COMPLETED: "completed",
    CANCELLED: "cancelled",
}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PLANNED: (NOTIFIED, CANCELLED),
    NOTIFIED: (UNDER_WAY, CANCELLED),
    UNDER_WAY: (COMPLETED, CANCELLED),
    COMPLETED: (),
    CANCELLED: (),
}

# Which statuses of a visit allow which kind of record. A cancelled visit keeps its access events and
# objections open (they often explain why it was cancelled); a completed one can still be completed in
# the record (notifications, arrivals, access events, observations and their answers), within its dates.
OPEN_FOR: dict[str, frozenset[str]] = {
    "edit_dates": frozenset({PLANNED, NOTIFIED}),
    "delegation": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "itinerary": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "notification": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "arrival": frozenset({NOTIFIED, UNDER_WAY, COMPLETED}),
    "access_event": frozenset({NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED}),
    "objection": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED}),
    "observation": frozenset({UNDER_WAY, COMPLETED}),
}
OPEN_FOR_WHAT = {
    "edit_dates": "Its planned dates can change",
    "delegation": "Its delegation can change",
    "itinerary": "Places can be added to its itinerary",
    "notification": "Notifications can be recorded",
    "arrival": "Arrivals and departures can be recorded",
    "access_event": "Access events can be recorded",
    "objection": "Objections can be recorded",
    "observation": "Immediate observations can be recorded",
}

DELEGATION_ACCOUNT_ROLES = ("delegation_member", "committee_member", "secretariat")
COMMITTEE_ROLES = ("head", "member")  # delegation roles held by members of the committee itself
MINIMUM_MEMBERS: dict[str, tuple[int, str]] = {
    "ETS-126": (2, "Art. 7(2) ECPT: as a general rule, visits are carried out by at least two members"),
    "UN-OPCAT": (2, "Art. 13(3) OPCAT: visits are conducted by at least two members of the Subcommittee"),
}


# -- the planning gate --------------------------------------------------------------------------


class Engine(Protocol):
    """What the gate needs from the treaty engine (custodiet.treaties.rules.TreatyEngine has it)."""

    def coverage(
        self, state: str, on: date, bodies: Sequence[Body], *, today: date | None = None
    ) -> Coverage: ...

    def status(self, state: str, instrument: str, on: date, *, today: date | None = None) -> Status: ...

    def denunciation_effect(self, instrument: str, received_on: date) -> Ruling: ...

    def actions(self, state: str, instrument: str) -> list[Action]: ...

    def spec(self, instrument: str) -> InstrumentSpec: ...


@dataclass(frozen=True)
class GateNote:
    """One refusal or warning of the gate: a code for programs, a sentence for people, the engine's reasons."""

    code: str
    text: str
    reasons: tuple[Reason, ...] = ()
    on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "on": self.on.isoformat() if self.on else None,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


@dataclass(frozen=True)
class GateDecision:
    """Whether a visit may be planned on a window, with the warnings and the basis of the right."""

    body: str
    state: str
    start: date
    end: date
    refusals: tuple[GateNote, ...] = ()
    warnings: tuple[GateNote, ...] = ()
    basis: tuple[Reason, ...] = ()  # the engine's reasons on the first day
    covers: bool = False  # a treaty right to visit on the first day
    right_lost_on: date | None = None

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def summary(self) -> str:
        if self.refusals:
            return " ".join(note.text for note in self.refusals)
        return "The visit may be planned" + (
            f", with {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}."
            if self.warnings
            else "."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "state": self.state,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "allowed": self.allowed,
            "covers": self.covers,
            "right_lost_on": self.right_lost_on.isoformat() if self.right_lost_on else None,
            "refusals": [note.as_dict() for note in self.refusals],
            "warnings": [note.as_dict() for note in self.warnings],
            "basis": [reason.as_dict() for reason in self.basis],
        }


class PlanningRefused(DomainError):
    """The gate refused the window; ``decision`` carries the refusals and the engine's reasons."""

    def __init__(self, decision: GateDecision) -> None:
        self.decision = decision
        super().__init__(decision.summary)


def check_window(start: date, end: date, *, today: date) -> list[GateNote]:
    """Refusals for a window that is not a sane plan (none when it is)."""
    if end < start:
        return [
            GateNote(
                "window_order", f"The visit ends ({end.isoformat()}) before it starts ({start.isoformat()})."
            )
        ]
    problems = []
    days = (end - start).days + 1
    if days > MAX_WINDOW_DAYS:
        problems.append(
            GateNote(
                "window_too_long",
                f"A visit of {days} days is longer than the {MAX_WINDOW_DAYS} days a single visit may last; "
                "plan it as several visits.",
            )
        )
    if start.year < EARLIEST_YEAR:
        problems.append(GateNote("window_too_early", f"Dates before {EARLIEST_YEAR} cannot be checked."))
    horizon = _add_years(today, MAX_YEARS_AHEAD)
    if start > horizon:
        problems.append(
            GateNote(
                "window_too_far",
                f"A visit starting on {start.isoformat()} is more than {MAX_YEARS_AHEAD} years ahead "
                f"(after {horizon.isoformat()}); check the year.",
            )
        )
    return problems


def planning_gate(
    engine: Engine,
    *,
    body: Body,
    state: str,
    start: date,
    end: date,
    today: date,
    consent_reference: str = "",
) -> GateDecision:
    """May ``body`` plan a visit to ``state`` from ``start`` to ``end``? Asks the engine for every day.

    The first day decides: no right then, no visit. Later days only warn (the right ends, or the
    engine is uncertain). A domestic denunciation recorded without a notification warns, and so
    does a pending denunciation that takes effect after the window.
    """
    refusals = check_window(start, end, today=today)
    decision = GateDecision(body=body.code, state=state, start=start, end=end)
    if refusals:
        return _replace(decision, refusals=tuple(refusals))
    warnings: list[GateNote] = []
    if end < today:
        warnings.append(
            GateNote(
                "past_window",
                f"The window ended on {end.isoformat()}: this records a past visit. The right to visit was "
                "checked on its dates.",
            )
        )

    if body.state is not None and body.state != state:
        return _replace(
            decision,
            refusals=(
                GateNote(
                    "national_body_elsewhere",
                    f"{body.code} is a national body of {body.state}; it has no mandate in {state}.",
                ),
            ),
        )
    if body.ended_on is not None and start >= body.ended_on:
        return _replace(
            decision,
            refusals=(
                GateNote(
                    "body_ended",
                    f"{body.code} ceased to exist on {body.ended_on.isoformat()}.",
                    on=body.ended_on,
                ),
            ),
        )

    first = _line(engine, state, start, body, today)
    if first is None:  # the engine leaves out a national body of another state
        return _replace(
            decision,
            refusals=(GateNote("national_body_elsewhere", f"{body.code} has no mandate in {state}."),),
        )
    basis = first.reasons

    if body.basis in ("consent_only", "none"):
        reference = consent_reference.strip()
        designated = _designation_refusal(body, start, first.reasons)
        if designated:
            return _replace(decision, refusals=(designated,), basis=basis)
        if not reference:
            return _replace(
                decision,
                basis=basis,
                refusals=(
                    GateNote(
                        "consent_missing",
                        f"{body.code} has no right of its own to visit {state}: record the reference of the "
                        "State's consent to this visit (e.g. its note verbale) to plan it.",
                        reasons=first.reasons,
                    ),
                ),
            )
        warnings.append(
            GateNote(
                "consent_basis",
                f"This visit rests on the State's consent ({reference}), not on a right to visit: the State "
                "may withdraw it.",
                reasons=first.reasons,
            )
        )
        warnings.extend(_ending_within(body, start, end))
        return _replace(decision, warnings=tuple(warnings), basis=basis)

    if body.basis == "domestic_law":
        designated = _designation_refusal(body, start, first.reasons)
        if designated:
            return _replace(decision, refusals=(designated,), basis=basis)
        warnings.append(
            GateNote(
                "domestic_law_basis",
                f"{body.code}'s right to visit comes from domestic law, not from a treaty: the State that "
                "granted it can withdraw it.",
                reasons=first.reasons,
            )
        )
        warnings.extend(_ending_within(body, start, end))
        return _replace(decision, warnings=tuple(warnings), basis=basis)

    # A treaty right to visit.
    if not first.covers:
        return _replace(
            decision,
            basis=basis,
            refusals=(
                GateNote(
                    "no_right",
                    f"{body.code} has no right to visit {state} on {start.isoformat()}, the first day of the "
                    f"visit: {first.reasons[0].text if first.reasons else 'the engine gives no reason'}",
                    reasons=first.reasons,
                    on=start,
                ),
            ),
        )
    days = _days(start, end)
    lines = [first, *(_line(engine, state, day, body, today) for day in days[1:])]
    lost_on = None
    for day, line in zip(days, lines, strict=True):
        if line is not None and not line.covers:
            lost_on = day
            warnings.append(
                GateNote(
                    "right_ends",
                    f"{body.code}'s right to visit {state} ends during the planned window: from "
                    f"{day.isoformat()} it has none ({(end - day).days + 1} of the "
                    f"{(end - start).days + 1} planned days).",
                    reasons=line.reasons,
                    on=day,
                )
            )
            break
    for day, line in zip(days, lines, strict=True):
        if lost_on is not None and day >= lost_on:
            break
        if line is not None and line.uncertain:
            warnings.append(
                GateNote(
                    "uncertain",
                    f"On {day.isoformat()} the engine cannot say for certain that {state} is bound: a "
                    "recorded date is known only to the month or year.",
                    reasons=line.reasons,
                    on=day,
                )
            )
            break
    if body.instrument is not None:
        warnings.extend(_denunciation_warnings(engine, body, state, start, end, today, lost_on))
    return _replace(decision, warnings=tuple(warnings), basis=basis, covers=True, right_lost_on=lost_on)


def _denunciation_warnings(
    engine: Engine, body: Body, state: str, start: date, end: date, today: date, lost_on: date | None
) -> list[GateNote]:
    assert body.instrument is not None
    last_day = (lost_on - ONE_DAY) if lost_on else end
    status = engine.status(state, body.instrument, last_day, today=today)
    notes: list[GateNote] = []
    if status.phase == "denunciation_pending" and status.ceases_on and lost_on is None:
        notes.append(
            GateNote(
                "denunciation_pending",
                f"A denunciation is pending: {body.code}'s right to visit {state} ends on "
                f"{status.ceases_on.isoformat()}, after this visit. A follow-up visit would have to take place "
                "before then.",
                reasons=tuple(reason for reason in status.reasons if reason.article),
                on=status.ceases_on,
            )
        )
    if not status.domestic_denunciation:
        return notes
    spec = engine.spec(body.instrument)
    clause = spec.denunciation
    title = spec.short_title
    depositary = clause.notify if clause else "depositary"
    article = clause.article if clause else None
    law_reasons = tuple(reason for reason in status.reasons if article and reason.article == article)
    steps = [
        action
        for action in engine.actions(state, body.instrument)
        if action.kind in DOMESTIC_DENUNCIATION_STEPS and action.on <= last_day
    ]
    signed = [action for action in steps if action.kind == "denunciation_law_signed"]
    step = (signed or steps)[-1] if steps else None
    notes.append(
        GateNote(
            "domestic_denunciation",
            f"{state} has approved the denunciation of the {title} by domestic law"
            f"{f' ({step.label.lower()} {step.shown_date()})' if step else ''}, but no notification of the "
            f"denunciation to the {depositary} is recorded. A domestic law is not the notification: "
            f"{body.code}'s right to visit stands until the notification is received, then ends by the "
            "treaty's clause. Check with the depositary whether a notification was received.",
            reasons=law_reasons,
            on=step.on if step else None,
        )
    )
    if step is not None:
        earliest = engine.denunciation_effect(body.instrument, step.on)
        if earliest.on is not None and earliest.on <= end:
            where = "before the planned window" if earliest.on <= start else "inside the planned window"
            notes.append(
                GateNote(
                    "notification_unknown",
                    f"If the notification was received when the law was signed ({step.on.isoformat()}), the "
                    f"right to visit ended on {earliest.on.isoformat()}, {where}. The date the notification "
                    "was received is not known: the visit may be refused.",
                    reasons=earliest.reasons,
                    on=earliest.on,
                )
            )
    hypothetical = engine.denunciation_effect(body.instrument, today)
    if hypothetical.on is not None and start <= hypothetical.on <= end:
        notes.append(
            GateNote(
                "notification_today",
                f"If the notification were received today ({today.isoformat()}), the right to visit would end "
                f"on {hypothetical.on.isoformat()}, inside the planned window.",
                reasons=hypothetical.reasons,
                on=hypothetical.on,
            )
        )
    return notes


def _designation_refusal(body: Body, start: date, reasons: tuple[Reason, ...]) -> GateNote | None:
    if body.designated_on is not None and start < body.designated_on:
        return GateNote(
            "not_designated",
            f"{body.code} was not designated until {body.designated_on.isoformat()}.",
            reasons=reasons,
            on=body.designated_on,
        )
    return None


def _ending_within(body: Body, start: date, end: date) -> list[GateNote]:
    """For bodies without a treaty right: warn when the body itself ceases during the window."""
    if body.ended_on is not None and start < body.ended_on <= end:
        return [
            GateNote(
                "body_ends",
                f"{body.code} ceases to exist on {body.ended_on.isoformat()}, during the planned window.",
                on=body.ended_on,
            )
        ]
    return []


def _line(engine: Engine, state: str, day: date, body: Body, today: date) -> Any:
    coverage = engine.coverage(state, day, [body], today=today)
    return coverage.lines[0] if coverage.lines else None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _replace(decision: GateDecision, **changes: Any) -> GateDecision:
    from dataclasses import replace

    return replace(decision, **changes)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- grounds of objection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ground:
    code: str
    label: str


@dataclass(frozen=True)
class ObjectionClause:
    """The grounds on which a State may object to a visit, from the instrument's reference data."""

    instrument: str
    short_title: str
    article: str
    grounds: tuple[Ground, ...]
    scope: str = "time_or_place"  # "place": an objection concerns a particular place (OPCAT Art. 14(2))
    condition: str = ""
    consequence: str = ""
    note: str = ""
    excluded: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (code, why it is no ground)

    @property
    def citation(self) -> str:
        return f"{self.article} {self.short_title}"

    def choices(self) -> list[tuple[str, str]]:
        return [(ground.code, ground.label) for ground in self.grounds]

    def label(self, code: str) -> str:
        return next((ground.label for ground in self.grounds if ground.code == code), code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "article": self.citation,
            "scope": self.scope,
            "condition": self.condition,
            "note": self.note,
            "grounds": [{"code": ground.code, "label": ground.label} for ground in self.grounds],
        }


def objection_clause(clauses: Mapping[str, Any] | None) -> ObjectionClause | None:
    """The objection clause in an instrument's JSON (``Instrument.clauses``), or None if it has none."""
    if not clauses or not clauses.get("objection_grounds"):
        return None
    data = clauses["objection_grounds"]
    try:
        return ObjectionClause(
            instrument=clauses.get("code", "?"),
            short_title=clauses.get("short_title", clauses.get("code", "?")),
            article=data["article"],
            grounds=tuple(Ground(item["code"], item["label"]) for item in data["grounds"]),
            scope=data.get("scope", "time_or_place"),
            condition=data.get("condition", ""),
            consequence=data.get("consequence", ""),
            note=data.get("note", ""),
            excluded=tuple((item["code"], item.get("why", "")) for item in data.get("excluded", [])),
        )
    except KeyError as missing:
        raise ValueError(
            f"instrument {clauses.get('code', '?')}: objection_grounds lacks {missing}"
        ) from missing


def _normalise(ground: str) -> str:
    return "_".join(ground.strip().lower().replace("-", " ").replace("_", " ").split())


def check_objection(
    clause: ObjectionClause | None,
    *,
    ground: str,
    body: str,
    has_place: bool,
) -> Ground:
    """The ground the treaty allows, or a DomainError naming the allowed grounds and the article."""
    if clause is None:
        raise DomainError(
            f"{body}'s right to visit comes from no treaty that lets a State object to a visit on listed "
            "grounds: no objection can be recorded for its visits."
        )
    wanted = _normalise(ground)
    for allowed in clause.grounds:
        if wanted in (allowed.code, _normalise(allowed.label)):
            if clause.scope == "place" and not has_place:
                raise DomainError(
                    f"Under {clause.citation} an objection concerns a visit to a particular place of "
                    "detention: name the place."
                )
            return allowed
    allowed_list = "; ".join(f"{g.label.lower()} ({g.code})" for g in clause.grounds)
    why = next((reason for code, reason in clause.excluded if code == wanted), "")
    shown = ground.strip() or "no ground"
    raise DomainError(
        f"“{shown}” is not a ground on which the {clause.short_title} lets a State object to a visit"
        f"{': ' + why if why else ''}. {clause.citation} allows only: {allowed_list}."
    )


# -- statuses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """What a status change sets besides the status."""

    status: str
    started_on: date | None
    ended_on: date | None


def ensure_open(status: str, action: str) -> None:
    """Refuse a record that the visit's status no longer (or not yet) allows."""
    allowed = OPEN_FOR[action]
    if status not in allowed:
        names = [STATUS_LABELS[s] for s in STATUS_LABELS if s in allowed]
        shown = " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]
        raise DomainError(
            f"This visit is {STATUS_LABELS.get(status, status)}. {OPEN_FOR_WHAT[action]} only while a visit "
            f"is {shown}."
        )


def check_transition(
    *,
    current: str,
    target: str,
    today: date,
    has_visit_notification: bool,
    started_on: date | None = None,
    first_arrival: date | None = None,
    last_departure: date | None = None,
    on: date | None = None,
) -> Transition:
    """May a visit go from ``current`` to ``target``? Returns the dates to set, or raises DomainError."""
    if target not in TRANSITIONS:
        raise DomainError(f"Unknown status “{target}”.")
    if target == current:
        raise DomainError(f"The visit is already {STATUS_LABELS[target]}.")
    following = TRANSITIONS.get(current, ())
    if target not in following:
        if not following:
            raise DomainError(f"A {STATUS_LABELS[current]} visit cannot change status.")
        choices = " or ".join(STATUS_LABELS[s] for s in following)
        raise DomainError(
            f"A {STATUS_LABELS[current]} visit cannot become {STATUS_LABELS[target]}: it may only become {choices}."
        )
    if on is not None and on > today:
        raise DomainError(f"{on.isoformat()} is in the future.")
    if target == NOTIFIED:
        if not has_visit_notification:
            raise DomainError(
                "Record the notification of the visit to the State first: a visit is notified when the State "
                "has been told of it."
            )
        return Transition(NOTIFIED, started_on, None)
    if target == UNDER_WAY:
        start = on or started_on or first_arrival
        if start is None:
            raise DomainError(
                "A visit is under way from its start: record the arrival at a place, or give the date it started."
            )
        if start > today:
            raise DomainError(
                f"The visit cannot have started on {start.isoformat()}, which is in the future."
            )
        return Transition(UNDER_WAY, start, None)
    if target == COMPLETED:
        end = on or last_departure or today
        if started_on is not None and end < started_on:
            raise DomainError(
                f"The visit cannot end on {end.isoformat()}, before it started ({started_on.isoformat()})."
            )
        if end > today:
            raise DomainError(f"The visit cannot have ended on {end.isoformat()}, which is in the future.")
        return Transition(COMPLETED, started_on, end)
    return Transition(CANCELLED, started_on, None)


def next_statuses(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


# -- dates of records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitDates:
    planned_start: date
    planned_end: date
    started_on: date | None = None
    ended_on: date | None = None
    status: str = PLANNED

    def span(self, today: date) -> tuple[date, date]:
        """The days a record may fall on: actual dates where known, else the planned window; while a visit
        that overran is under way, up to today."""
        first = min(self.planned_start, self.started_on or self.planned_start)
        if self.ended_on is not None:
            last = self.ended_on
        elif self.status == UNDER_WAY:
            last = max(self.planned_end, today)
        else:
            last = self.planned_end
        return first, last

    def describe(self, today: date) -> str:
        first, last = self.span(today)
        return f"{first.isoformat()} to {last.isoformat()}"


def check_within_visit(what: str, day: date, dates: VisitDates, *, today: date) -> None:
    if day > today:
        raise DomainError(f"{what} cannot be on {day.isoformat()}, which is in the future.")
    first, last = dates.span(today)
    if not first <= day <= last:
        raise DomainError(f"{what} on {day.isoformat()} falls outside the visit ({dates.describe(today)}).")


def check_moment(what: str, moment: datetime, now: datetime) -> None:
    if moment > now:
        raise DomainError(f"{what} cannot be at {moment:%Y-%m-%d %H:%M}, which is in the future.")


ACCESS_KINDS = ("granted", "delayed", "refused", "documents_withheld", "interview_prevented")
PROBLEM_KINDS = ("delayed", "refused", "documents_withheld", "interview_prevented")


def check_access_event(kind: str, delay_minutes: int | None) -> None:
    if kind not in ACCESS_KINDS:
        raise DomainError(f"Unknown kind of access event “{kind}”: one of {', '.join(ACCESS_KINDS)}.")
    if kind == "delayed":
        if delay_minutes is None or delay_minutes <= 0:
            raise DomainError("A delay needs its duration: how many minutes the delegation was kept waiting.")
    elif delay_minutes:
        raise DomainError("Only a delay has a duration; leave the minutes empty for this kind of event.")


def check_notification(*, subject: str, place_count: int, has_visit_notification: bool) -> None:
    if subject not in ("visit", "places", "on_arrival"):
        raise DomainError(f"Unknown subject of notification “{subject}”: visit, places or on_arrival.")
    if subject == "places" and place_count < 1:
        raise DomainError("A notification of places names at least one place.")
    if subject == "on_arrival" and place_count != 1:
        raise DomainError("A place notified on arrival is one place: name it.")
    if subject in ("places", "on_arrival") and not has_visit_notification:
        raise DomainError(
            "Record the notification of the visit itself first: the State is told of the visit, then of the "
            "places (or of each place on arrival)."
        )


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_response_due(communicated_on: date) -> date:
    """The deadline the form offers for the State's answer: one month after communication."""
    return add_months(communicated_on, 1)


def check_observation(communicated_on: date, response_due: date) -> None:
    if response_due <= communicated_on:
        raise DomainError(
            f"The answer cannot be due on {response_due.isoformat()}: it must be after the observations were "
            f"communicated ({communicated_on.isoformat()})."
        )


def observation_state(response_due: date, received_on: date | None, today: date) -> str:
    """answered, overdue or pending."""
    if received_on is not None:
        return "answered"
    return "overdue" if response_due < today else "pending"


def delegation_warnings(roles: Sequence[str], instrument: str | None) -> list[str]:
    """Warn when a delegation has fewer members of the committee than the treaty expects."""
    if instrument not in MINIMUM_MEMBERS:
        return []
    minimum, article = MINIMUM_MEMBERS[instrument]
    members = sum(1 for role in roles if role in COMMITTEE_ROLES)
    if members >= minimum:
        return []
    return [f"The delegation has {members} committee member{'s' if members != 1 else ''} ({article})."]


def check_account_role(role: str) -> None:
    if role not in DELEGATION_ACCOUNT_ROLES:
        raise DomainError(
            "Only accounts of delegation members, committee members or the secretariat can be linked to a "
            "delegation."
        )
