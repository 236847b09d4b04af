"""After a write to the treaty data, every State's coverage for today is computed again in the background.

The coverage page's answer is kept per version of the treaty data (``custodiet.treaties.kept``): the
first reader after a write would otherwise wait for the engine's whole work (about half a second to two
seconds). Once a transaction that wrote a treaty record through the models commits, one job
(``treaties.keep_coverage``) is queued for the new version; the worker computes the page's answer for
today in each of the site's languages and keeps it in the shared cache, so that readers meet a kept page.

Light on the queue: a transaction queues at most one job, however many rows it writes, and while a job
waits for a worker a later write does not queue another: it hands the waiting job the newer version (the
job reads its arguments only when it starts). A job that finds the data changed again since (its
version no longer the data's) does nothing: the job queued for the newer version does the work.

A new day needs a new answer too ("today" is part of it): on each heartbeat every worker checks that
today's coverage is kept for the data as it stands, in the site's language, and queues the job when it
is not (``keep_coverage_if_missing``), at most once an hour for one version of the data (a job that
fails is not queued again on every beat).

The services' bulk inserts (a chart's acts, the States) call ``keep_coverage_after_commit`` themselves. A
write that bypasses the models (a queryset's ``update()``, plain SQL) still gives a new version (the
triggers), so nothing stale is read; it queues no job, and the first reader computes the answer.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodiet.core import clock
from custodiet.core.dates import shown_date
from custodiet.ops.jobs import JobOutcome, JobRun, job, job_enqueue
from custodiet.ops.models import Job, JobState
from custodiet.ops.scheduled import on_each_beat
from custodiet.treaties import kept, selectors
from custodiet.treaties.models import TreatyDataVersion

KEEP_COVERAGE = "treaties.keep_coverage"
# The treaty tables (those whose writes migration 0005's triggers follow), by their models: every model
# of the app but the version's own.
TREATY_MODELS = [
    model for model in apps.get_app_config("treaties").get_models() if model is not TreatyDataVersion
]


@job(KEEP_COVERAGE)
def keep_coverage(run: JobRun, *, version: str) -> JobOutcome:
    """Compute every State's coverage for today in each of the site's languages and keep it; nothing if
    the data has changed since ``version`` (a newer job is queued). Safe to run again: what is kept
    already is read, not computed."""
    today = clock.today()
    languages = [code for code, _name in settings.LANGUAGES]
    for done, language in enumerate(languages):
        if selectors.data_version() != version:
            return JobOutcome(
                summary=_(
                    "The treaty data changed again: the job queued after that change keeps its answers."
                )
            )
        run.progress(done, len(languages), language)
        with translation.override(language):
            kept.coverage_answer(today, today)
    run.progress(len(languages), len(languages), "")
    return JobOutcome(
        summary=ngettext(
            "Every State's coverage on %(day)s kept in %(count)s language.",
            "Every State's coverage on %(day)s kept in %(count)s languages.",
            len(languages),
        )
        % {"day": shown_date(today), "count": len(languages)},
        data={"version": version, "day": today.isoformat()},
    )


def queue_keep_coverage() -> Job | None:
    """Queue the job for the treaty data's version now, unless a waiting job can take it (it is handed the
    version); None when no job was queued."""
    version = selectors.data_version()
    if version is None:
        return None
    # One statement: a worker reads a job's arguments once it has marked it running, so a job still
    # waiting when this runs will read the newer version, and one started already is not changed (and
    # a new job is queued below).
    handed = Job.objects.filter(name=KEEP_COVERAGE, state=JobState.QUEUED).update(
        arguments={"version": version}
    )
    if handed:
        return None
    return job_enqueue(
        KEEP_COVERAGE,
        by=None,
        title=_("Keep every State's coverage for today after a change to the treaty data"),
        arguments={"version": version},
    )


TRIED_WITHIN = timedelta(hours=1)  # a version's job is not queued again by the heartbeat sooner


@on_each_beat
def keep_coverage_if_missing() -> Job | None:
    """Queue the job when today's coverage is not kept for the treaty data as it stands (a new day, or a
    write whose job has not run), unless a job is waiting or running, or one for this version was queued
    within the hour; the job queued, or None. ``CUSTODIET_KEEP_COVERAGE_AFTER_WRITE`` off: never."""
    if not getattr(settings, "CUSTODIET_KEEP_COVERAGE_AFTER_WRITE", True):
        return None
    version = selectors.data_version()
    today = clock.today()
    if version is None or kept.is_kept(kept.COVERAGE, today, today, settings.LANGUAGE_CODE):
        return None
    jobs = Job.objects.filter(name=KEEP_COVERAGE)
    if jobs.filter(state__in=(JobState.QUEUED, JobState.RUNNING)).exists():
        return None
    if jobs.filter(arguments={"version": version}, enqueued_at__gte=clock.now() - TRIED_WITHIN).exists():
        return None
    return queue_keep_coverage()


def keep_coverage_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Treaty data was written: queue the job once the transaction commits, once for the whole transaction
    (at once outside one). Called for every record saved or deleted (the receivers below) and by the
    services after a bulk insert, which sends no signal. ``CUSTODIET_KEEP_COVERAGE_AFTER_WRITE`` off:
    never (the test settings)."""
    if not getattr(settings, "CUSTODIET_KEEP_COVERAGE_AFTER_WRITE", True):
        return
    connection = transaction.get_connection(using)
    # Django keeps a transaction's callbacks as (savepoints, function, robust): ours once is enough.
    if any(entry[1] is _queue_after_commit for entry in connection.run_on_commit):
        return
    # robust: the write is done whatever happens here; a failure to queue is logged, and the first
    # reader computes the answer as it would have without the job.
    transaction.on_commit(_queue_after_commit, using=using, robust=True)


def treaty_record_written(sender: Any, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A treaty record was saved or deleted (``post_save``, ``post_delete``)."""
    keep_coverage_after_commit(using)


def _queue_after_commit() -> None:
    queue_keep_coverage()


for _model in TREATY_MODELS:
    post_save.connect(treaty_record_written, sender=_model, dispatch_uid=f"treaties-keep-{_model.__name__}")
    post_delete.connect(
        treaty_record_written, sender=_model, dispatch_uid=f"treaties-keep-d-{_model.__name__}"
    )
