"""The one task the task framework knows: run a job (custodiet.ops.jobs) by its id.

Every background job goes through this task, so that the worker, the job's page
and the recovery after a worker's death deal with one kind of task row.
"""

from __future__ import annotations

from django_tasks import task

from custodiet.ops.jobs import job_execute


@task()
def run_job(job_id: str) -> str:
    return job_execute(job_id)
