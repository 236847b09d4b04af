"""Write operations of the intake: importing documents, grouping them, re-reading them, editing an event.

``intake_add`` streams files, directories or standard input through the pure
pipeline (``analysis``) one document at a time. The slow part of a document (its
analysis, its fingerprints, the search for the text it copies) runs first, outside
any transaction (``prepare``); then one short transaction stores it with its
segments, facts and fingerprints and counts it on its event, so that logins and
other writes never wait behind an analysis, a bad document changes nothing, and the
rest of the batch goes on. The raw bytes are kept in the data directory
(``rawstore``). An event's span of publication dates is widened with each document,
so that within one batch an article of 2022 and one of 2025 never merge.

An event's documents, independent sources and facts are counted in the same
transaction as each document, so they are never stale; what needs the whole event
(its contradictions, dates and title) is recounted at the end of the batch
(``events_recount``), which reads outside any transaction and writes only if no
document came or went meanwhile (``Event.revision``). An event waiting for its
recount is marked (``recount_due``): a batch cut short (a ``kill -9``) leaves it
marked, and the next import, or ``custodiet intake recount``, finishes it.
``intake_reprocess`` (in ``reprocess``) reads every stored document again from its
raw bytes with the current rules.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from custodiet.core import clock
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
from custodiet.intake.rows import FACT, FINGERPRINT, SEGMENT, Rows, insert, rows_of
from custodiet.intake.selectors import event_findings
from custodiet.intake.sources import (
    MAX_DOCUMENT_CHARS,
    RawDocument,
    Skipped,
    read_bytes,
    read_jsonl,
    read_paths,
)
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


def _near_duplicate(prints: list[int], keys: list[int], itself: int | None) -> tuple[int | None, float]:
    """The earliest stored document this text copies (or that copies it), and their containment; a
    document read again (``itself``) is not its own copy."""
    if not keys:
        return None, 0.0
    shared = (
        Fingerprint.objects.filter(value__in=keys)
        .exclude(document=itself)
        .values("document")
        .annotate(shared=Count("id"))
        .order_by("-shared", "document")[:CANDIDATES]
    )
    counted = [row["document"] for row in shared]
    mine = set(prints)
    best: tuple[int | None, float] = (None, 0.0)
    candidates = Document.objects.filter(pk__in=counted).only("pk", "prints")
    for candidate in sorted(candidates, key=lambda document: document.pk):
        together, theirs = dedup.shared(mine, bytes(candidate.prints))
        if dedup.is_copy(together, len(mine), theirs):
            score = dedup.containment(together, len(mine), theirs)
            if score > best[1]:
                best = (candidate.pk, score)
    return best


@dataclass(frozen=True)
class Prepared:
    """A document read, analysed and fingerprinted, with the stored text it copies: the slow work, done
    before (and outside) the short transaction that stores it."""

    raw: RawDocument
    analysis: Analysis
    prints: list[int]
    keys: list[int]
    copies: int | None  # the stored document whose text this one copies (or that copies it)
    similarity: float
    rows: Rows | None = None  # its segments, fingerprints and facts, ready for the database


def check_size(raw: RawDocument) -> None:
    """Refuse a document longer than one document may be (``MAX_DOCUMENT_CHARS``), before any work."""
    if len(raw.body) > MAX_DOCUMENT_CHARS:
        raise DomainError(
            _(
                "too long for one document: %(characters)s characters, and the limit is %(limit)s; split it "
                "into its parts (chapters, articles) and import those"
            )
            % {
                "characters": number_format(len(raw.body), force_grouping=True),
                "limit": number_format(MAX_DOCUMENT_CHARS, force_grouping=True),
            }
        )


def prepare(raw: RawDocument, matcher: Matcher, *, itself: int | None = None) -> Prepared:
    """Analyse one document and find the text it copies; reads the database but writes nothing, and must
    run outside any transaction (it can take seconds on a long document). ``itself``: the stored
    document being read again. Raises DomainError when the input holds no article text, or is too long
    for one document."""
    check_size(raw)
    try:
        analysis = analyse(raw, matcher)
    except NoText as problem:
        raise DomainError(str(problem)) from problem
    ordered = dedup.winnow(analysis.text)
    prints = sorted(set(ordered))
    keys = dedup.anchors(ordered)
    copies, similarity = _near_duplicate(prints, keys, itself)
    return Prepared(raw, analysis, prints, keys, copies, similarity, rows_of(analysis, keys))


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


def document_import(
    *, raw: RawDocument, matcher: Matcher, by: Actor = None, keep_raw: bool = True
) -> tuple[Document, bool]:
    """Store one document with its segments, facts and fingerprints; (document, created).

    The document is analysed first, outside any transaction; one short transaction then stores it and
    counts it on its event. The same raw bytes imported again return the stored document unchanged.
    Raises DomainError when the input holds no article text; nothing is stored then.
    """
    existing = Document.objects.filter(sha256=raw.sha256).first()
    if existing is not None:
        return existing, False
    prepared = prepare(raw, matcher)
    if keep_raw and raw.raw:
        rawstore.put(raw.raw)
    return _store_new(prepared, by=by)


@transaction.atomic
def _store_new(prepared: Prepared, *, by: Actor) -> tuple[Document, bool]:
    raw = prepared.raw
    existing = Document.objects.filter(sha256=raw.sha256).first()  # stored meanwhile by another import
    if existing is not None:
        return existing, False
    document = Document(
        sha256=raw.sha256,
        origin=raw.origin[:1000],
        format=raw.format if raw.format in Document.Format.values else Document.Format.TEXT,
        container=raw.container,
        size=raw.size,
    )
    store_analysis(document, prepared)
    audit_record(
        actor=by,
        verb="document.import",
        target=document,
        detail={"sha256": document.sha256, "origin": raw.origin[:200], "event": document.event_id},
    )
    return document, True


def store_analysis(document: Document, prepared: Prepared) -> None:
    """Save what the analysis found on ``document`` (new or read again), with its segments, facts,
    fingerprints, and count it on its event; call it inside the transaction that stores the document."""
    raw, analysis = prepared.raw, prepared.analysis
    original = (
        Document.objects.filter(pk=prepared.copies).only("pk", "duplicate_of", "source_key").first()
        if prepared.copies is not None
        else None
    )
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
    document.similarity = prepared.similarity if root is not None else None
    own = source_key(wire=analysis.wire, outlet=analysis.outlet, fallback=f"sha-{raw.sha256[:16]}")
    document.source_key = root.source_key if root is not None else own
    document.fingerprint_count = len(prepared.prints)
    document.prints = dedup.pack(prepared.prints)
    document.save()
    rows = prepared.rows or rows_of(analysis, prepared.keys)  # built before the transaction, in ``prepare``
    insert(Segment, ("document",), (document.pk,), SEGMENT, rows.segments)
    insert(Fingerprint, ("document",), (document.pk,), FINGERPRINT, rows.fingerprints)
    insert(Fact, ("document", "event"), (document.pk, document.event_id), FACT, rows.facts)
    if document.event_id is not None:
        _count_on_event(document, document.event_id, facts=len(analysis.facts))


def _count_on_event(document: Document, event: int, *, facts: int) -> None:
    """Count a document just stored on its event, in the same transaction; mark the event for a recount of
    what needs all of it (contradictions, dates)."""
    new_source = (
        not Document.objects.filter(event_id=event, source_key=document.source_key)
        .exclude(pk=document.pk)
        .exists()
    )
    Event.objects.filter(pk=event).update(
        document_count=F("document_count") + 1,
        source_count=F("source_count") + int(new_source),
        fact_count=F("fact_count") + facts,
        recount_due=True,
        revision=F("revision") + 1,
        updated_at=clock.now(),
    )


def intake_add(
    *,
    paths: Iterable[str | Path],
    stdin: bytes | None = None,
    progress: Callable[[Outcome], None] | None = None,
    keep_outcomes: bool = True,
    by: Actor = None,
) -> Summary:
    """Import every document under ``paths`` ("-" reads ``stdin``); report what was added, unchanged, skipped.

    Every event waiting for its recount is recounted at the end (those of this batch, and any that an
    earlier batch, cut short, left waiting): running the same import again repairs what a kill left."""
    return import_items(read_paths(paths, stdin=stdin), progress=progress, keep_outcomes=keep_outcomes, by=by)


def intake_upload(
    *,
    files: Iterable[tuple[str, bytes]],
    text: str = "",
    meta: dict[str, str] | None = None,
    by: Actor = None,
    progress: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Import uploaded files (name, bytes) and a pasted text with its metadata (title, url, published),
    as ``intake_add`` does; each document in its own transaction, the rest going on after a bad one."""
    items: list[RawDocument | Skipped] = []
    for name, data in files:
        safe = Path(name).name or "upload"
        items.extend(read_bytes(data, f"upload:{safe}", path=Path(safe)))
    if text.strip():
        items.extend(read_jsonl(pasted_line(text, meta), "pasted"))
    return import_items(items, by=by, progress=progress)


def pasted_line(text: str, meta: dict[str, str] | None = None) -> bytes:
    """A pasted text and what is known of it (title, url, published), as the JSON line that is kept."""
    record = {key: value for key, value in (meta or {}).items() if value}
    return json.dumps({**record, "text": text}, ensure_ascii=False).encode("utf-8")


def import_items(
    items: Iterable[RawDocument | Skipped],
    *,
    by: Actor = None,
    progress: Callable[[Outcome], None] | None = None,
    keep_outcomes: bool = True,
) -> Summary:
    """Import documents one at a time (each analysed outside any transaction, stored in its own), then
    recount every event that waits for it."""
    matcher = build_matcher()
    summary = Summary(keep_outcomes=keep_outcomes)
    for item in items:
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
    events_recount()
    return summary


def events_recount() -> int:
    """Recount every event that waits for it (``recount_due``); how many. Safe to run at any time, and
    again: a recount that finds nothing to do changes nothing."""
    waiting = list(Event.objects.filter(recount_due=True).order_by("pk").values_list("pk", flat=True))
    for event in Event.objects.filter(pk__in=waiting).select_related("state", "instrument").order_by("pk"):
        event_refresh(event=event)
    return len(waiting)


RECOUNT_ATTEMPTS = 5  # reads of an event that documents keep changing, before it is recounted under a lock


def event_refresh(*, event: Event) -> Event:
    """Recount an event's documents, independent sources and contradictions, its date range and title.

    Everything is read outside any write transaction; one short transaction writes the counts, only if
    no document came or went and no one edited the event meanwhile (its ``revision``), else it reads
    again. (After ``RECOUNT_ATTEMPTS`` the event is read and written under its row's lock.)
    """
    for _attempt in range(RECOUNT_ATTEMPTS):
        revision = Event.objects.filter(pk=event.pk).values_list("revision", flat=True).first()
        if revision is None:  # deleted meanwhile
            return event
        event.refresh_from_db()
        counts = _recount(event)
        with transaction.atomic():
            locked = Event.objects.select_for_update().filter(pk=event.pk, revision=revision).first()
            if locked is not None:
                _save_counts(locked, counts)
                event.refresh_from_db()
                return event
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _save_counts(locked, _recount(locked))
    event.refresh_from_db()
    return event


def _save_counts(event: Event, counts: dict[str, Any]) -> None:
    for name, value in counts.items():
        setattr(event, name, value)
    event.recount_due = False
    event.save()


def _recount(event: Event) -> dict[str, Any]:
    """What an event's documents and facts say of it, read now (no write)."""
    documents = list(event.documents.values_list("published_iso", "source_key", "action"))
    spans = [clustering.span(DateValue.parse(iso)) for iso, _key, _action in documents if iso]
    known = [span for span in spans if span is not None]
    actions = Counter(action for _iso, _key, action in documents if action)
    counts: dict[str, Any] = {}
    if actions and not event.links_edited:
        counts["action"] = action = actions.most_common(1)[0][0]
        key = clustering.EventKey(event.state_code, event.instrument_code, action)
        label = (
            event.instrument.short_title if event.instrument else known_instruments().get(key.instrument, "")
        )
        counts["title"] = key.title(event.state.name_en if event.state else _state_names(key.state), label)[
            :300
        ]
    findings = event_findings(event)
    dated = [
        f.value
        for f in findings
        if f.value is not None
        and not f.is_count
        and f.value.year is not None
        and f.subject == event.instrument_code
    ]
    counts["document_count"] = len(documents)
    counts["source_count"] = len({key for _iso, key, _action in documents})
    counts["fact_count"] = event.facts.count()
    counts["contradiction_count"] = sum(1 for finding in findings if finding.contradiction)
    counts["first_published"] = min(low for low, _high in known) if known else None
    counts["last_published"] = max(high for _low, high in known) if known else None
    counts["first_date"] = min(dated, key=lambda v: v.sort_key()).iso() if dated else ""
    counts["last_date"] = max(dated, key=lambda v: v.sort_key()).iso() if dated else ""
    return counts


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
        raise DomainError(_("An event needs a title."))
    state = _typed(resolve_state, state_code)
    instrument = _typed(resolve_instrument, instrument_code)
    event.title = title[:300]
    event.state = state
    event.instrument = instrument
    event.links_edited = True
    event.save(update_fields=["title", "state", "instrument", "links_edited", "updated_at"])
    # A recount read before this edit must not write over it.
    Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1)
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
