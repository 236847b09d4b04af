"""The treaty engine: is a state bound, since when, until when, and who may visit its places.

Pure functions and a small engine over plain records (``Action``, ``Body``) and
instrument specs (custodiet.treaties.reference); no database access. Every
answer carries the reasons that led to it, each with the article that says so,
so that a user can check the engine instead of trusting it.

Rules the engine holds to:

- A State is bound from the entry into force *for it*, computed from the deposit
  of its consent by the instrument's own clause, never before the instrument's
  general entry into force.
- A denunciation takes effect from the depositary's *receipt of the
  notification*, by the denunciation clause. A domestic law that approves a
  denunciation is not the notification: where such a law is recorded and no
  notification is, the engine says so, and says when a denunciation would take
  effect if notified today.
- A recorded date known only to the month or year is evaluated at both ends of
  its range; if the answer differs, the answer says so.
- An amending protocol binds only a party to the treaty it amends; a treaty
  conditioned on membership of an organisation (ECHR Art. 58(3)) stops binding
  after the clause's period once membership ends.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from custodiet.treaties.reference import InstrumentSpec

CONSENT_KINDS = ("ratification", "acceptance", "approval", "accession", "succession", "definitive_signature")
NEEDS_PRIOR_SIGNATURE = ("ratification", "acceptance", "approval")
DOMESTIC_DENUNCIATION_STEPS = (
    "denunciation_proposed",
    "denunciation_bill_submitted",
    "denunciation_approved_lower_house",
    "denunciation_approved_upper_house",
    "denunciation_law_signed",
    "denunciation_law_published",
)
ACTION_KINDS = (
    "signature",
    *CONSENT_KINDS,
    "denunciation",
    "cessation",
    "ratification_law_signed",
    *DOMESTIC_DENUNCIATION_STEPS,
)
ACTION_LABELS = {
    "signature": "Signature",
    "ratification": "Ratification deposited",
    "acceptance": "Acceptance deposited",
    "approval": "Approval deposited",
    "accession": "Accession deposited",
    "succession": "Succession notified",
    "definitive_signature": "Signature without reservation as to ratification",
    "denunciation": "Notification of denunciation received",
    "cessation": "Ceased to be a member or party (decision)",
    "ratification_law_signed": "Domestic law on ratification signed",
    "denunciation_proposed": "Government proposes denunciation",
    "denunciation_bill_submitted": "Denunciation bill submitted to parliament",
    "denunciation_approved_lower_house": "Lower house adopts the denunciation law",
    "denunciation_approved_upper_house": "Upper house approves the denunciation law",
    "denunciation_law_signed": "Denunciation law signed",
    "denunciation_law_published": "Denunciation law published",
}
INTERNATIONAL_KINDS = frozenset(("signature", *CONSENT_KINDS, "denunciation", "cessation"))

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Action:
    """One recorded act of a state on an instrument."""

    state: str
    instrument: str
    kind: str
    on: date
    precision: Precision = "day"
    confidence: str = "certain"
    source: str = ""
    note: str = ""

    @property
    def is_domestic(self) -> bool:
        return self.kind not in INTERNATIONAL_KINDS

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.kind, self.kind)

    def bounds(self) -> tuple[date, date]:
        """The earliest and latest day the recorded date may stand for."""
        if self.precision == "year":
            return date(self.on.year, 1, 1), date(self.on.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.on.year, self.on.month)[1]
            return date(self.on.year, self.on.month, 1), date(self.on.year, self.on.month, last)
        return self.on, self.on

    def shown_date(self) -> str:
        if self.precision == "year":
            return f"in {self.on.year}"
        if self.precision == "month":
            return f"in {self.on.strftime('%B %Y')}"
        return f"on {self.on.isoformat()}"


@dataclass(frozen=True)
class Reason:
    text: str
    article: str | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "article": self.article, "source": self.source}


@dataclass(frozen=True)
class Ruling:
    """A date the engine computed, with why; ``latest`` differs from ``on`` when the input was imprecise."""

    on: date | None
    reasons: tuple[Reason, ...]
    latest: date | None = None

    @property
    def uncertain(self) -> bool:
        return self.latest is not None and self.latest != self.on


Phase = Literal["no_action", "signed", "consented", "in_force", "denunciation_pending", "ceased"]


@dataclass(frozen=True)
class Status:
    state: str
    instrument: str
    on: date
    bound: bool
    phase: Phase
    in_force_from: date | None
    ceases_on: date | None
    reasons: tuple[Reason, ...]
    uncertain: bool = False
    domestic_denunciation: bool = False  # a domestic denunciation step is recorded without a notification
    hypothetical: Ruling | None = None  # when a denunciation notified on ``today`` would take effect

    @property
    def summary(self) -> str:
        if self.bound:
            if self.phase == "denunciation_pending" and self.ceases_on:
                return f"bound until {self.ceases_on - _ONE_DAY:%Y-%m-%d} (denunciation takes effect {self.ceases_on})"
            return "bound"
        return {
            "no_action": "not bound: no signature or consent recorded",
            "signed": "not bound: signed, no consent to be bound",
            "consented": f"not bound yet: enters into force on {self.in_force_from}",
            "ceased": f"not bound since {self.ceases_on}",
        }.get(self.phase, "not bound")


@dataclass(frozen=True)
class Body:
    """A monitoring body and the basis of its access to places of detention."""

    code: str
    name: str
    kind: Literal["international", "national_preventive_mechanism", "treaty_committee", "domestic", "ngo"]
    instrument: str | None  # the instrument that gives the right to visit, if any
    basis: Literal["treaty", "consent_only", "domestic_law", "none"]
    basis_article: str = ""
    state: str | None = None  # for a national body: the state it works in
    designated_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class CoverageLine:
    body: Body
    covers: bool
    reasons: tuple[Reason, ...]
    uncertain: bool = False


@dataclass(frozen=True)
class Coverage:
    state: str
    on: date
    lines: tuple[CoverageLine, ...] = field(default_factory=tuple)

    @property
    def mechanisms(self) -> list[str]:
        """Codes of the bodies that have a treaty right to visit on the date."""
        return [line.body.code for line in self.lines if line.covers]

    @property
    def summary(self) -> str:
        found = self.mechanisms
        return ", ".join(found) if found else "none"


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def _cite(spec: InstrumentSpec) -> str:
    return spec.short_title


class TreatyEngine:
    """Answers questions about states and instruments from recorded actions."""

    def __init__(self, instruments: Mapping[str, InstrumentSpec], actions: Iterable[Action]) -> None:
        self.instruments = dict(instruments)
        self._actions: dict[tuple[str, str], list[Action]] = defaultdict(list)
        for action in actions:
            self._actions[(action.state, action.instrument)].append(action)
        for recorded in self._actions.values():
            recorded.sort(
                key=lambda act: (act.on, ACTION_KINDS.index(act.kind) if act.kind in ACTION_KINDS else 99)
            )

    # -- reading the record ------------------------------------------------------------------

    def actions(self, state: str, instrument: str) -> list[Action]:
        return list(self._actions.get((state, instrument), ()))

    def states(self, instrument: str) -> list[str]:
        return sorted({state for (state, code) in self._actions if code == instrument})

    def _first(self, state: str, instrument: str, kinds: Iterable[str]) -> Action | None:
        wanted = set(kinds)
        for action in self._actions.get((state, instrument), ()):
            if action.kind in wanted:
                return action
        return None

    def spec(self, instrument: str) -> InstrumentSpec:
        try:
            return self.instruments[instrument]
        except KeyError:
            raise KeyError(f"unknown instrument {instrument!r}") from None

    # -- entry into force -------------------------------------------------------------------

    def entry_into_force(self, state: str, instrument: str) -> Ruling:
        """When the instrument entered, or enters, into force for the state (None: no consent recorded)."""
        spec = self.spec(instrument)
        consent = self._first(state, instrument, CONSENT_KINDS)
        if consent is None:
            return Ruling(
                None, (Reason(f"No consent to be bound by the {_cite(spec)} is recorded for {state}."),)
            )
        clause = spec.entry_into_force
        earliest, latest = consent.bounds()
        first, last = clause.for_consent(earliest), clause.for_consent(latest)
        reasons = [
            Reason(
                f"{consent.label} {consent.shown_date()}.",
                source=consent.source or None,
            )
        ]
        general = clause.in_force_on
        if consent.kind == "succession":
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
                    f"The {_cite(spec)} itself entered into force on {general.isoformat()}, "
                    f"once {clause.consents_required or 'all required'} consents ({clause.consents_from}) "
                    "were given; a State that consented before then is bound from that date.",
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
                    f"The deposit is recorded only to the {consent.precision}; any day in it gives a date "
                    f"between {first.isoformat()} and {last.isoformat()}."
                )
            )
        elif consent.precision != "day":
            reasons.append(
                Reason(
                    f"The deposit is recorded only to the {consent.precision}; "
                    "every day in it gives the same date."
                )
            )
        if spec.part_of:
            parent = self.entry_into_force(state, spec.part_of)
            if parent.on is not None and parent.on > first:
                reasons.append(
                    Reason(
                        f"It amends the {_cite(self.spec(spec.part_of))} and binds only with it, "
                        f"from {parent.on.isoformat()}.",
                        article=spec.entry_into_force.article,
                    )
                )
                first = max(first, parent.on)
                last = max(last, parent.latest or parent.on)
        return Ruling(first, tuple(reasons), latest=last)

    # -- denunciation and other ends ------------------------------------------------------------

    def denunciation_effect(self, instrument: str, received_on: date) -> Ruling:
        spec = self.spec(instrument)
        return denunciation_effect(spec, received_on)

    def _end(self, state: str, instrument: str) -> tuple[date | None, date | None, list[Reason]]:
        """The first day the state is no longer bound (earliest and latest), with reasons."""
        spec = self.spec(instrument)
        candidates: list[tuple[date, date, Reason]] = []
        notice = self._first(state, instrument, ("denunciation",))
        if notice is not None and spec.denunciation is not None:
            low, high = notice.bounds()
            first, last = spec.denunciation.effective_date(low), spec.denunciation.effective_date(high)
            candidates.append(
                (
                    first,
                    last,
                    Reason(
                        f"The {spec.denunciation.notify} received the notification of denunciation "
                        f"{notice.shown_date()}; {spec.denunciation.describe()}: {first.isoformat()}.",
                        article=spec.denunciation.article,
                        source=notice.source or None,
                    ),
                )
            )
        ceased = self._first(state, instrument, ("cessation",))
        if ceased is not None:
            candidates.append(
                (
                    ceased.on,
                    ceased.bounds()[1],
                    Reason(
                        f"Ceased {ceased.shown_date()} by decision"
                        + (f" ({ceased.note})" if ceased.note else "")
                        + ".",
                        source=ceased.source or None,
                    ),
                )
            )
        if spec.membership is not None:
            organisation = spec.membership.instrument
            member_end, member_latest, _ = self._end(state, organisation)
            if member_end is not None:
                first = spec.membership.timing.effective_date(member_end)
                last = spec.membership.timing.effective_date(member_latest or member_end)
                candidates.append(
                    (
                        first,
                        last,
                        Reason(
                            f"Membership of the {self.spec(organisation).organisation} ended on "
                            f"{member_end.isoformat()}; a Party that ceases to be a member ceases to be a Party "
                            f"{spec.membership.timing.describe('that date')}: {first.isoformat()}.",
                            article=spec.membership.article,
                        ),
                    )
                )
        if not candidates:
            return None, None, []
        first = min(item[0] for item in candidates)
        last = max(item[1] for item in candidates if item[0] == first)
        return first, last, [reason for start, _, reason in candidates if start == first]

    def _domestic_denunciation(self, state: str, instrument: str, on: date) -> list[Action]:
        return [
            act
            for act in self._actions.get((state, instrument), ())
            if act.kind in DOMESTIC_DENUNCIATION_STEPS and act.on <= on
        ]

    # -- status --------------------------------------------------------------------------------

    def status(self, state: str, instrument: str, on: date, *, today: date | None = None) -> Status:
        """Is ``state`` bound by ``instrument`` on ``on``? ``today`` dates the "if notified today" answer."""
        spec = self.spec(instrument)
        today = today or on
        reasons: list[Reason] = []
        consent = self._first(state, instrument, CONSENT_KINDS)
        if consent is None or consent.bounds()[0] > on:
            return self._before_consent(state, spec, on, consent)

        entry = self.entry_into_force(state, instrument)
        assert entry.on is not None  # a consent is recorded
        reasons.extend(entry.reasons)
        end, end_latest, end_reasons = self._end(state, instrument)
        uncertain = entry.uncertain and (entry.on <= on < (entry.latest or entry.on))

        if on < entry.on:
            return Status(
                state, instrument, on, False, "consented", entry.on, end, tuple(reasons), uncertain=uncertain
            )

        if spec.part_of:
            parent = self.status(state, spec.part_of, on, today=today)
            if not parent.bound:
                reasons.append(
                    Reason(
                        f"It binds only a Party to the {_cite(self.spec(spec.part_of))}, which does not bind "
                        f"{state} on {on.isoformat()}: {parent.summary}.",
                        article=spec.entry_into_force.article,
                    )
                )
                return Status(
                    state,
                    instrument,
                    on,
                    False,
                    "ceased" if parent.phase == "ceased" else parent.phase,
                    entry.on,
                    parent.ceases_on,
                    tuple(reasons),
                    uncertain=parent.uncertain,
                )
            if parent.ceases_on is not None and (end is None or parent.ceases_on < end):
                end = parent.ceases_on
                end_reasons = [
                    Reason(f"It ends with the {_cite(self.spec(spec.part_of))}, on {end.isoformat()}.")
                ]

        reasons.extend(end_reasons)
        if end is not None and on >= end:
            uncertain = uncertain or (end_latest is not None and on < end_latest)
            return Status(
                state, instrument, on, False, "ceased", entry.on, end, tuple(reasons), uncertain=uncertain
            )

        if end is not None:
            if end_latest is not None and end_latest != end:
                reasons.append(
                    Reason(
                        f"Because the date is imprecise, it may take effect as late as {end_latest.isoformat()}."
                    )
                )
            return Status(
                state, instrument, on, True, "denunciation_pending", entry.on, end, tuple(reasons), uncertain
            )

        return self._in_force(state, spec, on, today, entry.on, reasons, uncertain=uncertain)

    def _in_force(
        self,
        state: str,
        spec: InstrumentSpec,
        on: date,
        today: date,
        since: date,
        reasons: list[Reason],
        *,
        uncertain: bool,
    ) -> Status:
        """The status of a state bound with no end in sight, unless a denunciation was decided at home."""
        steps = self._domestic_denunciation(state, spec.code, on)
        hypothetical = None
        if steps and spec.denunciation is not None:
            hypothetical, said = _without_notification(spec, steps, max(today, on))
            reasons.extend(said)
        else:
            reasons.append(Reason(f"No denunciation of the {_cite(spec)} is recorded."))
        return Status(
            state,
            spec.code,
            on,
            True,
            "in_force",
            since,
            None,
            tuple(reasons),
            uncertain=uncertain,
            domestic_denunciation=bool(steps),
            hypothetical=hypothetical,
        )

    def _before_consent(self, state: str, spec: InstrumentSpec, on: date, consent: Action | None) -> Status:
        """The status of a state with no consent recorded by ``on``: signed, or nothing at all."""
        signature = self._first(state, spec.code, ("signature", "definitive_signature"))
        reasons: list[Reason] = []
        if signature is not None and signature.on <= on:
            reasons.append(
                Reason(
                    f"Signed {signature.shown_date()}; a signature subject to ratification does not bind.",
                    source=signature.source or None,
                )
            )
            phase: Phase = "signed"
        else:
            reasons.append(
                Reason(f"No signature or consent to be bound by the {_cite(spec)} is recorded by this date.")
            )
            phase = "no_action"
        if consent is not None:
            reasons.append(Reason(f"Consent was given later, {consent.shown_date()}."))
        return Status(state, spec.code, on, False, phase, None, None, tuple(reasons))

    def parties(self, instrument: str, on: date) -> list[str]:
        """The states bound by the instrument on the date."""
        return [state for state in self.states(instrument) if self.status(state, instrument, on).bound]

    # -- coverage by visiting mechanisms -----------------------------------------------------------

    def coverage(
        self, state: str, on: date, bodies: Iterable[Body], *, today: date | None = None
    ) -> Coverage:
        lines = [self._cover(state, on, body, today=today) for body in bodies]
        relevant = [line for line in lines if line is not None]
        return Coverage(state, on, tuple(relevant))

    def _cover(self, state: str, on: date, body: Body, *, today: date | None) -> CoverageLine | None:
        if body.state is not None and body.state != state:
            return None  # a national body of another state
        if body.designated_on is not None and on < body.designated_on:
            return CoverageLine(
                body, False, (Reason(f"{body.code} was not designated until {body.designated_on}."),)
            )
        if body.ended_on is not None and on >= body.ended_on:
            return CoverageLine(body, False, (Reason(f"{body.code} ceased to exist on {body.ended_on}."),))
        if body.basis == "none":
            return CoverageLine(
                body,
                False,
                (
                    Reason(
                        f"{body.name} has no right to visit; it enters only with the authorities' consent."
                    ),
                ),
            )
        if body.basis == "domestic_law":
            return CoverageLine(
                body,
                False,
                (
                    Reason(
                        f"{body.name} visits under domestic law ({body.basis_article}), not under a treaty: "
                        "the state that grants the right can withdraw it."
                    ),
                ),
            )
        assert body.instrument is not None
        status = self.status(state, body.instrument, on, today=today)
        spec = self.spec(body.instrument)
        if body.basis == "consent_only":
            return CoverageLine(
                body,
                False,
                (
                    Reason(
                        f"{body.name} has no routine right to visit: a visit needs the State's agreement.",
                        article=body.basis_article,
                    ),
                ),
            )
        if status.bound:
            text = f"{state} is bound by the {_cite(spec)} on {on.isoformat()}: {body.code} may visit."
            return CoverageLine(
                body,
                True,
                (Reason(text, article=body.basis_article), *status.reasons),
                uncertain=status.uncertain,
            )
        return CoverageLine(
            body,
            False,
            (
                Reason(
                    f"{body.code}'s right to visit comes from the {_cite(spec)}, which does not bind {state} "
                    f"on {on.isoformat()}: {status.summary}.",
                    article=body.basis_article,
                ),
                *status.reasons,
            ),
            uncertain=status.uncertain,
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
    return Ruling(
        effect,
        (
            Reason(
                f"Notification received on {received_on.isoformat()}; {clause.describe()}: {effect.isoformat()}.",
                article=clause.article,
            ),
        ),
    )


def _without_notification(
    spec: InstrumentSpec, steps: list[Action], notified_on: date
) -> tuple[Ruling, list[Reason]]:
    """A denunciation decided at home but never notified: when it would take effect if notified on
    ``notified_on``, and why the state is still bound (the reasons cite the last domestic step)."""
    assert spec.denunciation is not None
    signed = [act for act in steps if act.kind == "denunciation_law_signed"]
    last_step = signed[-1] if signed else steps[-1]
    hypothetical = denunciation_effect(spec, notified_on)
    earliest = denunciation_effect(spec, last_step.on)
    reasons = [
        Reason(
            f"{last_step.label} {last_step.shown_date()}, but no notification to the "
            f"{spec.denunciation.notify} is recorded. A domestic law is not the notification: "
            f"{spec.denunciation.describe()}.",
            article=spec.denunciation.article,
            source=last_step.source or None,
        ),
        Reason(
            f"If the notification was received on {last_step.on.isoformat()}, the denunciation took or "
            f"takes effect on {earliest.on}; if notified on {notified_on.isoformat()}, it would take "
            f"effect on {hypothetical.on}.",
            article=spec.denunciation.article,
        ),
    ]
    return hypothetical, reasons
