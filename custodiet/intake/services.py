"""Write operations of the intake: importing documents, grouping them, editing an event's links.

``intake_add`` streams files, directories or standard input through the pure
pipeline (``analysis``) one document at a time; each document is stored in its
own transaction, so that a bad one changes nothing and the rest of the batch
goes on. Events touched by a batch are recounted once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import transaction

from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError, NotFound
from custodiet.intake import clustering, dedup
from custodiet.intake.analysis import Analysis, NoText, analyse
from custodiet.intake.entities import Entity, Matcher, state_names
from custodiet.intake.extraction import ORGANISATION_WEIGHT
from custodiet.intake.models import Band, Document, Event, Fact, Segment
from custodiet.intake.selectors import event_findings
from custodiet.intake.sources import RawDocument, Skipped, read_paths
from custodiet.treaties.models import Instrument, State
from custodiet.treaties.selectors import resolve_instrument, resolve_state

Linked = TypeVar("Linked", State, Instrument)


@dataclass
class Outcome:
    origin: str
    status: str  # "added", "unchanged" or "skipped"
    reason: str = ""
    document: int | None = None
    event: int | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    events: set[int] = field(default_factory=set)
    keep_outcomes: bool = True
    counts: dict[str, int] = field(default_factory=lambda: {"added": 0, "unchanged": 0, "skipped": 0})

    def record(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if self.keep_outcomes or outcome.status == "skipped":
            self.outcomes.append(outcome)

    @property
    def added(self) -> int:
        return self.counts["added"]

    @property
    def unchanged(self) -> int:
        return self.counts["unchanged"]

    @property
    def skipped(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "skipped"]


def build_matcher() -> Matcher:
    """The vocabulary of states and treaties from the database, the treaty reference and CLDR names."""
    entities: list[Entity] = []
    for instrument in Instrument.objects.all():
        try:
            spec = instrument.spec()
            names = (spec.title, spec.title_fr, spec.short_title, *spec.aliases)
            organisation = spec.organisation
        except ValueError:
            names, organisation = (instrument.title, instrument.title_fr, instrument.short_title), ""
        names = (*names, instrument.code)
        titles = tuple(name for name in names if name and name.lower() != organisation.lower())
        entities.append(Entity(instrument.code, "instrument", instrument.short_title, titles))
        if organisation and organisation.lower() in (name.lower() for name in names if name):
            entities.append(
                Entity(
                    instrument.code,
                    "instrument",
                    instrument.short_title,
                    (organisation,),
                    ORGANISATION_WEIGHT,
                )
            )
    entities.extend(
        Entity(state.code, "state", state.name_en, state_names(state.code, [state.name_en, state.name_fr]))
        for state in State.objects.all()
    )
    return Matcher(entities)


def _near_duplicate(signature: bytes, keys: list[str]) -> tuple[Document | None, float]:
    candidates = (
        Document.objects.filter(bands__key__in=keys)
        .distinct()
        .only("pk", "minhash", "duplicate_of_id", "source_key")
        .order_by("pk")
    )
    best: tuple[Document | None, float] = (None, 0.0)
    for candidate in candidates:
        score = dedup.similarity(signature, bytes(candidate.minhash))
        if score >= dedup.THRESHOLD and score > best[1]:
            best = (candidate, score)
    return best


def _event_for(analysis: Analysis) -> Event | None:
    key = clustering.key_for(analysis.state, analysis.instrument, analysis.action)
    if key is None:
        return None
    candidates = Event.objects.filter(
        state_code=key.state, instrument_code=key.instrument, action=key.action
    ).order_by("pk")
    for event in candidates:
        if clustering.fits(analysis.published, event.first_published, event.last_published):
            return event
    state = State.objects.filter(code=key.state).first() if key.state else None
    instrument = Instrument.objects.filter(code=key.instrument).first() if key.instrument else None
    return Event.objects.create(
        title=key.title(state.name_en if state else "", instrument.short_title if instrument else ""),
        state=state,
        instrument=instrument,
        state_code=key.state,
        instrument_code=key.instrument,
        action=key.action,
    )


@transaction.atomic
def document_import(*, raw: RawDocument, matcher: Matcher, by: Actor = None) -> tuple[Document, bool]:
    """Store one document with its segments, facts and near-duplicate bands; (document, created).

    The same raw bytes imported again return the stored document unchanged.
    Raises DomainError when the input holds no article text; nothing is stored then.
    """
    existing = Document.objects.filter(sha256=raw.sha256).first()
    if existing is not None:
        return existing, False
    try:
        analysis = analyse(raw, matcher)
    except NoText as problem:
        raise DomainError(str(problem)) from problem
    minhash = dedup.to_bytes(dedup.signature(analysis.text))
    keys = dedup.band_keys(minhash)
    original, score = _near_duplicate(minhash, keys)
    root = None if original is None else (original.duplicate_of or original)
    event = _event_for(analysis)
    document = Document.objects.create(
        sha256=raw.sha256,
        origin=raw.origin[:1000],
        url=raw.url[:1000],
        title=analysis.title[:500],
        format=raw.format if raw.format in Document.Format.values else Document.Format.TEXT,
        size=raw.size,
        published=raw.published,
        language=analysis.language,
        text=analysis.text,
        anchor=analysis.anchor,
        state_code=analysis.state,
        instrument_code=analysis.instrument[:200],
        action=analysis.action,
        event=event,
        duplicate_of=root,
        similarity=score if root is not None else None,
        source_key=root.source_key if root is not None else f"sha-{raw.sha256[:16]}",
        minhash=minhash,
    )
    Segment.objects.bulk_create(
        Segment(document=document, position=number, text=segment.text, reason=segment.reason[:200])
        for number, segment in enumerate(analysis.segments)
    )
    Band.objects.bulk_create(Band(document=document, key=key) for key in keys)
    Fact.objects.bulk_create(
        Fact(
            document=document,
            event=event,
            attribute=fact.attribute,
            subject=fact.subject[:200],
            value=fact.value.iso() if fact.value is not None else "",
            count=fact.count,
            inferred=fact.inferred,
            note=fact.note[:300],
            sentence=fact.sentence,
            quote=fact.quote[:300],
            paragraph=fact.paragraph,
            effect_anchor=fact.effect.anchor if fact.effect else "",
            effect_anchor_text=(fact.effect.anchor_text if fact.effect else "")[:300],
            effect_years=fact.effect.years if fact.effect else 0,
            effect_months=fact.effect.months if fact.effect else 0,
        )
        for fact in analysis.facts
    )
    audit_record(
        actor=by,
        verb="document.import",
        target=document,
        detail={"sha256": document.sha256, "origin": raw.origin[:200], "event": document.event_id},
    )
    return document, True


def intake_add(
    *,
    paths: Iterable[str | Path],
    stdin: bytes | None = None,
    progress: Callable[[Outcome], None] | None = None,
    keep_outcomes: bool = True,
    by: Actor = None,
) -> Summary:
    """Import every document under ``paths`` ("-" reads ``stdin``); report what was added, unchanged, skipped."""
    matcher = build_matcher()
    summary = Summary(keep_outcomes=keep_outcomes)
    for item in read_paths(paths, stdin=stdin):
        if isinstance(item, Skipped):
            outcome = Outcome(item.origin, "skipped", item.reason)
        else:
            try:
                document, created = document_import(raw=item, matcher=matcher, by=by)
            except DomainError as problem:
                outcome = Outcome(item.origin, "skipped", str(problem))
            else:
                outcome = Outcome(
                    item.origin,
                    "added" if created else "unchanged",
                    document=document.pk,
                    event=document.event_id,
                )
                if created and document.event_id is not None:
                    summary.events.add(document.event_id)
        summary.record(outcome)
        if progress is not None:
            progress(outcome)
    for event in Event.objects.filter(pk__in=summary.events):
        event_refresh(event=event)
    return summary


@transaction.atomic
def event_refresh(*, event: Event) -> Event:
    """Recount an event's documents, independent sources and contradictions, and its date range."""
    documents = list(event.documents.values_list("published", "source_key"))
    published = [day for day, _key in documents if day is not None]
    findings = event_findings(event)
    dated = [
        f.value
        for f in findings
        if f.value is not None
        and not f.is_count
        and f.value.year is not None
        and f.subject == event.instrument_code
    ]
    event.document_count = len(documents)
    event.source_count = len({key for _day, key in documents})
    event.fact_count = event.facts.count()
    event.contradiction_count = sum(1 for finding in findings if finding.contradiction)
    event.first_published = min(published) if published else None
    event.last_published = max(published) if published else None
    event.first_date = min(dated, key=lambda v: v.sort_key()).iso() if dated else ""
    event.last_date = max(dated, key=lambda v: v.sort_key()).iso() if dated else ""
    event.save()
    return event


@transaction.atomic
def event_update(
    *, event: Event, title: str, state_code: str, instrument_code: str, by: Actor = None
) -> Event:
    """Set an event's title and its links to a state and a treaty by hand; they stay as set.

    ``state_code`` and ``instrument_code`` are what the user typed: a State's ISO code (RU, RUS) or
    name, an instrument's code, title or alias (ETS-126, ECPT, "ETS No. 126"); blank unlinks.
    """
    title = title.strip()
    if not title:
        raise DomainError("An event needs a title.")
    state = _typed(resolve_state, state_code)
    instrument = _typed(resolve_instrument, instrument_code)
    event.title = title[:300]
    event.state = state
    event.instrument = instrument
    event.links_edited = True
    event.save(update_fields=["title", "state", "instrument", "links_edited", "updated_at"])
    audit_record(
        actor=by,
        verb="event.update",
        target=event,
        detail={"title": event.title, "state": event.state_id, "instrument": event.instrument_id},
    )
    return event


def _typed(resolve: Callable[[str], Linked], typed: str) -> Linked | None:
    """What a user typed for a link, resolved; blank is no link. An unknown one is refused as input
    (a DomainError, not the NotFound of a missing page)."""
    if not typed.strip():
        return None
    try:
        return resolve(typed)
    except NotFound as unknown:
        raise DomainError(str(unknown)) from unknown
