"""The reference data shipped with Custodiet, read without a database.

``data/charts/charts.json`` lists each bundled chart: its file, its instrument, the depositary
chart it stands for (``source``), the date up to which it lists every party (``complete_to``,
or null), the day its rows were compiled (``read_on``: no row may be dated later, whatever the
machine's clock says) and a note. ``data/russian_federation.json`` is one State's full record (acts, notes,
bodies, committee terms, and ``record_checks``: up to which date its record on an instrument is
known complete). The Django layer stores the same data (``services.reference_load``,
``services.charts_load``); tests and benchmarks read it here in milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from custodiet.treaties.chart import ChartNote, read_chart
from custodiet.treaties.records import Action, Completeness
from custodiet.treaties.reference import DATA_DIR, InstrumentSpec, read_json

CHARTS_DIR = DATA_DIR / "charts"
MANIFEST = "charts.json"


@dataclass(frozen=True)
class ChartEntry:
    """One line of the manifest."""

    file: str
    instrument: str
    source: str
    complete_to: date | None
    note: str
    # The day the rows were compiled: no act in them is later. A row's dates are checked against it, not
    # against the clock: a machine whose clock is behind the data still loads it, and a row dated after its
    # own chart is refused on any clock.
    read_on: date | None = None

    def completeness(self) -> Completeness:
        return Completeness(self.instrument, self.complete_to, self.source, self.note, file=self.file)

    def text(self) -> str:
        return (CHARTS_DIR / self.file).read_text(encoding="utf-8")


def manifest() -> list[ChartEntry]:
    """The bundled charts, as charts.json lists them; a malformed entry raises ValueError naming it."""
    entries = []
    for number, item in enumerate(read_json(f"charts/{MANIFEST}"), start=1):
        try:
            complete_to = item.get("complete_to")
            read_on = item.get("read_on")
            entries.append(
                ChartEntry(
                    file=item["file"],
                    instrument=item["instrument"],
                    source=item["source"],
                    complete_to=date.fromisoformat(complete_to) if complete_to else None,
                    note=item.get("note", ""),
                    read_on=date.fromisoformat(read_on) if read_on else None,
                )
            )
        except (KeyError, ValueError) as problem:
            raise ValueError(f"{MANIFEST}, entry {number}: {problem}") from None
        if not (CHARTS_DIR / entries[-1].file).is_file():
            raise ValueError(f"{MANIFEST}, entry {number}: no file {entries[-1].file} beside it")
    return entries


def record_actions(data: Mapping[str, Any]) -> list[Action]:
    """A reference record's acts (``russian_federation.json``'s "actions")."""
    return [
        Action(
            state=item["state"],
            instrument=item["instrument"],
            kind=item["kind"],
            on=date.fromisoformat(item["on"]),
            precision=item.get("precision", "day"),
            confidence=item.get("confidence", "sourced"),
            source=item["source"],
            note=item.get("note", ""),
            effective_on=date.fromisoformat(item["effective_on"]) if item.get("effective_on") else None,
            detail=item.get("detail", ""),
        )
        for item in data.get("actions", [])
    ]


def record_checks(data: Mapping[str, Any]) -> list[Completeness]:
    """A reference record's ``record_checks``: a State's record on an instrument, complete to a date."""
    return [
        Completeness(
            instrument=item["instrument"],
            complete_to=date.fromisoformat(item["complete_to"]),
            source=item["source"],
            note=item.get("note", ""),
            state=item["state"],
        )
        for item in data.get("record_checks", [])
    ]


@dataclass
class Bundle:
    """Everything bundled, as plain records: acts, notes, completeness, warnings by file."""

    actions: list[Action] = field(default_factory=list)
    notes: list[ChartNote] = field(default_factory=list)
    completeness: list[Completeness] = field(default_factory=list)
    warnings: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def iso_states() -> dict[str, str]:
    """Lower-cased ISO codes and English names to the alpha-2 code, from pycountry (no database)."""
    import pycountry  # lazily: ~50 ms, and only the reference reading needs it

    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for key in (country.alpha_2, country.alpha_3, country.name, getattr(country, "common_name", "")):
            if key:
                lookup[key.lower()] = country.alpha_2
    return lookup


def read_bundle(specs: Mapping[str, InstrumentSpec], *, today: date, with_record: bool = True) -> Bundle:
    """The Russian Federation's record (when ``with_record``) and every chart in the manifest."""
    bundle = Bundle()
    if with_record:
        data = read_json("russian_federation.json")
        bundle.actions.extend(record_actions(data))
        bundle.completeness.extend(record_checks(data))
    lookup = iso_states()
    for entry in manifest():
        result = read_chart(
            entry.text(),
            specs=specs,
            state_lookup=lookup,
            existing=bundle.actions,
            today=today,
            instrument=entry.instrument,
            read_on=entry.read_on,
        )
        bundle.actions.extend(result.actions)
        bundle.notes.extend(result.notes)
        bundle.completeness.append(entry.completeness())
        bundle.warnings[entry.file] = result.warnings
    return bundle


@dataclass(frozen=True)
class ChartReport:
    """One bundled chart as docs/treaties.md lists it: rows, confidence counts, unverified States."""

    entry: ChartEntry
    rows: int
    by_confidence: dict[str, int]
    unverified: tuple[str, ...]  # the States whose rows are "uncertain" (shown as unverified)

    def markdown(self) -> str:
        counts = ", ".join(
            f"{name} {self.by_confidence.get(name, 0)}" for name in ("certain", "sourced", "disputed")
        )
        complete = self.entry.complete_to.isoformat() if self.entry.complete_to else "no date"
        return (
            f"| `{self.entry.file}` | {self.entry.instrument} | {self.rows} | {complete} | {counts} "
            f"| {len(self.unverified)}: {', '.join(self.unverified) or 'none'} |"
        )


def chart_reports() -> list[ChartReport]:
    """Every bundled chart's rows, counted by confidence (no database)."""
    import csv
    import io

    reports = []
    for entry in manifest():
        rows = list(csv.DictReader(io.StringIO(entry.text())))
        by_confidence: dict[str, int] = {}
        for row in rows:
            confidence = (row.get("confidence") or "sourced").strip().lower()
            by_confidence[confidence] = by_confidence.get(confidence, 0) + 1
        unverified = sorted(
            {
                row["state"].strip()
                for row in rows
                if (row.get("confidence") or "").strip().lower() == "uncertain"
            }
        )
        reports.append(ChartReport(entry, len(rows), by_confidence, tuple(unverified)))
    return reports
