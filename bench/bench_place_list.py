"""Benchmark of the place list's page at 1,000, 10,000 and 100,000 places: does a page cost the register's size?

Fills a throwaway SQLite database with ``bulk_create`` (places spread over 40
States as in bench_places_visits.py, no visits or figures: the list reads only
places and a page's latest figures), then at each size measures, as an analyst:

- each of the list's queries alone (the page's keyset query, first, middle and
  last page, with no filter, a State, a type, words; the COUNT; the filter's
  States and regions): on SQLite, the median CPU time of this process (SQLite
  runs in it) and the number of virtual-machine instructions the query took, a
  measure of the rows it read that the machine's load does not blur; on
  PostgreSQL (CUSTODIET_DATABASE_URL, e.g. under tools/with_postgres.py), the
  median wall clock and the buffers the query touched;
- the whole list page (first page and a middle one) and the API's list (first
  page, a middle page by cursor, the same page by ``?offset=``) against the
  bare Django page (the login form), by wall clock and by CPU time, in the same
  run.

Prints Markdown and writes bench/out/place_list.md. BENCH_SIZES=1000,10000
measures other sizes; BENCH_REPEATS (default 30) the requests per figure. It runs
on an older checkout too (the list's order read from what that code has).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CUSTODIET_DATA_DIR"] = tempfile.mkdtemp(prefix="custodiet-bench-list-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"
os.environ["CUSTODIET_REQUIRE_2FA"] = "false"

import django

django.setup()

from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from custodiet.core.models import Role, User
from custodiet.ops.paging import keyset_page
from custodiet.places import selectors
from custodiet.places.models import Place
from custodiet.treaties.models import State
from custodiet.treaties.services import reference_load

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
STEP = 100  # the progress handler counts instructions in steps of this many
TYPES = ["penal_colony", "pre_trial", "police", "psychiatric", "immigration"]


def fill(upto: int, states: list[State]) -> None:
    have = Place.objects.count()
    Place.objects.bulk_create(
        [
            Place(
                ref=f"B-{index:06d}",
                name_local=f"Колония № {index}",
                name_en=f"Colony {index:06d}"[: 7 + (index % 7)],  # names shared by several places, too
                type=TYPES[(index // len(states)) % len(TYPES)],  # every type in every State
                state=states[index % len(states)],
                region=f"Region {index % 97}",
                capacity=100 + index % 900,
                search_text=f"b-{index:06d} колония № {index} colony {index:06d} region {index % 97}",
            )
            for index in range(have, upto)
        ],
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as bench_places_visits.py does; on PostgreSQL, as autovacuum would


def list_order(filters: selectors.PlaceFilters) -> Any:
    chosen = getattr(selectors, "list_order", None)  # the code before this change had one order
    return chosen(filters) if chosen else selectors.LIST_ORDER


def instructions(work: Callable[[], Any]) -> int:
    """The work's reading, which the machine's load does not blur: on SQLite, the virtual-machine instructions
    it ran (in steps of STEP); on PostgreSQL, the buffers its queries touched (EXPLAIN ANALYZE, BUFFERS)."""
    if connection.vendor == "postgresql":
        return buffers(work)
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    raw = connection.connection
    raw.set_progress_handler(tick, STEP)
    try:
        work()
    finally:
        raw.set_progress_handler(None, STEP)
    return counted[0] * STEP


def statements_of(work: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The queries ``work`` runs, with their parameters."""
    statements: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        work()
    return statements


def buffers(work: Callable[[], Any]) -> int:
    total = 0
    with connection.cursor() as cursor:
        for sql, params in statements_of(work):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0][0]["Plan"]
            total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return total


def plans(work: Callable[[], Any]) -> list[str]:
    """The plan of each query ``work`` runs (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    found = []
    with connection.cursor() as cursor:
        for sql, params in statements_of(work):
            cursor.execute(f"{explain} {sql}", params)
            found.append("; ".join(str(row[-1]).strip() for row in cursor.fetchall()))
    return found


def timed(work: Callable[[], Any]) -> float:
    """Median CPU time of this process on SQLite (the database runs in it); wall clock on PostgreSQL."""
    clock = time.process_time if connection.vendor == "sqlite" else time.perf_counter
    work()
    times = []
    for _ in range(REPEATS):
        started = clock()
        work()
        times.append(clock() - started)
    return statistics.median(times) * 1000


def page_queries(user: User, state: str) -> list[tuple[str, Callable[[], Any]]]:
    """Each of the list's queries alone, as the view runs them."""
    cases: list[tuple[str, Callable[[], Any]]] = []
    for label, params in (
        ("page query, no filter", {}),
        ("page query, one State", {"state": state}),
        ("page query, one type", {"type": "police"}),
        ("page query, words (1 place in 9)", {"q": "region 5"}),
        ("page query, words (the first 10,000 places only)", {"q": "colony 00"}),
    ):
        filters = selectors.PlaceFilters.from_params(params)
        places = selectors.place_list(user=user, filters=filters)
        order = list_order(filters)
        rows = list(places.order_by(*(path for path, _ in order)).values_list(*(path for path, _ in order)))
        middle = rows[len(rows) // 2] if rows else None
        positions: list[tuple[str, dict[str, str]]] = [("first page", {}), ("last page", {"last": "1"})]
        if middle is not None:
            positions.insert(1, ("middle page", {"after": cursor_of(middle)}))
        for where, extra in positions:
            cases.append(
                (
                    f"{label}, {where}",
                    lambda places=places, order=order, extra=extra: (
                        keyset_page(places, extra, order=order, per_page=50).rows
                    ),
                )
            )
    everything = selectors.place_list(user=user)
    cases.append(("COUNT of the register", everything.count))
    cases.append(("the filter's States", lambda: list(selectors.states_with_places())))
    cases.append(("the filter's regions", lambda: selectors.regions()))
    return cases


def cursor_of(values: tuple[Any, ...]) -> str:
    import base64
    import json

    raw = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def whole_page(client: Client, url: str) -> tuple[float, float]:
    client.get(url)
    wall, cpu = [], []
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def main() -> None:
    call_command("migrate", verbosity=0)
    reference_load()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    user = User.objects.create_user("bench-analyst", password="a-long-bench-password", role=Role.ANALYST)  # noqa: S106
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    states = list(State.objects.order_by("code")[:40])
    queries: dict[str, dict[int, tuple[float, int]]] = {}
    pages: list[str] = []
    for size in SIZES:
        fill(size, states)
        for label, work in page_queries(user, states[0].code):
            queries.setdefault(label, {})[size] = (timed(work), instructions(work))
            if os.environ.get("BENCH_EXPLAIN") and size == SIZES[-1]:
                print(f"{label}:", *(f"    {plan}" for plan in plans(work)), sep="\n")
        url = reverse("places:place_list")
        middle = keyset_page(
            selectors.place_list(user=user),
            {},
            order=list_order(selectors.PlaceFilters()),
            per_page=size // 2,
        )
        bare_wall, bare_cpu = whole_page(anonymous, "/accounts/login/")
        api = reverse("places-api:place_list")  # the API's list: by cursor, and by offset as before
        for name, address in (
            ("first page", url),
            ("a middle page", f"{url}?after={middle.next_cursor}"),
            ("API, first page", api),
            ("API, a middle page by cursor", f"{api}?after={middle.next_cursor}"),
            ("API, the same page by offset", f"{api}?offset={size // 2}"),
        ):
            wall, cpu = whole_page(client, address)
            pages.append(
                f"| {size:,} | {name} | {wall:.1f} ms | {bare_wall:.1f} ms | {wall / bare_wall:.1f}x "
                f"| {cpu:.1f} ms | {bare_cpu:.1f} ms | {cpu / bare_cpu:.1f}x |"
            )
        print(f"measured {size:,} places, load average {os.getloadavg()[0]:.1f}", flush=True)
    header = " | ".join(f"{size:,} places" for size in SIZES)
    lines = [
        f"### The place list at {', '.join(f'{size:,}' for size in SIZES)} places ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{database()}, load average {os.getloadavg()[0]:.1f} at the end)",
        "",
        f"| query alone: {'median CPU / VM instructions' if connection.vendor == 'sqlite' else 'median wall clock / buffers'} | {header} |",
        "| --- |" + " ---: |" * len(SIZES),
        *(
            f"| {label} | "
            + " | ".join(f"{by_size[size][0]:.2f} ms / {by_size[size][1]:,}" for size in SIZES)
            + " |"
            for label, by_size in queries.items()
        ),
        "",
        "| places | list page | median | bare page | ratio | CPU | bare page CPU | CPU ratio |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *pages,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "place_list.md").write_text(text)


if __name__ == "__main__":
    main()
