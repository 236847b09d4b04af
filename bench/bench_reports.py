"""Benchmark of the reports: rendering a long report, and a State's record over fifty years.

(a) A report with 200 findings and 150 items (recommendations, comments, requests for information),
a delegation of 10, 20 places, access problems, objections, immediate observations and the State's
answers to 100 items, rendered as the office reads it (custodiet.reports.rendering): reading and
assembling the document, then HTML, PDF (WeasyPrint) and DOCX (python-docx), each the median of a few
runs, beside WeasyPrint rendering a one-page document with the same stylesheet in the same run; the
PDF's page count (pdfinfo, or WeasyPrint's own count) and size; and the PDF download through its page.

(b) The State record page /reports/states/<code>/ with its cooperation indicators, SVG chart and CSV,
for one State with 5 and then 50 years of records (each year 6 visits, 4 reports of 20 items with
responses, 2 public statements, access problems, objections and immediate observations), four other
States holding as much beside it; queries and median time as the secretariat and as an anonymous
visitor, and the CSV download, beside the bare login page (anonymous) measured in the same run.

Throwaway SQLite in a temporary CUSTODIET_DATA_DIR, DEBUG on, the Django test client. Prints Markdown
and writes bench/out/reports.md. About two minutes on 2 CPUs.

``BENCH_REPORTS_STATE_ONLY=1`` measures (b) alone, each page by its median wall-clock time and its median
CPU time (``time.process_time``), each as a ratio against the bare page measured in the same run
(bench/out/reports_state.md); run it from a copy of an older tree to compare two versions.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = tempfile.mkdtemp(prefix="custodiet-bench-")
atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)  # the throwaway database goes with the run
os.environ["CUSTODIET_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"
os.environ["CUSTODIET_REQUIRE_2FA"] = "false"  # the pages are measured, not the login

import django

django.setup()

from django.contrib.staticfiles import finders
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from custodiet.core.models import Role, User
from custodiet.places.models import Place
from custodiet.reports import rendering, selectors, services
from custodiet.reports.models import Item, ItemAnswer, PublicStatement, Report, StateResponse
from custodiet.reports.rules import ItemKind, Priority, Theme
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.standards.services import standards_load
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.services import reference_load
from custodiet.visits.models import (
    AccessEvent,
    DelegationMember,
    ImmediateObservation,
    ItineraryStop,
    Objection,
    Visit,
)

FINDINGS, ITEMS, ANSWERED = 200, 150, 100
PDF_RUNS, OTHER_RUNS, PAGE_RUNS = 3, 5, 15
RECORD_STATE, NOISE_STATES, REPORT_STATE = "RU", ("DE", "FR", "TR", "UA"), "GE"
LAST_YEAR = 2025
TODAY = timezone.localdate()
SENTENCE = (
    "The delegation observed that the cells were dilapidated, poorly ventilated and lit, with no "
    "partition around the toilet, and that prisoners spent up to 23 hours a day in them; "
)


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median time of ``runs`` calls after one warm-up, in ms, and the last result."""
    result = action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def counted(action: Callable[[], Any]) -> tuple[int, Any]:
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = action()
    return len(queries), result


def timed_get(client: Client, url: str, runs: int = PAGE_RUNS) -> tuple[int, float, int]:
    """Queries, median time (ms) and size (bytes) of a GET answered 200."""
    client.get(url)  # warm
    queries, response = counted(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    median, _ = median_ms(lambda: client.get(url), runs)
    return queries, median, len(response.content)


def cpu_ms(client: Client, url: str, runs: int = PAGE_RUNS) -> float:
    """The median CPU time of this process (ms) for a GET, after one warm-up: what the page costs the
    server, whatever else the machine is running."""
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.process_time()
        client.get(url)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


# -- (a) a long report -----------------------------------------------------------------------------------


@transaction.atomic
def long_report(user: User) -> Report:
    """A published report on one visit with 200 findings and 150 items, the State's answers to 100."""
    cpt = MonitoringBody.objects.get(code="CPT")
    state = State.objects.get(code=REPORT_STATE)
    start = date(2025, 3, 3)
    visit = Visit.objects.create(
        body=cpt,
        state=state,
        kind="periodic",
        status="completed",
        title="Periodic visit (benchmark)",
        planned_start=start,
        planned_end=start + timedelta(days=11),
        started_on=start,
        ended_on=start + timedelta(days=11),
    )
    roles = ["head", "member", "member", "secretariat", "secretariat", "expert", "expert", "expert"]
    DelegationMember.objects.bulk_create(
        [DelegationMember(visit=visit, name=f"Member {n}", role=role) for n, role in enumerate(roles)]
        + [DelegationMember(visit=visit, name=f"Interpreter {n}", role="interpreter") for n in range(2)]
    )
    places = Place.objects.bulk_create(
        Place(
            ref=f"BENCH-{REPORT_STATE}-{n:03d}",
            name_local=f"Пенитенциарное учреждение № {n}",
            name_en=f"Penitentiary establishment No. {n}",
            type=("prison", "police", "pre_trial", "psychiatric")[n % 4],
            authority="Special Penitentiary Service",
            state=state,
        )
        for n in range(20)
    )
    ItineraryStop.objects.bulk_create(
        ItineraryStop(visit=visit, place=place, planned_on=start + timedelta(days=n // 2))
        for n, place in enumerate(places)
    )
    at = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    AccessEvent.objects.bulk_create(
        AccessEvent(
            visit=visit,
            place=places[n],
            kind=("refused", "documents_withheld", "interview_prevented")[n % 3],
            occurred_at=at + timedelta(days=n, hours=10),
            description="The director refused the delegation access to the disciplinary unit.",
        )
        for n in range(10)
    )
    Objection.objects.bulk_create(
        Objection(
            visit=visit,
            place=places[n],
            ground="serious_disorder",
            article="Art. 9(1)",
            raised_on=start + timedelta(days=n),
            explanation="A search operation was said to be under way.",
        )
        for n in range(3)
    )
    ImmediateObservation.objects.bulk_create(
        ImmediateObservation(
            visit=visit,
            communicated_on=start + timedelta(days=11),
            text=f"Immediate observation {n}: stop holding persons in the basement cells.",
            response_due=start + timedelta(days=41),
        )
        for n in range(5)
    )
    standards = list(Standard.objects.order_by("code")[:10])
    measurements = Measurement.objects.bulk_create(
        Measurement(
            visit=visit,
            place=places[n % 20],
            kind=standards[n % len(standards)].measure,
            measured_on=start + timedelta(days=n % 11),
            values={},
        )
        for n in range(FINDINGS // 2)
    )
    findings = Finding.objects.bulk_create(
        [
            Finding(
                visit=visit,
                place=measurement.place,
                measurement=measurement,
                standard=standards[n % len(standards)],
                location=f"cell {n}",
                observed_on=measurement.measured_on,
                observed=Decimal("2.5"),
                required=Decimal("4"),
                unit="m²",
                shortfall=Decimal("1.5"),
                text=f"Finding {n}: {SENTENCE * 2}".strip(),
            )
            for n, measurement in enumerate(measurements)
        ]
        + [
            Finding(
                visit=visit,
                place=places[n % 20],
                origin="delegation",
                location=f"block {n % 7}",
                observed_on=start + timedelta(days=n % 11),
                text=f"Finding {FINDINGS // 2 + n}: {SENTENCE}".strip(),
            )
            for n in range(FINDINGS - FINDINGS // 2)
        ]
    )
    report = services.report_create(
        body=cpt, state=state, title="Report on the periodic visit (benchmark)", visits=[visit], by=user
    )
    report.introduction = "The delegation carried out its visit from 3 to 14 March 2025. " * 5
    report.save(update_fields=["introduction"])
    kinds = (
        [ItemKind.RECOMMENDATION] * 100 + [ItemKind.COMMENT] * 30 + [ItemKind.REQUEST_FOR_INFORMATION] * 20
    )
    items = Item.objects.bulk_create(
        Item(
            report=report,
            kind=kinds[n],
            number=n + 1,
            text=f"The Committee recommends that the authorities take steps ({n + 1}): {SENTENCE * 2}".strip(),
            theme=Theme.values[n % len(Theme.values)],
            priority=Priority.HIGH if n % 10 == 0 else Priority.NORMAL,
            authority="Ministry of Justice" if n % 2 else "",
            deadline=date(2025, 12, 1) if n % 15 == 0 else None,
        )
        for n in range(ITEMS)
    )
    Item.findings.through.objects.bulk_create(
        Item.findings.through(item_id=items[n % ITEMS].pk, finding_id=finding.pk)
        for n, finding in enumerate(findings)
    )
    Item.places.through.objects.bulk_create(
        Item.places.through(item_id=item.pk, place_id=places[n % 20].pk) for n, item in enumerate(items)
    )
    services.report_adopt(report=report, adopted_on=date(2025, 6, 20), votes_for=30, by=user)
    services.report_transmit(report=report, transmitted_on=date(2025, 7, 1), by=user)
    services.response_record(
        report=report,
        received_on=date(2025, 12, 20),
        reference="Letter No. 1/2025",
        summary="The authorities have examined the report with care. " * 4,
        answers={
            n: services.Answer(f"The Ministry has taken the following measures: {SENTENCE}", ("order.pdf",))
            for n in range(1, ANSWERED + 1)
        },
        by=user,
    )
    services.publication_request_record(
        report=report, requested_on=date(2026, 1, 15), reference="Note verbale No. 7", by=user
    )
    return services.report_publish(report=report, published_on=date(2026, 2, 1), by=user)


def page_count(pdf: bytes) -> int:
    if shutil.which("pdfinfo"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            done = subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True, text=True)
        return int(next(line for line in done.stdout.splitlines() if line.startswith("Pages:")).split()[1])
    return -1


def measure_rendering(report: Report, office: Client) -> list[str]:
    from weasyprint import CSS, HTML

    stylesheet = finders.find("reports/print.css")
    assert isinstance(stylesheet, str)
    css = CSS(filename=stylesheet)
    one_page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>One page</title></head><body>"
        "<article class='report-document'><p class='doc-body'>European Committee</p><h1>One page</h1>"
        f"<p>{SENTENCE * 3}</p><p class='doc-item recommendation'><strong>1. Recommendation:</strong> "
        f"{SENTENCE}</p></article></body></html>"
    )
    baseline_ms, baseline_pdf = median_ms(
        lambda: HTML(string=one_page).write_pdf(stylesheets=[css]), PDF_RUNS
    )

    def read() -> rendering.ReportDocument:
        return rendering.assemble(
            selectors.with_record(Report.objects.filter(pk=report.pk)).get(), public=False
        )

    read_queries, document = counted(read)
    read_ms, _ = median_ms(read, OTHER_RUNS)
    html_ms, html = median_ms(lambda: rendering.to_html(document), OTHER_RUNS)
    pdf_ms, pdf = median_ms(lambda: rendering.to_pdf(document), PDF_RUNS)
    docx_ms, docx = median_ms(lambda: rendering.to_docx(document), OTHER_RUNS)
    pages, baseline_pages = page_count(pdf), page_count(baseline_pdf)
    url = reverse("reports:report_render_file", args=[report.pk, "pdf"])
    view_queries, view_ms, _ = timed_get(office, url, runs=PDF_RUNS)
    print(f"rendered: {pages} pages, PDF {len(pdf) / 1024:.0f} KiB in {pdf_ms:.0f} ms", flush=True)
    # The published report frozen as the worker does on publication, then served to an anonymous reader.
    from custodiet.reports import frozen

    freeze_ms, kept = median_ms(lambda: frozen.freeze(report), 1)
    public = Client(HTTP_HOST="127.0.0.1")
    html_page = reverse("reports:published_detail", args=[report.pk])
    public_pdf = reverse("reports:published_file", args=[report.pk, "pdf"])
    page_queries, page_ms, page_bytes = timed_get(public, html_page)
    kept_queries, kept_ms, kept_bytes = timed_get(public, public_pdf)
    assert kept_bytes == kept.size, "the published PDF was not the kept file"
    kib = 1024
    return [
        "| what | queries | median time | output | vs baseline |",
        "| --- | ---: | ---: | --- | ---: |",
        f"| read and assemble the document (with_record + assemble) | {read_queries} | {read_ms:.1f} ms | — | |",
        f"| HTML (the print template) | 0 | {html_ms:.1f} ms | {len(html.encode()) / kib:.0f} KiB | "
        f"{html_ms / baseline_ms:.2f}x |",
        f"| **PDF (WeasyPrint)** | 0 | **{pdf_ms:.0f} ms** | {pages} pages, {len(pdf) / kib:.0f} KiB | "
        f"**{pdf_ms / baseline_ms:.1f}x** |",
        f"| DOCX (python-docx) | 0 | {docx_ms:.1f} ms | {len(docx) / kib:.0f} KiB | {docx_ms / baseline_ms:.2f}x |",
        f"| PDF download through the page (office, end to end) | {view_queries} | {view_ms:.0f} ms | "
        f"{pages} pages | {view_ms / baseline_ms:.1f}x |",
        f"| freezing the published report (render once and keep the file: the job run on publication) | "
        f"1 | {freeze_ms:.0f} ms | {kept.size / kib:.0f} KiB | |",
        f"| published report, its HTML page (anonymous) | {page_queries} | {page_ms:.1f} ms | "
        f"{page_bytes / kib:.0f} KiB | |",
        f"| **published report, its PDF (anonymous, the kept file)** | {kept_queries} | **{kept_ms:.1f} ms** | "
        f"{kept_bytes / kib:.0f} KiB | **{kept_ms / page_ms:.2f}x the HTML page** |",
        f"| baseline: WeasyPrint, one-page document, same stylesheet | 0 | {baseline_ms:.1f} ms | "
        f"{baseline_pages} page, {len(baseline_pdf) / kib:.0f} KiB | 1.0x |",
        "",
        f"Per page: {pdf_ms / max(pages, 1):.0f} ms for the long report, {baseline_ms:.0f} ms for the "
        f"one-page baseline. The report holds {FINDINGS} findings and {ITEMS} items ({ANSWERED} answered); "
        f"{PDF_RUNS} runs for PDF, {OTHER_RUNS} for the others, after a warm-up.",
    ]


# -- (b) a State's record over fifty years ---------------------------------------------------------------


@transaction.atomic
def fill_years(states: list[State], years: range) -> None:
    """Each year, for each State: 6 visits (2 of each kind) with access problems, an objection and
    immediate observations; 4 reports of 20 items (published; answered; transmitted and overdue; a
    draft) with responses; 2 public statements. Items repeat the previous year's."""
    cpt = MonitoringBody.objects.get(code="CPT")
    for state in states:
        previous: list[Item] = list(
            Item.objects.filter(report__state=state, report__adopted_on__year=years.start - 1)
            .exclude(report__status="draft")
            .order_by("report_id", "number")
        )
        for year in years:
            visits = Visit.objects.bulk_create(
                Visit(
                    body=cpt,
                    state=state,
                    kind=("periodic", "ad_hoc", "follow_up")[n % 3],
                    status="completed",
                    title=f"Visit {n + 1} of {year}",
                    planned_start=date(year, 2 * n + 1, 3),
                    planned_end=date(year, 2 * n + 1, 13),
                    started_on=date(year, 2 * n + 1, 3),
                    ended_on=date(year, 2 * n + 1, 13),
                )
                for n in range(6)
            )
            AccessEvent.objects.bulk_create(
                AccessEvent(
                    visit=visit,
                    kind=kind,
                    occurred_at=datetime(year, 2 * n + 1, 4, 10, tzinfo=UTC),
                    delay_minutes=90 if kind == "delayed" else None,
                )
                for n, visit in enumerate(visits)
                for kind in ("granted", "delayed" if n % 2 else "refused")
            )
            Objection.objects.bulk_create(
                Objection(
                    visit=visit, ground="national_defence", article="Art. 9(1)", raised_on=date(year, 1, 5)
                )
                for visit in visits[:1]
            )
            ImmediateObservation.objects.bulk_create(
                ImmediateObservation(
                    visit=visit,
                    communicated_on=visit.ended_on,
                    text="Stop the use of the basement cells.",
                    response_due=visit.ended_on + timedelta(days=30),
                    response_received_on=visit.ended_on + timedelta(days=25) if n % 2 else None,
                )
                for n, visit in enumerate(visits)
            )
            reports = []
            for n, status in enumerate(("published", "response_received", "transmitted", "draft")):
                adopted = date(year, 2 * n + 4, 1) if status != "draft" else None
                transmitted = adopted + timedelta(days=10) if adopted else None
                reports.append(
                    Report(
                        body=cpt,
                        state=state,
                        title=f"Report on visit {n + 1} of {year} to {state.name_en}",
                        status=status,
                        adopted_on=adopted,
                        votes_for=30 if adopted else None,
                        transmitted_on=transmitted,
                        response_due=transmitted + timedelta(days=183) if transmitted else None,
                        response_received_on=transmitted + timedelta(days=170 + n)
                        if status in ("published", "response_received")
                        else None,
                        publication_requested_on=transmitted + timedelta(days=200)
                        if status == "published"
                        else None,
                        publication_request_reference="Note verbale" if status == "published" else "",
                        published_on=transmitted + timedelta(days=220) if status == "published" else None,
                    )
                )
            reports = Report.objects.bulk_create(reports)
            Report.visits.through.objects.bulk_create(
                Report.visits.through(report_id=report.pk, visit_id=visits[n].pk)
                for n, report in enumerate(reports)
            )
            items = Item.objects.bulk_create(
                Item(
                    report=report,
                    kind=ItemKind.RECOMMENDATION if k < 15 else ItemKind.COMMENT,
                    number=k + 1,
                    text=f"Recommendation {k + 1} of {year}.",
                    theme=Theme.values[k % len(Theme.values)],
                    repeats=previous[r * 20 + k]
                    if report.status != "draft" and len(previous) > r * 20 + k
                    else None,
                    recommended_since=(previous[r * 20 + k].recommended_since or year - 1)
                    if report.status != "draft" and len(previous) > r * 20 + k
                    else None,
                )
                for r, report in enumerate(reports)
                for k in range(20)
            )
            previous = [item for item in items if item.report.status != "draft"]
            responses = StateResponse.objects.bulk_create(
                StateResponse(report=report, received_on=report.response_received_on, summary="Comments.")
                for report in reports
                if report.response_received_on
            )
            by_report = {response.report_id: response for response in responses}
            ItemAnswer.objects.bulk_create(
                ItemAnswer(response=by_report[item.report_id], item=item, text="Measures are being taken.")
                for item in items
                if item.report_id in by_report and item.number <= 10
            )
            PublicStatement.objects.bulk_create(
                PublicStatement(
                    body=cpt,
                    state=state,
                    title=f"Public statement {n + 1} of {year} on {state.name_en}",
                    decided_on=date(year, 6 * n + 3, 15),
                    votes_for=40,
                    members=47,
                    views_invited_on=date(year, 6 * n + 2, 1),
                )
                for n in range(2)
            )
            if (year - years.start) % 10 == 9:
                print(f"  {state.code}: filled to {year}", flush=True)


def measure_record(office: Client, label: str) -> list[str]:
    anonymous = Client(HTTP_HOST="127.0.0.1")
    bare_queries, bare_ms, _ = timed_get(anonymous, "/accounts/login/")
    page = reverse("reports:state_record", args=[RECORD_STATE])
    csv = reverse("reports:state_indicators_csv", args=[RECORD_STATE])
    rows = []
    for name, client, url in (
        ("state record, secretariat (indicators, chart)", office, page),
        ("state record, anonymous (public part)", anonymous, page),
        ("indicators CSV, secretariat", office, csv),
    ):
        queries, median, size = timed_get(client, url)
        rows.append(
            f"| {name} | {label} | {queries} | {median:.1f} ms | {size / 1024:.0f} KiB | {median / bare_ms:.1f}x |"
        )
    rows.append(
        f"| bare Django page (the login form, anonymous) | {label} | {bare_queries} | {bare_ms:.1f} ms | | 1.0x |"
    )
    return rows


def measure_state_page(office: Client, label: str) -> list[str]:
    """The State record page alone, by wall-clock and CPU time, each against the bare page in this run."""
    anonymous = Client(HTTP_HOST="127.0.0.1")
    bare = "/accounts/login/"
    bare_queries, bare_ms, _ = timed_get(anonymous, bare)
    bare_cpu = cpu_ms(anonymous, bare)
    page = reverse("reports:state_record", args=[RECORD_STATE])
    rows = []
    for name, client in (("secretariat", office), ("anonymous", anonymous)):
        queries, median, size = timed_get(client, page)
        cpu = cpu_ms(client, page)
        rows.append(
            f"| state record, {name} | {label} | {queries} | {median:.1f} ms ({median / bare_ms:.1f}x) "
            f"| {cpu:.1f} ms ({cpu / bare_cpu:.1f}x) | {size / 1024:.0f} KiB |"
        )
    rows.append(
        f"| bare page (login form) | {label} | {bare_queries} | {bare_ms:.1f} ms | {bare_cpu:.1f} ms | |"
    )
    return rows


def grow_and_measure(office: Client, measure: Callable[[Client, str], list[str]]) -> list[str]:
    """Fills 5 years of records, measures, fills 45 more, measures again."""
    states = list(State.objects.filter(code__in=(RECORD_STATE, *NOISE_STATES)))
    record_rows: list[str] = []
    for years in (range(LAST_YEAR - 4, LAST_YEAR + 1), range(LAST_YEAR - 49, LAST_YEAR - 4)):
        fill_started = time.perf_counter()
        fill_years(states, years)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        russia = State.objects.get(code=RECORD_STATE)
        span = Visit.objects.filter(state=russia).dates("planned_start", "year")
        label = (
            f"{len(span)} years: {Visit.objects.filter(state=russia).count():,} visits, "
            f"{Report.objects.filter(state=russia).count():,} reports, "
            f"{Item.objects.filter(report__state=russia).count():,} items, "
            f"{StateResponse.objects.filter(report__state=russia).count():,} responses, "
            f"{PublicStatement.objects.filter(state=russia).count():,} statements"
        )
        print(f"filled to {label} in {time.perf_counter() - fill_started:.0f} s", flush=True)
        record_rows.extend(measure(office, label))
    return record_rows


def state_only(office: Client) -> None:
    started = time.perf_counter()
    rows = grow_and_measure(office, measure_state_page)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    text = "\n".join(
        [
            f"#### The State record page of {RECORD_STATE} ({date.today().isoformat()}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite, load average {load})",
            "",
            f"Median of {PAGE_RUNS} requests after a warm-up; each ratio against the bare page in this run.",
            "",
            "| page | record of the State | queries | wall clock | CPU | size |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            f"Whole run: {time.perf_counter() - started:.0f} s.",
        ]
    )
    print(text)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "reports_state.md").write_text(text + "\n")


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    reference_load()
    standards_load()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    password = "a-long-bench-password"  # noqa: S105 - a throwaway database
    user = User.objects.create_user("bench-secretariat", password=password, role=Role.SECRETARIAT)
    office = Client(HTTP_HOST="127.0.0.1")
    office.force_login(user)

    if os.environ.get("BENCH_REPORTS_STATE_ONLY") == "1":  # part (b)'s page alone, wall and CPU
        state_only(office)
        return
    report = long_report(user)
    rendered = measure_rendering(report, office)
    if (
        os.environ.get("BENCH_REPORTS_RENDERING_ONLY") == "1"
    ):  # part (a) alone: the renderings and the kept PDF
        text = "\n".join(["#### (a) Rendering a report", "", *rendered]) + "\n"
        print(text)
        (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
        (ROOT / "bench" / "out" / "reports_rendering.md").write_text(text)
        return

    record_rows = grow_and_measure(office, measure_record)
    indicators = selectors.indicators(State.objects.get(code=RECORD_STATE), today=TODAY)

    lines = [
        f"### Reports ({date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite)",
        "",
        f"#### (a) Rendering a report with {FINDINGS} findings and {ITEMS} items",
        "",
        *rendered,
        "",
        f"#### (b) The State record page of {RECORD_STATE} (and its CSV) as the record grows",
        "",
        f"Four other States ({', '.join(NOISE_STATES)}) hold as much beside it. {PAGE_RUNS} requests a page "
        "after a warm-up.",
        "",
        "| page | record of the State | queries | median time | size | vs bare page |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
        *record_rows,
        "",
        f"Indicators at 50 years: {indicators.visits_total} visits, {indicators.reports_adopted} reports adopted, "
        f"{indicators.reports_published} published ({indicators.share_published_percent} %), median "
        f"{indicators.median_days_to_response} days to a response, {indicators.responses_overdue} responses "
        f"overdue, {indicators.recommendations_repeated} recommendations repeated.",
        "",
        f"Whole run: {time.perf_counter() - started:.0f} s.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports.md").write_text(text)


if __name__ == "__main__":
    main()
