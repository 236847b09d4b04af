"""Write operations of the intake: importing documents, grouping them, re-reading them, editing an event.

``intake_add`` streams files, directories or standard input through the pure
pipeline (``analysis``) one document at a time; each document is stored in its
own transaction, with its raw bytes kept in the data directory (``rawstore``),
so that a bad one changes nothing and the rest of the batch goes on. An event's
span of publication dates is widened with each document, so that within one
batch an article of 2022 and one of 2025 never merge. Events touched by a batch
are recounted once at the end. ``intake_reprocess`` (in ``reprocess``) reads
every stored document again from its raw bytes with the current rules.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.db.models import Count, Q

from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError, NotFound
from custodiet.intake import clustering, dedup, rawstore
from custodiet.intake.analysis import Analysis, NoText, analyse
from custodiet.intake.dates import DateValue
from custodiet.intake.entities import (
    Entity,
    Matcher,
    family_qualifiers,
    instrument_entities,
    known_instruments,
    state_entities,
)
from custodiet.intake.models import Document, Event, Fact, Fingerprint, Segment
from custodiet.intake.outlets import source_key
from custodiet.intake.selectors import event_findings
from custodiet.intake.sources import RawDocument, Skipped, read_bytes, read_jsonl, read_paths
from custodiet.treaties.models import Instrument, State
from custodiet.treaties.selectors import resolve_instrument, resolve_state

Linked = TypeVar("Linked", State, Instrument)
CANDIDATES = 50  # near-duplicate candidates examined, those sharing the most fingerprints first


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
    """States and treaties by name: the intake's data, instruments only the database knows, the States."""
    entities: list[Entity] = list(instrument_entities())
    named = set(known_instruments())
    for instrument in Instrument.objects.exclude(code__in=named):
        try:
            spec = instrument.spec()
            names = (spec.title, spec.title_fr, spec.short_title, *spec.aliases)
        except ValueError:
            names = (instrument.title, instrument.title_fr, instrument.short_title)
        titles = tuple(name for name in (*names, instrument.code) if name)
        entities.append(Entity(instrument.code, "instrument", instrument.short_title, titles))
    states: list[tuple[str, str, tuple[str, ...]]] = [
        (state.code, state.name_en, (state.name_en, state.name_fr)) for state in State.objects.all()
    ]
    if not states:  # no reference data loaded: every State pycountry knows
        import pycountry  # lazily: start-up speed

        states = [(country.alpha_2, country.name, (country.name,)) for country in pycountry.countries]
    entities.extend(state_entities(states))
    return Matcher(entities, family_qualifiers())


def _near_duplicate(prints: list[int], keys: list[int]) -> tuple[Document | None, float]:
    """The earliest stored document this text copies (or that copies it), and their containment."""
    if not keys:
        return None, 0.0
    shared = (
        Fingerprint.objects.filter(value__in=keys)
        .values("document")
        .annotate(shared=Count("id"))
        .order_by("-shared", "document")[:CANDIDATES]
    )
    counted = [row["document"] for row in shared]
    mine = set(prints)
    best: tuple[Document | None, float] = (None, 0.0)
    candidates = Document.objects.filter(pk__in=counted).only("pk", "prints", "duplicate_of_id", "source_key")
    for candidate in sorted(candidates, key=lambda document: document.pk):
        theirs = dedup.unpack(bytes(candidate.prints))
        together = len(mine & theirs)
        if dedup.is_copy(together, len(mine), len(theirs)):
            score = dedup.containment(together, len(mine), len(theirs))
            if score > best[1]:
                best = (candidate, score)
    return best


def _event_for(analysis: Analysis) -> Event | None:
    """The event a document joins (its span of publication dates widened at once), or a new one."""
    key = clustering.key_for(analysis.state, analysis.instrument, analysis.action)
    if key is None:
        return None
    candidates = Event.objects.filter(instrument_code=key.instrument).order_by("pk")
    if key.state:
        near = Q(state_code="")
        for code in clustering.states_of(key.state):
            near |= Q(state_code__contains=code)
        candidates = candidates.filter(near)
    fitting = [
        event
        for event in candidates
        if clustering.fits(analysis.published, event.first_published, event.last_published)
    ]
    mine = clustering.states_of(key.state)
    # The event on the same States first, then the one sharing most of them (States acting together).
    fitting.sort(
        key=lambda event: (
            clustering.states_of(event.state_code) != mine,
            -len(mine & clustering.states_of(event.state_code)),
        )
    )
    if not key.state:
        # A document that names no State: the event on its treaty nearest to it in time, if it is dated.
        days = clustering.span(analysis.published)
        if days is None:
            fitting = []
        fitting.sort(
            key=lambda event: clustering.distance_days(days, event.first_published, event.last_published)
        )
    # The same kind of action first; a State rarely ratifies and leaves one treaty within the same
    # period, so a document whose action words point elsewhere still joins the event on its treaty.
    for any_action in (False, True):
        for event in fitting:
            event_key = clustering.EventKey(event.state_code, event.instrument_code, event.action)
            if clustering.matches(event_key, key.state, key.action, any_action=any_action):
                _widen(event, analysis)
                return event
    single = "+" not in key.state
    state = State.objects.filter(code=key.state).first() if key.state and single else None
    instrument = Instrument.objects.filter(code=key.instrument).first() if key.instrument else None
    label = instrument.short_title if instrument else known_instruments().get(key.instrument, "")
    event = Event.objects.create(
        title=key.title(state.name_en if state else _state_names(key.state), label),
        state=state,
        instrument=instrument,
        state_code=key.state,
        instrument_code=key.instrument,
        action=key.action,
    )
    _widen(event, analysis)
    return event


def _state_names(codes: str) -> str:
    """ "Burkina Faso, Mali and Niger" for "BF+ML+NE" (the codes of States the register does not know)."""
    parts = sorted(clustering.states_of(codes))
    known = dict(State.objects.filter(code__in=parts).values_list("code", "name_en"))
    names = [known.get(code, code) for code in parts]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _widen(event: Event, analysis: Analysis) -> None:
    """Widen an event by a document: its span of publication dates, and its States when the document
    says several act together (so that an article naming one of them later finds the event)."""
    states = clustering.states_of(event.state_code) | clustering.states_of(analysis.state)
    if len(clustering.states_of(analysis.state)) > 1 and states != clustering.states_of(event.state_code):
        event.state_code = "+".join(sorted(states))[:64]
        event.state = None
        event.save(update_fields=["state_code", "state"])
    days = clustering.span(analysis.published)
    if days is None:
        return
    first = min(event.first_published or days[0], days[0])
    last = max(event.last_published or days[1], days[1])
    if (first, last) != (event.first_published, event.last_published):
        event.first_published, event.last_published = first, last
        event.save(update_fields=["first_published", "last_published"])


@transaction.atomic
def document_import(
    *, raw: RawDocument, matcher: Matcher, by: Actor = None, keep_raw: bool = True
) -> tuple[Document, bool]:
    """Store one document with its segments, facts and fingerprints; (document, created).

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
    if keep_raw and raw.raw:
        rawstore.put(raw.raw)
    document = Document(
        sha256=raw.sha256,
        origin=raw.origin[:1000],
        format=raw.format if raw.format in Document.Format.values else Document.Format.TEXT,
        container=raw.container,
        size=raw.size,
    )
    store_analysis(document, raw, analysis)
    audit_record(
        actor=by,
        verb="document.import",
        target=document,
        detail={"sha256": document.sha256, "origin": raw.origin[:200], "event": document.event_id},
    )
    return document, True


def store_analysis(document: Document, raw: RawDocument, analysis: Analysis) -> None:
    """Save what the analysis found on ``document`` (new or read again), with its segments, facts, fingerprints."""
    ordered = dedup.winnow(analysis.text)
    prints = sorted(set(ordered))
    keys = dedup.anchors(ordered)
    original, score = _near_duplicate(prints, keys)
    root = None if original is None else (original.duplicate_of or original)
    published = analysis.published
    document.url = raw.url[:1000]
    document.title = analysis.title[:500]
    document.published = published.as_date() if published is not None else None
    document.published_iso = published.iso() if published is not None and published.year else ""
    document.published_from = analysis.published_from[:100]
    document.language = analysis.language
    document.readable = analysis.readable
    document.outlet = analysis.outlet[:200]
    document.wire = analysis.wire[:60]
    document.text = analysis.text
    document.state_code = analysis.state
    document.instrument_code = analysis.instrument[:200]
    document.action = analysis.action
    document.event = _event_for(analysis)
    document.duplicate_of = root
    document.similarity = score if root is not None else None
    own = source_key(wire=analysis.wire, outlet=analysis.outlet, fallback=f"sha-{raw.sha256[:16]}")
    document.source_key = root.source_key if root is not None else own
    document.fingerprint_count = len(prints)
    document.prints = dedup.pack(prints)
    document.save()
    Segment.objects.bulk_create(
        Segment(document=document, position=number, text=segment.text, reason=segment.reason[:200])
        for number, segment in enumerate(analysis.segments)
    )
    Fingerprint.objects.bulk_create(Fingerprint(document=document, value=value) for value in keys)
    Fact.objects.bulk_create(
        Fact(
            document=document,
            event=document.event,
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


def intake_upload(
    *,
    files: Iterable[tuple[str, bytes]],
    text: str = "",
    meta: dict[str, str] | None = None,
    by: Actor = None,
) -> Summary:
    """Import uploaded files (name, bytes) and a pasted text with its metadata (title, url, published),
    as ``intake_add`` does; each document in its own transaction, the rest going on after a bad one."""
    items: list[RawDocument | Skipped] = []
    for name, data in files:
        safe = Path(name).name or "upload"
        items.extend(read_bytes(data, f"upload:{safe}", path=Path(safe)))
    if text.strip():
        record = {key: value for key, value in (meta or {}).items() if value}
        line = json.dumps({**record, "text": text}, ensure_ascii=False).encode("utf-8")
        items.extend(read_jsonl(line, "pasted"))
    return _import_items(items, by=by)


def _import_items(items: Iterable[RawDocument | Skipped], *, by: Actor = None) -> Summary:
    matcher = build_matcher()
    summary = Summary()
    for item in items:
        if isinstance(item, Skipped):
            summary.record(Outcome(item.origin, "skipped", item.reason))
            continue
        try:
            document, created = document_import(raw=item, matcher=matcher, by=by)
        except DomainError as problem:
            summary.record(Outcome(item.origin, "skipped", str(problem)))
            continue
        summary.record(
            Outcome(
                item.origin,
                "added" if created else "unchanged",
                document=document.pk,
                event=document.event_id,
            )
        )
        if created and document.event_id is not None:
            summary.events.add(document.event_id)
    for event in Event.objects.filter(pk__in=summary.events):
        event_refresh(event=event)
    return summary


@transaction.atomic
def event_refresh(*, event: Event) -> Event:
    """Recount an event's documents, independent sources and contradictions, and its date range."""
    documents = list(event.documents.values_list("published_iso", "source_key", "action"))
    spans = [clustering.span(DateValue.parse(iso)) for iso, _key, _action in documents if iso]
    known = [span for span in spans if span is not None]
    actions = Counter(action for _iso, _key, action in documents if action)
    if actions and not event.links_edited:
        event.action = actions.most_common(1)[0][0]
        key = clustering.EventKey(event.state_code, event.instrument_code, event.action)
        label = (
            event.instrument.short_title if event.instrument else known_instruments().get(key.instrument, "")
        )
        event.title = key.title(event.state.name_en if event.state else _state_names(key.state), label)[:300]
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
    event.source_count = len({key for _iso, key, _action in documents})
    event.fact_count = event.facts.count()
    event.contradiction_count = sum(1 for finding in findings if finding.contradiction)
    event.first_published = min(low for low, _high in known) if known else None
    event.last_published = max(high for _low, high in known) if known else None
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
