"""Who may visit a State's places of detention on a date: each monitoring body, and why.

A body with a treaty right (the CPT, the SPT, a national preventive mechanism) covers a State
where the treaty binds it, unless a declaration postpones the body's work there (OPCAT Art. 24).
Its answer is ``yes``, ``no``, ``uncertain`` (the treaty's status turns on an unrecorded date,
or a declaration may still apply) or ``unknown`` (no record and no complete chart). A body with
no right of its own (the Committee against Torture's Art. 20 inquiry), one that visits under
domestic law, and an NGO never "cover" a State. Pure: the engine comes in as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

from custodiet.treaties.answers import Doubtful
from custodiet.treaties.dates import add_period
from custodiet.treaties.records import Action, Reason, Window, cite
from custodiet.treaties.words import Said, Word, said

if TYPE_CHECKING:
    from custodiet.treaties.clauses import DeclarationRule
    from custodiet.treaties.reference import InstrumentSpec
    from custodiet.treaties.rules import TreatyEngine

CoverageAnswer = Literal["yes", "no", "uncertain", "unknown"]
FROM_STATUS: dict[str, CoverageAnswer] = {
    "bound": "yes",
    "not_bound": "no",
    "uncertain": "uncertain",
    "unknown": "unknown",
}


@dataclass(frozen=True)
class Body:
    """A monitoring body and the basis of its access to places of detention."""

    code: str
    name: str
    kind: Literal["international", "national_preventive_mechanism", "treaty_committee", "domestic", "ngo"]
    instrument: str | None  # the instrument that gives the right to visit, if any
    basis: Literal["treaty", "consent_only", "domestic_law", "none"]
    basis_article: str = ""
    state: str | None = None  # for a national body: the State it works in
    designated_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class CoverageLine(Doubtful):
    """One body's answer for a State on a date, with the reasons, the window and what was known later."""

    body: Body
    answer: CoverageAnswer
    reasons: tuple[Reason, ...]
    window: Window | None = None
    confidence: str | None = None
    later: tuple[Reason, ...] = ()
    stable_until: date = date.max

    @property
    def covers(self) -> bool:
        return self.answer == "yes"


@dataclass(frozen=True)
class Coverage:
    state: str
    on: date
    lines: tuple[CoverageLine, ...] = field(default_factory=tuple)

    def codes(self, answer: CoverageAnswer) -> list[str]:
        return [line.body.code for line in self.lines if line.answer == answer]

    @property
    def mechanisms(self) -> list[str]:
        """Codes of the bodies that certainly have a treaty right to visit on the date."""
        return self.codes("yes")

    @property
    def summary(self) -> Said:
        """ "CPT, SPT"; "none"; or with the doubtful ones: "none; uncertain: CPT; unknown: SPT"."""
        text = said("%(codes)s", codes=", ".join(self.mechanisms)) if self.mechanisms else said(_("none"))
        if uncertain := self.codes("uncertain"):
            text = said(_("%(before)s; uncertain: %(codes)s"), before=text, codes=", ".join(uncertain))
        if unknown := self.codes("unknown"):
            text = said(_("%(before)s; unknown: %(codes)s"), before=text, codes=", ".join(unknown))
        return text


@dataclass(frozen=True)
class DeclarationInForce:
    """A declaration that applies on a date; ``certain`` is False while it may or may not apply."""

    act: Action
    rule: DeclarationRule
    certain: bool
    ends: date | None  # the day it stops applying, where known
    reason: Reason


def declarations_in_force(
    spec: InstrumentSpec, known: Sequence[Action], on: date, in_force_from: date | None
) -> tuple[list[DeclarationInForce], list[date]]:
    """The declarations that apply on ``on`` (from acts dated by then), and the days that may change that.

    A declaration applies from the day it was made until the day it is withdrawn, until the end
    recorded for it, or, with no end recorded, for the rule's longest period from the entry into
    force (OPCAT Art. 24(2): three years), and perhaps for the extension after that (two years):
    in that span the answer is uncertain.
    """
    withdrawn = {act.detail: act for act in known if act.kind == "declaration_withdrawn"}
    found: list[DeclarationInForce] = []
    changes: list[date] = []
    for act in known:
        rule = spec.declarations.get(act.detail) if act.kind == "declaration" else None
        if rule is None:
            continue
        taken_back = withdrawn.get(act.detail)
        if taken_back is not None and taken_back.on >= act.on:
            continue
        if act.until is not None:
            changes.append(act.until)
            if on < act.until:
                reason = _declared(
                    act, rule, _("%(act)s made %(when)s, applying until %(until)s: %(rule)s"), until=act.until
                )
                found.append(DeclarationInForce(act, rule, True, act.until, reason))
            continue
        if rule.max_period is None or in_force_from is None:
            reason = _declared(act, rule, _("%(act)s made %(when)s, not withdrawn: %(rule)s"))
            found.append(DeclarationInForce(act, rule, True, None, reason))
            continue
        longest = add_period(in_force_from, rule.max_period)
        extended = add_period(longest, rule.extension) if rule.extension else longest
        changes.extend((longest, extended))
        if on < longest:
            reason = _declared(
                act,
                rule,
                _(
                    "%(act)s made %(when)s, no end recorded: it applies for at most %(period)s from the entry "
                    "into force, until %(until)s: %(rule)s"
                ),
                period=rule.max_period.describe(),
                until=longest,
            )
            found.append(DeclarationInForce(act, rule, True, longest, reason))
        elif on < extended:
            reason = _declared(
                act,
                rule,
                _(
                    "%(act)s made %(when)s, no end recorded: its first period ended on %(first_end)s, but it may "
                    "have been extended until %(until)s: %(rule)s"
                ),
                first_end=longest,
                until=extended,
            )
            found.append(DeclarationInForce(act, rule, False, extended, reason))
    return found, changes


def _declared(act: Action, rule: DeclarationRule, message: str, **parts: Any) -> Reason:
    """A declaration's reason: ``message`` with the act, the day it was made and the rule's words (and
    ``parts``), citing the act and the rule's article."""
    text = said(message, act=act.label, when=act.shown_date(), rule=Word(rule.text), **parts)
    return cite(act, text, rule.article)


def cover(
    engine: TreatyEngine, state: str, on: date, body: Body, *, today: date | None
) -> CoverageLine | None:
    """The body's answer for the State on the date (None for a national body of another State)."""
    if body.state is not None and body.state != state:
        return None
    if body.designated_on is not None and on < body.designated_on:
        text = said(_("%(body)s was not designated until %(date)s."), body=body.code, date=body.designated_on)
        return CoverageLine(body, "no", (Reason(text),), stable_until=body.designated_on)
    if body.ended_on is not None and on >= body.ended_on:
        text = said(_("%(body)s ceased to exist on %(date)s."), body=body.code, date=body.ended_on)
        return CoverageLine(body, "no", (Reason(text),))
    until = min(day for day in (body.ended_on, date.max) if day is not None and day > on)
    if body.basis == "none":
        text = said(
            _("%(body)s has no right to visit; it enters only with the authorities' consent."),
            body=Word(body.name),
        )
        return CoverageLine(body, "no", (Reason(text),), stable_until=until)
    if body.basis == "domestic_law":
        text = said(
            _(
                "%(body)s visits under domestic law (%(article)s), not under a treaty: the State that grants "
                "the right can withdraw it."
            ),
            body=Word(body.name),
            article=body.basis_article,
        )
        return CoverageLine(body, "no", (Reason(text),), stable_until=until)
    assert body.instrument is not None
    if body.basis == "consent_only":
        return _consent_only(engine, state, on, body, until)
    return _treaty_right(engine, state, on, body, today, until)


def _consent_only(engine: TreatyEngine, state: str, on: date, body: Body, until: date) -> CoverageLine:
    assert body.instrument is not None
    reasons = [
        Reason(
            said(
                _("%(body)s has no routine right to visit: a visit needs the State's agreement."),
                body=Word(body.name),
            ),
            article=body.basis_article,
        )
    ]
    declarations, changes = engine.declarations_in_force(state, body.instrument, on)
    reasons.extend(item.reason for item in declarations if body.kind in item.rule.limits)
    return CoverageLine(body, "no", tuple(reasons), stable_until=min(until, changes))


def _treaty_right(
    engine: TreatyEngine, state: str, on: date, body: Body, today: date | None, until: date
) -> CoverageLine:
    assert body.instrument is not None
    status = engine.status(state, body.instrument, on, today=today)
    title = engine.spec(body.instrument).short_title
    answer = FROM_STATUS[status.answer]
    if answer == "yes":
        head = Reason(
            said(
                _("%(state)s is bound by the %(title)s on %(date)s: %(body)s may visit."),
                state=state,
                title=title,
                date=on,
                body=body.code,
            ),
            article=body.basis_article,
        )
    elif answer == "no":
        head = Reason(
            said(
                _(
                    "%(body)s's right to visit comes from the %(title)s, which does not bind %(state)s on "
                    "%(date)s: %(summary)s."
                ),
                body=body.code,
                title=title,
                state=state,
                date=on,
                summary=status.summary,
            ),
            article=body.basis_article,
        )
    else:
        head = Reason(
            said(
                _("%(body)s's right to visit comes from the %(title)s; on %(date)s it is %(summary)s."),
                body=body.code,
                title=title,
                date=on,
                summary=status.summary,
            ),
            article=body.basis_article,
        )
    reasons = [head]
    stable = min(until, status.stable_until)
    if answer in ("yes", "uncertain"):
        declarations, changes = engine.declarations_in_force(state, body.instrument, on)
        stable = min(stable, changes)
        for item in declarations:
            if body.kind in item.rule.suspends and item.certain:
                answer = "no"
                reasons.insert(
                    0,
                    Reason(
                        said(
                            _("%(body)s's work in %(state)s is postponed by a declaration."),
                            body=body.code,
                            state=state,
                        ),
                        item.rule.article,
                    ),
                )
                reasons.append(item.reason)
            elif body.kind in item.rule.suspends or body.kind in item.rule.may_suspend:
                answer = "uncertain" if answer == "yes" else answer
                reasons.append(item.reason)
    return CoverageLine(
        body,
        answer,
        (*reasons, *status.reasons),
        window=status.window,
        confidence=status.confidence,
        later=status.later,
        stable_until=stable,
    )
