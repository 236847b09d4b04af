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
from typing import TYPE_CHECKING, Literal

from custodiet.intake.extraction import ATTRIBUTES, DOMESTIC_STEPS, EffectClaim

if TYPE_CHECKING:
    from custodiet.treaties.reference import InstrumentSpec

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


def check_effect(claim: EffectClaim, spec: InstrumentSpec, *, steps: dict[str, date]) -> EffectCheck:
    """Compare ``claim`` with ``spec``'s denunciation clause; ``steps`` are the event's known step dates."""
    from custodiet.treaties.rules import denunciation_effect

    clause = spec.denunciation
    if clause is None:
        return EffectCheck(
            "unchecked", claim.describe(), reasons=[f"The {spec.short_title} has no denunciation clause."]
        )
    rule, article = clause.describe(), clause.article
    rule_step = RULE_STEPS.get(clause.anchor, "")
    domestic = [steps[name] for name in DOMESTIC_STEPS if name in steps]
    earliest = max(domestic) if domestic else None
    rule_on = denunciation_effect(spec, earliest).on if earliest is not None else None
    reasons: list[str] = []
    if earliest is not None and rule_on is not None:
        reasons.append(
            f"The last known domestic step is dated {earliest.isoformat()}; a notification received that day "
            f"would make the denunciation take effect on {rule_on.isoformat()}, and a later one later."
        )

    def possible(claimed: date) -> list[date]:
        start = earliest or claimed - timedelta(days=SEARCH_DAYS)
        return [
            start + timedelta(days=offset)
            for offset in range((claimed - start).days + 1)
            if denunciation_effect(spec, start + timedelta(days=offset)).on == claimed
        ]

    if claim.date is not None:
        claimed = claim.date.as_date()
        if claimed is None:
            return EffectCheck(
                "unchecked", claim.describe(), rule, article, ["The date claimed is not precise to the day."]
            )
        dates = possible(claimed)
        if dates:
            reasons.insert(
                0,
                f"A notification received between {dates[0]} and {dates[-1]} gives {claimed} under the rule.",
            )
            return EffectCheck("consistent", claim.describe(), rule, article, reasons, claimed, rule_on)
        reasons.insert(0, f"No notification date gives {claimed.isoformat()} under the rule.")
        return EffectCheck("inconsistent", claim.describe(), rule, article, reasons, claimed, rule_on)

    if not claim.anchor:
        return EffectCheck(
            "unchecked",
            claim.describe(),
            rule,
            article,
            ["The step the article counts from is not recognised."],
        )
    anchor_label = ATTRIBUTES.get(claim.anchor, claim.anchor).lower()
    anchor_date = steps.get(claim.anchor)
    claimed_on = _add(anchor_date, claim.years, claim.months) if anchor_date is not None else None
    if claim.anchor != rule_step:
        kind = (
            "a step of domestic procedure"
            if claim.anchor in DOMESTIC_STEPS
            else "not the step the treaty names"
        )
        reasons.insert(
            0,
            f"The article counts from the {anchor_label}, {kind}; the treaty counts from the day the "
            f"{clause.notify} receives the notification ({article}).",
        )
        if claimed_on is not None:
            reasons.insert(
                1, f"Counted that way, the denunciation would take effect on {claimed_on.isoformat()}."
            )
            if not possible(claimed_on):
                reasons.insert(2, f"No notification date gives {claimed_on.isoformat()} under the rule.")
        return EffectCheck("inconsistent", claim.describe(), rule, article, reasons, claimed_on, rule_on)

    # Counted from the notification, as the treaty does: does the arithmetic agree?
    samples = [date(2025, month, day) for month in range(1, 13) for day in (1, 15, 28)]
    gaps = [abs((_add(d, claim.years, claim.months) - denunciation_effect(spec, d).on).days) for d in samples]  # type: ignore[operator]
    if max(gaps) == 0:
        return EffectCheck("consistent", claim.describe(), rule, article, reasons, claimed_on, rule_on)
    verdict: Verdict = "approximate" if max(gaps) <= 31 else "inconsistent"
    reasons.insert(
        0,
        f"Counted from the notification, the article's period differs from the rule by up to {max(gaps)} days.",
    )
    return EffectCheck(verdict, claim.describe(), rule, article, reasons, claimed_on, rule_on)
