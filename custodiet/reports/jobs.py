"""The reports' background job: freezing a published report's PDF (custodiet.reports.frozen)."""

from __future__ import annotations

from django.urls import reverse

from custodiet.core.access import Capability
from custodiet.core.errors import DomainError
from custodiet.ops.jobs import JobOutcome, JobRun, job
from custodiet.reports import frozen
from custodiet.reports.models import Report
from custodiet.reports.rules import ReportStatus


@job(frozen.FREEZE, capability=Capability.MANAGE_REPORTS)
def freeze_report(run: JobRun, *, report: int) -> JobOutcome:
    """Render the published report's public PDF once and keep it; safe to run again (a new file, same text)."""
    found = Report.objects.filter(pk=report, status=ReportStatus.PUBLISHED).first()
    if found is None:
        raise DomainError("This report is not published (or no longer exists): there is nothing to keep.")
    run.progress(0, 1, "rendering the PDF")
    kept = frozen.freeze(found)
    run.progress(1, 1, "kept")
    return JobOutcome(
        summary=f"The PDF of the published report is kept ({kept.size:,} bytes, SHA-256 {kept.sha256[:16]}…).",
        link=(reverse("reports:published_file", args=[found.pk, "pdf"]), "The published PDF"),
        data={"report": found.pk, "sha256": kept.sha256, "size": kept.size},
    )
