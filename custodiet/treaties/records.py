"""The engine's plain records: a State's acts on an instrument, the reasons and dates it answers with.

No database and no rules here: ``Action`` is one recorded act (a signature, a deposit, a
notification of denunciation, a decision that membership ceased, a declaration...), with its
date, how precisely the date is known, how sure the record is and where it was read;
``Reason`` is one step of an answer, with the article and the source behind it; ``Window`` is
the span of dates in which an answer that cannot be given for certain may have changed;
``Completeness`` says up to which date a chart (or one State's record) lists every act, so that
a missing record can be told apart from a State that is not bound.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

from custodiet.treaties.words import Month, Said, Word, said

CONSENT_KINDS = ("ratification", "acceptance", "approval", "accession", "succession", "definitive_signature")
NEEDS_PRIOR_SIGNATURE = ("ratification", "acceptance", "approval")
# Endings, each named for what it is: a notification under the treaty's own clause (denunciation,
# withdrawal), or a decision or a rule that ends membership or party status (cessation, expulsion).
NOTIFIED_ENDINGS = ("denunciation", "withdrawal")
DECIDED_ENDINGS = ("cessation", "expulsion")
ENDING_KINDS = (*NOTIFIED_ENDINGS, *DECIDED_ENDINGS)
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
    "entry_into_force",
    *ENDING_KINDS,
    "declaration",
    "declaration_withdrawn",
    "reservation",
    "ratification_law_signed",
    *DOMESTIC_DENUNCIATION_STEPS,
)
ACTION_LABELS = {
    "signature": _("Signature"),
    "ratification": _("Ratification deposited"),
    "acceptance": _("Acceptance deposited"),
    "approval": _("Approval deposited"),
    "accession": _("Accession deposited"),
    "succession": _("Succession notified"),
    "definitive_signature": _("Signature without reservation as to ratification"),
    "entry_into_force": _("In force for the State (date of deposit not recorded)"),
    "denunciation": _("Notification of denunciation received"),
    "withdrawal": _("Notification of withdrawal received"),
    "cessation": _("Ceased to be a member or Party"),
    "expulsion": _("Expelled by decision"),
    "declaration": _("Declaration"),
    "declaration_withdrawn": _("Declaration withdrawn"),
    "reservation": _("Reservations and declarations"),
    "ratification_law_signed": _("Domestic law on ratification signed"),
    "denunciation_proposed": _("Government proposes denunciation"),
    "denunciation_bill_submitted": _("Denunciation bill submitted to parliament"),
    "denunciation_approved_lower_house": _("Lower house adopts the denunciation law"),
    "denunciation_approved_upper_house": _("Upper house approves the denunciation law"),
    "denunciation_law_signed": _("Denunciation law signed"),
    "denunciation_law_published": _("Denunciation law published"),
}
ENDING_WORDS = {
    "denunciation": _("denunciation"),
    "withdrawal": _("withdrawal"),
    "cessation": _("cessation"),
    "expulsion": _("expulsion"),
}
INTERNATIONAL_KINDS = frozenset(
    (
        "signature",
        *CONSENT_KINDS,
        "entry_into_force",
        *ENDING_KINDS,
        "declaration",
        "declaration_withdrawn",
        "reservation",
    )
)

Precision = Literal["day", "month", "year"]
Answer = Literal["bound", "not_bound", "uncertain", "unknown"]
ANSWERS: tuple[Answer, ...] = ("bound", "not_bound", "uncertain", "unknown")

# How sure a recorded fact is, from the surest; an answer is as sure as the least sure fact it uses.
CONFIDENCES = ("certain", "sourced", "disputed", "uncertain")
SHOWN_CONFIDENCE = {
    "certain": "certain",
    "sourced": "sourced",
    "disputed": "disputed",
    "uncertain": "unverified",
}


def shown_confidence(confidence: str | None) -> str | None:
    """The word users read for a stored confidence: "uncertain" rows are shown as "unverified"."""
    if confidence is None:
        return None
    return SHOWN_CONFIDENCE.get(confidence, confidence)


def weakest(*confidences: str | None) -> str | None:
    """The least sure of some confidences (None where none is given)."""
    known = [item for item in confidences if item is not None]
    if not known:
        return None
    return max(known, key=lambda item: CONFIDENCES.index(item) if item in CONFIDENCES else len(CONFIDENCES))


@dataclass(frozen=True)
class Action:
    """One recorded act of a State on an instrument.

    ``effective_on`` is the day an ending took effect when a source gives it; ``detail`` names a
    declaration ("art24-part4", "art28"); ``until`` is the day a declaration stops applying.
    """

    state: str
    instrument: str
    kind: str
    on: date
    precision: Precision = "day"
    confidence: str = "certain"
    source: str = ""
    note: str = ""
    effective_on: date | None = None
    detail: str = ""
    until: date | None = None

    @property
    def is_domestic(self) -> bool:
        return self.kind not in INTERNATIONAL_KINDS

    @cached_property
    def label(self) -> Said:
        label = Word(ACTION_LABELS.get(self.kind, self.kind))
        if self.detail:
            return said(_("%(label)s (%(detail)s)"), label=label, detail=self.detail)
        return said("%(label)s", label=label)

    @property
    def earliest(self) -> date:
        return self.bounds()[0]

    def bounds(self) -> tuple[date, date]:
        """The earliest and latest day the recorded date may stand for."""
        if self.precision == "year":
            return date(self.on.year, 1, 1), date(self.on.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.on.year, self.on.month)[1]
            return date(self.on.year, self.on.month, 1), date(self.on.year, self.on.month, last)
        return self.on, self.on

    @property
    def day(self) -> date | Month | int:
        """The recorded date as well as it is known: the day, the month (``Month``) or the year."""
        if self.precision == "year":
            return self.on.year
        if self.precision == "month":
            return Month(self.on)
        return self.on

    def shown_date(self) -> Said:
        """ "on 2025-09-29" ("on 29 September 2025" for a reader), "in September 2025", "in 2025"."""
        return self._shown_date

    @cached_property
    def _shown_date(self) -> Said:  # an act is read many times by the engine: its words are made once
        if self.precision == "year":
            return said(_("in %(year)s"), year=self.on.year)
        if self.precision == "month":
            return said(_("in %(month)s"), month=Month(self.on))
        return said(_("on %(date)s"), date=self.on)


@dataclass(frozen=True)
class Reason:
    """One step of an answer: what the engine read or applied, the article, the source, how sure."""

    text: str
    article: str | None = None
    source: str | None = None
    confidence: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "article": self.article,
            "source": self.source,
            "confidence": shown_confidence(self.confidence),
        }


def cite(action: Action, text: str, article: str | None = None) -> Reason:
    """A reason that rests on a recorded act: it carries the act's source and confidence."""
    return Reason(text, article=article, source=action.source or None, confidence=action.confidence)


@dataclass(frozen=True)
class Ruling:
    """A date the engine computed, with why; ``latest`` differs from ``on`` when the input was imprecise."""

    on: date | None
    reasons: tuple[Reason, ...]
    latest: date | None = None

    @property
    def uncertain(self) -> bool:
        return self.latest is not None and self.latest != self.on


@dataclass(frozen=True)
class Window:
    """Where an answer cannot be given for certain: from ``first`` (and until ``last``, when the span is
    closed) the answer depends on a date nobody recorded; ``settles`` says what would decide it."""

    first: date
    last: date | None
    text: str
    settles: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "until": self.last.isoformat() if self.last else None,
            "text": self.text,
            "settled_by": self.settles,
        }


@dataclass(frozen=True)
class Completeness:
    """A chart (``state`` None) or one State's record that lists every act on ``instrument`` up to
    ``complete_to`` (None: complete on no date). Where it is complete, no record means "not bound";
    elsewhere, "unknown"."""

    instrument: str
    complete_to: date | None
    source: str
    note: str = ""
    state: str | None = None
    file: str = ""

    def covers(self, on: date) -> bool:
        return self.complete_to is not None and on <= self.complete_to

    def describe(self) -> Said:
        if self.state:
            what = said(_("this State's record"))
        elif self.file:
            what = said(_("the chart %(file)s"), file=self.file)
        else:
            what = said(_("the chart loaded"))
        if self.complete_to is None:
            return said(_("%(what)s is not known to be complete on any date"), what=what)
        return said(_("%(what)s lists every act up to %(date)s"), what=what, date=self.complete_to)
