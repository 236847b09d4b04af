"""``custodiet intake add`` killed with SIGKILL after its last document and before the events' recount.

Real processes and a real SQLite file, as in production: the first process is killed
(``kill -9``, nothing of it runs after) at the moment the issue names; the event must
then show every document on record at once, and running the same command again must
leave it exactly as an import that was never interrupted leaves it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from custodiet.intake.tests.test_write_transactions import reports_on_the_duma_vote

pytestmark = pytest.mark.slow_subprocess

EVENT_COLUMNS = (
    "title, document_count, source_count, fact_count, contradiction_count, "
    "first_published, last_published, first_date, last_date"
)
# The same command, in a process that kills itself (SIGKILL) where the events would be recounted.
KILLED_AT_THE_RECOUNT = """
import os, signal, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
django.setup()
from custodiet.intake import services
services.event_refresh = lambda **kwargs: os.kill(os.getpid(), signal.SIGKILL)
from django.core.management import call_command
call_command("intake", "add", sys.argv[1])
"""


def _env(directory: Path) -> dict[str, str]:
    env = dict(os.environ, CUSTODIET_DATA_DIR=str(directory), DJANGO_SETTINGS_MODULE="custodiet.settings")
    env.pop("CUSTODIET_DATABASE_URL", None)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False, timeout=300
    )


def _events(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT {EVENT_COLUMNS} FROM intake_event ORDER BY id").fetchall()  # noqa: S608


def _documents(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM intake_document").fetchone()[0])


def test_a_killed_import_leaves_its_event_right_or_repaired_by_the_same_command() -> None:
    killed_dir, clean_dir = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    articles = reports_on_the_duma_vote(Path(tempfile.mkdtemp()), 30)
    done = _run(_env(killed_dir), "-m", "custodiet.cli", "migrate", "--no-input", "-v", "0")
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.copy(killed_dir / "custodiet.sqlite3", clean_dir / "custodiet.sqlite3")
    killed_db, clean_db = killed_dir / "custodiet.sqlite3", clean_dir / "custodiet.sqlite3"

    cut = _run(_env(killed_dir), "-c", KILLED_AT_THE_RECOUNT, str(articles))
    assert cut.returncode == -signal.SIGKILL, cut.stderr[-2000:]
    assert _documents(killed_db) == 30
    [(_title, documents, *_rest)] = _events(killed_db)
    assert documents == 30  # every document on record is counted, though the recount never ran

    again = _run(_env(killed_dir), "-m", "custodiet.cli", "intake", "add", str(articles))
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.startswith("0 added, 30 unchanged")

    clean = _run(_env(clean_dir), "-m", "custodiet.cli", "intake", "add", str(articles))
    assert clean.returncode == 0, clean.stderr[-2000:]
    assert _events(killed_db) == _events(clean_db)  # as if it had never been killed
    [(_title, documents, _sources, facts, contradictions, *_dates)] = _events(clean_db)
    assert (documents, contradictions) == (30, 1) and facts > 30
