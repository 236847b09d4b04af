"""Receivers that keep the search index in step when public material changes through other apps.

The apps below the portal cannot call it (custodiet/tests/test_layers.py), so the portal listens: after
the transaction that saved or deleted a report, a State's response, an item, a public statement, an
intake event or document, a State or a treaty commits, the entries made from that record are refreshed
(``custodiet.portal.indexing``), once per record and transaction. A report that is not published, an
event whose timeline is not published, make no entry. Writes that send no signal (a queryset's
``update``, ``bulk_create``) are caught up by ``custodiet portal reindex``, which the reference loads
are followed by; it changes nothing when the index is already in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from custodiet.intake.models import Document, Event
from custodiet.portal import indexing
from custodiet.portal.models import PublishedTimeline
from custodiet.reports.models import Item, ItemAnswer, PublicStatement, Report, StateResponse
from custodiet.treaties.models import Instrument, State


def _after_commit(key: tuple[str, Any], refresh: Callable[[], object]) -> None:
    """Run ``refresh`` once after the current transaction commits (at once outside one). A refresh already
    waiting for the same record is not added again; one dropped with a rolled-back transaction is gone
    with it (Django keeps the waiting callbacks on the connection)."""
    connection = transaction.get_connection()
    if any(getattr(waiting, "portal_key", None) == key for _, waiting, _ in connection.run_on_commit):
        return

    def run() -> None:
        run.portal_key = None  # type: ignore[attr-defined]  # done: a later change waits anew
        refresh()

    run.portal_key = key  # type: ignore[attr-defined]
    transaction.on_commit(run)


def _report(pk: int | None) -> None:
    if pk is not None:
        _after_commit(("report", pk), lambda: indexing.refresh_report(pk))


def _timeline(event_pk: int | None) -> None:
    if event_pk is not None and indexing.event_is_published(event_pk):
        _after_commit(("timeline", event_pk), lambda: indexing.refresh_timeline(event_pk))


@receiver([post_save, post_delete], sender=Report)
def report_changed(sender: type, instance: Report, **kwargs: Any) -> None:
    _report(instance.pk)


@receiver([post_save, post_delete], sender=StateResponse)
@receiver([post_save, post_delete], sender=Item)
def report_part_changed(sender: type, instance: StateResponse | Item, **kwargs: Any) -> None:
    _report(instance.report_id)


@receiver([post_save, post_delete], sender=ItemAnswer)
def answer_changed(sender: type, instance: ItemAnswer, **kwargs: Any) -> None:
    _report(instance.item.report_id if instance.item_id else None)


@receiver([post_save, post_delete], sender=PublicStatement)
def statement_changed(sender: type, instance: PublicStatement, **kwargs: Any) -> None:
    pk = instance.pk
    _after_commit(("statement", pk), lambda: indexing.refresh_statement(pk))


@receiver([post_save, post_delete], sender=Event)
def event_changed(sender: type, instance: Event, **kwargs: Any) -> None:
    _timeline(instance.pk)


@receiver([post_save, post_delete], sender=Document)
def document_changed(sender: type, instance: Document, **kwargs: Any) -> None:
    _timeline(instance.event_id)


@receiver(post_delete, sender=PublishedTimeline)
def publication_removed(sender: type, instance: PublishedTimeline, **kwargs: Any) -> None:
    event_pk = instance.event_id
    _after_commit(("timeline", event_pk), lambda: indexing.refresh_timeline(event_pk))


@receiver([post_save, post_delete], sender=State)
def state_changed(sender: type, instance: State, **kwargs: Any) -> None:
    code = instance.code
    _after_commit(("state", code), lambda: indexing.refresh_state(code))


@receiver([post_save, post_delete], sender=Instrument)
def instrument_changed(sender: type, instance: Instrument, **kwargs: Any) -> None:
    code = instance.code
    _after_commit(("instrument", code), lambda: indexing.refresh_instrument(code))
