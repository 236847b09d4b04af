"""What the background work leaves on record: each job, its input file, and the workers' heartbeats.

A ``Job`` is the user's view of a piece of background work: who started it, what it
is, how far it has gone, and its result or the reason it failed. The task framework
(django-tasks and its database backend) carries it to a worker; the job's row is
what its page reads. A ``JobInput`` keeps the file a job works on (an uploaded
register) in the database, so that any worker on any machine can read it; it is
deleted when the job ends. A ``WorkerBeat`` is written by each running worker every
few seconds: ``/healthz`` reads it, and a worker that stopped beating has its
unfinished tasks handed to another.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


FINISHED = (JobState.SUCCEEDED, JobState.FAILED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=80, help_text="The registered job, e.g. places.import")
    title = models.CharField(max_length=300, help_text="What the job does, as its page names it")
    arguments = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True, help_text="Unknown until counted")
    progress_note = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, for the person who started it")
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task framework's id of its run")
    enqueued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enqueued_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-enqueued_at"]), models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_total__isnull=True)
                | models.Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class JobInput(models.Model):
    """The file a job works on, kept until the job ends (then deleted)."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, primary_key=True, related_name="input")
    name = models.CharField(max_length=300)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.name


class WorkerBeat(models.Model):
    """A running worker's last sign of life."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} (pid {self.pid})"


class ScheduledRun(models.Model):
    """When a scheduled job (a backup, the audit head's export) was last queued, and which job that was.

    The worker that queues a scheduled job locks this row first, so that several workers on several
    machines queue it once (custodiet.ops.scheduled).
    """

    name = models.CharField(max_length=80, primary_key=True, help_text="The registered job, e.g. ops.backup")
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.name
