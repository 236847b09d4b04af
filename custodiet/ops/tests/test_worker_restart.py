"""A worker killed with SIGKILL in the middle of a job: another worker, started later, runs the job again
to its end. Real processes, a real SQLite file, the real clock (the workers'), as in production."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow_subprocess

STALE = 30  # CUSTODIET_WORKER_STALE_SECONDS: the least it may be


def _env(directory: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        CUSTODIET_DATA_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="custodiet.settings",
        CUSTODIET_WORKER_STALE_SECONDS=str(STALE),
    )
    env.pop("CUSTODIET_DATABASE_URL", None)
    return env


def _custodiet(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "custodiet.cli", *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _job(database: Path) -> tuple[str, int]:
    with sqlite3.connect(database) as db:
        state, attempts = db.execute("SELECT state, attempts FROM ops_job").fetchone()
    return str(state), int(attempts)


def test_a_job_whose_worker_was_killed_is_finished_by_the_next_worker() -> None:
    directory = Path(tempfile.mkdtemp())
    env = _env(directory)
    _custodiet(env, "migrate", "--no-input", "-v", "0")
    _custodiet(
        env,
        "shell",
        "-c",
        "from custodiet.ops.jobs import job_enqueue;"
        "job_enqueue('ops.probe', by=None, title='Probe', arguments={'seconds': 4, 'steps': 40})",
    )
    database = directory / "custodiet.sqlite3"
    command = [sys.executable, "-m", "custodiet.cli", "worker", "--interval", "0.2"]
    first = subprocess.Popen([*command, "--worker-id", "first"], env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 240  # generous: a loaded machine starts processes slowly
        while _job(database)[0] != "running":
            assert time.monotonic() < deadline, "the first worker never started the job"
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert _job(database) == ("running", 1)  # left behind, as a machine that died leaves it
    time.sleep(STALE + 1)  # the first worker's heartbeat grows old
    second = subprocess.run(  # noqa: S603
        [*command, "--worker-id", "second", "--batch"], env=env, capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert _job(database) == ("succeeded", 2)
    assert "task recovered from a stopped worker" in second.stderr
