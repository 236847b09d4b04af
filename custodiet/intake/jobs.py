"""The intake's background job: an import started from the page or the API.

What was given (uploaded files, a pasted text with what is known of it, a document
posted to the API) travels with the job as one bundle (``custodiet.ops.models.JobInput``,
deleted when the job ends) and is read as ``custodiet intake add`` reads files: each
document analysed outside any transaction and stored in a short one of its own, the
events recounted at the end. Run again after a worker's death, the job finds the
documents already stored and goes on: nothing is imported twice, and the recount at
its end repairs what the death left.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodiet.core.access import Actor, Capability
from custodiet.intake.services import Outcome, Summary, import_items, pasted_line
from custodiet.intake.sources import Format, Item, read_bytes
from custodiet.ops.jobs import JobOutcome, JobRun, job, job_enqueue
from custodiet.ops.models import Job

IMPORT = "intake.import"
LISTED = 1000  # documents and skipped inputs listed in a job's result; the counts are always whole


@dataclass(frozen=True)
class Given:
    """One input of an import: its bytes, where it came from, and how to read it."""

    origin: str  # "upload:name.txt", "pasted", "api"
    data: bytes
    name: str = ""  # a file's name: its suffix says how to read it
    format: Format | None = None  # or said outright (a JSON line)


def bundle(inputs: Iterable[Given]) -> bytes:
    """The inputs as the one file a job carries."""
    return json.dumps(
        [
            {
                "origin": given.origin,
                "name": given.name,
                "format": given.format,
                "data": base64.b64encode(given.data).decode("ascii"),
            }
            for given in inputs
        ]
    ).encode("utf-8")


def unbundle(data: bytes) -> list[Given]:
    return [
        Given(
            origin=str(entry["origin"]),
            data=base64.b64decode(entry["data"]),
            name=str(entry.get("name") or ""),
            format=entry.get("format") or None,
        )
        for entry in json.loads(data or b"[]")
    ]


def _items(inputs: Iterable[Given]) -> Iterator[Item]:
    for given in inputs:
        yield from read_bytes(
            given.data, given.origin, fmt=given.format, path=Path(given.name) if given.name else None
        )


def import_enqueue(
    *, files: list[tuple[str, bytes]], text: str = "", meta: dict[str, str] | None = None, by: Actor
) -> Job:
    """Start an import of uploaded files and a pasted text in the background; returns the job."""
    inputs = [
        Given(origin=f"upload:{Path(name).name or 'upload'}", data=data, name=Path(name).name or "upload")
        for name, data in files
    ]
    if text.strip():
        inputs.append(Given(origin="pasted", data=pasted_line(text, meta), format="jsonl"))
    return job_enqueue(
        IMPORT,
        by=by,
        title=_import_title([Path(name).name for name, _data in files], pasted=bool(text.strip())),
        arguments={"inputs": len(inputs), "language": translation.get_language() or settings.LANGUAGE_CODE},
        input=bundle(inputs),
        input_name="intake-import.json",
    )


def api_enqueue(*, line: bytes, by: Actor) -> Job:
    """Start the import of one document posted to the API (its JSON line) in the background."""
    return job_enqueue(
        IMPORT,
        by=by,
        title="Import of a document posted to the API",
        arguments={"inputs": 1, "language": "en"},  # the API speaks English, whatever the account's language
        input=bundle([Given(origin="api", data=line, format="jsonl")]),
        input_name="intake-api.json",
    )


@job(IMPORT, capability=Capability.EDIT_INTAKE)
def import_documents(run: JobRun, language: str = "", **_arguments: Any) -> JobOutcome:
    read = 0
    # The job speaks the language of the page it was started from (English for the API): its progress, its
    # summary and the reasons for what was skipped are read on the job's page, beside its title.
    starter = run.started_by
    with translation.override(language or settings.LANGUAGE_CODE):
        note = _("documents read")

        def progress(_outcome: Outcome) -> None:
            nonlocal read
            read += 1
            run.progress(read, None, note)

        summary = import_items(_items(unbundle(run.input())), by=starter, progress=progress)
        run.progress(read, read, note)
        return _outcome(summary)


def _outcome(summary: Summary) -> JobOutcome:
    said = _("%(added)s added, %(unchanged)s already there, %(skipped)s skipped") % {
        "added": summary.added,
        "unchanged": summary.unchanged,
        "skipped": len(summary.skipped),
    }
    reasons = "; ".join(f"{o.origin}: {o.reason}" for o in summary.skipped[:10])
    documents = [o.document for o in summary.outcomes if o.document is not None]
    if len(documents) == 1:
        link = (reverse("intake:document_detail", args=[documents[0]]), _("The document"))
    else:
        link = (reverse("intake:event_list"), _("The timelines"))
    return JobOutcome(
        summary=said + (f" ({reasons})." if reasons else "."),
        link=link,
        data={
            "added": summary.added,
            "unchanged": summary.unchanged,
            "documents": documents[:LISTED],
            "events": sorted(summary.events)[:LISTED],
            "skipped": [{"origin": o.origin, "reason": o.reason} for o in summary.skipped[:LISTED]],
            "skipped_count": len(summary.skipped),
        },
    )


def _import_title(names: list[str], *, pasted: bool) -> str:
    """The job's title, in the language of the page that started it: what is imported, by name."""
    shown = ", ".join(names[:3])
    if len(names) > 3:
        more = len(names) - 3
        shown = ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
            "names": shown,
            "count": more,
        }
    if shown and pasted:
        return _("Import of %(files)s and a pasted text into the intake") % {"files": shown}
    if pasted:
        return _("Import of a pasted text into the intake")
    return _("Import of %(files)s into the intake") % {"files": shown}
