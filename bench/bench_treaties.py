"""Benchmark of the treaty engine and the treaty pages, with every bundled chart loaded.

1. Coverage of every State by every international body on every day of a year, two ways over
   the same rows, in the same run:
   - the engine (``world.coverage_by_day``: each State's answers are evaluated once per change,
     with hindsight, completeness, windows and declarations, then read for every day);
   - plain date arithmetic (the baseline): for each State and instrument, the entry into force
     from the deposit by the clause and the end from the ending's date, then
     ``entry <= day < end`` for every day; it knows nothing of "uncertain" or "unknown".
   Both produce an answer per State, body and day; the table gives State-body evaluations per
   second, the ratio of the times, and how often the two agree where the engine's answer is
   a plain yes or no.
2. The full evaluation with every reason (``engine.coverage``), for reference.
3. The treaty pages' queries and median time as the record grows (0, 200, 2,000 extra acts),
   beside a bare Django page.

Runs against a throwaway SQLite database; prints Markdown and writes bench/out/treaties.md.
BENCH_TREATIES_PAGES_ONLY=1 runs part 3 alone (the pages against the bare page).

Part 3 also measures the coverage page after a write once the job queued by the write has run (a note
of one act saved, then the queue run in this process, outside the time measured), and the first
request for it in another web process (a new Python process on the same database, whose own memory
holds nothing: it finds the answer in the cache every process shares, or computes it where the cache
is each process's own); that process is this script again, with BENCH_TREATIES_SECOND_PROCESS set.
The first request after a write follows a real write (a new version of the data: neither the cache nor
the process's engine serves), and the coverage page on a day nobody asked before asks a new day each
request (the process's engine and the years' chart serve; the day's table is computed).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECOND_PROCESS = os.environ.get("BENCH_TREATIES_SECOND_PROCESS", "")  # the first process's data directory
os.environ["CUSTODIET_DATA_DIR"] = SECOND_PROCESS or tempfile.mkdtemp(prefix="custodiet-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client

from custodiet.core import clock
from custodiet.treaties import selectors, world
from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.periods import ending_effect
from custodiet.treaties.records import CONSENT_KINDS, ENDING_KINDS, Action
from custodiet.treaties.rules import Body, TreatyEngine
from custodiet.treaties.services import charts_load, reference_load
from custodiet.treaties.timeline import coverage_timeline

YEAR = 2026
RUNS = 5
PAGES_ONLY = os.environ.get("BENCH_TREATIES_PAGES_ONLY") == "1"


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The median time of ``runs`` runs of ``work``, and its last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def plain_arithmetic(
    engine: TreatyEngine, rows: list[Action], states: list[str], bodies: list[Body], days: list[date]
) -> dict[tuple[str, str], list[str]]:
    """The baseline: in force from the clause's date for the deposit, until the ending's date; no more."""
    spans: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    for row in sorted(rows, key=lambda act: act.on):
        key = (row.state, row.instrument)
        spec = engine.spec(row.instrument)
        if row.kind in CONSENT_KINDS:
            spans[key].append((spec.entry_into_force.for_consent(row.on), date.max))
        elif row.kind == "entry_into_force" and not spans[key]:
            spans[key].append((row.on, date.max))
        elif row.kind in ENDING_KINDS and spans[key]:
            start, _ = spans[key][-1]
            spans[key][-1] = (start, ending_effect(spec, row, in_force_from=start).first)
    answers = {}
    for state in states:
        for body in bodies:
            found = spans.get((state, body.instrument or ""), []) if body.basis == "treaty" else []
            answers[(state, body.code)] = [
                "yes" if any(start <= day < end for start, end in found) else "no" for day in days
            ]
    return answers


def coverage_year() -> list[str]:
    engine = selectors.engine_for_all()
    bodies = selectors.international_bodies()
    states = sorted(State.objects.values_list("code", flat=True))
    rows = [
        row.as_action(row.state.code, row.instrument.code)
        for row in TreatyAction.objects.select_related("state", "instrument")
    ]
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    evaluations = len(states) * len(bodies) * len(days)

    engine_time, by_engine = best_of(RUNS, lambda: world.coverage_by_day(engine, states, bodies, start, end))

    def day_by_day() -> dict[tuple[str, str], list[str]]:
        found = {}
        for state in states:
            for body in bodies:
                timeline = coverage_timeline(engine, state, body, start, end)
                assert timeline is not None
                found[(state, body.code)] = [timeline.at(day) for day in days]
        return found

    lookup_time, by_lookup = best_of(RUNS, day_by_day)
    assert by_lookup == by_engine
    plain_time, by_plain = best_of(RUNS, lambda: plain_arithmetic(engine, rows, states, bodies, days))
    decided = agree = 0
    counts: dict[str, int] = defaultdict(int)
    for key, answers in by_engine.items():
        for mine, theirs in zip(answers, by_plain[key], strict=True):
            counts[mine] += 1
            if mine in ("yes", "no"):
                decided += 1
                agree += mine == theirs
    sample = [date(YEAR, month, 1) for month in range(1, 13)]
    full_time, _ = best_of(
        1, lambda: [engine.coverage(state, day, bodies) for state in states for day in sample]
    )
    full_rate = len(states) * len(bodies) * len(sample) / full_time
    shares = ", ".join(f"{answer} {counts[answer]:,}" for answer in ("yes", "no", "uncertain", "unknown"))
    return [
        f"| engine: `world.coverage_by_day` | {evaluations:,} | {engine_time * 1000:.0f} ms "
        f"| **{evaluations / engine_time:,.0f}/s** | {engine_time / plain_time:.2f}x |",
        f"| engine, one lookup per day (`Timeline.at`) | {evaluations:,} | {lookup_time * 1000:.0f} ms "
        f"| {evaluations / lookup_time:,.0f}/s | {lookup_time / plain_time:.2f}x |",
        f"| baseline: plain date arithmetic over the same {len(rows):,} rows | {evaluations:,} "
        f"| {plain_time * 1000:.0f} ms | {evaluations / plain_time:,.0f}/s | 1x |",
        f"| full evaluation with every reason (`engine.coverage`), 1st of each month "
        f"| {len(states) * len(bodies) * len(sample):,} | {full_time * 1000:.0f} ms | {full_rate:,.0f}/s | |",
        "",
        f"The engine's answers: {shares}. Where it answers yes or no, the baseline agrees on "
        f"{agree:,} of {decided:,} ({agree / decided:.2%}); the rest are where the baseline cannot "
        'say "uncertain" or "unknown" and answers "no" or "yes" instead.',
    ]


def timed_get(
    client: Client,
    url: str | Callable[[], str],
    repeats: int = 15,
    before_each: Callable[[], Any] = lambda: None,
) -> tuple[int, float, float]:
    """Queries, median wall-clock ms and median CPU ms of this process (SQLite runs in it: the CPU time is
    the request's own work, which a machine shared with other jobs does not inflate as it does the wall
    clock). ``before_each`` runs before every request, outside the time measured; ``url`` may be a
    function that gives a new address for each request."""
    address = url if callable(url) else lambda: url
    before_each()
    client.get(address())  # warm
    times, cpu = [], []
    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    before_each()
    with connection.execute_wrapper(count):
        client.get(address())
    for _ in range(repeats):
        before_each()
        asked = address()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(asked)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, asked
    return len(counted), statistics.median(times) * 1000, statistics.median(cpu) * 1000


def one_connection() -> None:
    """Keep one connection across requests, so that every query of a request is counted."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


def written() -> None:
    """A write to the treaty data (one act's note saved): a new version of the data, nothing kept for it."""
    act = TreatyAction.objects.filter(state__code="RU").order_by("id").first()
    assert act is not None
    act.note = f"benchmark {time.perf_counter()}"
    act.save(update_fields=["note"])


def written_and_kept() -> None:
    """A write to the treaty data, then the jobs it queued run, as a worker would."""
    from custodiet.ops.testing import run_queued_jobs

    written()
    run_queued_jobs(worker_id="bench")


DAYS_ASKED = iter(date(1990, 1, 1) + timedelta(days=17 * n) for n in range(10_000))


def a_day_not_asked() -> str:
    """The coverage page on a day no request has asked before (every 17 days from 1990)."""
    return f"/treaties/coverage/?on={next(DAYS_ASKED).isoformat()}"


def second_process() -> None:
    """In a new process: the bare page once (the process's own start), then the coverage page's first
    request, timed; prints its queries, wall-clock and CPU milliseconds as JSON."""
    one_connection()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/accounts/login/")
    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get("/treaties/coverage/")
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    assert response.status_code == 200
    print(json.dumps({"queries": len(counted), "wall": wall * 1000, "cpu": cpu * 1000}))


def in_second_processes(runs: int = 5) -> tuple[int, float, float]:
    """The coverage page's first request in each of ``runs`` new processes: queries, median ms, CPU ms."""
    found = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__],
            env={**os.environ, "BENCH_TREATIES_SECOND_PROCESS": os.environ["CUSTODIET_DATA_DIR"]},
            capture_output=True,
            text=True,
            check=True,
        )
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return (
        found[-1]["queries"],
        statistics.median(item["wall"] for item in found),
        statistics.median(item["cpu"] for item in found),
    )


def pages() -> list[str]:
    one_connection()
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
        measured = []
        for label, url in (
            ("bare Django page (the login form)", "/accounts/login/"),
            ("state page /treaties/states/RU/ (its timeline paged, first page)", "/treaties/states/RU/"),
            ("state page, the timeline's last page", "/treaties/states/RU/?last=1"),
            ("instrument page /treaties/instruments/ETS-126/", "/treaties/instruments/ETS-126/"),
            ("every State's coverage /treaties/coverage/", "/treaties/coverage/"),
            (
                "every State's coverage, the first request after a write (nothing kept)",
                "/treaties/coverage/?",
            ),
            (
                "every State's coverage on a day nobody asked before (`?on=`, a new day each request)",
                "new day",
            ),
            ("every State's coverage after a write, once the job it queued ran", "/treaties/coverage/?job"),
            ("every State's coverage, the first request in another web process", "second process"),
        ):
            # The coverage page keeps its answer for the treaty data's version: its first request after a
            # write computes it (a real write: a new version); the next ones read what was kept.
            if url == "second process":
                client.get("/treaties/coverage/")  # kept by this process, for the other to find
                measured.append((label, *in_second_processes()))
                continue
            first, job = url.endswith("?"), url.endswith("?job")
            # After a write: a new version of the data, so nothing kept (nor this process's engine) serves.
            before_each = written if first else written_and_kept if job else lambda: None
            queries, median, cpu = timed_get(
                client,
                a_day_not_asked if url == "new day" else url,
                repeats=5 if first or job else 15,
                before_each=before_each,
            )
            measured.append((label, queries, median, cpu))
        bare, bare_cpu = measured[0][2], measured[0][3]
        for label, queries, median, cpu in [*measured[1:], measured[0]]:
            rows.append(
                f"| {label} | {extra:,} | {queries} | {median:.1f} ms | {median / bare:.1f}x "
                f"| {cpu:.1f} ms | {cpu / bare_cpu:.1f}x |"
            )
    return rows


def main() -> None:
    call_command("migrate", verbosity=0)
    reference_load()
    charts_load(clock.today())
    lines = [
        f"### Treaty engine ({clock.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite, {TreatyAction.objects.count():,} acts on record, "
        f"load average {os.getloadavg()[0]:.1f} at the start)",
        "",
        f"Coverage of every State by every international body on every day of {YEAR} "
        f"(median of {RUNS} runs each):",
        "",
        "| how | State-body evaluations | time | rate | time vs baseline |",
        "| --- | --- | --- | --- | --- |",
        *(["(not run: BENCH_TREATIES_PAGES_ONLY)"] if PAGES_ONLY else coverage_year()),
        "",
        "| page | extra acts on record | queries | median time | vs bare page | median CPU time | CPU vs bare page |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *pages(),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "treaties.md").write_text(text)


if __name__ == "__main__":
    second_process() if SECOND_PROCESS else main()
