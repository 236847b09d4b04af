"""For tests: run the queued background jobs in this process, as ``custodiet worker --batch`` would.

The worker's own loop closes database connections between tasks, which would end
the transaction a test runs in; this runs the same claim-and-run steps without it.
"""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from custodiet.ops.worker import CustodietWorker, beat

TEST_WORKER = "test-worker"


def run_queued_jobs(*, worker_id: str = TEST_WORKER) -> int:
    """Run every task waiting in the queue (and any it queues); how many ran."""
    worker = CustodietWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    beat(worker_id)
    ran = 0
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker_id)
        worker.run_task(task)
        ran += 1
    return ran
