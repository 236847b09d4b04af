"""The operations pages: ``/healthz`` for load balancers and monitors, and a page per background job.

``/healthz`` is public and says only whether each check passed (no secret, no
count of records). A job's page is for the person who started it and for the
secretariat and administrators (``custodiet.ops.selectors``); anyone else gets
404. It refreshes itself every few seconds while the job runs (a ``<meta>``
refresh: no JavaScript needed) and shows the result, or why it failed, when done.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from custodiet.core.access import Capability, public, require, signed_in
from custodiet.ops import scheduled, selectors
from custodiet.ops.health import health
from custodiet.ops.models import Job, JobState
from custodiet.ops.worker import live_workers

REFRESH_SECONDS = 2


@public
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health()
    ok = all(check.ok for check in checks)
    body = {
        "status": "ok" if ok else "failing",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    response = JsonResponse(body, status=200 if ok else 503)
    # A balancer asks every few seconds: a failing check is logged by custodiet.ops.health when it is an
    # error, not once more per request as Django logs every 5xx answer.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@signed_in
@require_safe
def job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    try:
        job = selectors.job_detail(user=request.user, pk=pk)
    except Job.DoesNotExist:
        raise Http404("No such job") from None
    result = job.result or {}
    context = {
        "job": job,
        "refresh": None if job.finished else REFRESH_SECONDS,
        "summary": result.get("summary", ""),
        "link": result.get("link"),
        "problems": _problems(result),
        "waiting_without_worker": job.state == JobState.QUEUED and not live_workers(),
    }
    return render(request, "ops/job_detail.html", context)


def _problems(result: dict[str, object]) -> list[tuple[object, object]]:
    """The (line, reason) pairs of a refused import, from the refusal's details."""
    details = result.get("details")
    problems = details.get("problems", []) if isinstance(details, dict) else []
    return [(problem.get("line"), problem.get("reason")) for problem in problems if isinstance(problem, dict)]


@signed_in
@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ops/job_list.html", {"jobs": selectors.recent_jobs(user=request.user)})


@require(Capability.MANAGE_PEOPLE, Capability.APPROVE_ACCOUNT_CHANGES)  # administrators and the secretariat
@require_safe
def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    """The scheduled backups and audit head exports: where they write, how often, their last run."""
    return render(
        request,
        "ops/scheduled.html",
        {"rows": scheduled.status(), "workers": live_workers()},
    )
