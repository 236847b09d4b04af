"""Background jobs: one small interface for every app's long work (imports, recounts, renderings).

An app declares a job in its own ``jobs`` module::

    @job("places.import", capability=Capability.EDIT_PLACES)
    def import_register(run: JobRun, *, name: str, dry_run: bool) -> JobOutcome:
        data = run.input()                      # the uploaded file, kept in the database
        run.progress(0, total, "reading")       # shown on the job's page
        return JobOutcome(summary="12 places created", link=("/places/", "The register"))

and starts it with ``job_enqueue("places.import", by=user, title=..., arguments={...},
input=bytes)``, which returns the ``Job`` whose page (``ops:job_detail``) shows its
progress and result. The job is carried by Django's task framework (django-tasks,
database backend) to ``custodiet worker``; the job row and the task row are
written in one transaction, so a job is never lost between them.

A job function must be safe to run again: a worker that dies in the middle (a
restart, ``kill -9``, a lost machine) stops beating, and another worker runs the
job again from the start (``custodiet.ops.worker``), at most ``max_attempts``
times. A function that writes all-or-nothing in one transaction is safe. Progress
is written in its own short statement: call ``run.progress`` outside a write
transaction, or nobody sees it until the end. A ``DomainError`` raised by the job
is the user's answer (the refusal and its details are shown on the page); any
other exception is logged with its traceback and the page says it failed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from custodiet.core import clock
from custodiet.core.access import Actor, Capability, acting_user
from custodiet.core.errors import DomainError
from custodiet.core.models import User
from custodiet.ops.models import Job, JobInput, JobState

logger = logging.getLogger("custodiet.ops.jobs")

PROGRESS_EVERY = 0.5  # seconds between two progress writes (the last one is always written)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job tells the person who started it."""

    summary: str
    link: tuple[str, str] | None = None  # (url, label): where to go next
    data: dict[str, Any] = field(default_factory=dict)  # anything else the page or a client may use

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"summary": self.summary, **self.data}
        if self.link is not None:
            result["link"] = {"url": self.link[0], "label": self.link[1]}
        return result


JobFunction = Callable[..., JobOutcome]


@dataclass(frozen=True)
class JobKind:
    name: str
    function: JobFunction
    capability: Capability | None  # needed, besides being allowed to see jobs at all, to see its page
    max_attempts: int


REGISTRY: dict[str, JobKind] = {}


def job(
    name: str, *, capability: Capability | None = None, max_attempts: int = 3
) -> Callable[[JobFunction], JobFunction]:
    """Register a job function under ``name`` (``app.verb``)."""

    def register(function: JobFunction) -> JobFunction:
        existing = REGISTRY.get(name)
        if existing is not None and existing.function.__qualname__ != function.__qualname__:
            raise ValueError(f"two jobs are registered as {name!r}")
        REGISTRY[name] = JobKind(name, function, capability, max_attempts)
        return function

    return register


class JobRun:
    """What a job function is given: its job, its input file, and a way to report progress."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    @property
    def started_by(self) -> User | None:
        return self.job.started_by

    def input(self) -> bytes:
        """The file the job was started with (an empty bytes object when it was given none)."""
        found = JobInput.objects.filter(job=self.job).values_list("data", flat=True).first()
        return bytes(found) if found is not None else b""

    def progress(self, done: int, total: int | None = None, note: str = "") -> None:
        """Record how far the job has gone (written at most every half second, and when done == total)."""
        moment = time.monotonic()
        if moment - self._last_write < PROGRESS_EVERY and (total is None or done < total):
            return
        self._last_write = moment
        total = total if total is None else max(total, done)
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done, progress_total=total, progress_note=note[:300]
        )


def job_enqueue(
    name: str,
    *,
    by: Actor,
    title: str,
    arguments: dict[str, Any] | None = None,
    input: bytes | None = None,
    input_name: str = "",
) -> Job:
    """Start a registered job in the background; returns its ``Job`` (its page shows how it goes)."""
    from custodiet.ops.tasks import run_job  # the task module imports this one

    if name not in REGISTRY:
        raise ValueError(f"no job is registered as {name!r}")
    arguments = arguments or {}
    json.dumps(arguments)  # a TypeError now, not in the worker
    with transaction.atomic():
        job = Job.objects.create(
            name=name,
            title=title[:300],
            arguments=arguments,
            started_by=acting_user(by),
            enqueued_at=clock.now(),
        )
        if input is not None:
            JobInput.objects.create(job=job, name=input_name[:300], data=input)
        queued = run_job.enqueue(str(job.pk))
        job.task_id = str(queued.id)
        job.save(update_fields=["task_id"])
    logger.info("job queued", extra={"job": str(job.pk), "job_name": name})
    return job


def job_execute(job_id: str) -> str:
    """Run one job to its end (the worker's task calls this); returns the state it ended in.

    A job already finished is left alone, so that a task run twice does its work once.
    """
    job = Job.objects.select_related("started_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.finished:
        return str(job.state)
    kind = REGISTRY.get(job.name)
    if kind is None:
        _finish(job, JobState.FAILED, error=f"This kind of job ({job.name}) is not known to this version.")
        return str(JobState.FAILED)
    if job.attempts >= kind.max_attempts:
        _finish(
            job,
            JobState.FAILED,
            error=f"The worker stopped {job.attempts} times while running this job; it was not tried "
            "again. It may be too large for the worker: ask an administrator to look at the worker's log.",
        )
        return str(JobState.FAILED)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=clock.now(), error=""
    )
    job.refresh_from_db()
    logger.info("job started", extra={"job": str(job.pk), "job_name": job.name, "attempt": job.attempts})
    try:
        outcome = kind.function(JobRun(job), **job.arguments)
    except DomainError as refusal:
        _finish(job, JobState.FAILED, error=str(refusal), result={"details": refusal.details()})
        return str(JobState.FAILED)
    except Exception:
        logger.exception("job failed", extra={"job": str(job.pk), "job_name": job.name})
        _finish(
            job, JobState.FAILED, error="An unexpected error stopped this job; it is in the server's log."
        )
        raise
    _finish(job, JobState.SUCCEEDED, result=outcome.as_json())
    return str(JobState.SUCCEEDED)


def _finish(job: Job, state: JobState, *, error: str = "", result: dict[str, Any] | None = None) -> None:
    with transaction.atomic():
        changes: dict[str, Any] = {
            "state": state,
            "finished_at": clock.now(),
            "error": error,
            "result": result,
        }
        if state == JobState.SUCCEEDED:
            changes["progress_note"] = ""
        Job.objects.filter(pk=job.pk).update(**changes)
        JobInput.objects.filter(job=job).delete()
    logger.info("job finished", extra={"job": str(job.pk), "job_name": job.name, "state": str(state)})


@job("ops.probe")
def probe(run: JobRun, *, seconds: float = 0.0, steps: int = 10) -> JobOutcome:
    """A job that does nothing but take its time and report progress: proof that the workers run jobs
    end to end (``custodiet jobs probe``), and a stand-in for long work when a worker's death is tested."""
    steps = max(1, steps)
    for step in range(steps):
        run.progress(step, steps, "probing")
        time.sleep(seconds / steps)
    run.progress(steps, steps, "done")
    return JobOutcome(summary=f"The worker ran this probe in {steps} steps over {seconds:g} s.")
