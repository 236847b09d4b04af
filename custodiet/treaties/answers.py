"""The engine's answers: ``Status`` (bound, not bound, uncertain, unknown, with the dates, window and
reasons), the day an answer may next change (``Watch``), and the pieces of an answer that need no
engine: when a period of participation began, and the window of a denunciation approved at home
whose notification is not recorded. Pure; custodiet.treaties.rules assembles them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from custodiet.treaties.periods import Participation
from custodiet.treaties.records import ENDING_WORDS, Answer, Reason, Ruling, Window, cite
from custodiet.treaties.reference import InstrumentSpec

Phase = Literal["no_action", "signed", "consented", "in_force", "ending_pending", "ceased"]
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Status:
    """Is ``state`` bound by ``instrument`` on ``on``: the answer, the dates, the reasons.

    ``window`` is set when the answer is uncertain; ``confidence`` is that of the least sure fact
    used; ``later`` lists what was recorded after ``on`` (never used for the answer);
    ``stable_until`` is the first later day on which the answer may differ (``date.max``: none).
    """

    state: str
    instrument: str
    on: date
    answer: Answer
    phase: Phase
    in_force_from: date | None
    ceases_on: date | None
    reasons: tuple[Reason, ...]
    window: Window | None = None
    ending: str | None = None
    confidence: str | None = None
    domestic_denunciation: bool = False  # a domestic denunciation step is recorded without a notification
    hypothetical: Ruling | None = None  # when a denunciation notified on ``today`` would take effect
    later: tuple[Reason, ...] = ()
    headline: str = ""
    stable_until: date = date.max

    @property
    def bound(self) -> bool | None:
        """True or False where the answer is certain; None where it is uncertain or unknown."""
        return {"bound": True, "not_bound": False}.get(self.answer)

    @property
    def uncertain(self) -> bool:
        return self.answer == "uncertain"

    @property
    def unknown(self) -> bool:
        return self.answer == "unknown"

    @property
    def summary(self) -> str:
        word = ENDING_WORDS.get(self.ending or "", "denunciation")
        if self.answer == "bound":
            if self.phase == "ending_pending" and self.ceases_on:
                return (
                    f"bound until {self.ceases_on - ONE_DAY:%Y-%m-%d} ({word} takes effect {self.ceases_on})"
                )
            return "bound"
        if self.answer in ("uncertain", "unknown"):
            return f"{self.answer}: {self.headline}"
        return {
            "no_action": "not bound: no signature or consent recorded",
            "signed": "not bound: signed, no consent to be bound",
            "consented": f"not bound yet: enters into force on {self.in_force_from}",
            "ceased": f"not bound since {self.ceases_on} ({word})",
        }.get(self.phase, "not bound")


class Watch:
    """The first day after ``on`` at which some comparison the engine made would come out otherwise."""

    __slots__ = ("next", "on")

    def __init__(self, on: date) -> None:
        self.on = on
        self.next = date.max

    def at(self, day: date | None) -> None:
        if day is not None and self.on < day < self.next:
            self.next = day


def make_status(
    state: str,
    spec: InstrumentSpec,
    on: date,
    answer: Answer,
    phase: Phase,
    reasons: Sequence[Reason],
    **extra: Any,
) -> Status:
    """A Status with the fields every answer has; ``extra`` sets the others (dates, window, ...)."""
    extra.setdefault("in_force_from", None)
    extra.setdefault("ceases_on", None)
    return Status(
        state=state, instrument=spec.code, on=on, answer=answer, phase=phase, reasons=tuple(reasons), **extra
    )


def period_entry(state: str, spec: InstrumentSpec, period: Participation) -> Ruling:
    """When a period of participation began: the entry into force for the State, by the clause."""
    start = period.start
    earliest, latest = start.bounds()
    if start.kind == "entry_into_force":
        return Ruling(
            earliest,
            (
                cite(
                    start,
                    f"In force for {state} {start.shown_date()}, as recorded; the date its consent "
                    "was deposited is not recorded.",
                ),
            ),
            latest=latest,
        )
    clause = spec.entry_into_force
    first, last = clause.for_consent(earliest), clause.for_consent(latest)
    reasons = [cite(start, f"{start.label} {start.shown_date()}.")]
    general = clause.in_force_on
    if start.kind == "succession":
        first = max(earliest, general) if general else earliest
        last = max(latest, general) if general else latest
        reasons.append(
            Reason(
                "A successor State is bound from the date of its succession, continuing its "
                f"predecessor's obligations: {first.isoformat()}."
            )
        )
    elif general is not None and first == general and clause.later.effective_date(earliest) <= general:
        reasons.append(
            Reason(
                f"The {spec.short_title} itself entered into force on {general.isoformat()}, once "
                f"{clause.consents_required or 'all required'} consents ({clause.consents_from}) were "
                "given; a State that consented before then is bound from that date.",
                article=clause.article,
            )
        )
    else:
        reasons.append(
            Reason(
                f"For a State consenting later, it enters into force "
                f"{clause.later.describe('the deposit of its instrument')}: {first.isoformat()}.",
                article=clause.later_article,
            )
        )
    if first != last:
        reasons.append(
            Reason(
                f"The deposit is recorded only to the {start.precision}; any day in it gives a date "
                f"between {first.isoformat()} and {last.isoformat()}."
            )
        )
    elif start.precision != "day":
        reasons.append(
            Reason(
                f"The deposit is recorded only to the {start.precision}; every day in it gives the same date."
            )
        )
    return Ruling(first, tuple(reasons), latest=last)


def unnotified_window(
    spec: InstrumentSpec,
    state: str,
    received: date,
    first: date,
    on: date,
    effect: Callable[[date], date],
) -> Window:
    """The effect days a notification received from ``received`` could have had by ``on`` (``effect``:
    the day a notification received on a day takes effect)."""
    assert spec.denunciation is not None
    low, high = received, on
    while low < high:  # the last receipt day whose effect falls on or before ``on``
        middle = low + (high - low + ONE_DAY) // 2
        if effect(middle) <= on:
            low = middle
        else:
            high = middle - ONE_DAY
    last_effect = effect(low)
    clause = spec.denunciation
    text = (
        f"if the {clause.notify} received the notification on a day from {received.isoformat()} to "
        f"{low.isoformat()}, the {clause.kind} took effect on a day from {first.isoformat()} to "
        f"{last_effect.isoformat()} and {state} is no longer bound; if it was received later, or not at "
        f"all, {state} is still bound."
    )
    settles = (
        f"The date on which the {clause.notify} received the notification of {clause.kind} (the "
        "depositary's notification to the Parties), or word that none was received; the secretariat "
        "records it with its source, and the answer becomes certain."
    )
    return Window(first, None, text, settles)
