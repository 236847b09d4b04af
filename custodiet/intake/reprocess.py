"""Reading every stored document again from its raw bytes, and exporting the intake for analysts.

``intake_reprocess`` runs the current pipeline over the raw bytes kept in the data
directory (``rawstore``), in the order the documents were imported, as a fresh
import would: first every document is detached from its event (and every event
marked for a recount, its counts set to nothing), then each is analysed outside
any transaction, stored in a short one of its own, and given its near-duplicate
group and its event anew; events left without documents are deleted unless a user
edited them; all events are recounted, each in a short transaction. Running it
twice gives the same result, and running it again after it was cut short finishes
it. A document whose raw bytes are not kept (imported before they were) is
reported and left as it is.

``export`` streams every document (language, event, near-duplicate group,
outlet, facts) and every event's timeline as one JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import F

from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.intake import rawstore
from custodiet.intake.models import Document, Event, Fact, Fingerprint, Segment
from custodiet.intake.selectors import event_timeline, timeline_as_dict
from custodiet.intake.services import Prepared, build_matcher, event_refresh, prepare, store_analysis
from custodiet.intake.sources import RawDocument, read_bytes
from custodiet.intake.vocabulary import language_name


@dataclass
class Reprocessed:
    read: int = 0
    missing: list[str] = field(default_factory=list)  # origins whose raw bytes are not kept
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    events: int = 0


def _raw_of(document: Document, data: bytes) -> RawDocument | None:
    """The raw document the stored bytes give back, with the document's own origin."""
    kind = document.container
    items = list(read_bytes(data, document.origin, fmt=kind))  # type: ignore[arg-type]
    for item in items:
        if isinstance(item, RawDocument) and item.sha256 == document.sha256:
            return RawDocument(**{**item.__dict__, "origin": document.origin})
    return None


def intake_reprocess(*, progress: Callable[[Document], None] | None = None, by: Actor = None) -> Reprocessed:
    """Read every stored document again with the current rules; idempotent."""
    matcher = build_matcher()
    result = Reprocessed()
    with transaction.atomic():
        Document.objects.update(event=None, duplicate_of=None, similarity=None)
        Event.objects.update(
            first_published=None,
            last_published=None,
            document_count=0,
            source_count=0,
            fact_count=0,
            recount_due=True,
            revision=F("revision") + 1,
        )
    for pk in Document.objects.order_by("pk").values_list("pk", flat=True).iterator():
        document = Document.objects.get(pk=pk)
        data = rawstore.get(document.sha256)
        raw = _raw_of(document, data) if data is not None else None
        if raw is None:
            result.missing.append(document.origin)
            continue
        try:
            _read_again(document, prepare(raw, matcher, itself=document.pk))
        except DomainError as problem:
            result.failed.append((document.origin, str(problem)))
            continue
        result.read += 1
        if progress is not None:
            progress(document)
    with transaction.atomic():
        Event.objects.filter(documents__isnull=True, links_edited=False).delete()
    for event in Event.objects.select_related("state", "instrument").order_by("pk"):
        event_refresh(event=event)  # each in a short transaction of its own
        result.events += 1
    audit_record(actor=by, verb="intake.reprocess", target=None, detail={"read": result.read})
    return result


@transaction.atomic
def _read_again(document: Document, prepared: Prepared) -> None:
    """Store a document's new reading (analysed before, outside the transaction) in place of the old."""
    Segment.objects.filter(document=document).delete()
    Fact.objects.filter(document=document).delete()
    Fingerprint.objects.filter(document=document).delete()
    store_analysis(document, prepared)


def export_documents() -> Iterator[dict[str, Any]]:
    """Every document as analysts read it: language, event, near-duplicate group, outlet, facts."""
    documents = Document.objects.order_by("pk").defer("text", "prints")
    for document in documents.iterator(chunk_size=500):
        facts = Fact.objects.filter(document=document).order_by("paragraph", "pk")
        yield {
            "id": document.pk,
            "origin": document.origin,
            "url": document.url,
            "title": document.title,
            "sha256": document.sha256,
            "published": document.published_iso or None,
            "published_from": document.published_from or None,
            "language": document.language or None,
            "language_name": language_name(document.language) if document.language else None,
            "language_read": document.readable,
            "outlet": document.outlet or None,
            "wire": document.wire or None,
            "source": document.source_key,
            "event": document.event_id,
            "duplicate_group": document.duplicate_of_id or document.pk,
            "facts": [
                {
                    "kind": fact.attribute,
                    "label": fact.label,
                    "subject": fact.subject,
                    "value": fact.value or None,
                    "precision": fact.date_value.precision if fact.date_value else None,
                    "count": fact.count,
                    "stated": not fact.inferred,
                    "inferred": fact.inferred,
                    "note": fact.note,
                    "quote": fact.quote,
                    "sentence": fact.sentence,
                }
                for fact in facts
            ],
        }


def export(out: IO[str]) -> int:
    """Write the whole intake as one JSON object to ``out``, one document at a time; the document count."""
    out.write('{"documents": [\n')
    count = 0
    for row in export_documents():
        out.write((",\n" if count else "") + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write('\n],\n"events": [\n')
    for number, event in enumerate(Event.objects.select_related("state", "instrument").order_by("pk")):
        out.write(
            (",\n" if number else "")
            + json.dumps(timeline_as_dict(event_timeline(event)), ensure_ascii=False)
        )
    out.write("\n]}\n")
    return count
