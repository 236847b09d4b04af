"""The long schemathesis run (issue 13): the API against its own OpenAPI schema, at least 5,000 calls.

Every operation of /api/schema/ is called with data generated from the schema (schemathesis driving
Hypothesis, derandomized: the same calls for the same schema, every run), as the secretariat, as a
State's liaison and as an anonymous caller, in process (WSGI, no network), with the checks of the
suite's short run (``custodiet/core/tests/schema_run.py``): no server error (5xx), every status code
documented, every body valid against the documented one. The run fails (exit 1) on any failed check.

The figures: calls, calls by status, failed checks by kind, and the time per call beside a plain
``GET /healthz`` through the same WSGI application in the same run (the baseline: what a call costs
without the API's work; it answers 503 here, no worker beating, after the same checks).

Throwaway SQLite in a temporary CUSTODIET_DATA_DIR with the reference data, a place, a planned visit and
a draft report, so that calls find records. Prints Markdown and writes bench/out/api_schema.md.
About ten minutes on 2 CPUs.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = tempfile.mkdtemp(prefix="custodiet-bench-")
atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)  # the throwaway database goes with the run
os.environ["CUSTODIET_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ["CUSTODIET_REQUIRE_2FA"] = "false"  # the API is measured, not the login
os.environ["CUSTODIET_ALLOWED_HOSTS"] = "testserver,localhost"  # the test client's and the WSGI calls' hosts

import logging

import django

django.setup()
logging.disable(
    logging.WARNING
)  # thousands of refused calls (403, 404) would each log a line; errors still do

from django.core.management import call_command
from django.test import Client

from custodiet.core import clock
from custodiet.core.models import Role, User
from custodiet.core.tests.schema_run import Stats, load_schema, run, session_headers

EXAMPLES = int(os.environ.get("BENCH_SCHEMA_EXAMPLES", "30"))  # per operation and caller
MINIMUM_CALLS = 5_000
BASELINE_RUNS = 300


def world() -> dict[str, Any]:
    """Reference data, three accounts and a few records for the calls to find."""
    from custodiet.places.services import place_create
    from custodiet.reports.models import LiaisonAssignment
    from custodiet.reports.services import report_create
    from custodiet.treaties.models import MonitoringBody, State
    from custodiet.treaties.services import reference_load
    from custodiet.visits.services import visit_plan

    reference_load()
    russia = State.objects.get(code="RU")
    cpt = MonitoringBody.objects.get(code="CPT")
    secretariat = User.objects.create_user(username="bench-secretariat", role=Role.SECRETARIAT)
    liaison = User.objects.create_user(username="bench-liaison", role=Role.STATE_LIAISON)
    LiaisonAssignment.objects.create(user=liaison, state=russia, assigned_on=date(2024, 1, 1))
    place_create(
        ref="RU-SIZO-1",
        state=russia,
        name_local="СИЗО-1",
        name_en="Pre-trial centre No. 1",
        type="pre_trial",
        time_zone="Europe/Moscow",
        by=secretariat,
    )
    visit_plan(
        body=cpt,
        state=russia,
        time_zone="Europe/Moscow",
        kind="periodic",
        planned_start=date(2027, 3, 1),
        planned_end=date(2027, 3, 5),
        by=secretariat,
    )
    report_create(body=cpt, state=russia, title="Report on the periodic visit", by=secretariat)
    return {"secretariat": secretariat, "liaison": liaison}


def baseline_ms() -> float:
    """The median time of a plain GET /healthz through the same application (the cost of a bare call)."""
    client = Client()
    client.get("/healthz")
    times = []
    for _ in range(BASELINE_RUNS):
        started = time.perf_counter()
        response = client.get("/healthz")
        times.append(time.perf_counter() - started)
        assert response.status_code in (200, 503), response.status_code  # 503: no worker beats here
    return statistics.median(times) * 1000


def report(stats: Stats, seconds: float, operations: int, base: float) -> str:
    per_call = seconds * 1000 / max(stats.calls, 1)
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(stats.statuses.items()))
    kinds = Counter(check for _, check, _ in stats.failures)
    lines = [
        "## The API against its OpenAPI schema (schemathesis, long run)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite, {clock.today().isoformat()}.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| operations in the schema | {operations} |",
        "| callers | secretariat, State liaison, anonymous |",
        f"| examples per operation and caller | {EXAMPLES} |",
        f"| calls made | {stats.calls} |",
        f"| server errors (5xx) | {stats.server_errors} |",
        f"| responses outside the schema (status or body) | "
        f"{len(stats.failed('status_code_conformance')) + len(stats.failed('response_schema_conformance'))} |",
        f"| failed checks by kind | {dict(kinds) or 'none'} |",
        f"| calls by status | {statuses} |",
        f"| wall time | {seconds:.0f} s |",
        f"| time per call (generation, call, checks) | {per_call:.1f} ms |",
        f"| baseline: GET /healthz, median of {BASELINE_RUNS} before and after the run (their mean) | "
        f"{base:.2f} ms |",
        f"| ratio | {per_call / base:.1f}x |",
    ]
    if stats.failures:
        lines += ["", "Failures (first 20):", ""]
        lines += [f"- {where} [{check}] {message}" for where, check, message in stats.failures[:20]]
    return "\n".join(lines) + "\n"


def main() -> int:
    call_command("migrate", verbosity=0)
    users = world()
    base = baseline_ms()
    schema = load_schema()
    operations = sum(1 for _ in schema.get_all_operations())
    started = time.perf_counter()
    stats = run(
        schema,
        [
            ("secretariat", session_headers(users["secretariat"])),
            ("liaison", session_headers(users["liaison"])),
            ("anonymous", session_headers(None)),
        ],
        examples=EXAMPLES,
    )
    seconds = time.perf_counter() - started
    base = statistics.median([base, baseline_ms()])  # before and after the run: a shared machine drifts
    text = report(stats, seconds, operations, base)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "api_schema.md").write_text(text, encoding="utf-8")
    ok = stats.calls >= MINIMUM_CALLS and stats.server_errors == 0 and not stats.failures
    if not ok:
        print(f"FAILED: {stats.summary()} (at least {MINIMUM_CALLS} calls needed)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
