"""The reports' background job: freezing a published report's PDF (custodiet.reports.frozen)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from custodiet.core.access import Capability
from custodiet.core.errors import DomainError
from custodiet.ops.jobs import JobOutcome, JobRun, job
from custodiet.reports import frozen
from custodiet.reports.models import Report
from custodiet.reports.rules import ReportStatus


@job(frozen.FREEZE, capability=Capability.MANAGE_REPORTS)
def freeze_report(run: JobRun, *, report: int, language: str = "") -> JobOutcome:
    """Render the published report's public PDF once and keep it; safe to run again (a new file, same text).
    Its progress and outcome are said in the language of the page that queued it (the PDF is the report's
    own text, in the report's language, whatever that is)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _freeze(run, report)


def _freeze(run: JobRun, report: int) -> JobOutcome:
    found = Report.objects.filter(pk=report, status=ReportStatus.PUBLISHED).first()
    if found is None:
        raise DomainError(_("This report is not published (or no longer exists): there is nothing to keep."))
    run.progress(0, 1, _("rendering the PDF"))
    kept = frozen.freeze(found)
    run.progress(1, 1, _("kept"))
    return JobOutcome(
        summary=_("The PDF of the published report is kept (%(size)s bytes, SHA-256 %(digest)s…).")
        % {"size": number_format(kept.size, force_grouping=True), "digest": kept.sha256[:16]},
        link=(reverse("reports:published_file", args=[found.pk, "pdf"]), _("The published PDF")),
        data={"report": found.pk, "sha256": kept.sha256, "size": kept.size},
    )
