"""Writes of the portal: the secretariat publishes an intake event's timeline, or withdraws it.

Each service validates, writes, records it in the audit trail and brings the search index in step, in
one transaction: a timeline is found by the public search exactly while it is published.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user
from custodiet.intake.models import Event
from custodiet.portal import indexing
from custodiet.portal.models import PublishedTimeline

MAX_SUMMARY = 2000


@transaction.atomic
def timeline_publish(*, event: Event, summary: str = "", by: Actor = None) -> PublishedTimeline:
    """Make an event's timeline public from today, with a few words for the public."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if PublishedTimeline.objects.filter(event=event).exists():
        raise DomainError(_("This timeline is already published."))
    if not event.documents.exists():
        raise DomainError(_("This event has no documents: there is no timeline to publish."))
    summary = summary.strip()
    if len(summary) > MAX_SUMMARY:
        raise DomainError(
            _("The summary is too long (%(length)s characters; at most %(most)s).")
            % {"length": len(summary), "most": MAX_SUMMARY}
        )
    published = PublishedTimeline.objects.create(
        event=event, summary=summary, published_on=clock.today(), published_by=acting_user(by)
    )
    audit_record(actor=by, verb="timeline.publish", target=published, detail={"event": event.pk})
    indexing.refresh_timeline(event.pk)
    return published


@transaction.atomic
def timeline_withdraw(*, event: Event, by: Actor = None) -> None:
    """Take an event's timeline off the public pages and out of the search."""
    published = PublishedTimeline.objects.select_for_update().filter(event=event).first()
    if published is None:
        raise DomainError(_("This timeline is not published."))
    audit_record(actor=by, verb="timeline.withdraw", target=published, detail={"event": event.pk})
    published.delete()
    indexing.refresh_timeline(event.pk)
