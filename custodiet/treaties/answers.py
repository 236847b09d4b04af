"""The engine's answers: ``Status`` (bound, not bound, uncertain, unknown, with the dates, window and
reasons), the day an answer may next change (``Watch``), and the pieces of an answer that need no
engine: when a period of participation began, and the window of a denunciation approved at home
whose notification is not recorded. Pure; custodiet.treaties.rules assembles them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

from custodiet.treaties.periods import Participation, ending_effect
from custodiet.treaties.records import (
    ENDING_KINDS,
    ENDING_WORDS,
    Action,
    Answer,
    Completeness,
    Reason,
    Ruling,
    Window,
    cite,
)
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.vocabulary import PRECISION
from custodiet.treaties.words import Said, Word, said

Phase = Literal["no_action", "signed", "consented", "in_force", "ending_pending", "ceased"]
ONE_DAY = timedelta(days=1)


class Doubtful:
    """The ``uncertain`` and ``unknown`` flags of an answer with those values (a status, a body's coverage)."""

    answer: str

    @property
    def uncertain(self) -> bool:
        return self.answer == "uncertain"

    @property
    def unknown(self) -> bool:
        return self.answer == "unknown"


@dataclass(frozen=True)
class Status(Doubtful):
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
    headline: str = ""  # a Said where set by the engine
    stable_until: date = date.max

    @property
    def bound(self) -> bool | None:
        """True or False where the answer is certain; None where it is uncertain or unknown."""
        return {"bound": True, "not_bound": False}.get(self.answer)

    @property
    def summary(self) -> Said:
        word = Word(ENDING_WORDS.get(self.ending or "", "denunciation"))
        if self.answer == "bound":
            if self.phase == "ending_pending" and self.ceases_on:
                return said(
                    _("bound until %(last)s (%(kind)s takes effect %(effect)s)"),
                    last=self.ceases_on - ONE_DAY,
                    kind=word,
                    effect=self.ceases_on,
                )
            return said(_("bound"))
        if self.answer == "uncertain":
            return said(_("uncertain: %(why)s"), why=self.headline)
        if self.answer == "unknown":
            return said(_("unknown: %(why)s"), why=self.headline)
        if self.phase == "no_action":
            return said(_("not bound: no signature or consent recorded"))
        if self.phase == "signed":
            return said(_("not bound: signed, no consent to be bound"))
        if self.phase == "consented":
            return said(_("not bound yet: enters into force on %(date)s"), date=self.in_force_from)
        if self.phase == "ceased":
            return said(_("not bound since %(date)s (%(kind)s)"), date=self.ceases_on, kind=word)
        return said(_("not bound"))


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
                    said(
                        _(
                            "In force for %(state)s %(when)s, as recorded; the date its consent was "
                            "deposited is not recorded."
                        ),
                        state=state,
                        when=start.shown_date(),
                    ),
                ),
            ),
            latest=latest,
        )
    clause = spec.entry_into_force
    first, last = clause.for_consent(earliest), clause.for_consent(latest)
    reasons = [cite(start, said(_("%(act)s %(when)s."), act=start.label, when=start.shown_date()))]
    general = clause.in_force_on
    if start.kind == "succession":
        first = max(earliest, general) if general else earliest
        last = max(latest, general) if general else latest
        reasons.append(
            Reason(
                said(
                    _(
                        "A successor State is bound from the date of its succession, continuing its "
                        "predecessor's obligations: %(date)s."
                    ),
                    date=first,
                )
            )
        )
    elif general is not None and first == general and clause.later.effective_date(earliest) <= general:
        reasons.append(
            Reason(
                _general_entry(spec, general),
                article=clause.article,
            )
        )
    else:
        reasons.append(
            Reason(
                said(
                    _("For a State consenting later, it enters into force %(rule)s: %(date)s."),
                    rule=clause.later.describe(said(_("the deposit of its instrument"))),
                    date=first,
                ),
                article=clause.later_article,
            )
        )
    if first != last:
        reasons.append(
            Reason(
                said(
                    _(
                        "The deposit is recorded only to the %(precision)s; any day in it gives a date "
                        "between %(first)s and %(last)s."
                    ),
                    precision=Word(start.precision, PRECISION),
                    first=first,
                    last=last,
                )
            )
        )
    elif start.precision != "day":
        reasons.append(
            Reason(
                said(
                    _(
                        "The deposit is recorded only to the %(precision)s; every day in it gives the same date."
                    ),
                    precision=Word(start.precision, PRECISION),
                )
            )
        )
    return Ruling(first, tuple(reasons), latest=last)


def _general_entry(spec: InstrumentSpec, general: date) -> Said:
    """The instrument's own entry into force, once enough consents were given."""
    clause = spec.entry_into_force
    parts = {"title": spec.short_title, "date": general, "of": Word(clause.consents_from)}
    if clause.consents_required:
        return said(
            _(
                "The %(title)s itself entered into force on %(date)s, once %(count)s consents (%(of)s) were "
                "given; a State that consented before then is bound from that date."
            ),
            count=clause.consents_required,
            **parts,
        )
    return said(
        _(
            "The %(title)s itself entered into force on %(date)s, once all required consents (%(of)s) were "
            "given; a State that consented before then is bound from that date."
        ),
        **parts,
    )


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
    text = said(
        _(
            "if the %(depositary)s received the notification on a day from %(received)s to %(last_received)s, "
            "the %(kind)s took effect on a day from %(first)s to %(last)s and %(state)s is no longer bound; if "
            "it was received later, or not at all, %(state)s is still bound."
        ),
        depositary=Word(clause.notify),
        received=received,
        last_received=low,
        kind=Word(clause.kind),
        first=first,
        last=last_effect,
        state=state,
    )
    settles = said(
        _(
            "The date on which the %(depositary)s received the notification of %(kind)s (the depositary's "
            "notification to the Parties), or word that none was received; the secretariat records it with "
            "its source, and the answer becomes certain."
        ),
        depositary=Word(clause.notify),
        kind=Word(clause.kind),
    )
    return Window(first, None, text, settles)


def incomplete(title: str, chart: Completeness | None, check: Completeness | None) -> Said:
    """Why a missing record proves nothing: how far the chart and the State's own checked record go."""
    if chart is None and check is None:
        return said(_("no chart of the %(title)s is loaded"), title=title)
    if chart is not None and check is not None:
        return said(
            _("%(chart)s and %(record)s, not beyond"), chart=chart.describe(), record=check.describe()
        )
    only = chart or check
    assert only is not None
    return said(_("%(chart)s, not beyond"), chart=only.describe())


def known_later(spec: InstrumentSpec, actions: Iterable[Action], on: date) -> tuple[Reason, ...]:
    """The acts recorded after ``on``, each with the day an ending among them takes effect."""
    later = []
    for act in actions:
        if act.earliest <= on:
            continue
        if act.kind in ENDING_KINDS:
            effect = ending_effect(spec, act, in_force_from=None)
            text = said(
                _("%(act)s %(when)s. It takes effect on %(effect)s."),
                act=act.label,
                when=act.shown_date(),
                effect=effect.first,
            )
        else:
            text = said(_("%(act)s %(when)s."), act=act.label, when=act.shown_date())
        later.append(cite(act, text))
    return tuple(later)
