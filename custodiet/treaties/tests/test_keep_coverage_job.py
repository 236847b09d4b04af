"""After a transaction that writes treaty data commits, one background job computes every State's
coverage for today in each of the site's languages and keeps it, so that the first reader after the
write meets a kept page; a waiting job is handed a newer version rather than a second job queued, and a
job that finds the data changed since does nothing."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from custodiet.ops.models import Job, JobState
from custodiet.ops.scheduled import enqueue_due
from custodiet.ops.testing import run_queued_jobs
from custodiet.treaties import jobs, selectors, world
from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.services import chart_import

pytestmark = pytest.mark.django_db
URL = "/treaties/coverage/"


@pytest.fixture
def keeping(settings: Any) -> None:
    settings.CUSTODIET_KEEP_COVERAGE_AFTER_WRITE = True  # off in the test settings, for the other apps' tests


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days for which the engine evaluated every State's coverage."""
    days: list[date] = []
    table = world.coverage_table

    def counted(*args: Any, **kwargs: Any) -> Any:
        days.append(args[3])
        return table(*args, **kwargs)

    monkeypatch.setattr(world, "coverage_table", counted)
    return days


def add_acts(count: int) -> None:
    """``count`` acts of the Russian Federation, each saved on its own through the model."""
    ru, ecpt = State.objects.get(code="RU"), Instrument.objects.get(code="ETS-126")
    for n in range(count):
        TreatyAction.objects.create(
            state=ru, instrument=ecpt, kind="ratification_law_signed", on=date(1800, 1, 1 + n), source=f"{n}"
        )


def queued() -> list[Job]:
    return list(Job.objects.filter(name=jobs.KEEP_COVERAGE).order_by("enqueued_at"))


def test_a_transaction_writing_many_treaty_records_queues_one_job_once_it_commits(
    reference_data: Any, keeping: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            add_acts(5)
            State.objects.filter(code="RU").first().save()  # type: ignore[union-attr]
            assert queued() == []  # nothing before the commit
    # One callback of ours for the six rows (the task framework adds its own when the job is queued).
    assert [callback for callback in callbacks if callback is jobs._queue_after_commit] == [
        jobs._queue_after_commit
    ]
    [job] = queued()
    assert job.state == JobState.QUEUED and job.arguments == {"version": selectors.data_version()}


def test_the_page_after_the_job_ran_reads_no_engine_in_any_language(
    client: Any,
    reference_data: Any,
    keeping: None,
    django_capture_on_commit_callbacks: Any,
    computed: list[date],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        add_acts(1)
    assert run_queued_jobs() == 1
    [job] = queued()
    assert job.state == JobState.SUCCEEDED
    assert job.result["summary"] == "Every State's coverage on 22 November 2026 kept in 4 languages."
    assert computed == [date(2026, 11, 22)] * 4  # once for each language, by the job
    for language, heading in (
        ("en", "Every State on"),
        ("fr", 'lang="fr"'),
        ("ru", 'lang="ru"'),
        ("uk", 'lang="uk"'),
    ):
        with CaptureQueriesContext(connection) as read:
            text = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert heading in text and text.count('<tr data-state="') == 249, language
        assert [query["sql"].split(" FROM ")[1].split()[0] for query in read.captured_queries] == [
            '"treaties_treatydataversion"',
            '"custodiet_cache"',
        ]
    assert len(computed) == 4  # the readers computed nothing


def test_a_write_while_the_job_waits_hands_it_the_newer_version(
    reference_data: Any, keeping: None, computed: list[date]
) -> None:
    first = jobs.queue_keep_coverage()
    assert first is not None
    add_acts(1)  # another write (its commit would queue the job: here called as the commit would)
    assert jobs.queue_keep_coverage() is None
    [job] = queued()
    assert job.pk == first.pk and job.arguments == {"version": selectors.data_version()}
    assert run_queued_jobs() == 1 and len(computed) == 4


def test_a_job_that_finds_the_data_changed_since_does_nothing(
    reference_data: Any, keeping: None, computed: list[date]
) -> None:
    assert jobs.queue_keep_coverage() is not None
    # A write the models do not see (no new job): the version changes all the same.
    TreatyAction.objects.filter(state__code="RU").update(note="changed")
    assert run_queued_jobs() == 1
    [job] = queued()
    assert job.state == JobState.SUCCEEDED and "changed again" in job.result["summary"]
    assert computed == []


def test_nothing_is_queued_while_keeping_is_off(
    reference_data: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_acts(2)
    assert callbacks == [] and queued() == []


def test_the_models_followed_are_the_tables_whose_writes_give_a_new_version() -> None:
    triggers = importlib.import_module("custodiet.treaties.migrations.0005_treaty_data_version")
    assert {model._meta.db_table for model in jobs.TREATY_MODELS} == {
        f"treaties_{table}" for table in triggers.TRACKED
    }


def test_a_chart_imported_in_bulk_queues_the_job_too(
    reference_data: Any, keeping: None, django_capture_on_commit_callbacks: Any
) -> None:
    chart = (
        "state,signature,consent,consent_type,entry_into_force,denunciation,source,note\n"
        "FR,1987-11-26,1989-01-09,ratification,1989-05-01,,https://example.org/chart,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        chart_import(text=chart, instrument="ETS-126", today=date(2026, 11, 22))
    [job] = queued()
    assert job.arguments == {"version": selectors.data_version()}


def test_on_a_new_day_the_worker_s_heartbeat_queues_the_job_once(
    client: Any, reference_data: Any, keeping: None, computed: list[date], clock: Any
) -> None:
    assert [job.name for job in enqueue_due()] == [jobs.KEEP_COVERAGE]  # nothing kept for today yet
    assert enqueue_due() == []  # the job waits: not a second one
    assert run_queued_jobs() == 1 and computed == [date(2026, 11, 22)] * 4
    assert enqueue_due() == []  # today's answer is kept
    clock.move_to("2026-11-23 00:05:00+00:00")
    assert [job.name for job in enqueue_due()] == [jobs.KEEP_COVERAGE]  # a new day: a new answer
    assert run_queued_jobs() == 1 and computed[4:] == [date(2026, 11, 23)] * 4
    client.get(URL)
    assert len(computed) == 8  # the first reader of the day computed nothing


def test_a_job_that_failed_is_not_queued_again_on_every_beat(
    reference_data: Any, keeping: None, clock: Any
) -> None:
    [job] = enqueue_due()
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED)  # as a worker leaves a job that failed
    assert enqueue_due() == []  # tried for this version within the hour
    clock.move_to("2026-11-22 13:30:00+00:00")
    assert [again.name for again in enqueue_due()] == [jobs.KEEP_COVERAGE]


def test_the_heartbeat_queues_nothing_while_keeping_is_off(reference_data: Any) -> None:
    assert enqueue_due() == [] and queued() == []
