"""Scheduled work: encrypted backups and the export of the audit trail's head, as background jobs.

Two jobs run on a schedule, each configured by the environment (nothing is scheduled
until its place is named):

- ``ops.backup`` writes an encrypted backup (``custodiet.core.backup``) into
  ``CUSTODIET_BACKUP_DIR`` every ``CUSTODIET_BACKUP_EVERY_HOURS`` (default 24), named
  ``custodiet-YYYY-MM-DDTHHMM-<job>.cbk``; it never overwrites a file. Pruning old backups
  is the operator's (keep the key file as long as the backups).
- ``ops.audit_head`` appends the audit trail's head (``SEQ:HASH``, ``custodiet audit head``)
  to ``CUSTODIET_AUDIT_HEAD_FILE`` every ``CUSTODIET_AUDIT_HEAD_EVERY_HOURS`` (default 24),
  once per head; the file is what ``custodiet audit verify --anchors FILE`` reads. Put it
  where the database's administrators cannot edit it (a mount from another machine).

An app may also ask to be looked at on each heartbeat (``on_each_beat``): a function that
queues a job of its own when one is needed (the treaties' coverage kept for a new day), or
None. A failure of one is logged and the others still run.

Every running worker looks at the schedule on each heartbeat (``enqueue_due``): a job is
queued when its interval has passed since it was last queued and its last run has ended.
The schedule's row is locked while it is read and written, so that several workers queue
a job once. Each run is an ordinary job: its page shows its progress and result, the page
``/jobs/scheduled/`` shows the last run of each, and a run whose worker dies is run again
by another worker (``custodiet.ops.worker``); both jobs are safe to run again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core import clock
from custodiet.core.audit import Anchor, audit_head
from custodiet.core.backup import backup_create
from custodiet.core.errors import DomainError
from custodiet.ops.jobs import JobOutcome, JobRun, job, job_enqueue
from custodiet.ops.models import FINISHED, Job, ScheduledRun

BACKUP = "ops.backup"
AUDIT_HEAD = "ops.audit_head"
logger = logging.getLogger(__name__)
# Registered by the apps (``on_each_beat``): each queues a job when one is needed, and returns it.
_ON_EACH_BEAT: list[Callable[[], Job | None]] = []


def on_each_beat(check: Callable[[], Job | None]) -> Callable[[], Job | None]:
    """Have every worker call ``check`` on each heartbeat, after the schedules (once however often an
    app's module is imported); it returns the job it queued, or None."""
    if check not in _ON_EACH_BEAT:
        _ON_EACH_BEAT.append(check)
    return check


def _setting(name: str) -> str:
    value = getattr(settings, name, None)
    return str(value if value is not None else os.environ.get(name, "")).strip()


def _hours(name: str) -> timedelta:
    """The hours between two runs, as the settings read them (``config.env_hours``: a value that cannot
    be read, or under a quarter of an hour, stops start-up naming the variable)."""
    return timedelta(hours=float(getattr(settings, name, 24)))


@dataclass(frozen=True)
class Schedule:
    name: str  # the job
    label: Any  # what it does, for the page (lazily translated)
    setting: str  # the variable that names where it writes
    every: timedelta
    target: str  # where it writes; "" while not configured

    @property
    def hours(self) -> str:
        return f"{self.every.total_seconds() / 3600:g}"

    @property
    def configured(self) -> bool:
        return bool(self.target)

    def arguments(self) -> dict[str, str]:
        return {"directory": self.target} if self.name == BACKUP else {"file": self.target}


def schedules() -> list[Schedule]:
    return [
        Schedule(
            BACKUP,
            gettext_lazy("Encrypted backup of the database"),
            "CUSTODIET_BACKUP_DIR",
            _hours("CUSTODIET_BACKUP_EVERY_HOURS"),
            _setting("CUSTODIET_BACKUP_DIR"),
        ),
        Schedule(
            AUDIT_HEAD,
            gettext_lazy("Export of the audit trail's head"),
            "CUSTODIET_AUDIT_HEAD_FILE",
            _hours("CUSTODIET_AUDIT_HEAD_EVERY_HOURS"),
            _setting("CUSTODIET_AUDIT_HEAD_FILE"),
        ),
    ]


def enqueue_due(now: datetime | None = None) -> list[Job]:
    """Queue every configured scheduled job that is due (and whose last run has ended), then run the apps'
    checks (``on_each_beat``); the jobs queued."""
    now = now or clock.now()
    queued = []
    for schedule in schedules():
        if not schedule.configured:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.get_or_create(name=schedule.name)
        except IntegrityError:  # created at the same moment by another worker
            pass
        with transaction.atomic():
            row = (
                ScheduledRun.objects.select_for_update(of=("self",))
                .select_related("last_job")
                .get(name=schedule.name)
            )
            if row.last_enqueued_at is not None and now - row.last_enqueued_at < schedule.every:
                continue
            if row.last_job is not None and row.last_job.state not in FINISHED:
                continue  # still waiting or running: never two at once
            title = _("%(what)s, scheduled every %(hours)s h") % {
                "what": schedule.label,
                "hours": schedule.hours,
            }
            made = job_enqueue(schedule.name, by=None, title=title, arguments=schedule.arguments())
            row.last_enqueued_at, row.last_job = now, made
            row.save(update_fields=["last_enqueued_at", "last_job"])
            queued.append(made)
    for check in _ON_EACH_BEAT:
        try:
            found = check()
        except Exception:  # one app's check that fails is logged; the others and the schedules still run
            logger.exception("a check on the worker's heartbeat failed", extra={"check": check.__qualname__})
            continue
        if found is not None:
            queued.append(found)
    return queued


@dataclass(frozen=True)
class ScheduleStatus:
    schedule: Schedule
    last_job: Job | None
    next_due: datetime | None


def status() -> list[ScheduleStatus]:
    """Each schedule with its last run and when it is next due (two queries)."""
    rows = {row.name: row for row in ScheduledRun.objects.select_related("last_job")}
    found = []
    for schedule in schedules():
        row = rows.get(schedule.name)
        last = row.last_job if row else None
        due = None
        if schedule.configured:
            due = (row.last_enqueued_at + schedule.every) if row and row.last_enqueued_at else clock.now()
        found.append(ScheduleStatus(schedule, last, due))
    return found


@job(BACKUP)
def scheduled_backup(run: JobRun, *, directory: str) -> JobOutcome:
    """Write one encrypted backup into the directory; run again, it finds the file it wrote and stops."""
    folder = Path(directory)
    if not folder.is_dir():
        raise DomainError(_("The backup directory %(folder)s does not exist.") % {"folder": folder})
    moment = run.job.enqueued_at
    path = folder / f"custodiet-{moment:%Y-%m-%dT%H%M}-{str(run.job.pk)[:8]}.cbk"
    if path.exists():  # an earlier attempt of this job wrote it whole (a backup is renamed into place)
        return JobOutcome(
            summary=_("The backup %(path)s was written by an earlier attempt of this job.") % {"path": path},
            data={"path": str(path)},
        )
    run.progress(0, 1, _("writing the backup"))
    written = backup_create(path=path, by=None)
    run.progress(1, 1, _("written"))
    return JobOutcome(
        summary=_("Backup written to %(path)s: %(objects)s records, key %(key)s, audit head %(head)s.")
        % {
            "path": path,
            "objects": written.objects,
            "key": written.key_id,
            "head": written.audit_head or "—",
        },
        data={
            "path": str(path),
            "objects": written.objects,
            "key": written.key_id,
            "audit_head": str(written.audit_head or ""),
        },
    )


@job(AUDIT_HEAD)
def export_audit_head(run: JobRun, *, file: str) -> JobOutcome:
    """Append the audit trail's head to the file, unless it is already its last line (safe to run again)."""
    head = audit_head()
    if head is None:
        return JobOutcome(summary=_("The audit trail is empty: there is no head to keep yet."))
    target = Path(file)
    line = str(head)
    if _last_line(target) == line:
        return JobOutcome(
            summary=_("The head %(head)s is already the last line of %(file)s.")
            % {"head": line, "file": target},
            data={"head": line, "file": str(target)},
        )
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        with os.fdopen(descriptor, "a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as problem:
        raise DomainError(
            _("The head could not be written to %(file)s: %(reason)s")
            % {"file": target, "reason": problem.strerror or problem}
        ) from None
    return JobOutcome(
        summary=_("Head %(head)s appended to %(file)s.") % {"head": line, "file": target},
        data={"head": line, "file": str(target)},
    )


def _last_line(path: Path) -> str:
    """The file's last non-empty line (read from its end: the file grows for years)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 4096))
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    lines = [text.strip() for text in tail.splitlines() if text.strip()]
    if not lines:
        return ""
    try:
        return str(Anchor.parse(lines[-1].removeprefix("head: ")))
    except ValueError:
        return lines[-1]
