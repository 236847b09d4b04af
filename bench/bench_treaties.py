"""Benchmark of the treaty engine and the state page.

1. Coverage of every state by every monitoring body for every day of a year:
   evaluations per second (a state-day, and a state-day-body).
2. The state page's database queries and median time as the number of recorded
   actions grows (0, 200, 2,000 extra actions), beside a bare Django page.

Runs against a throwaway SQLite database; prints Markdown and writes bench/out/treaties.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CUSTODIET_DATA_DIR"] = tempfile.mkdtemp(prefix="custodiet-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client

from custodiet.treaties import selectors
from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.services import chart_load_bundled, reference_load

YEAR = 2026


def coverage_year() -> list[str]:
    engine = selectors.engine_for_all()
    bodies = selectors.all_bodies()
    states = list(State.objects.values_list("code", flat=True))
    days = [date(YEAR, 1, 1) + timedelta(days=offset) for offset in range(365)]
    started = time.perf_counter()
    covered = 0
    for state in states:
        for day in days:
            covered += bool(engine.coverage(state, day, bodies).mechanisms)
    elapsed = time.perf_counter() - started
    evaluations = len(states) * len(days)
    return [
        f"| coverage, every state x every day of {YEAR} | {evaluations:,} state-days x {len(bodies)} bodies "
        f"| {elapsed:.2f} s | **{evaluations / elapsed:,.0f} state-days/s** "
        f"({evaluations * len(bodies) / elapsed:,.0f} body evaluations/s) |",
    ]


def timed_get(client: Client, url: str, repeats: int = 15) -> tuple[int, float]:
    client.get(url)  # warm
    times = []
    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return len(counted), statistics.median(times) * 1000


def pages() -> list[str]:
    # Keep one connection across requests, so that every query of a request is counted.
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    ru = State.objects.get(code="RU")
    instruments = list(Instrument.objects.all())
    added = 0
    for extra in (0, 200, 2000):
        while added < extra:
            instrument = instruments[added % len(instruments)]
            TreatyAction.objects.create(
                state=ru,
                instrument=instrument,
                kind="ratification_law_signed",
                on=date(1900, 1, 1) + timedelta(days=added),
                source="benchmark",
            )
            added += 1
        for label, url in (
            ("state page /treaties/states/RU/", "/treaties/states/RU/"),
            ("instrument page /treaties/instruments/ETS-126/", "/treaties/instruments/ETS-126/"),
            ("bare Django page (the login form)", "/accounts/login/"),
        ):
            queries, median = timed_get(client, url)
            rows.append(f"| {label} | {extra:,} | {queries} | {median:.1f} ms |")
    return rows


def main() -> None:
    call_command("migrate", verbosity=0)
    reference_load()
    chart_load_bundled(date.today())
    lines = [
        f"### Treaty engine ({date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite)",
        "",
        "| what | size | time | rate |",
        "| --- | --- | --- | --- |",
        *coverage_year(),
        "",
        "| page | extra actions on record | queries | median time |",
        "| --- | --- | --- | --- |",
        *pages(),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "treaties.md").write_text(text)


if __name__ == "__main__":
    main()
