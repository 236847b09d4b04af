"""A State's participation in an instrument, period by period, and how each period ends.

A State may be bound more than once: Greece withdrew from the Council of Europe and denounced
the ECHR in 1969 and joined both again in 1974. ``participations`` groups the recorded acts
into periods, each opened by a consent (or by a recorded entry into force whose deposit date is
not known) and closed, perhaps, by an ending. ``ending_effect`` says when an ending takes
effect, by the kind of ending: a notification (denunciation, withdrawal) by the treaty's clause,
counted from its receipt; a decision (cessation of membership, expulsion) from the date it
names. Pure functions over ``Action`` records; no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from custodiet.treaties.dates import add_period
from custodiet.treaties.records import (
    ACTION_KINDS,
    CONSENT_KINDS,
    DECIDED_ENDINGS,
    ENDING_KINDS,
    ENDING_WORDS,
    Action,
    Reason,
    Ruling,
    cite,
)
from custodiet.treaties.reference import InstrumentSpec


def ordered(actions: Iterable[Action]) -> list[Action]:
    """Acts in the order they happened (by their earliest possible day, then by the order of kinds)."""
    return sorted(
        actions,
        key=lambda act: (act.earliest, ACTION_KINDS.index(act.kind) if act.kind in ACTION_KINDS else 99),
    )


@dataclass(frozen=True)
class Participation:
    """One period of a State's participation: opened by ``start``, closed by ``ending`` (if any).

    ``start`` is a consent, or an ``entry_into_force`` act where only the date of entry into force
    is known; ``in_force`` is such an act recorded beside a consent (kept for the record).
    """

    start: Action
    ending: Action | None = None
    in_force: Action | None = None

    @property
    def opens_with_consent(self) -> bool:
        return self.start.kind in CONSENT_KINDS


def participations(actions: Sequence[Action]) -> list[Participation]:
    """The periods of participation the acts describe, oldest first.

    A consent (or a recorded entry into force) opens a period unless one is open already; an
    ending closes the open period; an ending with no open period is ignored (the chart importer
    refuses such a row).
    """
    periods: list[Participation] = []
    for act in ordered(actions):
        current = periods[-1] if periods else None
        is_open = current is not None and current.ending is None
        if act.kind in CONSENT_KINDS or act.kind == "entry_into_force":
            if current is not None and is_open:
                if act.kind == "entry_into_force" and current.in_force is None:
                    periods[-1] = Participation(current.start, current.ending, act)
                continue  # a second consent while bound adds nothing: the first one counts
            periods.append(Participation(act))
        elif act.kind in ENDING_KINDS and current is not None and is_open:
            periods[-1] = Participation(current.start, act, current.in_force)
    return periods


@dataclass(frozen=True)
class Ending:
    """When a period ends (``first``; ``last`` differs where the record is imprecise), and why."""

    kind: str
    first: date
    last: date
    reasons: tuple[Reason, ...]
    acts: tuple[Action, ...]

    @property
    def word(self) -> str:
        return ENDING_WORDS.get(self.kind, self.kind)


def ending_effect(spec: InstrumentSpec, act: Action, *, in_force_from: date | None) -> Ending:
    """When a recorded ending takes effect, by its kind, with the article that says so.

    A notified ending runs from the receipt of the notification by the treaty's clause, never
    before the clause's minimum time as a Party (ECHR Art. 58(1): five years). A decided ending
    takes effect on the day recorded for it. A day a source gives for the effect is used as given;
    where the clause would give another, the reasons say so.
    """
    if act.kind in DECIDED_ENDINGS or spec.denunciation is None:
        return _decided(spec, act)
    clause = spec.denunciation
    low, high = act.bounds()
    first, last = clause.effective_date(low), clause.effective_date(high)
    reasons = [
        cite(
            act,
            f"The {clause.notify} received the notification of {ENDING_WORDS.get(act.kind, act.kind)} "
            f"{act.shown_date()}; {clause.describe()}: {first.isoformat()}.",
            article=clause.article,
        )
    ]
    if note := clause.timing.leap_day_note(low):
        reasons.append(Reason(note, article=clause.article))
    if clause.not_before is not None and in_force_from is not None:
        floor = add_period(in_force_from, clause.not_before)
        if first < floor:
            reasons.append(
                Reason(
                    f"It was notified before {clause.not_before.describe()} as a Party (in force for the "
                    f"State from {in_force_from.isoformat()}); a denunciation cannot take effect before "
                    f"{floor.isoformat()}, and the engine takes that later date.",
                    article=clause.not_before_article or clause.article,
                )
            )
            first, last = floor, max(last, floor)
    if act.effective_on is not None:
        if act.effective_on != first:
            reasons.append(
                cite(
                    act,
                    f"The record gives {act.effective_on.isoformat()} as the day it took effect; the clause "
                    f"would give {first.isoformat()}. The recorded day is used; check it against the "
                    "depositary's notification.",
                )
            )
        first = last = act.effective_on
    return Ending(act.kind, first, last, tuple(reasons), (act,))


def _decided(spec: InstrumentSpec, act: Action) -> Ending:
    """An ending by a decision or a rule: it takes effect on the day recorded for it."""
    article = spec.ending_article(act.kind)
    clause = spec.endings.get(act.kind)
    low, high = act.bounds()
    first = act.effective_on or low
    last = act.effective_on or high
    what = {
        "cessation": "Ceased to be a member or Party",
        "expulsion": "Expelled: ceased to be a member by decision",
    }.get(act.kind, ENDING_WORDS.get(act.kind, act.kind).capitalize())
    text = (
        f"{what} (a {ENDING_WORDS.get(act.kind, act.kind)}, not a denunciation), decided {act.shown_date()}"
    )
    if act.effective_on is not None and act.effective_on != act.on:
        text += f", with effect from {act.effective_on.isoformat()}"
    text += "."
    if act.note:
        text += f" {act.note}"
    if clause is not None and clause.text:
        text += f" {clause.text}"
    return Ending(act.kind, first, last, (cite(act, text, article=article),), (act,))


def earliest_ending(candidates: Sequence[Ending]) -> Ending | None:
    """The ending that takes effect first; endings on the same day keep all their reasons."""
    if not candidates:
        return None
    first = min(item.first for item in candidates)
    same = [item for item in candidates if item.first == first]
    return Ending(
        same[0].kind,
        first,
        max(item.last for item in same),
        tuple(reason for item in same for reason in item.reasons),
        tuple(act for item in same for act in item.acts),
    )


def denunciation_effect(spec: InstrumentSpec, received_on: date) -> Ruling:
    """When a denunciation of ``spec`` whose notification is received on ``received_on`` takes effect."""
    if spec.denunciation is None:
        if spec.part_of:
            return Ruling(
                None,
                (
                    Reason(
                        f"The {spec.short_title} has no denunciation clause of its own; it ends with the "
                        f"instrument it amends ({spec.part_of})."
                    ),
                ),
            )
        return Ruling(None, (Reason(f"The {spec.short_title} has no denunciation clause."),))
    clause = spec.denunciation
    effect = clause.effective_date(received_on)
    reasons = [
        Reason(
            f"Notification received on {received_on.isoformat()}; {clause.describe()}: {effect.isoformat()}.",
            article=clause.article,
        )
    ]
    if note := clause.timing.leap_day_note(received_on):
        reasons.append(Reason(note, article=clause.article))
    return Ruling(effect, tuple(reasons))
