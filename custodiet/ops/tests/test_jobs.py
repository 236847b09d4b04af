"""Background jobs: queued with their input, run by a worker, their progress and result kept, a dead
worker's job run again, and each job's page shown only to who may see it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from custodiet.core.access import Capability
from custodiet.core.errors import ImportRejected
from custodiet.ops.jobs import REGISTRY, JobOutcome, JobRun, job, job_enqueue, job_execute
from custodiet.ops.models import Job, JobInput, JobState, WorkerBeat
from custodiet.ops.testing import run_queued_jobs
from custodiet.ops.worker import beat, recover_abandoned

pytestmark = pytest.mark.django_db


@job("ops.test-echo")
def echo(run: JobRun, *, words: list[str], refuse: bool = False) -> JobOutcome:
    data = run.input()
    run.progress(1, 2, "read")
    if refuse:
        raise ImportRejected([(3, "the third line is wrong")])
    return JobOutcome(summary=f"{len(data)} bytes, {' '.join(words)}", link=("/places/", "The register"))


@job("ops.test-about-interviews", capability=Capability.VIEW_INTERVIEWS)
def about_interviews(run: JobRun) -> JobOutcome:
    return JobOutcome(summary="counted")


@job("ops.test-crash")
def crash(run: JobRun) -> JobOutcome:
    raise RuntimeError("a bug")


def test_a_queued_job_waits_for_a_worker_then_keeps_its_result_and_drops_its_input(make_user: Any) -> None:
    user = make_user("secretariat")
    queued = job_enqueue(
        "ops.test-echo",
        by=user,
        title="Echo",
        arguments={"words": ["a", "b"]},
        input=b"12345",
        input_name="x.csv",
    )
    assert queued.state == JobState.QUEUED and queued.task_id
    assert DBTaskResult.objects.get(id=queued.task_id).status == TaskResultStatus.READY
    assert run_queued_jobs() == 1
    done = Job.objects.get(pk=queued.pk)
    assert done.state == JobState.SUCCEEDED and done.attempts == 1
    assert done.result == {"summary": "5 bytes, a b", "link": {"url": "/places/", "label": "The register"}}
    assert (done.progress_done, done.progress_total) == (1, 2)
    assert not JobInput.objects.filter(job=done).exists()  # the uploaded file is not kept
    assert DBTaskResult.objects.get(id=queued.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_refusal_is_the_users_answer_and_a_bug_is_logged_not_shown(make_user: Any) -> None:
    user = make_user("secretariat")
    refused = job_enqueue("ops.test-echo", by=user, title="Echo", arguments={"words": [], "refuse": True})
    crashed = job_enqueue("ops.test-crash", by=user, title="Crash")
    run_queued_jobs()
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.state == JobState.FAILED and "the third line is wrong" in refused.error
    assert refused.result == {"details": {"problems": [{"line": 3, "reason": "the third line is wrong"}]}}
    assert crashed.state == JobState.FAILED
    assert "a bug" not in crashed.error and "unexpected error" in crashed.error
    assert DBTaskResult.objects.get(id=crashed.task_id).status == TaskResultStatus.FAILED


def test_an_unknown_job_or_arguments_that_cannot_be_stored_are_refused_at_once(make_user: Any) -> None:
    with pytest.raises(ValueError, match="no job is registered"):
        job_enqueue("ops.nothing", by=None, title="x")
    with pytest.raises(TypeError):
        job_enqueue("ops.test-echo", by=None, title="x", arguments={"words": {1, 2}})
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_job_finished_once_is_not_run_again_when_its_task_comes_twice(make_user: Any) -> None:
    queued = job_enqueue("ops.test-echo", by=None, title="Echo", arguments={"words": ["x"]})
    run_queued_jobs()
    assert job_execute(str(queued.pk)) == JobState.SUCCEEDED
    assert Job.objects.get(pk=queued.pk).attempts == 1


def _claimed_by_a_dead_worker(job: Job, clock: Any) -> None:
    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim("dead-worker")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1)
    beat("dead-worker")
    WorkerBeat.objects.filter(worker_id="dead-worker").update(
        beat_at=WorkerBeat.objects.get(worker_id="dead-worker").beat_at - timedelta(minutes=10)
    )


def test_a_job_left_running_by_a_dead_worker_is_queued_again_and_finished_by_another(clock: Any) -> None:
    queued = job_enqueue("ops.test-echo", by=None, title="Echo", arguments={"words": ["again"]})
    _claimed_by_a_dead_worker(queued, clock)
    beat("live-worker")
    assert recover_abandoned() == 1
    assert Job.objects.get(pk=queued.pk).state == JobState.QUEUED
    run_queued_jobs()
    done = Job.objects.get(pk=queued.pk)
    assert done.state == JobState.SUCCEEDED and done.attempts == 2
    assert done.result["summary"] == "0 bytes, again"


def test_a_task_of_a_worker_still_beating_is_left_alone() -> None:
    queued = job_enqueue("ops.test-echo", by=None, title="Echo", arguments={"words": []})
    DBTaskResult.objects.get(id=queued.task_id).claim("busy-worker")
    beat("busy-worker")
    assert recover_abandoned() == 0
    assert DBTaskResult.objects.get(id=queued.task_id).status == TaskResultStatus.RUNNING


def test_a_job_that_keeps_killing_its_worker_is_given_up_with_a_reason(clock: Any) -> None:
    queued = job_enqueue("ops.test-echo", by=None, title="Echo", arguments={"words": []})
    Job.objects.filter(pk=queued.pk).update(attempts=REGISTRY["ops.test-echo"].max_attempts)
    run_queued_jobs()
    done = Job.objects.get(pk=queued.pk)
    assert done.state == JobState.FAILED and "stopped 3 times" in done.error


def test_the_page_of_a_job_shows_its_progress_then_its_result(client_as: Any) -> None:
    client, user = client_as("analyst")
    queued = job_enqueue("ops.test-echo", by=user, title="Echo of a file", arguments={"words": ["hi"]})
    url = reverse("ops:job_detail", args=[queued.pk])
    page = client.get(url).content.decode()
    assert "Waiting for a worker" in page and 'http-equiv="refresh"' in page
    assert "No background worker is running" in page
    run_queued_jobs()
    page = client.get(url).content.decode()
    assert "0 bytes, hi" in page and 'href="/places/"' in page and "refresh" not in page
    assert "Echo of a file" in client.get(reverse("ops:job_list")).content.decode()


def test_a_refused_jobs_page_lists_every_problem_with_its_line(client_as: Any) -> None:
    client, user = client_as("secretariat")
    queued = job_enqueue("ops.test-echo", by=user, title="Echo", arguments={"words": [], "refuse": True})
    run_queued_jobs()
    page = client.get(reverse("ops:job_detail", args=[queued.pk])).content.decode()
    assert 'id="job-problems"' in page and "the third line is wrong" in page


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("secretariat", True),
        ("administrator", True),
        ("analyst", False),
        ("committee_member", False),
        ("public", False),
    ],
)
def test_a_job_is_seen_by_who_started_it_and_by_the_office_only(
    client_as: Any, make_user: Any, role: str, sees: bool
) -> None:
    owner = make_user("delegation_member", username="owner")
    queued = job_enqueue(
        "ops.test-echo", by=owner, title="Private echo", arguments={"words": ["secret-word"]}
    )
    run_queued_jobs()
    client, _ = client_as(role)
    response = client.get(reverse("ops:job_detail", args=[queued.pk]))
    assert response.status_code == (200 if sees else 404)
    listing = client.get(reverse("ops:job_list")).content.decode()
    assert ("Private echo" in listing) == sees
    if not sees:
        assert "secret-word" not in response.content.decode()


def test_a_job_page_asks_an_anonymous_visitor_to_log_in(client: Any) -> None:
    queued = job_enqueue("ops.test-echo", by=None, title="Echo", arguments={"words": []})
    response = client.get(reverse("ops:job_detail", args=[queued.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_office_does_not_see_a_job_about_what_its_role_may_not_read(client_as: Any) -> None:
    queued = job_enqueue("ops.test-about-interviews", by=None, title="Recount of interviews")
    administrator, _ = client_as("administrator")
    secretariat, _ = client_as("secretariat")
    assert administrator.get(reverse("ops:job_detail", args=[queued.pk])).status_code == 404
    assert secretariat.get(reverse("ops:job_detail", args=[queued.pk])).status_code == 200
