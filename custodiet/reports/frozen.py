"""Published reports frozen: their PDF rendered once, kept as a file, checked and served as it is.

Laying out a long report takes seconds (76 pages: about 4 s with WeasyPrint), and a
published report's text no longer changes. So publishing queues a job
(``reports.freeze``, custodiet.reports.jobs) that renders the public PDF once and keeps it
under the data directory (``reports/frozen/``), with its SHA-256 and size in
``FrozenRendering``. The public PDF link then serves that file after checking its hash:
no rendering in the request.

A file that is missing (a restore brings the database, not the files) or whose hash no
longer matches is never served: the report is rendered in the request as before, the
problem is logged, and a new freeze is queued (one at a time per report). Unpublished
reports, and the office's own renderings, are rendered on request as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.ops.jobs import job_enqueue
from custodiet.ops.models import FINISHED, Job
from custodiet.reports import rendering
from custodiet.reports.models import FrozenRendering, Report
from custodiet.reports.rules import ReportStatus

logger = logging.getLogger("custodiet.reports.frozen")

FREEZE = "reports.freeze"
FOLDER = Path("reports") / "frozen"


def _root() -> Path:
    return Path(settings.DATA_DIR)


def render_public_pdf(report: Report) -> bytes:
    """The public version of a published report as a PDF (what everyone downloads)."""
    document = rendering.assemble(report, policy=rendering.POLICIES[rendering.Audience.PUBLIC])
    return rendering.to_pdf(document)


def freeze(report: Report) -> FrozenRendering:
    """Render the published report's PDF and keep it (written to a new file, then recorded)."""
    if report.status != ReportStatus.PUBLISHED:
        raise ValueError("only a published report is frozen")
    data = render_public_pdf(report)
    digest = hashlib.sha256(data).hexdigest()
    relative = FOLDER / f"report-{report.pk}-{digest[:16]}.pdf"
    target = _root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".freezing-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)  # whole or not at all: a reader never sees half a file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        previous = FrozenRendering.objects.select_for_update().filter(report=report).first()
        frozen, _ = FrozenRendering.objects.update_or_create(
            report=report,
            defaults={"path": str(relative), "sha256": digest, "size": len(data), "rendered_at": clock.now()},
        )
        if previous is not None and previous.path != frozen.path:
            old = _root() / previous.path
            transaction.on_commit(lambda: old.unlink(missing_ok=True))
    return frozen


def kept_pdf(report: Report) -> bytes | None:
    """The kept PDF of a published report, if there is one and it is intact; None otherwise."""
    frozen = FrozenRendering.objects.filter(report=report).first()
    if frozen is None:
        return None
    try:
        data = (_root() / frozen.path).read_bytes()
    except OSError:
        logger.error(
            "a published report's kept PDF is missing", extra={"report": report.pk, "path": frozen.path}
        )
        return None
    if len(data) != frozen.size or hashlib.sha256(data).hexdigest() != frozen.sha256:
        logger.error(
            "a published report's kept PDF was altered", extra={"report": report.pk, "path": frozen.path}
        )
        return None
    return data


def freeze_later(report: Report, *, by: Actor) -> Job | None:
    """Queue the job that freezes this published report, unless one is already waiting or running."""
    waiting = Job.objects.filter(name=FREEZE, arguments__report=report.pk).exclude(state__in=FINISHED)
    if waiting.exists():
        return None
    # The job speaks the language of the page that queued it: its title now, its progress and outcome when it
    # runs (custodiet.reports.jobs).
    language = translation.get_language() or settings.LANGUAGE_CODE
    return job_enqueue(
        FREEZE,
        by=by,
        title=_("Keep the PDF of the published report “%(title)s”") % {"title": report.title[:200]},
        arguments={"report": report.pk, "language": language},
    )
