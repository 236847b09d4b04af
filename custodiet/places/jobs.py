"""The places app's background jobs: an import of a register or of population figures started from a page.

The file is kept with the job (``custodiet.ops.models.JobInput``) until the job ends;
the import itself is the same service the command line calls, every row or none, so
running it again after a worker's death changes nothing that the first run wrote.

The job's summary and its row errors are kept with the job and read by whoever opens its page, in any
language: they are written in English (``translation.override("en")``), whatever language the job
was started in, like the API's words.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from custodiet.core.access import Capability
from custodiet.ops.jobs import JobOutcome, JobRun, job
from custodiet.places.services import places_import

IMPORT = "places.import"


@job(IMPORT, capability=Capability.EDIT_PLACES)
def import_file(run: JobRun, *, name: str, dry_run: bool) -> JobOutcome:
    def progress(done: int, expected: int | None) -> None:
        run.progress(done, expected, "lines read and checked")

    with translation.override("en"):
        summary = places_import(
            data=run.input(), name=name, by=run.started_by, commit=not dry_run, progress=progress
        )
    already = "" if summary.changed else " The register already holds everything in this file."
    return JobOutcome(
        summary=f"{name}{' (dry run)' if dry_run else ''}: {summary.describe()}{already}",
        link=(reverse("places:place_list"), "The register of places"),
        data={"import": summary.as_dict()},
    )
