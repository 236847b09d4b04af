"""How long a write waits behind a large intake import, on SQLite (issue 14: one document stopped every write).

A throwaway data directory is migrated and given the reference data; then `custodiet intake add`
imports a large news document (650 KB by default, BENCH_IMPORT_KB; the same generator as the load
test) in a process of its own, while this script, in another, takes SQLite's write lock every
20 ms (`BEGIN IMMEDIATE; COMMIT`: what every login and write of the application must do first)
and notes how long each wait took. The baseline is the same probe over the same time with no
import running. Before part B of the issue, the whole analysis ran inside the import's write
transaction, so one such wait lasted as long as the analysis (minutes for a large document).

    python bench/bench_import_lock.py          # writes bench/out/import_lock.md
"""

from __future__ import annotations

import os
import platform
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_load import IMPORT_KB, import_document  # the load test's own document

BIN = Path(sys.executable).parent
EVERY = 0.02  # seconds between two probes


def probe(database: Path, stop: threading.Event, waits: list[float]) -> None:
    db = sqlite3.connect(database, timeout=600, isolation_level=None)
    try:
        while not stop.is_set():
            started = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.execute("COMMIT")
            waits.append(time.perf_counter() - started)
            stop.wait(EVERY)
    finally:
        db.close()


def summary(waits: list[float]) -> str:
    ordered = sorted(waits)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"{len(waits):,} | {1000 * statistics.median(waits):.1f} ms | {1000 * p99:.1f} ms | "
        f"{1000 * max(waits):.0f} ms"
    )


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="custodiet-lock-"))
    env = dict(
        os.environ,
        CUSTODIET_DATA_DIR=str(directory),
        CUSTODIET_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE="custodiet.settings",
        CUSTODIET_LOG_LEVEL="ERROR",
    )
    env.pop("CUSTODIET_DATABASE_URL", None)
    for args in (("migrate", "--no-input", "-v", "0"), ("treaty", "load-reference")):
        subprocess.run([str(BIN / "custodiet"), *args], env=env, check=True, capture_output=True)
    database = directory / "custodiet.sqlite3"
    document = import_document(650, directory)
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA journal_mode=WAL")

    stop = threading.Event()
    quiet: list[float] = []
    thread = threading.Thread(target=probe, args=(database, stop, quiet))
    thread.start()
    time.sleep(10)
    stop.set()
    thread.join()

    stop = threading.Event()
    busy: list[float] = []
    thread = threading.Thread(target=probe, args=(database, stop, busy))
    thread.start()
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "custodiet"), "intake", "add", str(document)], env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - started
    stop.set()
    thread.join()
    assert done.returncode == 0, done.stderr[-2000:]
    load = os.getloadavg()
    text = "\n".join(
        [
            f"`bench/bench_import_lock.py`, {date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, SQLite (WAL); load average {load[0]:.1f} at the end (shared machine). "
            f"`custodiet intake add` of a {document.stat().st_size / 1024:,.0f} KB HTML news document "
            f"(generated as the load test's, BENCH_IMPORT_KB={IMPORT_KB} there) took {took:.1f} s, start-up included; "
            f"a probe in another process took SQLite's write lock every {1000 * EVERY:.0f} ms meanwhile "
            "(`BEGIN IMMEDIATE; COMMIT`, what every write and login does first). Baseline: the same probe for 10 s "
            "with no import.",
            "",
            "| | probes | median wait | p99 wait | longest wait |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| no import (baseline) | {summary(quiet)} |",
            f"| while the import runs | {summary(busy)} |",
            "",
            f"Import output: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else '(none)'}",
        ]
    )
    print(text)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "import_lock.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
