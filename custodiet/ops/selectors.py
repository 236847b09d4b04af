"""Reads of the background jobs: who may see which, and the signs of life of the workers.

A job's page is open to the person who started it and to the secretariat and
administrators (who run the office and the system), and only when their role may
also see what the job is about (``JobKind.capability``: an administrator, who
reads no testimony, never sees a job over interviews). Anyone else is answered
404: a job's existence is nobody else's business.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from custodiet.core.access import Actor, can
from custodiet.core.models import Role, User
from custodiet.ops.jobs import REGISTRY
from custodiet.ops.models import Job

OVERSEERS = (Role.SECRETARIAT, Role.ADMINISTRATOR)  # may follow every job, not only their own


def jobs_visible_to(user: Actor) -> QuerySet[Job]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return Job.objects.none()
    jobs = Job.objects.all() if user.role in OVERSEERS else Job.objects.filter(started_by=user)
    hidden = [
        name
        for name, kind in REGISTRY.items()
        if kind.capability is not None and not can(user, kind.capability)
    ]
    return jobs.exclude(name__in=hidden)


def job_detail(*, user: Actor, pk: UUID) -> Job:
    """One job the user may see; raises Job.DoesNotExist otherwise."""
    return jobs_visible_to(user).select_related("started_by").get(pk=pk)


def recent_jobs(*, user: Actor, limit: int = 20) -> list[Job]:
    """The newest jobs the user may see (their own, or every one for the overseers)."""
    return list(jobs_visible_to(user).select_related("started_by")[:limit])
