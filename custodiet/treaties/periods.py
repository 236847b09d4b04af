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

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

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
from custodiet.treaties.words import Said, Word, said


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
            said(
                _("The %(depositary)s received the notification of %(kind)s %(when)s; %(rule)s: %(effect)s."),
                depositary=Word(clause.notify),
                kind=Word(ENDING_WORDS.get(act.kind, act.kind)),
                when=act.shown_date(),
                rule=clause.describe(),
                effect=first,
            ),
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
                    said(
                        _(
                            "It was notified before %(period)s as a Party (in force for the State from "
                            "%(since)s); a denunciation cannot take effect before %(floor)s, and the engine "
                            "takes that later date."
                        ),
                        period=clause.not_before.describe(),
                        since=in_force_from,
                        floor=floor,
                    ),
                    article=clause.not_before_article or clause.article,
                )
            )
            first, last = floor, max(last, floor)
    if act.effective_on is not None:
        if act.effective_on != first:
            reasons.append(
                cite(
                    act,
                    said(
                        _(
                            "The record gives %(recorded)s as the day it took effect; the clause would give "
                            "%(clause)s. The recorded day is used; check it against the depositary's "
                            "notification."
                        ),
                        recorded=act.effective_on,
                        clause=first,
                    ),
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
    word = ENDING_WORDS.get(act.kind, act.kind)
    what = {
        "cessation": _("Ceased to be a member or Party"),
        "expulsion": _("Expelled: ceased to be a member by decision"),
    }.get(act.kind, word.capitalize())
    parts = {"what": Word(what), "kind": Word(word), "when": act.shown_date()}
    if act.effective_on is not None and act.effective_on != act.on:
        decided = said(
            _("%(what)s (a %(kind)s, not a denunciation), decided %(when)s, with effect from %(effect)s."),
            effect=act.effective_on,
            **parts,
        )
    else:
        decided = said(_("%(what)s (a %(kind)s, not a denunciation), decided %(when)s."), **parts)
    text: Said = decided
    for more in (act.note, clause.text if clause is not None else ""):
        if more:
            text = said("%(text)s %(more)s", text=text, more=Word(more))
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
                        said(
                            _(
                                "The %(title)s has no denunciation clause of its own; it ends with the "
                                "instrument it amends (%(parent)s)."
                            ),
                            title=spec.short_title,
                            parent=spec.part_of,
                        )
                    ),
                ),
            )
        return Ruling(
            None, (Reason(said(_("The %(title)s has no denunciation clause."), title=spec.short_title)),)
        )
    clause = spec.denunciation
    effect = clause.effective_date(received_on)
    reasons = [
        Reason(
            said(
                _("Notification received on %(received)s; %(rule)s: %(effect)s."),
                received=received_on,
                rule=clause.describe(),
                effect=effect,
            ),
            article=clause.article,
        )
    ]
    if note := clause.timing.leap_day_note(received_on):
        reasons.append(Reason(note, article=clause.article))
    return Ruling(effect, tuple(reasons))
