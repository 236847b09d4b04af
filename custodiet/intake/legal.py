"""Checking what an article says about when a denunciation takes effect against the treaty's rule.

The rule comes from the treaty engine (``custodiet.treaties``): the clause's
anchor (for the ECPT, the day the Secretary General receives the notification)
and ``denunciation_effect``, which gives the date for a notification date. A
claim that counts from a step of domestic procedure (a house's approval, the
law's signature) is inconsistent with a treaty that counts from the
notification; a claimed date is checked by asking whether any notification on
or after the last domestic step could give it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from custodiet.intake import notes
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.steps import ATTRIBUTES, DOMESTIC_STEPS
from custodiet.treaties.clauses import Denunciation
from custodiet.treaties.reference import InstrumentSpec
from custodiet.treaties.rules import denunciation_effect

Verdict = Literal["consistent", "approximate", "inconsistent", "unchecked"]
RULE_STEPS = {"notification_received": "notification"}  # the treaty's anchor, in the intake's step names
SEARCH_DAYS = 3 * 366  # notification dates tried when asking whether a claimed date is possible


@dataclass(frozen=True)
class EffectCheck:
    verdict: Verdict
    claim: str
    rule: str = ""
    article: str = ""
    reasons: list[str] = field(default_factory=list)
    claimed_on: date | None = None
    rule_on: date | None = None


def _add(start: date, years: int, months: int) -> date:
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = start.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _notifications_giving(spec: InstrumentSpec, claimed: date, earliest: date | None) -> list[date]:
    """The notification dates (from ``earliest``, else three years back) that give ``claimed`` under the rule."""
    start = earliest or claimed - timedelta(days=SEARCH_DAYS)
    days = (start + timedelta(days=offset) for offset in range((claimed - start).days + 1))
    return [day for day in days if denunciation_effect(spec, day).on == claimed]


@dataclass(frozen=True)
class _Rule:
    """The treaty's rule as a claim is checked against it, with what the event's steps say of it."""

    spec: InstrumentSpec
    clause: Denunciation
    earliest: date | None  # the last known domestic step: no notification can come before it
    reasons: list[str]  # what every verdict says first

    @property
    def rule_on(self) -> date | None:
        """When the denunciation takes effect if notified on the day of the last domestic step."""
        return denunciation_effect(self.spec, self.earliest).on if self.earliest is not None else None

    def verdict(
        self, verdict: Verdict, claim: EffectClaim, claimed_on: date | None, *said: str
    ) -> EffectCheck:
        reasons = [*said, *self.reasons]
        return EffectCheck(
            verdict,
            claim.describe(),
            self.clause.describe(),
            self.clause.article,
            reasons,
            claimed_on,
            self.rule_on,
        )


def check_effect(claim: EffectClaim, spec: InstrumentSpec, *, steps: dict[str, date]) -> EffectCheck:
    """Compare ``claim`` with ``spec``'s denunciation clause; ``steps`` are the event's known step dates."""
    clause = spec.denunciation
    if clause is None:
        return EffectCheck(
            "unchecked",
            claim.describe(),
            reasons=[notes.NO_DENUNCIATION_CLAUSE % {"treaty": spec.short_title}],
        )
    domestic = [steps[name] for name in DOMESTIC_STEPS if name in steps]
    earliest = max(domestic) if domestic else None
    rule = _Rule(spec, clause, earliest, [])
    if earliest is not None and rule.rule_on is not None:
        rule.reasons.append(
            notes.LAST_DOMESTIC_STEP % {"domestic": earliest.isoformat(), "effect": rule.rule_on.isoformat()}
        )
    if claim.date is not None:
        return _check_date(claim, rule)
    if not claim.anchor:
        return EffectCheck(
            "unchecked",
            claim.describe(),
            clause.describe(),
            clause.article,
            [notes.STEP_NOT_RECOGNISED],
        )
    return _check_period(claim, rule, steps)


def _check_date(claim: EffectClaim, rule: _Rule) -> EffectCheck:
    """A claimed date: is there a notification date, after the last domestic step, that gives it?"""
    assert claim.date is not None
    claimed = claim.date.as_date()
    if claimed is None:
        return EffectCheck(
            "unchecked",
            claim.describe(),
            rule.clause.describe(),
            rule.clause.article,
            [notes.CLAIMED_NOT_A_DAY],
        )
    dates = _notifications_giving(rule.spec, claimed, rule.earliest)
    if dates:
        said = notes.NOTIFICATIONS_GIVING % {"first": dates[0], "last": dates[-1], "claimed": claimed}
        return rule.verdict("consistent", claim, claimed, said)
    said = notes.NO_NOTIFICATION_GIVES % {"claimed": claimed.isoformat()}
    return rule.verdict("inconsistent", claim, claimed, said)


def _check_period(claim: EffectClaim, rule: _Rule, steps: dict[str, date]) -> EffectCheck:
    """A period counted from a step: from the wrong step it is inconsistent; from the notification, the
    arithmetic is compared with the rule's over a year of notification dates."""
    clause = rule.clause
    anchor_label = ATTRIBUTES.get(claim.anchor, claim.anchor).lower()
    anchor_date = steps.get(claim.anchor)
    claimed_on = _add(anchor_date, claim.years, claim.months) if anchor_date is not None else None
    if claim.anchor != RULE_STEPS.get(clause.anchor, ""):
        counts = (
            notes.COUNTS_FROM_DOMESTIC_STEP
            if claim.anchor in DOMESTIC_STEPS
            else notes.COUNTS_FROM_OTHER_STEP
        )
        said = [counts % {"step": anchor_label, "notify": clause.notify, "article": clause.article}]
        if claimed_on is not None:
            said.append(notes.COUNTED_THAT_WAY % {"effect": claimed_on.isoformat()})
            if not _notifications_giving(rule.spec, claimed_on, rule.earliest):
                said.append(notes.NO_NOTIFICATION_GIVES % {"claimed": claimed_on.isoformat()})
        return rule.verdict("inconsistent", claim, claimed_on, *said)

    # Counted from the notification, as the treaty does: does the arithmetic agree?
    samples = [date(2025, month, day) for month in range(1, 13) for day in (1, 15, 28)]
    gaps = [abs((_add(d, claim.years, claim.months) - clause.effective_date(d)).days) for d in samples]
    if max(gaps) == 0:
        return rule.verdict("consistent", claim, claimed_on)
    differs = notes.PERIOD_DIFFERS % {"days": max(gaps)}
    return rule.verdict("approximate" if max(gaps) <= 31 else "inconsistent", claim, claimed_on, differs)
