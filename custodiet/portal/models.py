"""The portal's records: the timelines the secretariat published, and the search index of public material.

``PublishedTimeline`` points at an intake ``Event`` (the intake's models are not changed): the event's
timeline is public while a row exists, from ``published_on``. ``SearchEntry`` is one public document as
the search reads it: what the public sees (``title``, ``text``), its facets, and its terms
(``custodiet.portal.text``). The full-text index over the terms is the database's own, kept in step with
this table by the database itself (migration 0002): an FTS5 table and triggers on SQLite, a generated
``tsvector`` column with a GIN index on PostgreSQL. Only ``custodiet.portal.indexing`` writes entries, and
only from material that is public.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodiet.core.models import account_field


class PublishedTimeline(models.Model):
    """An intake event whose timeline the public may read (the secretariat's decision)."""

    event = models.OneToOneField(
        "intake.Event", on_delete=models.CASCADE, related_name="publication", help_text="The intake event"
    )
    published_on = models.DateField()
    summary = models.TextField(blank=True, help_text="A few words for the public, shown above the timeline")
    published_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"Published timeline of event {self.event_id}"


class Kind(models.TextChoices):
    REPORT = "report", _("Report")
    RESPONSE = "response", _("State's response")
    STATEMENT = "statement", _("Public statement")
    TIMELINE = "timeline", _("Timeline")
    SOURCE = "source", _("Source of a timeline")
    STATE = "state", _("State")
    INSTRUMENT = "instrument", _("Treaty")


class Precision(models.TextChoices):
    DAY = "day", _("to the day")
    MONTH = "month", _("to the month")
    YEAR = "year", _("to the year")


class SearchEntry(models.Model):
    """One public document in the search index."""

    key = models.CharField(max_length=80, unique=True, help_text="What it is made from: report:12, state:RU")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=300, help_text="Its public page on this site")
    address = models.URLField(max_length=1000, blank=True, help_text="Its public address elsewhere, if any")
    state = models.CharField(max_length=2, blank=True, help_text="The State it is about (ISO code)")
    body = models.CharField(max_length=30, blank=True, help_text="The monitoring body (CPT, SPT)")
    day = models.DateField(null=True, blank=True, help_text="Its date: the first day it may stand for")
    precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True, help_text="The language of its text, if known")
    text = models.TextField(blank=True, help_text="What the public sees, for snippets")
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    digest = models.CharField(
        max_length=64, help_text="SHA-256 of what was indexed: unchanged, not rewritten"
    )

    class Meta:
        ordering = ["-day", "-pk"]
        indexes = [
            models.Index(fields=["kind"], name="portal_entry_kind"),
            models.Index(fields=["state"], name="portal_entry_state"),
            models.Index(fields=["day"], name="portal_entry_day"),
            models.Index(fields=["language"], name="portal_entry_language"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="portal_entry_kind_known"),
            models.CheckConstraint(
                condition=Q(day__isnull=True, precision="")
                | Q(day__isnull=False, precision__in=Precision.values),
                name="portal_entry_day_has_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.key
