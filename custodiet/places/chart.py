"""A server-rendered SVG line chart of a place's occupancy over time; no JavaScript.

Pure: points in, SVG text out. The chart draws occupancy in percent of the
capacity in force at each figure, a dashed line at 100 % (the official
capacity) with the band above it shaded, labelled axes, and one dot per figure
whose native tooltip (``<title>``) gives the numbers. It carries an accessible
``<title>`` and ``<desc>`` that say in words what the lines show; the page's
history table is the full text alternative. Every text written is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from custodiet.places.occupancy import Point

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 18, 36, 48
Y_STEPS = (10, 20, 25, 50, 100, 200, 250, 500, 1000)
MAX_DOTS = 240  # beyond this, dots would only blur the line


@dataclass(frozen=True)
class Tick:
    at: date
    label: str


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def y_scale(highest: Decimal) -> tuple[int, int]:
    """The top of the y axis and its step: room above both the highest figure and 100 %."""
    top = max(float(highest), 100.0) * 1.1
    for step in Y_STEPS:
        if top / step <= 6:
            return math.ceil(top / step) * step, step
    step = Y_STEPS[-1] * math.ceil(top / (Y_STEPS[-1] * 6))
    return math.ceil(top / step) * step, step


def date_ticks(start: date, end: date, *, most: int = 7) -> list[Tick]:
    """Ticks on whole years, months or days, as the span asks, never more than ``most``."""
    span = (end - start).days
    ticks: list[Tick] = []
    if span >= 3 * 365:
        years = end.year - start.year + 1
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= most), 100)
        ticks = [
            Tick(date(year, 1, 1), str(year))
            for year in range(start.year, end.year + 1)
            if year % step == 0 and start <= date(year, 1, 1) <= end
        ]
    elif span >= 60:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = next((s for s in (1, 2, 3, 6, 12) if months / s <= most), 12)
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            first = date(year, month, 1)
            if (month - 1) % step == 0 and start <= first <= end:
                ticks.append(Tick(first, str(year) if step == 12 else f"{year}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        step = next((s for s in (1, 2, 5, 7, 14, 30) if span / s <= most - 1), 30)
        ticks = [
            Tick(date.fromordinal(start.toordinal() + k), date.fromordinal(start.toordinal() + k).isoformat())
            for k in range(0, span + 1, step)
        ]
    return ticks or [Tick(start, start.isoformat()), Tick(end, end.isoformat())]


def describe(points: Sequence[Point], title: str) -> str:
    """The chart in words, for screen readers and for anyone who cannot see the lines."""
    plotted = [point for point in points if point.percent is not None]
    if not plotted:
        return f"{title}: no figure with a known capacity to plot."
    latest = plotted[-1]
    highest = max(plotted, key=lambda point: (point.percent, point.on))
    over = sum(1 for point in plotted if point.capacity is not None and point.population > point.capacity)
    text = (
        f"{title}, from {plotted[0].on.isoformat()} to {latest.on.isoformat()}: "
        f"{len(plotted)} figure{'s' if len(plotted) != 1 else ''}. "
        f"Latest: {latest.percent} % on {latest.on.isoformat()}. "
        f"Highest: {highest.percent} % on {highest.on.isoformat()}. "
        f"{over} of {len(plotted)} above the official capacity (the dashed line at 100 %)."
    )
    missing = len(points) - len(plotted)
    if missing:
        text += f" {missing} figure{'s' if missing != 1 else ''} without a known capacity not plotted."
    return text


def occupancy_chart(
    points: Sequence[Point], *, title: str, chart_id: str = "occupancy-chart", width: int = WIDTH
) -> str:
    """The SVG, or an empty string when no figure has a known capacity (nothing to draw)."""
    ordered = sorted(points, key=lambda point: point.on)
    plotted = [point for point in ordered if point.percent is not None]
    if not plotted:
        return ""
    height = HEIGHT
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    first, last = plotted[0].on, plotted[-1].on
    if first == last:
        first = date.fromordinal(first.toordinal() - 15)
        last = date.fromordinal(last.toordinal() + 15)
    day0, days = first.toordinal(), max(1, last.toordinal() - first.toordinal())
    y_top, y_step = y_scale(max(point.percent for point in plotted if point.percent is not None))

    def x(day: date) -> float:
        return LEFT + (day.toordinal() - day0) / days * plot_w

    def y(percent: float) -> float:
        return TOP + plot_h - percent / y_top * plot_h

    safe_id = escape(chart_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="occupancy-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{safe_id}-title {safe_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{safe_id}-title">{escape(title)}</title>',
        f'<desc id="{safe_id}-desc">{escape(describe(ordered, title))}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#d8dde5"/>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{_fmt(y(100) - TOP)}" fill="#fbeaea"/>',
    ]
    for value in range(0, y_top + 1, y_step):
        at = _fmt(y(value))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{at}" y2="{at}" stroke="#eef1f5"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{at}" text-anchor="end" dominant-baseline="middle">{value} %</text>'
        )
    for tick in date_ticks(first, last):
        at = _fmt(x(tick.at))
        out.append(
            f'<line x1="{at}" x2="{at}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}" stroke="#5b6678"/>'
        )
        out.append(f'<text x="{at}" y="{TOP + plot_h + 18}" text-anchor="middle">{escape(tick.label)}</text>')
    hundred = _fmt(y(100))
    out.append(
        f'<line class="capacity" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{hundred}" y2="{hundred}" '
        'stroke="#a4262c" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    legend = TOP - 18  # the legend sits above the plot, where no line can cross it
    out.append(
        f'<g class="legend"><line x1="{LEFT}" x2="{LEFT + 26}" y1="{legend}" y2="{legend}" stroke="#a4262c" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/><text x="{LEFT + 32}" y="{legend}" '
        'dominant-baseline="middle">official capacity (100 %)</text>'
        f'<circle cx="{LEFT + 220}" cy="{legend}" r="3.5" fill="#1f4e8c"/><circle cx="{LEFT + 230}" '
        f'cy="{legend}" r="3.5" fill="#a4262c"/><text x="{LEFT + 240}" y="{legend}" dominant-baseline="middle">'
        "a dated figure (red: above capacity)</text></g>"
    )
    segment: list[str] = []
    segments: list[list[str]] = []
    for point in ordered:  # a figure without a capacity breaks the line rather than bridging it
        if point.percent is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        if first <= point.on <= last:
            segment.append(f"{_fmt(x(point.on))},{_fmt(y(float(point.percent)))}")
    if segment:
        segments.append(segment)
    out.extend(
        f'<polyline class="occupancy" points="{" ".join(line)}" fill="none" stroke="#1f4e8c" '
        'stroke-width="2" stroke-linejoin="round"/>'
        for line in segments
    )
    if len(plotted) <= MAX_DOTS:
        for point in plotted:
            assert point.percent is not None
            over = point.capacity is not None and point.population > point.capacity
            tip = f"{point.on.isoformat()}: {point.population:,} held, capacity {point.capacity:,} ({point.percent} %)"
            out.append(
                f'<circle class="figure" cx="{_fmt(x(point.on))}" cy="{_fmt(y(float(point.percent)))}" r="3.5" '
                f'fill="{"#a4262c" if over else "#1f4e8c"}"><title>{escape(tip)}</title></circle>'
            )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle" fill="#5b6678">'
        "date of the figure</text>"
    )
    out.append(
        f'<text transform="translate(16 {TOP + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
        'fill="#5b6678">occupancy (% of capacity)</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
