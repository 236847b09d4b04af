"""The treaty gate on planning: may a monitoring body plan a visit to a State on a window of days?

Pure functions over plain values and the treaty engine's records
(custodiet.treaties.rules); no database. ``custodiet.visits.selectors.planning_decision``
feeds the gate from the stored record and ``custodiet.visits.services`` refuses a plan
with ``PlanningRefused``, which carries the gate's decision.

- A visit may be planned only where the body has a right to visit the State on the
  *first day* of the window; the engine's reasons are returned with a refusal. If the
  right ends, or the engine is uncertain, on a later day, or a domestic denunciation
  without a notification is on record, the visit is allowed with warnings that name
  the first date and why.
- The engine answers yes, no, uncertain or unknown. **Uncertain** on the first day (a
  denunciation approved at home whose notification is not recorded, past the earliest day
  it could have taken effect; an imprecise date) is allowed with a ``right_uncertain``
  warning that gives the window and what would settle it: the right may still stand, and
  the delegation must check before it travels. **Unknown** on the first day (no record of the
  State and no chart complete on that date) is refused (``right_unknown``): a visit is not
  planned on a right nobody has shown; recording the State's act (or a chart) settles it.
  Unknown on a later day of the window is a warning.
- A body with no right of its own (basis ``consent_only`` or ``none``) needs the
  reference of the State's recorded consent; a body under domestic law is allowed
  with a warning; a national body of another State, or a body that had ceased to
  exist (or was not yet designated), is refused.
- Windows: the end may not come before the start; at most 60 days; no more than five
  years ahead; before 1900 is refused (the engine's range). Past windows are allowed
  so that past visits can be recorded (the CPT's 2018 visit to the Russian
  Federation), but the right to visit is still checked on their dates and the planner
  is told the window is past.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.rules import (
    DOMESTIC_DENUNCIATION_STEPS,
    Action,
    Body,
    Coverage,
    CoverageLine,
    Reason,
    Ruling,
    Status,
)
from custodiet.treaties.words import shown

MAX_WINDOW_DAYS = 60
MAX_YEARS_AHEAD = 5
EARLIEST_YEAR = 1900
ONE_DAY = timedelta(days=1)
WITHOUT_TREATY = ("consent_only", "none", "domestic_law")  # the bases that are no treaty right


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
    covers: bool = False  # a treaty right to visit (certain or uncertain) on the first day
    right_lost_on: date | None = None
    right: str = ""  # the engine's answer on the first day: yes, no, uncertain or unknown
    state_name: str = ""  # the State as the sentences name it (the reader's language); the code otherwise

    @property
    def named_state(self) -> str:
        return self.state_name or self.state

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def summary(self) -> str:
        if self.refusals:
            return " ".join(note.text for note in self.refusals)
        if self.warnings:
            return ngettext(
                "The visit may be planned, with %(count)s warning.",
                "The visit may be planned, with %(count)s warnings.",
                len(self.warnings),
            ) % {"count": len(self.warnings)}
        return _("The visit may be planned.")

    def refused(self, *notes: GateNote) -> GateDecision:
        return replace(self, refusals=notes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "state": self.state,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "allowed": self.allowed,
            "covers": self.covers,
            "right": self.right,
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

    def details(self) -> dict[str, Any]:
        decision = self.decision.as_dict()
        return {"refusals": decision["refusals"], "basis": decision["basis"]}


def check_window(start: date, end: date, *, today: date) -> list[GateNote]:
    """Refusals for a window that is not a sane plan (none when it is)."""
    if end < start:
        return [
            GateNote(
                "window_order",
                _("The visit ends (%(end)s) before it starts (%(start)s).")
                % {"end": shown_date(end), "start": shown_date(start)},
            )
        ]
    problems = []
    days = (end - start).days + 1
    if days > MAX_WINDOW_DAYS:
        problems.append(
            GateNote(
                "window_too_long",
                _(
                    "A visit of %(days)s days is longer than the %(most)s days a single visit may last; plan it "
                    "as several visits."
                )
                % {"days": days, "most": MAX_WINDOW_DAYS},
            )
        )
    if start.year < EARLIEST_YEAR:
        problems.append(
            GateNote(
                "window_too_early", _("Dates before %(year)s cannot be checked.") % {"year": EARLIEST_YEAR}
            )
        )
    horizon = _add_years(today, MAX_YEARS_AHEAD)
    if start > horizon:
        problems.append(
            GateNote(
                "window_too_far",
                _(
                    "A visit starting on %(day)s is more than %(years)s years ahead (after %(horizon)s); check the year."
                )
                % {"day": shown_date(start), "years": MAX_YEARS_AHEAD, "horizon": shown_date(horizon)},
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
    state_name: str = "",
) -> GateDecision:
    """May ``body`` plan a visit to ``state`` from ``start`` to ``end``? Asks the engine for every day.

    The first day decides: no right then, no visit. Later days only warn (the right ends, or the
    engine is uncertain). A domestic denunciation recorded without a notification warns, and so
    does a pending denunciation that takes effect after the window.
    """
    decision = GateDecision(body=body.code, state=state, start=start, end=end, state_name=state_name)
    refusals = check_window(start, end, today=today)
    if refusals:
        return decision.refused(*refusals)
    warnings: list[GateNote] = []
    if end < today:
        warnings.append(
            GateNote(
                "past_window",
                _(
                    "The window ended on %(day)s: this records a past visit. The right to visit was checked on "
                    "its dates."
                )
                % {"day": shown_date(end)},
            )
        )
    refusal = _mandate_refusal(body, state, start, named=decision.named_state)
    if refusal is not None:
        return decision.refused(refusal)
    first = _line(engine, state, start, body, today)
    if first is None:  # the engine leaves out a national body of another state
        return decision.refused(
            GateNote(
                "national_body_elsewhere",
                _("%(body)s has no mandate in %(state)s.")
                % {"body": body.code, "state": decision.named_state},
            )
        )
    if body.basis in WITHOUT_TREATY:
        return _without_treaty(decision, body, first, warnings, consent_reference)
    return _with_treaty(engine, decision, body, first, warnings, today)


def _mandate_refusal(body: Body, state: str, start: date, *, named: str) -> GateNote | None:
    """A body that cannot act in the State at all: a national body of another State, or one that had ended."""
    if body.state is not None and body.state != state:
        return GateNote(
            "national_body_elsewhere",
            _("%(body)s is a national body of %(own)s; it has no mandate in %(state)s.")
            % {"body": body.code, "own": body.state, "state": named},
        )
    if body.ended_on is not None and start >= body.ended_on:
        return GateNote(
            "body_ended",
            _("%(body)s ceased to exist on %(day)s.") % {"body": body.code, "day": shown_date(body.ended_on)},
            on=body.ended_on,
        )
    return None


def _without_treaty(
    decision: GateDecision,
    body: Body,
    first: CoverageLine,
    warnings: list[GateNote],
    consent_reference: str,
) -> GateDecision:
    """A body whose right comes from domestic law, or that has none of its own and needs consent."""
    basis = first.reasons
    designated = _designation_refusal(body, decision.start, basis)
    if designated:
        return replace(decision, refusals=(designated,), basis=basis)
    reference = consent_reference.strip()
    if body.basis == "domestic_law":
        note = GateNote(
            "domestic_law_basis",
            _(
                "%(body)s's right to visit comes from domestic law, not from a treaty: the State that granted "
                "it can withdraw it."
            )
            % {"body": body.code},
            reasons=basis,
        )
    elif reference:
        note = GateNote(
            "consent_basis",
            _(
                "This visit rests on the State's consent (%(reference)s), not on a right to visit: the State may withdraw it."
            )
            % {"reference": reference},
            reasons=basis,
        )
    else:
        missing = GateNote(
            "consent_missing",
            _(
                "%(body)s has no right of its own to visit %(state)s: record the reference of the State's "
                "consent to this visit (e.g. its note verbale) to plan it."
            )
            % {"body": body.code, "state": decision.named_state},
            reasons=basis,
        )
        return replace(decision, basis=basis, refusals=(missing,))
    ending = _ending_within(body, decision.start, decision.end)
    return replace(decision, warnings=(*warnings, note, *ending), basis=basis)


def _with_treaty(
    engine: Engine,
    decision: GateDecision,
    body: Body,
    first: CoverageLine,
    warnings: list[GateNote],
    today: date,
) -> GateDecision:
    """A treaty right to visit: the first day decides, later days warn."""
    state, start, end = decision.state, decision.start, decision.end
    named = decision.named_state
    decision = replace(decision, right=first.answer)
    why = shown(first.reasons[0].text) if first.reasons else _("the engine gives no reason")
    if first.answer == "no":
        no_right = GateNote(
            "no_right",
            _("%(body)s has no right to visit %(state)s on %(day)s, the first day of the visit: %(why)s")
            % {"body": body.code, "state": named, "day": shown_date(start), "why": why},
            reasons=first.reasons,
            on=start,
        )
        return replace(decision, basis=first.reasons, refusals=(no_right,))
    if first.answer == "unknown":
        unknown = GateNote(
            "right_unknown",
            _(
                "Whether %(body)s may visit %(state)s on %(day)s is unknown: %(why)s A visit is not planned on a "
                "right nobody has shown: record the State's act (or import a chart complete on that date) first."
            )
            % {"body": body.code, "state": named, "day": shown_date(start), "why": why},
            reasons=first.reasons,
            on=start,
        )
        return replace(decision, basis=first.reasons, refusals=(unknown,))
    if first.answer == "uncertain":
        warnings = [*warnings, _uncertain_note(body, named, start, first, first_day=True)]
    days = _days(start, end)
    lines = [first, *(_line(engine, state, day, body, today) for day in days[1:])]
    lost_on = next(
        (day for day, line in zip(days, lines, strict=True) if line is not None and line.answer == "no"), None
    )
    notes = [*warnings, *_right_ends(body, decision, days, lines, lost_on)]
    if body.instrument is not None:
        notes.extend(_denunciation_warnings(engine, body, state, start, end, today, lost_on, named=named))
    return replace(decision, warnings=tuple(notes), basis=first.reasons, covers=True, right_lost_on=lost_on)


def _uncertain_note(body: Body, state: str, day: date, line: CoverageLine, *, first_day: bool) -> GateNote:
    """A warning for a day on which the engine cannot say for certain that the body may visit."""
    window = line.window
    why = (
        _("%(uncertain)s What would settle it: %(settles)s")
        % {"uncertain": shown(window.text), "settles": shown(window.settles)}
        if window is not None
        else (shown(line.reasons[0].text) if line.reasons else _("a recorded date is imprecise."))
    )
    values = {"day": shown_date(day), "body": body.code, "state": state, "why": why}
    text = (
        _(
            "On %(day)s, the first day of the visit, it is uncertain whether %(body)s may visit %(state)s: "
            "%(why)s Check before the delegation travels."
        )
        if first_day
        else _(
            "On %(day)s, a day of the planned window, it is uncertain whether %(body)s may visit %(state)s: "
            "%(why)s Check before the delegation travels."
        )
    )
    return GateNote(
        "right_uncertain" if first_day else "uncertain",
        text % values,
        reasons=line.reasons,
        on=day,
    )


def _right_ends(
    body: Body,
    decision: GateDecision,
    days: list[date],
    lines: list[CoverageLine | None],
    lost_on: date | None,
) -> list[GateNote]:
    """The warnings of the days after the first: the day the right ends, the first uncertain day before."""
    state, start, end = decision.named_state, decision.start, decision.end
    notes: list[GateNote] = []
    if lost_on is not None:
        line = lines[days.index(lost_on)]
        notes.append(
            GateNote(
                "right_ends",
                ngettext(
                    "%(body)s's right to visit %(state)s ends during the planned window: from %(day)s it has "
                    "none (%(lost)s of the %(count)s planned day).",
                    "%(body)s's right to visit %(state)s ends during the planned window: from %(day)s it has "
                    "none (%(lost)s of the %(count)s planned days).",
                    (end - start).days + 1,
                )
                % {
                    "body": body.code,
                    "state": state,
                    "day": shown_date(lost_on),
                    "lost": (end - lost_on).days + 1,
                    "count": (end - start).days + 1,
                },
                reasons=line.reasons if line is not None else (),
                on=lost_on,
            )
        )
    first_answer = lines[0].answer if lines and lines[0] is not None else ""
    for answer in ("uncertain", "unknown"):
        if first_answer == answer:
            continue  # said already for the first day
        for day, line in zip(days, lines, strict=True):
            if lost_on is not None and day >= lost_on:
                break
            if line is not None and line.answer == answer:
                notes.append(
                    _uncertain_note(body, state, day, line, first_day=False)
                    if answer == "uncertain"
                    else GateNote(
                        "right_unknown_later",
                        _(
                            "From %(day)s, inside the planned window, whether %(body)s may visit %(state)s is unknown: %(why)s"
                        )
                        % {
                            "day": shown_date(day),
                            "body": body.code,
                            "state": state,
                            "why": shown(line.reasons[0].text) if line.reasons else "",
                        },
                        reasons=line.reasons,
                        on=day,
                    )
                )
                break
    return notes


def _denunciation_warnings(
    engine: Engine,
    body: Body,
    state: str,
    start: date,
    end: date,
    today: date,
    lost_on: date | None,
    *,
    named: str,
) -> list[GateNote]:
    assert body.instrument is not None
    last_day = (lost_on - ONE_DAY) if lost_on else end
    status = engine.status(state, body.instrument, last_day, today=today)
    notes: list[GateNote] = []
    if status.phase == "ending_pending" and status.ceases_on and lost_on is None:
        notes.append(
            GateNote(
                "denunciation_pending",
                _(
                    "A %(ending)s is pending: %(body)s's right to visit %(state)s ends on %(day)s, after this "
                    "visit. A follow-up visit would have to take place before then."
                )
                % {
                    "ending": status.ending or _("denunciation"),
                    "body": body.code,
                    "state": named,
                    "day": shown_date(status.ceases_on),
                },
                reasons=tuple(reason for reason in status.reasons if reason.article),
                on=status.ceases_on,
            )
        )
    if not status.domestic_denunciation:
        return notes
    spec = engine.spec(body.instrument)
    clause = spec.denunciation
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
            (
                _(
                    "%(state)s has approved the denunciation of the %(treaty)s by domestic law (%(step)s %(day)s), "
                    "but no notification of the denunciation to the %(depositary)s is recorded. A domestic law is "
                    "not the notification: %(body)s's right to visit stands until the notification is received, "
                    "then ends by the treaty's clause. Check with the depositary whether a notification was "
                    "received."
                )
                if step
                else _(
                    "%(state)s has approved the denunciation of the %(treaty)s by domestic law, but no "
                    "notification of the denunciation to the %(depositary)s is recorded. A domestic law is not "
                    "the notification: %(body)s's right to visit stands until the notification is received, then "
                    "ends by the treaty's clause. Check with the depositary whether a notification was received."
                )
            )
            % {
                "state": named,
                "treaty": spec.short_title,
                "step": step.label.lower() if step else "",
                "day": step.shown_date() if step else "",
                "depositary": depositary,
                "body": body.code,
            },
            reasons=law_reasons,
            on=step.on if step else None,
        )
    )
    notes.extend(_if_notified(engine, body.instrument, step, start, end, today))
    return notes


def _if_notified(
    engine: Engine, instrument: str, step: Action | None, start: date, end: date, today: date
) -> list[GateNote]:
    """When the right would end had the notification been received when the law was signed, or today."""
    notes: list[GateNote] = []
    if step is not None:
        earliest = engine.denunciation_effect(instrument, step.on)
        if earliest.on is not None and earliest.on <= end:
            text = (
                _(
                    "If the notification was received when the law was signed (%(signed)s), the right to visit "
                    "ended on %(day)s, before the planned window. The date the notification was received is not "
                    "known: the visit may be refused."
                )
                if earliest.on <= start
                else _(
                    "If the notification was received when the law was signed (%(signed)s), the right to visit "
                    "ended on %(day)s, inside the planned window. The date the notification was received is not "
                    "known: the visit may be refused."
                )
            )
            notes.append(
                GateNote(
                    "notification_unknown",
                    text % {"signed": shown_date(step.on), "day": shown_date(earliest.on)},
                    reasons=earliest.reasons,
                    on=earliest.on,
                )
            )
    hypothetical = engine.denunciation_effect(instrument, today)
    if hypothetical.on is not None and start <= hypothetical.on <= end:
        notes.append(
            GateNote(
                "notification_today",
                _(
                    "If the notification were received today (%(today)s), the right to visit would end on "
                    "%(day)s, inside the planned window."
                )
                % {"today": shown_date(today), "day": shown_date(hypothetical.on)},
                reasons=hypothetical.reasons,
                on=hypothetical.on,
            )
        )
    return notes


def _designation_refusal(body: Body, start: date, reasons: tuple[Reason, ...]) -> GateNote | None:
    if body.designated_on is not None and start < body.designated_on:
        return GateNote(
            "not_designated",
            _("%(body)s was not designated until %(day)s.")
            % {"body": body.code, "day": shown_date(body.designated_on)},
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
                _("%(body)s ceases to exist on %(day)s, during the planned window.")
                % {"body": body.code, "day": shown_date(body.ended_on)},
                on=body.ended_on,
            )
        ]
    return []


def _line(engine: Engine, state: str, day: date, body: Body, today: date) -> CoverageLine | None:
    coverage = engine.coverage(state, day, [body], today=today)
    return coverage.lines[0] if coverage.lines else None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
