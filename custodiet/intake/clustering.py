"""Grouping documents by event: which state did what with which treaty, and when.

An event is identified by the state, the treaty and the kind of action a
document is mainly about (see ``analysis``): the Russian Federation's
denunciation of the ECPT in 2025 and its leaving the ECHR in 2022 differ by
treaty, so they are never merged, however many words their articles share.
Documents with a known publication date join an event only if it is within
``MAX_SPREAD_DAYS`` of the event's other dated documents (a partial date, "2025-05",
counts by its whole span); a document without a publication date is not kept out
by time, since the dates it states only tell when it was written at the earliest.
A document that names the treaty but no State, or no kind of action, joins the
event on that treaty whose other parts it does not contradict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from custodiet.intake.dates import DateValue

MAX_SPREAD_DAYS = 2 * 365


@dataclass(frozen=True)
class EventKey:
    state: str
    instrument: str
    action: str

    def title(self, state_name: str = "", instrument_name: str = "") -> str:
        who = state_name or self.state or "Unknown state"
        what = instrument_name or self.instrument.lstrip("?") or "an unidentified treaty"
        action = self.action or "news"
        return f"{who}: {action} of the {what}" if self.action else f"{who}: {what}"


def key_for(state: str, instrument: str, action: str) -> EventKey | None:
    """The event a document belongs to, or None when it names no treaty to hang it on."""
    if not instrument:
        return None
    return EventKey(state=state, instrument=instrument, action=action)


def states_of(code: str) -> set[str]:
    """The States of a key: "BF+ML+NE" for States that act together."""
    return {part for part in code.split("+") if part}


def matches(key: EventKey, state: str, action: str, *, any_action: bool = False) -> bool:
    """True when an event's key agrees with a document's States (they share one; an unknown one agrees)
    and action (the same, or unknown; any with ``any_action``)."""
    mine, theirs = states_of(state), states_of(key.state)
    same_state = not mine or bool(mine & theirs)  # an event on no named State takes only such documents
    return same_state and (any_action or not action or not key.action or key.action == action)


def span(published: DateValue | None) -> tuple[date, date] | None:
    """The first and last day a publication date may be, or None when it has no year."""
    if published is None:
        return None
    low, high = published.earliest_day(), published.latest_day()
    return (low, high) if low is not None and high is not None else None


def fits(published: DateValue | None, first: date | None, last: date | None) -> bool:
    """True when a document published on ``published`` may belong to an event dated first..last."""
    days = span(published)
    if days is None or first is None or last is None:
        return True
    low, high = min(first, days[0]), max(last, days[1])
    return (high - low).days <= MAX_SPREAD_DAYS


def distance_days(days: tuple[date, date] | None, first: date | None, last: date | None) -> int:
    """Days between a document's publication span and an event's (0 when they overlap; large when unknown)."""
    if days is None or first is None or last is None:
        return 10**6
    if days[1] < first:
        return (first - days[1]).days
    if days[0] > last:
        return (days[0] - last).days
    return 0
