"""Read operations of the intake: event lists, an event's timeline with its checks, a document.

Each selector runs a fixed number of queries, whatever the number of rows; the
comparison of claims and the legal check are pure functions run on what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from custodiet.core.errors import NotFound
from custodiet.intake.claims import Claim, Finding, compare, step_dates
from custodiet.intake.dates import DateValue
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.legal import EffectCheck, check_effect
from custodiet.intake.models import Document, Event, Fact
from custodiet.intake.rows import FACT
from custodiet.intake.steps import ATTRIBUTES
from custodiet.treaties.models import Instrument
from custodiet.treaties.reference import InstrumentSpec, load_instruments

EVENT_ORDER = (("updated_at", True), ("id", True))  # the newest first: the event list's (keyset) order


def event_list() -> QuerySet[Event]:
    return Event.objects.select_related("state", "instrument").order_by("-updated_at", "-pk")


def document_list(*, event: Event | None = None, unassigned: bool = False) -> QuerySet[Document]:
    documents = Document.objects.select_related("event", "duplicate_of").defer("text", "prints")
    if event is not None:
        documents = documents.filter(event=event)
    if unassigned:
        documents = documents.filter(event__isnull=True)
    return documents.order_by("pk")


def document_detail(pk: int) -> Document:
    """A document with its segments and facts; NotFound when there is none with that number."""
    document = (
        Document.objects.select_related("event", "duplicate_of")
        .prefetch_related("segments", Prefetch("facts", queryset=Fact.objects.order_by("paragraph", "pk")))
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise NotFound("No such document.")
    return document


def _claim(fact: Fact) -> Claim:
    effect = None
    if fact.attribute == "takes_effect":
        effect = EffectClaim(
            anchor=fact.effect_anchor,
            anchor_text=fact.effect_anchor_text,
            years=fact.effect_years,
            months=fact.effect_months,
            date=fact.date_value,
        )
    return Claim(
        attribute=fact.attribute,
        subject=fact.subject,
        source=fact.document.source_key,
        document=fact.document_id,
        sentence=fact.sentence,
        quote=fact.quote,
        value=fact.date_value,
        count=fact.count,
        inferred=fact.inferred,
        note=fact.note,
        effect=effect,
        document_title=fact.document.title,
    )


def event_claims(event: Event) -> list[Claim]:
    facts = (
        Fact.objects.filter(event=event)
        .select_related("document")
        .only(*FACT, "document_id", "document__source_key", "document__title")
    )
    return [_claim(fact) for fact in facts.order_by("document_id", "paragraph", "pk")]


def event_findings(event: Event) -> list[Finding]:
    return compare(event_claims(event), event.first_published)


@dataclass
class EffectRow:
    claim: Claim
    check: EffectCheck


@dataclass
class Timeline:
    event: Event
    findings: list[Finding]
    effects: list[EffectRow] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    subject_names: dict[str, str] = field(default_factory=dict)

    @property
    def dated(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_count]

    @property
    def counts(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_count]

    @property
    def contradictions(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.contradiction]


def _spec(event: Event) -> InstrumentSpec | None:
    if event.instrument is not None:
        try:
            return event.instrument.spec()
        except ValueError:
            return None
    return load_instruments().get(event.instrument_code)


def event_timeline(event: Event) -> Timeline:
    """The event's findings in time order, its counts, and each claim on legal effect checked."""
    claims = event_claims(event)
    findings = compare(claims, event.first_published)
    subject = event.instrument.code if event.instrument is not None else event.instrument_code
    effects: list[EffectRow] = []
    spec = _spec(event)
    if spec is not None:
        steps = step_dates(findings, event.instrument_code)
        effects.extend(
            EffectRow(claim, check_effect(claim.effect, spec, steps=steps))
            for claim in claims
            if claim.effect is not None
        )
    codes = {finding.subject for finding in findings} | {subject}
    names = {
        code: short
        for code, short in Instrument.objects.filter(code__in=codes).values_list("code", "short_title")
    }
    for code in codes:
        names.setdefault(code, code.lstrip("?") if code else "(event)")
    documents = list(document_list(event=event))
    return Timeline(event, findings, effects, documents, names)


def timeline_as_dict(timeline: Timeline) -> dict[str, Any]:
    """Machine form of a timeline, shared by the API and ``custodiet intake timeline --json``."""

    def claim_dict(claim: Claim) -> dict[str, Any]:
        return {
            "document": claim.document,
            "document_title": claim.document_title,
            "source": claim.source,
            "value": claim.shown(),
            "iso": claim.value.iso() if claim.value is not None else None,
            "count": claim.count,
            "inferred": claim.inferred,
            "note": claim.note,
            "quote": claim.quote,
            "sentence": claim.sentence,
        }

    def value_of(finding: Finding, index: int) -> Any:
        best = finding.readings[index].best
        if best.count is not None:
            return best.count
        value: DateValue | None = best.value
        return value.iso() if value is not None else None

    event = timeline.event
    return {
        "event": {
            "id": event.pk,
            "title": event.title,
            "state": event.state.code if event.state else None,
            "instrument": event.instrument.code if event.instrument else None,
            "detected": {
                "state": event.state_code,
                "instrument": event.instrument_code,
                "action": event.action,
            },
            "documents": event.document_count,
            "sources": event.source_count,
            "contradictions": event.contradiction_count,
        },
        "findings": [
            {
                "attribute": finding.attribute,
                "label": finding.label,
                "subject": finding.subject,
                "subject_name": timeline.subject_names.get(finding.subject, finding.subject),
                "status": finding.status,
                "readings": [
                    {
                        "value": value_of(finding, index),
                        "shown": reading.best.shown(),
                        "sources": reading.sources,
                        "inferred": reading.inferred,
                        "claims": [claim_dict(claim) for claim in reading.claims],
                    }
                    for index, reading in enumerate(finding.readings)
                ],
            }
            for finding in timeline.findings
        ],
        "legal_effect": [
            {
                "claim": row.check.claim,
                "verdict": row.check.verdict,
                "rule": row.check.rule,
                "article": row.check.article,
                "reasons": row.check.reasons,
                "claimed_on": row.check.claimed_on.isoformat() if row.check.claimed_on else None,
                "rule_on": row.check.rule_on.isoformat() if row.check.rule_on else None,
                "source": claim_dict(row.claim),
            }
            for row in timeline.effects
        ],
        "attributes": ATTRIBUTES,
    }
