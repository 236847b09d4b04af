"""Geometry of the small bar chart of measurements and findings by year, drawn as server-side SVG.

Pure arithmetic: the template only places the rectangles computed here, so the
chart needs no JavaScript and no charting library.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 160
BASELINE = 130  # y of the axis; labels go below it
TOP = 14  # room for the count above the tallest bar
MAX_YEARS = 40


@dataclass(frozen=True)
class Bar:
    year: int
    findings: int
    measurements: int
    x: float  # left edge of the year's slot
    slot: float  # width of the year's slot
    measured_y: float
    measured_height: float
    found_y: float
    found_height: float

    @property
    def bar_width(self) -> float:
        return round(self.slot * 0.36, 1)

    @property
    def found_x(self) -> float:
        return round(self.x + self.slot * 0.5, 1)

    @property
    def measured_x(self) -> float:
        return round(self.x + self.slot * 0.5 - self.bar_width, 1)

    @property
    def count_y(self) -> float:
        return round(self.found_y - 3, 1)

    @property
    def label_x(self) -> float:
        return round(self.x + self.slot * 0.5, 1)


def year_bars(rows: list[tuple[int, int, int]]) -> list[Bar]:
    """Bars for (year, findings, measurements) rows, the latest MAX_YEARS years, scaled to the largest count."""
    rows = sorted(rows)[-MAX_YEARS:]
    if not rows:
        return []
    tallest = max(max(findings, measurements) for _, findings, measurements in rows) or 1
    slot = WIDTH / max(len(rows), 4)
    usable = BASELINE - TOP

    def height(count: int) -> float:
        return round(usable * count / tallest, 1)

    bars = []
    for index, (year, findings, measurements) in enumerate(rows):
        measured, found = height(measurements), height(findings)
        bars.append(
            Bar(
                year=year,
                findings=findings,
                measurements=measurements,
                x=round(index * slot, 1),
                slot=round(slot, 1),
                measured_y=round(BASELINE - measured, 1),
                measured_height=measured,
                found_y=round(BASELINE - found, 1),
                found_height=found,
            )
        )
    return bars
