"""Reads of measurements and findings for a visit's page and a place's page, bounded and cheap.

Each selector runs a fixed number of queries whatever the number of rows: the
latest rows (``LATEST``) through the indexes on (visit|place, date), and the
counts by year and by standard as aggregate queries. A place's latest rows are
read as values (``MeasurementRow``, ``FindingRow``), only the columns its page shows. Who may see what is the
visits app's rule: a place's record only counts visits from
``Visit.objects.visible_to(user)``; a visit's record is for callers that have
already fetched the visit through that selector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.sql.compiler import SQLCompiler

from custodiet.core.access import Actor
from custodiet.places.models import Place
from custodiet.standards.charts import Bar, year_bars
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.visits.models import Visit

LATEST = 50
Row = TypeVar("Row", Measurement, Finding)
MeasurementShown = TypeVar("MeasurementShown")
FindingShown = TypeVar("FindingShown")


class Year(ExtractYear):
    """The year of a date; on SQLite with the built-in strftime rather than a Python function."""

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS integer)", params


@dataclass(frozen=True)
class StandardCount:
    code: str
    title: str
    severity: str
    count: int


@dataclass(frozen=True)
class YearCount:
    year: int
    measurements: int
    findings: int


class MeasurementRow(NamedTuple):
    """A measurement as a place's page lists it: only the columns the row shows."""

    id: int
    kind: str
    location: str
    measured_on: date
    values: Any
    note: str
    finding_count: int
    visit_id: int
    visit: Visit
    place: Place


class FindingRow(NamedTuple):
    """A finding as a place's page lists it: only the columns the row shows."""

    id: int
    text: str
    location: str
    observed_on: date
    shortfall: Decimal | None
    unit: str
    standard: Standard | None
    visit_id: int
    visit: Visit
    place: Place


@dataclass
class _Latest(Generic[MeasurementShown, FindingShown]):
    """The latest rows, with the counts of all of them: how many older ones are not shown."""

    measurements: list[MeasurementShown]
    measurement_count: int
    findings: list[FindingShown]
    finding_count: int

    @property
    def more_measurements(self) -> int:
        return max(self.measurement_count - len(self.measurements), 0)

    @property
    def more_findings(self) -> int:
        return max(self.finding_count - len(self.findings), 0)


@dataclass
class VisitRecord(_Latest[Measurement, Finding]):
    visit: Visit
    by_standard: list[StandardCount]
    may_record: bool = False
    limit: int = LATEST


@dataclass
class PlaceRecord(_Latest[MeasurementRow, FindingRow]):
    place: Place
    by_year: list[YearCount]
    by_standard: list[StandardCount]
    limit: int = LATEST
    bars: list[Bar] = field(default_factory=list)


# The API lists' keyset orders (custodiet.ops.paging), newest first and total.
FINDING_ORDER = (("observed_on", True), ("id", True))
MEASUREMENT_ORDER = (("measured_on", True), ("id", True))


def _findings(queryset: QuerySet[Finding]) -> QuerySet[Finding]:
    return queryset.select_related("standard", "place", "visit").order_by("-observed_on", "-id")


def _measurements(
    queryset: QuerySet[Measurement], related: tuple[str, ...] = ("place", "visit")
) -> QuerySet[Measurement]:
    """Newest first, each with its number of findings (a correlated count, run for the rows returned only)."""
    finding_count = (
        Finding.objects.filter(measurement=OuterRef("pk"))
        .order_by()
        .values("measurement")
        .annotate(count=Count("id"))
        .values("count")
    )
    if related:
        queryset = queryset.select_related(*related)
    return queryset.annotate(finding_count=Coalesce(Subquery(finding_count), 0)).order_by(
        "-measured_on", "-id"
    )


def _catalogue() -> dict[int, Standard]:
    """The standards by id, with the columns the pages read of them (the catalogue is small)."""
    return {row.pk: row for row in Standard.objects.only("code", "title", "spec")}


def _by_standard(
    findings: QuerySet[Finding], standards: dict[int, Standard] | None = None
) -> list[StandardCount]:
    """Findings counted by standard: one aggregate over an index, one look-up in the small catalogue
    (none when the catalogue is given).

    The delegation's own findings (no standard) count as one row.
    """
    counts = list(
        findings.order_by()
        .values("standard_id")
        .annotate(count=Count("id"))
        .values_list("standard_id", "count")
    )
    if not counts:
        return []
    if standards is None:
        standards = _catalogue()
    rows = []
    for standard_id, count in counts:
        standard = standards.get(standard_id)
        rows.append(
            StandardCount(
                code=standard.code if standard else "",
                title=standard.title if standard else "Written by the delegation",
                severity=standard.spec.get("severity", "") if standard else "",
                count=count,
            )
        )
    return sorted(rows, key=lambda row: (-row.count, row.code))


def visit_record(visit: Visit, user: Actor = None, *, limit: int = LATEST) -> VisitRecord:
    """A visit's latest measurements and findings, with counts: at most six queries (one less without a user)."""
    measurements = Measurement.objects.filter(visit=visit)
    findings = Finding.objects.filter(visit=visit)
    may_record = False
    if user is not None:
        may_record = Visit.objects.recordable_by(user).filter(pk=visit.pk).exists()
    by_standard = _by_standard(findings)
    return VisitRecord(
        visit=visit,
        measurements=list(_measurements(measurements)[:limit]),
        measurement_count=measurements.count(),
        findings=list(_findings(findings)[:limit]),
        finding_count=sum(row.count for row in by_standard),
        by_standard=by_standard,
        may_record=may_record,
        limit=limit,
    )


def _by_year(queryset: QuerySet[Row], date_field: str) -> dict[int, int]:
    rows = (
        queryset.order_by()
        .annotate(year=Year(date_field))
        .values("year")
        .annotate(count=Count("id"))
        .values_list("year", "count")
    )
    return {int(year): count for year, count in rows}


def _of_place(model: type[Row], place: Place, user: Actor) -> QuerySet[Row]:
    """The place's rows from the visits the user may see.

    When the visits selector does not restrict (the secretariat sees every visit)
    no visit filter is added: an ``IN (every visit)`` condition would only mislead
    the query planner away from the (place, date) indexes.
    """
    visible = Visit.objects.visible_to(user)
    if visible.query.is_empty():
        return model.objects.none()
    rows = model.objects.filter(place=place)
    if visible.query.has_filters():
        rows = rows.filter(visit__in=visible.values("pk"))
    return rows


# What a visit's name (``Visit.__str__``) reads: the rows of a place's page read only these of their visit.
_VISIT_NAMED = ("title", "kind", "state_id", "planned_start")
_VISIT_COLUMNS = tuple(f"visit__{name}" for name in _VISIT_NAMED)


def _visits_named(rows: list[tuple[Any, ...]]) -> dict[int, Visit]:
    """The rows' visits, one unsaved instance each that has what its name needs; each row ends with its
    visit's id and those columns."""
    visits: dict[int, Visit] = {}
    width = len(_VISIT_NAMED) + 1
    for row in rows:
        visit_id, *named = row[-width:]
        if visit_id not in visits:
            visits[visit_id] = Visit(id=visit_id, **dict(zip(_VISIT_NAMED, named, strict=True)))
    return visits


def _latest_measurements(
    measurements: QuerySet[Measurement], place: Place, limit: int
) -> list[MeasurementRow]:
    columns = ("id", "kind", "location", "measured_on", "values", "note", "finding_count", "visit_id")
    rows = list(_measurements(measurements, related=()).values_list(*columns, *_VISIT_COLUMNS)[:limit])
    visits = _visits_named(rows)
    return [MeasurementRow._make((*row[:8], visits[row[7]], place)) for row in rows]


def _latest_findings(
    findings: QuerySet[Finding], place: Place, standards: dict[int, Standard], limit: int
) -> list[FindingRow]:
    columns = ("id", "text", "location", "observed_on", "shortfall", "unit", "standard_id", "visit_id")
    ordered = findings.order_by("-observed_on", "-id")
    rows = list(ordered.values_list(*columns, *_VISIT_COLUMNS)[:limit])
    visits = _visits_named(rows)
    return [
        FindingRow._make(
            (*row[:6], standards.get(row[6]) if row[6] is not None else None, row[7], visits[row[7]], place)
        )
        for row in rows
    ]


def place_record(place: Place, user: Actor, *, limit: int = LATEST) -> PlaceRecord:
    """A place over time, from the visits the user may see: at most six queries whatever the rows.

    The latest measurements and findings, the counts of both by year, and the
    counts of findings by standard. The latest rows are read as values, only the columns
    the page shows and the columns of their visit that its name needs; the place is the one
    given and the standards come from the catalogue, read once (the page shows up to
    ``limit`` rows of each).
    """
    measurements = _of_place(Measurement, place, user)
    findings = _of_place(Finding, place, user)
    measured = _by_year(measurements, "measured_on")
    found = _by_year(findings, "observed_on")
    by_year = [
        YearCount(year=year, measurements=measured.get(year, 0), findings=found.get(year, 0))
        for year in sorted(set(measured) | set(found))
    ]
    finding_count = sum(row.findings for row in by_year)
    standards = _catalogue() if finding_count else {}
    return PlaceRecord(
        place=place,
        measurements=_latest_measurements(measurements, place, limit),
        measurement_count=sum(row.measurements for row in by_year),
        findings=_latest_findings(findings, place, standards, limit),
        finding_count=finding_count,
        by_year=by_year,
        by_standard=_by_standard(findings, standards),
        limit=limit,
        bars=year_bars([(row.year, row.findings, row.measurements) for row in by_year]),
    )


def visit_measurements(visit: Visit) -> QuerySet[Measurement]:
    """A visit's measurements, newest first (for the API's paginated list)."""
    return _measurements(Measurement.objects.filter(visit=visit))


def visit_findings(visit: Visit) -> QuerySet[Finding]:
    return _findings(Finding.objects.filter(visit=visit))


def place_findings(place: Place, user: Actor) -> QuerySet[Finding]:
    """A place's findings from the visits the user may see, newest first."""
    return _findings(_of_place(Finding, place, user))


def standard_list() -> QuerySet[Standard]:
    return Standard.objects.order_by("measure", "code")
