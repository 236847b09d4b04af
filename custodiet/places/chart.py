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

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from custodiet.core.dates import shown_date
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


def _number(value: int | Decimal) -> str:
    return number_format(value, force_grouping=True)


def describe(points: Sequence[Point], title: str) -> str:
    """The chart in words, for screen readers and for anyone who cannot see the lines (in the active
    language, dates and numbers written as it writes them)."""
    plotted = [point for point in points if point.percent is not None]
    if not plotted:
        return gettext("%(title)s: no figure with a known capacity to plot.") % {"title": title}
    latest = plotted[-1]
    highest = max(plotted, key=lambda point: (point.percent, point.on))
    assert latest.percent is not None and highest.percent is not None
    over = sum(1 for point in plotted if point.capacity is not None and point.population > point.capacity)
    parts = [
        ngettext(
            "%(title)s, from %(first)s to %(last)s: %(count)s figure.",
            "%(title)s, from %(first)s to %(last)s: %(count)s figures.",
            len(plotted),
        )
        % {
            "title": title,
            "first": shown_date(plotted[0].on),
            "last": shown_date(latest.on),
            "count": len(plotted),
        },
        gettext("Latest: %(percent)s %% on %(day)s.")
        % {"percent": _number(latest.percent), "day": shown_date(latest.on)},
        gettext("Highest: %(percent)s %% on %(day)s.")
        % {"percent": _number(highest.percent), "day": shown_date(highest.on)},
        gettext("%(over)s of %(count)s above the official capacity (the dashed line at 100 %%).")
        % {"over": over, "count": len(plotted)},
    ]
    missing = len(points) - len(plotted)
    if missing:
        parts.append(
            ngettext(
                "%(count)s figure without a known capacity not plotted.",
                "%(count)s figures without a known capacity not plotted.",
                missing,
            )
            % {"count": missing}
        )
    return " ".join(parts)


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the SVG, and how a date and a percentage map onto it."""

    width: int
    first: date
    last: date
    y_top: int
    y_step: int
    height: int = HEIGHT

    @property
    def plot_w(self) -> int:
        return self.width - LEFT - RIGHT

    @property
    def plot_h(self) -> int:
        return self.height - TOP - BOTTOM

    def x(self, day: date) -> float:
        days = max(1, self.last.toordinal() - self.first.toordinal())
        return LEFT + (day.toordinal() - self.first.toordinal()) / days * self.plot_w

    def y(self, percent: float) -> float:
        return TOP + self.plot_h - percent / self.y_top * self.plot_h


def _frame(plotted: Sequence[Point], width: int) -> _Frame:
    first, last = plotted[0].on, plotted[-1].on
    if first == last:  # one date: a month around it
        first = date.fromordinal(first.toordinal() - 15)
        last = date.fromordinal(last.toordinal() + 15)
    y_top, y_step = y_scale(max(point.percent for point in plotted if point.percent is not None))
    return _Frame(width=width, first=first, last=last, y_top=y_top, y_step=y_step)


def _axes(frame: _Frame) -> list[str]:
    """The grid with its percentages, the date ticks, and the dashed line at 100 %."""
    out = []
    for value in range(0, frame.y_top + 1, frame.y_step):
        at = _fmt(frame.y(value))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + frame.plot_w}" y1="{at}" y2="{at}" stroke="#eef1f5"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{at}" text-anchor="end" dominant-baseline="middle">{value} %</text>'
        )
    bottom = TOP + frame.plot_h
    for tick in date_ticks(frame.first, frame.last):
        at = _fmt(frame.x(tick.at))
        out.append(f'<line x1="{at}" x2="{at}" y1="{bottom}" y2="{bottom + 5}" stroke="#5b6678"/>')
        out.append(f'<text x="{at}" y="{bottom + 18}" text-anchor="middle">{escape(tick.label)}</text>')
    hundred = _fmt(frame.y(100))
    out.append(
        f'<line class="capacity" x1="{LEFT}" x2="{LEFT + frame.plot_w}" y1="{hundred}" y2="{hundred}" '
        'stroke="#a4262c" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    return out


def _legend() -> str:
    legend = TOP - 18  # the legend sits above the plot, where no line can cross it
    return (
        f'<g class="legend"><line x1="{LEFT}" x2="{LEFT + 26}" y1="{legend}" y2="{legend}" stroke="#a4262c" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/><text x="{LEFT + 32}" y="{legend}" '
        f'dominant-baseline="middle">{escape(gettext("official capacity (100 %)"))}</text>'
        f'<circle cx="{LEFT + 220}" cy="{legend}" r="3.5" fill="#1f4e8c"/><circle cx="{LEFT + 230}" '
        f'cy="{legend}" r="3.5" fill="#a4262c"/><text x="{LEFT + 240}" y="{legend}" dominant-baseline="middle">'
        f"{escape(gettext('a dated figure (red: above capacity)'))}</text></g>"
    )


def _lines(frame: _Frame, ordered: Sequence[Point]) -> list[str]:
    """The occupancy line; a figure without a capacity breaks it rather than being bridged."""
    segment: list[str] = []
    segments: list[list[str]] = []
    for point in ordered:
        if point.percent is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        if frame.first <= point.on <= frame.last:
            segment.append(f"{_fmt(frame.x(point.on))},{_fmt(frame.y(float(point.percent)))}")
    if segment:
        segments.append(segment)
    return [
        f'<polyline class="occupancy" points="{" ".join(line)}" fill="none" stroke="#1f4e8c" '
        'stroke-width="2" stroke-linejoin="round"/>'
        for line in segments
    ]


def _dots(frame: _Frame, plotted: Sequence[Point]) -> list[str]:
    """One dot per figure, red above capacity, with the numbers as its tooltip (none past MAX_DOTS)."""
    if len(plotted) > MAX_DOTS:
        return []
    out = []
    for point in plotted:
        assert point.percent is not None
        over = point.capacity is not None and point.population > point.capacity
        tip = gettext("%(day)s: %(number)s held, capacity %(capacity)s (%(percent)s %%)") % {
            "day": shown_date(point.on),
            "number": _number(point.population),
            "capacity": _number(point.capacity) if point.capacity is not None else "—",
            "percent": _number(point.percent),
        }
        out.append(
            f'<circle class="figure" cx="{_fmt(frame.x(point.on))}" cy="{_fmt(frame.y(float(point.percent)))}" '
            f'r="3.5" fill="{"#a4262c" if over else "#1f4e8c"}"><title>{escape(tip)}</title></circle>'
        )
    return out


def occupancy_chart(
    points: Sequence[Point], *, title: str, chart_id: str = "occupancy-chart", width: int = WIDTH
) -> str:
    """The SVG, or an empty string when no figure has a known capacity (nothing to draw)."""
    ordered = sorted(points, key=lambda point: point.on)
    plotted = [point for point in ordered if point.percent is not None]
    if not plotted:
        return ""
    frame = _frame(plotted, width)
    safe_id = escape(chart_id)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="occupancy-chart" '
            f'viewBox="0 0 {width} {frame.height}" width="100%" role="img" '
            f'aria-labelledby="{safe_id}-title {safe_id}-desc" font-family="system-ui, sans-serif" '
            'font-size="12">',
            f'<title id="{safe_id}-title">{escape(title)}</title>',
            f'<desc id="{safe_id}-desc">{escape(describe(ordered, title))}</desc>',
            f'<rect x="{LEFT}" y="{TOP}" width="{frame.plot_w}" height="{frame.plot_h}" fill="#fff" '
            'stroke="#d8dde5"/>',
            f'<rect x="{LEFT}" y="{TOP}" width="{frame.plot_w}" height="{_fmt(frame.y(100) - TOP)}" '
            'fill="#fbeaea"/>',
            *_axes(frame),
            _legend(),
            *_lines(frame, ordered),
            *_dots(frame, plotted),
            f'<text x="{LEFT + frame.plot_w / 2:.0f}" y="{frame.height - 6}" text-anchor="middle" '
            f'fill="#5b6678">{escape(gettext("date of the figure"))}</text>',
            f'<text transform="translate(16 {TOP + frame.plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
            f'fill="#5b6678">{escape(gettext("occupancy (% of capacity)"))}</text>',
            "</svg>",
        ]
    )
