"""Benchmark of the place and visit pages on a large register.

Fills a throwaway SQLite database in two steps: first a small register (1 % of
the target), then the full one (10,000 places, 50,000 visits, 1,000,000
measurements, with itineraries, population histories and findings). At each
size it measures, as a secretariat user, the number of queries and the median
time of the place list, two place pages (the first place, whose record grows
with the fill, and the place with the median number of findings; each row says
how many rows the page has to show), the visit list and a visit page, beside a
bare Django page (the login form) measured in the same run.

Prints Markdown and writes bench/out/places_visits.md. Set BENCH_SCALE=0.1 for
a quicker run at a tenth of the size. Set BENCH_KEEP=/some/folder to keep the
filled database there: the first run fills it, later runs (of this code or of
an older checkout pointed at a copy of the folder) only measure it.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KEEP = os.environ.get("BENCH_KEEP", "")
if KEEP:
    Path(KEEP).mkdir(parents=True, exist_ok=True)
os.environ["CUSTODIET_DATA_DIR"] = KEEP or tempfile.mkdtemp(prefix="custodiet-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"
os.environ["CUSTODIET_REQUIRE_2FA"] = "false"  # the pages are measured, not the login

import django

django.setup()

from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from custodiet.core.models import Role, User
from custodiet.places.models import Place, PlaceType, PopulationRecord
from custodiet.standards.models import Finding, Measurement, MeasurementKind, Standard
from custodiet.standards.services import standards_load
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.services import reference_load
from custodiet.visits.models import AccessEvent, AccessKind, ItineraryStop, Visit, VisitKind, VisitStatus

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
TARGET = {"places": 10_000, "visits": 50_000, "measurements": 1_000_000}
BATCH = 5_000
TARGET_MS = 100  # the target for the median response time
rng = random.Random(20261122)


def _batched(model: type, rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


@transaction.atomic
def grow(places: int, visits: int, measurements: int) -> None:
    """Add rows until the database holds the given numbers (ids are dense: bulk inserts only)."""
    states = list(State.objects.order_by("code")[:40])
    bodies = list(MonitoringBody.objects.filter(basis="treaty"))
    have = Place.objects.count()
    new_places = [
        Place(
            ref=f"BENCH-{index:06d}",
            name_local=f"Учреждение № {index}",
            name_en=f"Institution No. {index}",
            type=rng.choice(PlaceType.values),
            authority="Ministry of Justice",
            state=states[index % len(states)],
            region=f"Region {index % 80}",
            capacity=rng.randint(20, 2000),
            source="benchmark",
        )
        for index in range(have, places)
    ]
    _batched(Place, new_places)
    place_ids = list(Place.objects.order_by("id").values_list("id", "capacity", "state_id"))
    _batched(
        PopulationRecord,
        [
            PopulationRecord(
                place_id=place_id,
                on=date(2015 + year, 1, 1),
                population=int(capacity * rng.uniform(0.6, 1.6)),
                source="benchmark",
            )
            for place_id, capacity, _state in place_ids[have:]
            for year in range(10)
        ],
    )
    have_visits = Visit.objects.count()
    new_visits = []
    stops = []
    for index in range(have_visits, visits):
        place_id, _capacity, state_id = place_ids[index % len(place_ids)]
        start = date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000))
        new_visits.append(
            Visit(
                body=bodies[index % len(bodies)],
                state_id=state_id,
                kind=rng.choice(VisitKind.values),
                status=VisitStatus.COMPLETED,
                planned_start=start,
                planned_end=start + timedelta(days=10),
                started_on=start,
                ended_on=start + timedelta(days=10),
                title=f"Visit {index}",
            )
        )
    _batched(Visit, new_visits)
    visit_rows = list(
        Visit.objects.order_by("id").values_list("id", "state_id", "planned_start")[have_visits:]
    )
    by_state: dict[int, list[int]] = {}
    for place_id, _capacity, state_id in place_ids:
        by_state.setdefault(state_id, []).append(place_id)
    events = []
    for visit_id, state_id, start in visit_rows:
        for offset, place_id in enumerate(rng.sample(by_state[state_id], min(2, len(by_state[state_id])))):
            arrived = timezone.make_aware(
                datetime.combine(start + timedelta(days=offset), datetime.min.time())
            )
            stops.append(
                ItineraryStop(
                    visit_id=visit_id,
                    place_id=place_id,
                    arrived_at=arrived + timedelta(hours=9),
                    departed_at=arrived + timedelta(hours=17),
                )
            )
            events.append(
                AccessEvent(
                    visit_id=visit_id,
                    place_id=place_id,
                    kind=AccessKind.GRANTED if rng.random() < 0.9 else AccessKind.REFUSED,
                    occurred_at=arrived + timedelta(hours=9),
                )
            )
    _batched(ItineraryStop, stops)
    _batched(AccessEvent, events)
    space = Standard.objects.get(code=_space_standard())
    have_measurements = Measurement.objects.count()
    stop_rows = list(ItineraryStop.objects.order_by("id").values_list("visit_id", "place_id", "arrived_at"))
    pending: list[Measurement] = []
    breaches: list[tuple[int, int, date, str, int]] = []
    for index in range(have_measurements, measurements):
        visit_id, place_id, arrived = stop_rows[index % len(stop_rows)]
        occupants = rng.randint(1, 8)
        area = round(rng.uniform(5, 40), 1)
        pending.append(
            Measurement(
                visit_id=visit_id,
                place_id=place_id,
                kind=MeasurementKind.CELL_SPACE,
                location=f"Cell {index % 300}",
                measured_on=arrived.date(),
                values={"area_m2": area, "occupants": occupants, "sanitary_annex": "partitioned"},
            )
        )
        if area / occupants < 4:
            breaches.append((visit_id, place_id, arrived.date(), f"Cell {index % 300}", occupants))
        if len(pending) >= BATCH:
            _flush(pending, breaches, space)
    _flush(pending, breaches, space)


def _space_standard() -> str:
    return (
        Standard.objects.filter(measure=MeasurementKind.CELL_SPACE).values_list("code", flat=True).first()
        or ""
    )


def _flush(pending: list[Measurement], breaches: list, standard: Standard) -> None:
    if not pending:
        return
    created = Measurement.objects.bulk_create(pending)
    ids = {(m.visit_id, m.place_id, m.measured_on, m.location): m.id for m in created}
    Finding.objects.bulk_create(
        Finding(
            visit_id=visit_id,
            place_id=place_id,
            measurement_id=ids[(visit_id, place_id, on, location)],
            standard=standard,
            location=location,
            observed_on=on,
            text=f"{location}: {occupants} people below the minimum living space (benchmark)",
        )
        for visit_id, place_id, on, location, occupants in breaches
        if (visit_id, place_id, on, location) in ids
    )
    pending.clear()
    breaches.clear()


def timed_get(client: Client, url: str, repeats: int = 25) -> tuple[int, float, float]:
    """Queries, median wall-clock ms and median CPU ms of this process (SQLite runs in it: the request's
    own work, which a machine shared with other jobs inflates less than the wall clock)."""
    client.get(url)  # warm
    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return len(counted), statistics.median(times) * 1000, statistics.median(cpu) * 1000


def _shown(place_id: int) -> str:
    """What a place's page has to show: its page lists up to 20 visits and the 50 latest measurements and
    findings, and a row and a bar for each year; the register's size is not in it."""
    measurements = Measurement.objects.filter(place_id=place_id)
    return (
        f"place {place_id}: {measurements.count()} measurements over "
        f"{measurements.dates('measured_on', 'year').count()} years, "
        f"{Finding.objects.filter(place_id=place_id).count()} findings, "
        f"{ItineraryStop.objects.filter(place_id=place_id).values('visit_id').distinct().count()} visits"
    )


def _typical_place() -> int:
    """The place with the median number of findings: a page of the kind most places have."""
    counts = list(
        Finding.objects.order_by().values("place_id").annotate(n=Count("id")).order_by("n", "place_id")
    )
    return counts[len(counts) // 2]["place_id"] if counts else 1


def measure(client: Client, label: str) -> list[str]:
    busiest_place = (
        ItineraryStop.objects.values("place_id").order_by("place_id").first() or {"place_id": 1}
    )["place_id"]
    visit = Visit.objects.order_by("id").first()
    assert visit is not None
    pages = [
        ("place list", reverse("places:place_list")),
        (f"place page ({_shown(busiest_place)})", reverse("places:place_detail", args=[busiest_place])),
        ("visit list", reverse("visits:visit_list")),
        ("visit page", reverse("visits:visit_detail", args=[visit.pk])),
    ]
    typical = _typical_place()
    if typical != busiest_place:
        pages.insert(2, (f"place page ({_shown(typical)})", reverse("places:place_detail", args=[typical])))
    rows = []
    anonymous = Client(HTTP_HOST="127.0.0.1")
    bare_queries, bare, bare_cpu = timed_get(anonymous, "/accounts/login/")
    for name, url in pages:
        queries, median, cpu = timed_get(client, url)
        verdict = "under" if median < TARGET_MS else "OVER"
        rows.append(
            f"| {name} | {label} | {queries} | {median:.1f} ms | {median / bare:.1f}x "
            f"| {cpu:.1f} ms | {cpu / bare_cpu:.1f}x | {verdict} {TARGET_MS} ms |"
        )
    rows.append(
        f"| bare Django page (the login form, anonymous) | {label} | {bare_queries} | {bare:.1f} ms | 1.0x "
        f"| {bare_cpu:.1f} ms | 1.0x | |"
    )
    return rows


def main() -> None:
    call_command("migrate", verbosity=0)
    reference_load()
    standards_load()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    password = "a-long-bench-password"  # noqa: S105 - a throwaway database
    user = User.objects.filter(username="bench-secretariat").first() or User.objects.create_user(
        "bench-secretariat", password=password, role=Role.SECRETARIAT
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rows: list[str] = []
    for fraction in (0.01, 1.0):
        sizes = {name: int(count * SCALE * fraction) for name, count in TARGET.items()}
        if fraction < 1 and Place.objects.count() > sizes["places"]:
            continue  # a kept database already past this size: measure the full one only
        started = time.perf_counter()
        grow(sizes["places"], sizes["visits"], sizes["measurements"])
        filled = time.perf_counter() - started
        label = (
            f"{Place.objects.count():,} places, {Visit.objects.count():,} visits, "
            f"{Measurement.objects.count():,} measurements, {Finding.objects.count():,} findings"
        )
        print(f"filled to {label} in {filled:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rows.extend(measure(client, label))
    lines = [
        f"### Places and visits pages ({date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite, load average {os.getloadavg()[0]:.1f} at the end)",
        "",
        "| page | database | queries | median time | vs bare page | median CPU time | CPU vs bare page | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "places_visits.md").write_text(text)


if __name__ == "__main__":
    main()
