"""Stored intake: documents with their provenance, cleaned text and facts, grouped into events.

Writes go through ``custodiet.intake.services``; reads through ``selectors``.
A document is identified by the SHA-256 of its raw bytes, so importing it again
changes nothing; the bytes themselves are kept in the data directory under that
hash (``rawstore``), so that any document can be read again when the rules
improve. Every paragraph of a document is kept as a segment, removed or not,
with the reason for its removal, so that a user can check the cleaning.
"""

from __future__ import annotations

from django.db import models

from custodiet.intake.dates import DateValue
from custodiet.intake.steps import ATTRIBUTES
from custodiet.intake.vocabulary import language_name


class Event(models.Model):
    """Something that happened to a treaty in a state, as open sources report it."""

    title = models.CharField(max_length=300)
    state = models.ForeignKey(
        "treaties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="intake_events"
    )
    instrument = models.ForeignKey(
        "treaties.Instrument", null=True, blank=True, on_delete=models.PROTECT, related_name="intake_events"
    )
    # The key the pipeline grouped documents by (codes as detected; "?name" for a treaty unknown to the data).
    state_code = models.CharField(
        max_length=64, blank=True, help_text="The State or States (BF+ML+NE) as detected"
    )
    instrument_code = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=32, blank=True)
    links_edited = models.BooleanField(default=False, help_text="A user set the title or links by hand.")
    first_published = models.DateField(null=True, blank=True)
    last_published = models.DateField(null=True, blank=True)
    document_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    fact_count = models.PositiveIntegerField(default=0)
    contradiction_count = models.PositiveIntegerField(default=0)
    first_date = models.CharField(
        max_length=16, blank=True, help_text="Earliest dated fact (ISO, as precise as known)"
    )
    last_date = models.CharField(
        max_length=16, blank=True, help_text="Latest dated fact (ISO, as precise as known)"
    )
    # Documents, sources and facts are counted in the same transaction as each document; what needs the
    # whole event (contradictions, dates, title) waits for a recount, which clears this mark.
    recount_due = models.BooleanField(
        default=False, help_text="Documents came or went since its contradictions and dates were counted"
    )
    revision = models.PositiveIntegerField(
        default=0, help_text="Goes up with every change of its documents or links (a recount checks it)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["state_code", "instrument_code", "action"], name="intake_event_key"),
            models.Index(fields=["-updated_at", "-id"], name="intake_event_recent"),  # the list's pages
        ]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """One imported document: provenance, cleaned text, and what it is about."""

    class Format(models.TextChoices):
        TEXT = "text", "plain text"
        HTML = "html", "HTML"

    class Container(models.TextChoices):
        TEXT = "text", "a text file"
        HTML = "html", "an HTML file"
        JSONL = "jsonl", "a line of a JSON Lines file"

    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the raw bytes imported")
    origin = models.CharField(max_length=1000, help_text="Where it was read: a path, path:line, or <stdin>")
    url = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    format = models.CharField(max_length=8, choices=Format.choices)
    container = models.CharField(
        max_length=8, choices=Container.choices, default=Container.TEXT, help_text="What the raw bytes are"
    )
    size = models.PositiveIntegerField(help_text="Raw bytes")
    published = models.DateField(
        null=True, blank=True, help_text="The publication day, when known to the day"
    )
    published_iso = models.CharField(
        max_length=10,
        blank=True,
        help_text="The publication date as precise as known: 2025-05-14, 2025-05, 2025",
    )
    published_from = models.CharField(
        max_length=100, blank=True, help_text="Where the publication date was read, if not from the metadata"
    )
    language = models.CharField(max_length=8, blank=True)
    readable = models.BooleanField(
        default=True, help_text="The intake has a vocabulary for the document's language"
    )
    outlet = models.CharField(max_length=200, blank=True, help_text="The site or outlet that published it")
    wire = models.CharField(max_length=60, blank=True, help_text="The news agency whose story it is")
    imported_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(help_text="The cleaned text")
    state_code = models.CharField(
        max_length=64, blank=True, help_text="The State or States (BF+ML+NE) as detected"
    )
    instrument_code = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=32, blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The first document of its near-duplicate group",
    )
    similarity = models.FloatField(
        null=True, blank=True, help_text="Share of the shorter text's fingerprints found in the other"
    )
    source_key = models.CharField(
        max_length=40, help_text="Independent source: near-duplicates, one wire story, one outlet share it"
    )
    fingerprint_count = models.PositiveIntegerField(default=0)
    prints = models.BinaryField(default=b"", help_text="The text's winnowed fingerprints (see dedup)")

    class Meta:
        ordering = ["-imported_at", "-pk"]
        indexes = [
            # "Is this source new on its event?", asked for every document stored, answered from the index
            # alone: without it, every document of the event was read (its text first) to get at its key.
            models.Index(fields=["event", "source_key"], name="intake_document_source"),
        ]

    def __str__(self) -> str:
        return self.title or self.origin

    @property
    def language_name(self) -> str:
        return language_name(self.language) if self.language else ""

    @property
    def published_label(self) -> str:
        """The publication date as precise as known ("May 2025"), or ""."""
        return DateValue.from_iso(self.published_iso).label() if self.published_iso else ""


class Segment(models.Model):
    """A paragraph of a document as read: kept, or removed with the reason."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField()
    text = models.TextField()
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was removed; empty if kept")

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="intake_segment_position")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.position}"

    @property
    def kept(self) -> bool:
        return not self.reason


class Fingerprint(models.Model):
    """One anchor of a document's text (two winnowed fingerprints that follow each other): documents
    sharing one are candidate copies, checked on their fingerprints (see ``dedup``)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="fingerprints")
    value = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return str(self.value)


class Fact(models.Model):
    """A dated event or a count, as one document states it, with its sentence."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="facts")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="facts")
    attribute = models.CharField(max_length=40, choices=list(ATTRIBUTES.items()))
    subject = models.CharField(
        max_length=200, blank=True, help_text="Treaty code, or ?name for an unknown one"
    )
    value = models.CharField(
        max_length=16, blank=True, help_text="Date as precise as stated (see DateValue.iso)"
    )
    count = models.PositiveIntegerField(null=True, blank=True)
    inferred = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    sentence = models.TextField()
    quote = models.CharField(max_length=300, blank=True)
    paragraph = models.PositiveIntegerField(default=0)
    effect_anchor = models.CharField(max_length=40, blank=True)
    effect_anchor_text = models.CharField(max_length=300, blank=True)
    effect_years = models.PositiveSmallIntegerField(default=0)
    effect_months = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "paragraph", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(value="")
                | models.Q(count__isnull=False)
                | ~models.Q(effect_anchor_text=""),
                name="intake_fact_has_a_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute}: {self.value or self.count}"

    @property
    def date_value(self) -> DateValue | None:
        return DateValue.from_iso(self.value) if self.value else None

    @property
    def label(self) -> str:
        return ATTRIBUTES.get(self.attribute, self.attribute)
