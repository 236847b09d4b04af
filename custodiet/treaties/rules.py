"""The treaty engine: is a State bound on a date, since when, until when, and how sure is that.

Pure functions and a small engine over plain records (custodiet.treaties.records) and instrument
specs (custodiet.treaties.reference); no database access. Every answer carries the reasons that
led to it, each with the article and the source that say so, so that a user can check the
engine instead of trusting it.

An answer is one of four: ``bound``, ``not_bound``, ``uncertain`` (it turns on a date nobody
recorded: the answer gives the window of dates and what would settle it) and ``unknown`` (no
record, and no chart that is complete on the date: missing data is never read as "not bound").

Rules the engine holds to:

- **No hindsight.** A status for a date reasons only from acts dated on or before it. What is
  recorded later is shown apart (``Status.later``), labelled, and never changes the answer.
- A State is bound from the entry into force *for it*, computed from the deposit of its consent
  by the instrument's own clause, never before the instrument's general entry into force.
- An ending counts from the day it happened and takes effect by its kind: a denunciation or a
  withdrawal from the depositary's receipt of the notification, by the clause (ECHR Art. 58(1):
  never before five years as a Party); a cessation of membership or an expulsion from the day
  the decision sets; a treaty conditioned on membership (ECHR Art. 58(3)) ends after the
  clause's period once membership ends.
- A domestic law approving a denunciation is not the notification. With such a law recorded
  and no notification, the State is bound for certain until the earliest day a notification
  received on the law's date could have taken effect; from that day the answer is uncertain.
- A date known only to the month or year is evaluated at both ends of its range.
- An amending protocol binds only a Party to the treaty it amends, and once in force for all
  its Parties (``follows_parent_from``) it follows that treaty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

from custodiet.treaties.answers import (
    ONE_DAY,
    Phase,
    Status,
    Watch,
    incomplete,
    known_later,
    make_status,
    period_entry,
    unnotified_window,
)
from custodiet.treaties.clauses import Denunciation
from custodiet.treaties.coverage import (
    Body,
    Coverage,
    CoverageLine,
    DeclarationInForce,
    cover,
    declarations_in_force,
)
from custodiet.treaties.periods import (
    Ending,
    Participation,
    denunciation_effect,
    earliest_ending,
    ending_effect,
    ordered,
    participations,
)
from custodiet.treaties.records import (
    ACTION_KINDS,
    ACTION_LABELS,
    CONSENT_KINDS,
    DOMESTIC_DENUNCIATION_STEPS,
    NEEDS_PRIOR_SIGNATURE,
    Action,
    Completeness,
    Reason,
    Ruling,
    Window,
    cite,
    weakest,
)
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.vocabulary import PRECISION
from custodiet.treaties.words import Said, Word, said

__all__ = [
    "ACTION_KINDS",
    "ACTION_LABELS",
    "CONSENT_KINDS",
    "DOMESTIC_DENUNCIATION_STEPS",
    "NEEDS_PRIOR_SIGNATURE",
    "Action",
    "Body",
    "Coverage",
    "CoverageLine",
    "Phase",
    "Reason",
    "Ruling",
    "Status",
    "TreatyEngine",
    "denunciation_effect",
]


def _title(spec: InstrumentSpec) -> str:
    return spec.short_title


class TreatyEngine:
    """Answers questions about States and instruments from recorded acts and charts' completeness."""

    def __init__(
        self,
        instruments: Mapping[str, InstrumentSpec],
        actions: Iterable[Action],
        completeness: Iterable[Completeness] = (),
    ) -> None:
        self.instruments = dict(instruments)
        self._actions: dict[tuple[str, str], list[Action]] = defaultdict(list)
        for action in actions:
            self._actions[(action.state, action.instrument)].append(action)
        for key, recorded in list(self._actions.items()):
            self._actions[key] = ordered(recorded)
        self._charts: dict[str, Completeness] = {}
        self._checks: dict[tuple[str, str], Completeness] = {}
        for item in completeness:
            if item.state is None:
                self._charts[item.instrument] = item
            else:
                self._checks[(item.state, item.instrument)] = item

    # -- reading the record ------------------------------------------------------------------

    def actions(self, state: str, instrument: str) -> list[Action]:
        return list(self._actions.get((state, instrument), ()))

    def states(self, instrument: str) -> list[str]:
        return sorted({state for (state, code) in self._actions if code == instrument})

    def all_states(self) -> list[str]:
        return sorted({state for (state, _) in self._actions})

    def spec(self, instrument: str) -> InstrumentSpec:
        try:
            return self.instruments[instrument]
        except KeyError:
            raise KeyError(f"unknown instrument {instrument!r}") from None

    def chart(self, instrument: str) -> Completeness | None:
        return self._charts.get(instrument)

    def complete_on(self, state: str, instrument: str, on: date) -> Completeness | None:
        """The chart, or the State's own checked record, that lists every act up to ``on`` (if any)."""
        for item in (self._checks.get((state, instrument)), self._charts.get(instrument)):
            if item is not None and item.covers(on):
                return item
        return None

    def _known(self, state: str, instrument: str, on: date, watch: Watch) -> list[Action]:
        """The acts that may have happened by ``on``; the first later one that can change an answer
        (not a domestic ratification law) is watched."""
        known = []
        for act in self._actions.get((state, instrument), ()):
            if act.earliest <= on:
                known.append(act)
            elif act.kind != "ratification_law_signed":
                watch.at(act.earliest)
                break
        return known

    # -- entry into force -------------------------------------------------------------------

    def entry_into_force(self, state: str, instrument: str) -> Ruling:
        """When the instrument entered, or enters, into force for the State in its first period."""
        spec = self.spec(instrument)
        periods = participations([act for act in self.actions(state, instrument) if not act.is_domestic])
        if not periods:
            text = said(
                _("No consent to be bound by the %(title)s is recorded for %(state)s."),
                title=_title(spec),
                state=state,
            )
            return Ruling(None, (Reason(text),))
        return period_entry(state, spec, periods[0])

    # -- endings --------------------------------------------------------------------------------

    def denunciation_effect(self, instrument: str, received_on: date) -> Ruling:
        return denunciation_effect(self.spec(instrument), received_on)

    def _notified_effect(self, spec: InstrumentSpec, received_on: date, in_force_from: date | None) -> date:
        """When a denunciation received on ``received_on`` takes effect (ECHR Art. 58(1) applied)."""
        act = Action(
            "", spec.code, spec.denunciation.kind if spec.denunciation else "denunciation", received_on
        )
        return ending_effect(spec, act, in_force_from=in_force_from).first

    def _ending(
        self, state: str, spec: InstrumentSpec, period: Participation, entry: Ruling, on: date, watch: Watch
    ) -> Ending | None:
        candidates = []
        if period.ending is not None:
            candidates.append(ending_effect(spec, period.ending, in_force_from=entry.on))
        if spec.membership is not None:
            member = self._membership_ending(state, spec, period, on, watch)
            if member is not None:
                candidates.append(member)
        return earliest_ending(candidates)

    def _membership_ending(
        self, state: str, spec: InstrumentSpec, period: Participation, on: date, watch: Watch
    ) -> Ending | None:
        """ECHR Art. 58(3): a Party that ceases to be a member ceases to be a Party, after the period."""
        assert spec.membership is not None
        condition = spec.membership
        organisation = self.spec(condition.instrument)
        known = [act for act in self._known(state, condition.instrument, on, watch) if not act.is_domestic]
        for member in participations(known):
            if member.ending is None:
                continue
            ended = ending_effect(organisation, member.ending, in_force_from=None)
            if ended.first <= period.start.earliest:
                continue  # a membership that ended before this period began (Greece, 1971)
            first = condition.timing.effective_date(ended.first)
            last = condition.timing.effective_date(ended.last)
            reason = Reason(
                said(
                    _(
                        "Membership of the %(organisation)s ended on %(ended)s (a %(kind)s); a Party that "
                        "ceases to be a member ceases to be a Party %(rule)s: %(effect)s (a cessation)."
                    ),
                    organisation=Word(organisation.organisation),
                    ended=ended.first,
                    kind=Word(ended.word),
                    rule=condition.timing.describe(said(_("that date"))),
                    effect=first,
                ),
                article=condition.article,
            )
            return Ending("cessation", first, last, (*ended.reasons, reason), ended.acts)
        return None

    # -- status --------------------------------------------------------------------------------

    def status(self, state: str, instrument: str, on: date, *, today: date | None = None) -> Status:
        """Is ``state`` bound by ``instrument`` on ``on``? ``today`` dates the "if notified today" answer."""
        watch = Watch(on)
        result = self._status(state, instrument, on, today or on, watch)
        return replace(result, later=self._later(state, instrument, on), stable_until=watch.next)

    def _status(self, state: str, instrument: str, on: date, today: date, watch: Watch) -> Status:
        spec = self.spec(instrument)
        if spec.part_of and spec.follows_parent_from is not None:
            watch.at(spec.follows_parent_from)
            if on >= spec.follows_parent_from:
                return self._as_amended(state, spec, on, today, watch)
        known = self._known(state, instrument, on, watch)
        periods = participations([act for act in known if not act.is_domestic])
        if not periods:
            return self._without_consent(state, spec, on, known, watch)
        return self._in_period(state, spec, on, today, periods[-1], known, watch)

    def _as_amended(self, state: str, spec: InstrumentSpec, on: date, today: date, watch: Watch) -> Status:
        """An amending protocol in force for every Party: the treaty binds as amended."""
        assert spec.part_of is not None and spec.follows_parent_from is not None
        parent = self._status(state, spec.part_of, on, today, watch)
        amended = Reason(
            said(
                _(
                    "Since %(date)s, when it entered into force for every Party, the %(title)s is part of the "
                    "%(parent)s: a State bound by that treaty is bound as amended, and no longer by a consent "
                    "of its own."
                ),
                date=spec.follows_parent_from,
                title=_title(spec),
                parent=_title(self.spec(spec.part_of)),
            ),
            article=spec.entry_into_force.article,
        )
        own = spec.entry_into_force.in_force_on
        since = parent.in_force_from
        if since is not None and own is not None and since < own:
            since = own  # the protocol binds from its own entry into force, not the treaty's
        return replace(parent, instrument=spec.code, reasons=(amended, *parent.reasons), in_force_from=since)

    def _without_consent(
        self, state: str, spec: InstrumentSpec, on: date, known: Sequence[Action], watch: Watch
    ) -> Status:
        """No consent recorded by ``on``: signed only, not bound by a complete chart, or unknown."""
        signature = next((act for act in known if act.kind in ("signature", "definitive_signature")), None)
        complete = self.complete_on(state, spec.code, on)
        if complete is not None and complete.complete_to is not None:
            watch.at(complete.complete_to + ONE_DAY)
        reasons: list[Reason] = []
        if signature is not None:
            reasons.append(
                cite(
                    signature,
                    said(
                        _("Signed %(when)s; a signature subject to ratification does not bind."),
                        when=signature.shown_date(),
                    ),
                )
            )
            if complete is None:
                reasons.append(self._staleness(state, spec, on))
            return make_status(
                state, spec, on, "not_bound", "signed", reasons, confidence=signature.confidence
            )
        if complete is not None:
            reasons.append(
                Reason(
                    said(
                        _(
                            "No signature or consent of %(state)s to the %(title)s is recorded by this date, "
                            "and %(chart)s (%(note)s): %(state)s was not bound."
                        ),
                        state=state,
                        title=_title(spec),
                        chart=complete.describe(),
                        note=Word(complete.note) if complete.note else said(_("see its source")),
                    ),
                    source=complete.source or None,
                    confidence="sourced",
                )
            )
            return make_status(state, spec, on, "not_bound", "no_action", reasons, confidence="sourced")
        why = self._why_incomplete(state, spec)
        reasons.append(
            Reason(
                said(
                    _(
                        "No act of %(state)s on the %(title)s is recorded by %(date)s, and %(why)s: a missing "
                        "record is not a refusal to be bound. The answer is unknown until the State's act, or "
                        "a chart complete on this date, is recorded."
                    ),
                    state=state,
                    title=_title(spec),
                    date=on,
                    why=why,
                )
            )
        )
        headline = said(_("no record, and %(why)s"), why=why)
        return make_status(state, spec, on, "unknown", "no_action", reasons, headline=headline)

    def _why_incomplete(self, state: str, spec: InstrumentSpec) -> Said:
        return incomplete(_title(spec), self._charts.get(spec.code), self._checks.get((state, spec.code)))

    def _staleness(self, state: str, spec: InstrumentSpec, on: date) -> Reason:
        """A caveat for an answer read from a record that no chart vouches for on this date."""
        return Reason(
            said(
                _("Note: %(why)s; an act of %(state)s after that date would not be recorded here."),
                why=self._why_incomplete(state, spec),
                state=state,
            )
        )

    def _in_period(
        self,
        state: str,
        spec: InstrumentSpec,
        on: date,
        today: date,
        period: Participation,
        known: Sequence[Action],
        watch: Watch,
    ) -> Status:
        entry = period_entry(state, spec, period)
        assert entry.on is not None
        latest = entry.latest or entry.on
        watch.at(entry.on)
        watch.at(latest)
        reasons = list(entry.reasons)
        confidence = period.start.confidence
        if on < entry.on:
            return make_status(
                state,
                spec,
                on,
                "not_bound",
                "consented",
                reasons,
                in_force_from=entry.on,
                confidence=confidence,
            )
        if on < latest:
            window = Window(
                entry.on,
                latest,
                said(
                    _(
                        "The deposit is recorded only to the %(precision)s: the %(title)s entered into force "
                        "for %(state)s on a day from %(first)s to %(last)s."
                    ),
                    precision=Word(period.start.precision, PRECISION),
                    title=_title(spec),
                    state=state,
                    first=entry.on,
                    last=latest,
                ),
                said(_("The exact day of the deposit, from the depositary's chart.")),
            )
            return make_status(
                state,
                spec,
                on,
                "uncertain",
                "in_force",
                reasons,
                in_force_from=entry.on,
                window=window,
                confidence=confidence,
                headline=window.text,
            )
        if spec.part_of:
            parent = self._status(state, spec.part_of, on, today, watch)
            if parent.answer != "bound":
                reasons.append(
                    Reason(
                        said(
                            _("It binds only a Party to the %(parent)s: %(summary)s."),
                            parent=_title(self.spec(spec.part_of)),
                            summary=parent.summary,
                        ),
                        article=spec.entry_into_force.article,
                    )
                )
                return replace(parent, instrument=spec.code, reasons=(*reasons, *parent.reasons))
        ending = self._ending(state, spec, period, entry, on, watch)
        if ending is not None:
            return self._ending_status(state, spec, on, entry, reasons, ending, confidence, watch)
        if complete := self.complete_on(state, spec.code, on):
            assert complete.complete_to is not None
            watch.at(complete.complete_to + ONE_DAY)
        else:
            reasons.append(self._staleness(state, spec, on))
        return self._in_force(state, spec, on, today, entry, reasons, known, confidence, watch)

    def _ending_status(
        self,
        state: str,
        spec: InstrumentSpec,
        on: date,
        entry: Ruling,
        reasons: list[Reason],
        ending: Ending,
        confidence: str | None,
        watch: Watch,
    ) -> Status:
        watch.at(ending.first)
        watch.at(ending.last)
        reasons = [*reasons, *ending.reasons]
        common: dict[str, Any] = {
            "in_force_from": entry.on,
            "ceases_on": ending.first,
            "ending": ending.kind,
            "confidence": weakest(confidence, *(act.confidence for act in ending.acts)),
        }
        if on >= ending.last:
            return make_status(state, spec, on, "not_bound", "ceased", reasons, **common)
        if on >= ending.first:
            window = Window(
                ending.first,
                ending.last,
                said(
                    _(
                        "The %(kind)s took effect on a day from %(first)s to %(last)s: the date it counts from "
                        "is recorded only to the month or year."
                    ),
                    kind=Word(ending.word),
                    first=ending.first,
                    last=ending.last,
                ),
                said(_("The exact day the notification was received (or the decision taken).")),
            )
            return make_status(
                state,
                spec,
                on,
                "uncertain",
                "ending_pending",
                reasons,
                window=window,
                headline=window.text,
                **common,
            )
        if ending.last != ending.first:
            reasons.append(
                Reason(
                    said(
                        _("Because the date is imprecise, it may take effect as late as %(date)s."),
                        date=ending.last,
                    )
                )
            )
        return make_status(state, spec, on, "bound", "ending_pending", reasons, **common)

    def _in_force(
        self,
        state: str,
        spec: InstrumentSpec,
        on: date,
        today: date,
        entry: Ruling,
        reasons: list[Reason],
        known: Sequence[Action],
        confidence: str | None,
        watch: Watch,
    ) -> Status:
        """Bound with no ending recorded: certain, unless a denunciation was decided at home, unnotified."""
        steps = [act for act in known if act.kind in DOMESTIC_DENUNCIATION_STEPS]
        common: dict[str, Any] = {"in_force_from": entry.on, "confidence": confidence}
        if not steps or spec.denunciation is None:
            reasons.append(
                Reason(
                    said(
                        _("No denunciation or other ending of the %(title)s is recorded."), title=_title(spec)
                    )
                )
            )
            return make_status(state, spec, on, "bound", "in_force", reasons, **common)
        return self._denounced_at_home(
            state, spec, spec.denunciation, on, today, entry, reasons, steps, common, watch
        )

    def _denounced_at_home(
        self,
        state: str,
        spec: InstrumentSpec,
        clause: Denunciation,
        on: date,
        today: date,
        entry: Ruling,
        reasons: list[Reason],
        steps: Sequence[Action],
        common: dict[str, Any],
        watch: Watch,
    ) -> Status:
        """Bound, and a denunciation decided at home with no notification recorded: certain until the
        earliest day a notification could take effect, uncertain from then on."""
        signed = [act for act in steps if act.kind == "denunciation_law_signed"]
        law = signed[-1] if signed else steps[0]
        received = law.earliest
        earliest_effect = self._notified_effect(spec, received, entry.on)
        hypothetical = denunciation_effect(spec, max(today, on))
        watch.at(earliest_effect)
        reasons.append(_not_notified(law, clause))
        common.update(domestic_denunciation=True, hypothetical=hypothetical)
        if on < earliest_effect:
            reasons.append(
                Reason(
                    said(
                        _(
                            "Certain until %(last)s: a notification received no earlier than %(received)s "
                            "cannot take effect before %(effect)s. If notified on %(notified)s, it would take "
                            "effect on %(hypothetical)s."
                        ),
                        last=earliest_effect - ONE_DAY,
                        received=received,
                        effect=earliest_effect,
                        notified=max(today, on),
                        hypothetical=hypothetical.on,
                    ),
                    article=clause.article,
                )
            )
            return make_status(state, spec, on, "bound", "in_force", reasons, **common)
        window = unnotified_window(
            spec, state, received, earliest_effect, on, lambda day: self._notified_effect(spec, day, entry.on)
        )
        reasons.append(
            Reason(
                said(
                    _(
                        "Uncertain from %(effect)s: a notification received on %(received)s or later could have "
                        "taken effect from that day, and the day it was received is not recorded."
                    ),
                    effect=earliest_effect,
                    received=received,
                ),
                article=clause.article,
            )
        )
        headline = said(
            _(
                "a %(kind)s was approved at home on %(law)s and no notification is recorded; it may have taken "
                "effect from %(effect)s"
            ),
            kind=Word(clause.kind),
            law=law.on,
            effect=earliest_effect,
        )
        return make_status(
            state, spec, on, "uncertain", "in_force", reasons, window=window, headline=headline, **common
        )

    def _later(self, state: str, instrument: str, on: date) -> tuple[Reason, ...]:
        """What was recorded after ``on``, for showing apart from the answer (``Status.later``, labelled
        "known later" wherever it is shown)."""
        return known_later(self.spec(instrument), self._actions.get((state, instrument), ()), on)

    # -- lists and coverage --------------------------------------------------------------------

    def parties(self, instrument: str, on: date) -> list[str]:
        """The States certainly bound by the instrument on the date."""
        return [
            state
            for state in self.states_on_record(instrument)
            if self.status(state, instrument, on).answer == "bound"
        ]

    def states_on_record(self, instrument: str) -> list[str]:
        """States with an act on the instrument, or on the treaty it amends once it follows it."""
        spec = self.spec(instrument)
        codes = {instrument, spec.part_of} if spec.follows_parent_from and spec.part_of else {instrument}
        return sorted({state for (state, code) in self._actions if code in codes})

    def declarations_in_force(
        self, state: str, instrument: str, on: date
    ) -> tuple[list[DeclarationInForce], date]:
        """The declarations that apply on ``on`` and the first later day that may change them."""
        watch = Watch(on)
        spec = self.spec(instrument)
        known = self._known(state, instrument, on, watch)
        periods = participations([act for act in known if not act.is_domestic])
        in_force = period_entry(state, spec, periods[-1]).on if periods else None
        found, changes = declarations_in_force(spec, known, on, in_force)
        for day in changes:
            watch.at(day)
        return found, watch.next

    def coverage(
        self, state: str, on: date, bodies: Iterable[Body], *, today: date | None = None
    ) -> Coverage:
        lines = [cover(self, state, on, body, today=today) for body in bodies]
        return Coverage(state, on, tuple(line for line in lines if line is not None))


def _not_notified(law: Action, clause: Denunciation) -> Reason:
    """A denunciation decided at home (a law, its signature) that the depositary was not told of."""
    return cite(
        law,
        said(
            _(
                "%(act)s %(when)s, but no notification to the %(depositary)s is recorded. A domestic "
                "law is not the notification: %(rule)s."
            ),
            act=law.label,
            when=law.shown_date(),
            depositary=Word(clause.notify),
            rule=clause.describe(),
        ),
        article=clause.article,
    )
