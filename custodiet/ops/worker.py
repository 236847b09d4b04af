"""The background worker: django-tasks' database worker, with a heartbeat and recovery after a death.

``custodiet worker`` runs ``CustodietWorker``: before taking any task it writes
its heartbeat (``WorkerBeat``), then beats every ``BEAT_SECONDS`` from a thread of
its own. A task left "running" by a worker whose heartbeat is older than
``stale_after()`` (its process was killed, its machine lost) is put back in the
queue, and its job marked waiting again, by the next worker that starts or by
any running worker on its next round; the job then runs again from the start
(``custodiet.ops.jobs``). Several workers, on one machine or several, share one
queue through the database: a task is claimed in a transaction
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on
SQLite), so no two run the same task at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from custodiet.core import clock
from custodiet.ops.models import Job, JobState, WorkerBeat
from custodiet.ops.scheduled import enqueue_due

logger = logging.getLogger("custodiet.ops.worker")

BEAT_SECONDS = 10  # how often a worker says it is alive
RECOVER_EVERY = 6  # beats between two looks for tasks abandoned by a dead worker


def stale_after() -> timedelta:
    """How long without a heartbeat before a worker counts as gone (CUSTODIET_WORKER_STALE_SECONDS)."""
    return timedelta(seconds=getattr(settings, "CUSTODIET_WORKER_STALE_SECONDS", 120))


def beat(worker_id: str, *, started_at: Any = None) -> None:
    moment = clock.now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=moment)
    if not updated:
        WorkerBeat.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=started_at or moment,
            beat_at=moment,
        )


def live_workers() -> list[WorkerBeat]:
    """The workers that beat recently enough to count as running."""
    return list(WorkerBeat.objects.filter(beat_at__gte=clock.now() - stale_after()).order_by("-beat_at"))


def recover_abandoned() -> int:
    """Put back in the queue every task left running by a worker that stopped beating; how many."""
    cutoff = clock.now() - stale_after()
    alive = set(WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    recovered = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            Job.objects.filter(task_id=str(task.id), state=JobState.RUNNING).update(
                state=JobState.QUEUED,
                progress_note="The worker running this job stopped; another worker will start it again.",
            )
            recovered += 1
            logger.warning(
                "task recovered from a stopped worker",
                extra={"task": str(task.id), "worker": (task.worker_ids or ["?"])[-1]},
            )
        WorkerBeat.objects.filter(beat_at__lt=cutoff - stale_after() * 10).delete()  # long gone
    return recovered


class CustodietWorker(Worker):
    """django-tasks' database worker, beating and recovering (see the module's docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stop = threading.Event()
        self._started_at = clock.now()

    def run(self) -> None:
        beat(self.worker_id, started_at=self._started_at)
        recover_abandoned()
        try:
            enqueue_due()
        except Exception:  # a schedule that cannot be read is logged; the worker still runs the queue
            logger.exception("scheduled jobs not queued", extra={"worker": self.worker_id})
        heart = threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True)
        heart.start()
        try:
            super().run()
        finally:
            self._stop.set()
            heart.join(timeout=BEAT_SECONDS)
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()  # a clean exit: not "stale"

    def _beat_forever(self) -> None:
        rounds = 0
        try:
            while not self._stop.wait(BEAT_SECONDS):
                rounds += 1
                try:
                    close_old_connections()
                    beat(self.worker_id, started_at=self._started_at)
                    if rounds % RECOVER_EVERY == 0:
                        recover_abandoned()
                    enqueue_due()  # the scheduled backups and audit head exports (custodiet.ops.scheduled)
                except Exception:  # a missed beat is logged, never fatal: the next one may pass
                    logger.exception("heartbeat failed", extra={"worker": self.worker_id})
        finally:
            connection.close()  # this thread's own connection
