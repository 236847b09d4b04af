"""A server-rendered SVG bar chart of a State's visits by year, stacked by kind; no JavaScript.

Pure: indicators in, SVG text out. Each bar is one year; its segments are periodic, ad hoc and
follow-up visits, each with a native tooltip (``<title>``) giving the count. The chart carries an
accessible ``<title>`` and ``<desc>`` saying in words what it shows; the page's table of indicators
is the text alternative. Colours come from CSS classes (reports.css), never inline styles. Every text
written is escaped.
"""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.reports.indicators import Indicators

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 40, 44
# The kinds of visit, labelled in the reader's language (the legend, the tooltips, the description).
KINDS = (
    ("periodic", gettext_lazy("Periodic")),
    ("ad_hoc", gettext_lazy("Ad hoc")),
    ("follow_up", gettext_lazy("Follow-up")),
)


def _step(highest: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if highest / step <= 6:
            return step
    return int(10 ** math.ceil(math.log10(highest / 6)))


def _kinds() -> list[tuple[str, str]]:
    """The kinds with their labels in the reader's language, translated once per chart, not per bar."""
    return [(kind, str(label)) for kind, label in KINDS]


def describe(indicators: Indicators) -> str:
    if not indicators.visits_by_year:
        return _("No visit is recorded.")
    parts = []
    counting = _("%(count)s %(kind)s")
    kinds_shown = [(kind, label.lower()) for kind, label in _kinds()]
    for year, kinds in indicators.visits_by_year.items():
        counted = ", ".join(
            counting % {"count": count, "kind": label}
            for kind, label in kinds_shown
            if (count := kinds.get(kind))
        )
        parts.append(f"{year}: {counted or sum(kinds.values())}")
    recorded = _("%(count)s visit(s) recorded.") % {"count": indicators.visits_total}
    return f"{recorded} " + "; ".join(parts) + "."


def visits_chart(indicators: Indicators, state_name: str = "") -> SafeString | None:
    """The chart, or None when no visit is recorded (the page says so in words). ``state_name``: the
    State as the page names it (its name in the reader's language); the indicators' own name otherwise."""
    by_year = indicators.visits_by_year
    if not by_year:
        return None
    first, last = min(by_year), max(by_year)
    years = list(range(first, last + 1))
    highest = max(sum(kinds.values()) for kinds in by_year.values())
    step = _step(highest)
    top = max(step, math.ceil(highest / step) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar = max(2.0, min(40.0, slot * 0.7))
    title = _("Visits to %(state)s by year and kind") % {"state": state_name or indicators.state}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="reports-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="visits-chart-title visits-chart-desc">',
        f'<title id="visits-chart-title">{escape(title)}</title>',
        f'<desc id="visits-chart-desc">{escape(describe(indicators))}</desc>',
    ]
    for value in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * value / top
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    label_every = max(1, math.ceil(len(years) / 12))
    tooltip = _("%(year)s: %(count)s %(kind)s visit(s)")
    kinds_shown = [(kind, label.lower()) for kind, label in _kinds()]
    for index, year in enumerate(years):
        x = LEFT + slot * index + (slot - bar) / 2
        base: float = TOP + plot_h
        for kind, label in kinds_shown:
            count = by_year.get(year, {}).get(kind, 0)
            if not count:
                continue
            height = plot_h * count / top
            base -= height
            out.append(
                f'<rect class="bar {kind}" x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>{escape(tooltip % {'year': year, 'count': count, 'kind': label})}</title></rect>"
            )
        if index % label_every == 0:
            out.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{year}</text>'
            )
    legend_x = LEFT
    for kind, label in _kinds():
        out.append(f'<rect class="bar {kind}" x="{legend_x}" y="12" width="12" height="12"/>')
        out.append(f'<text class="legend" x="{legend_x + 16}" y="22">{escape(label)}</text>')
        legend_x += 110
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped or a number
