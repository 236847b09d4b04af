"""Scheduled backups and audit head exports as background jobs: queued once when due (never two at once),
run by the worker to a backup that restores and a head that ``audit verify --anchors`` reads, safe to run
again after a worker's death, and shown with their last result on a page for the office."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from custodiet.core import backup
from custodiet.core.audit import audit_head, audit_record
from custodiet.ops import scheduled
from custodiet.ops.models import Job, JobState
from custodiet.ops.testing import run_queued_jobs
from custodiet.ops.worker import recover_abandoned

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings: Any, tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "backups"
    folder.mkdir()
    heads = tmp_path / "heads.txt"
    settings.CUSTODIET_BACKUP_DIR = str(folder)
    settings.CUSTODIET_BACKUP_EVERY_HOURS = "24"
    settings.CUSTODIET_AUDIT_HEAD_FILE = str(heads)
    settings.CUSTODIET_AUDIT_HEAD_EVERY_HOURS = "6"
    audit_record(actor=None, verb="test.entry", detail={"n": 1})
    return {"folder": folder, "heads": heads}


def test_nothing_is_scheduled_until_its_place_is_named(settings: Any) -> None:
    settings.CUSTODIET_BACKUP_DIR = ""
    settings.CUSTODIET_AUDIT_HEAD_FILE = ""
    assert scheduled.enqueue_due() == []
    assert not Job.objects.exists()


def test_due_jobs_are_queued_once_and_again_when_their_interval_has_passed(
    configured: dict[str, Path], clock: Any
) -> None:
    first = scheduled.enqueue_due()
    assert sorted(job.name for job in first) == [scheduled.AUDIT_HEAD, scheduled.BACKUP]
    assert scheduled.enqueue_due() == []  # not due, and the first runs have not even started
    run_queued_jobs()
    clock.move_to(clock_now(7))
    assert [job.name for job in scheduled.enqueue_due()] == [scheduled.AUDIT_HEAD]  # 6 h passed, not 24
    run_queued_jobs()
    clock.move_to(clock_now(7 + 25))
    assert sorted(job.name for job in scheduled.enqueue_due()) == [scheduled.AUDIT_HEAD, scheduled.BACKUP]


def clock_now(hours: int) -> Any:
    from custodiet.conftest import FROZEN_AT

    return FROZEN_AT + timedelta(hours=hours)


def test_a_run_still_waiting_is_never_queued_twice(configured: dict[str, Path], clock: Any) -> None:
    scheduled.enqueue_due()
    clock.move_to(clock_now(30))
    assert scheduled.enqueue_due() == []  # overdue, but the last runs have not ended
    assert Job.objects.count() == 2


def test_the_worker_writes_a_backup_that_restores_and_the_head_the_verifier_reads(
    configured: dict[str, Path], tmp_path: Path
) -> None:
    scheduled.enqueue_due()
    assert run_queued_jobs() == 2
    jobs = {job.name: job for job in Job.objects.all()}
    assert all(job.state == JobState.SUCCEEDED for job in jobs.values()), [j.error for j in jobs.values()]
    [written] = configured["folder"].glob("custodiet-*.cbk")
    assert jobs[scheduled.BACKUP].result["path"] == str(written)
    assert written.stat().st_mode & 0o077 == 0  # mode 600, as the command writes it
    head = str(audit_head())
    assert configured["heads"].read_text().splitlines() == [head]
    call_command("audit", "verify", "--anchors", str(configured["heads"]))  # the file is what verify reads
    assert backup.backup_restore(path=written, force=True).objects > 0  # the backup opens and restores


def test_the_head_is_kept_once_however_often_the_job_runs(configured: dict[str, Path], clock: Any) -> None:
    for hours in (0, 7, 14):
        clock.move_to(clock_now(hours))
        scheduled.enqueue_due()
        run_queued_jobs()
    assert len(configured["heads"].read_text().splitlines()) == 1  # the same head: written once
    audit_record(actor=None, verb="test.entry", detail={"n": 2})
    clock.move_to(clock_now(21))
    scheduled.enqueue_due()
    run_queued_jobs()
    assert configured["heads"].read_text().splitlines()[-1] == str(audit_head())
    assert len(configured["heads"].read_text().splitlines()) == 2


def test_a_backup_whose_worker_died_is_finished_by_the_next_one(
    configured: dict[str, Path], settings: Any, clock: Any
) -> None:
    scheduled.enqueue_due()
    backup_job = Job.objects.get(name=scheduled.BACKUP)
    # A worker took it and died: its task is "running" and no worker beats.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=backup_job.task_id).update(status="RUNNING", worker_ids=["dead"])
    Job.objects.filter(pk=backup_job.pk).update(state=JobState.RUNNING, attempts=1)
    (configured["folder"] / ".custodiet-half.cbk.1234.partial").write_bytes(b"half")  # what it left
    clock.move_to(clock_now(1))
    assert recover_abandoned() == 1
    run_queued_jobs()
    backup_job.refresh_from_db()
    assert backup_job.state == JobState.SUCCEEDED and backup_job.attempts == 2
    assert len(list(configured["folder"].glob("custodiet-*.cbk"))) == 1


def test_a_missing_backup_directory_is_said_on_the_job_and_the_page(
    configured: dict[str, Path], settings: Any, client_as: Any
) -> None:
    settings.CUSTODIET_BACKUP_DIR = str(configured["folder"] / "gone")
    scheduled.enqueue_due()
    run_queued_jobs()
    failed = Job.objects.get(name=scheduled.BACKUP)
    assert failed.state == JobState.FAILED and "does not exist" in failed.error
    client, _ = client_as("secretariat")
    page = client.get("/jobs/scheduled/").content.decode()
    assert "does not exist" in page and str(configured["heads"]) in page
    assert f"/jobs/{failed.pk}/" in page
    refused, _ = client_as("analyst")
    assert refused.get("/jobs/scheduled/").status_code == 403


def test_an_app_s_check_that_fails_is_logged_and_the_schedules_and_other_checks_still_run(
    configured: dict[str, Path], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Job | None:
        raise RuntimeError("the check's database is away")

    def other() -> Job | None:
        return scheduled.job_enqueue("ops.audit_head", by=None, title="other", arguments={"file": "x"})

    monkeypatch.setattr(scheduled, "_ON_EACH_BEAT", [broken, other])
    names = [job.name for job in scheduled.enqueue_due()]
    assert sorted(names) == [scheduled.AUDIT_HEAD, scheduled.AUDIT_HEAD, scheduled.BACKUP]
    assert "a check on the worker's heartbeat failed" in caplog.text
    assert scheduled.on_each_beat(other) is other and scheduled._ON_EACH_BEAT == [broken, other]  # once
