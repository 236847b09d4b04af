"""A server-rendered SVG chart of the States each body may visit, year by year; no JavaScript.

Pure: counts in, SVG text out. One panel per body; for each year a bar of the States it may
certainly visit on 1 January (solid), topped by those whose answer is uncertain (hatched) and
those whose answer is unknown (grey, outlined), so that missing data is never drawn as "no". Each
bar has a native tooltip with the figures, and the chart carries an accessible title and
description; the page's table is the full text alternative. Every text written is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from custodiet.treaties.world import YearCount

WIDTH, PANEL_HEIGHT = 760, 190
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 26, 34
COLOURS = {"yes": "#2e7d32", "uncertain": "#b26a00", "unknown": "#c9ced6"}


def _step(highest: int) -> int:
    for step in (5, 10, 20, 25, 50, 100):
        if highest / step <= 6:
            return step
    return 200


def coverage_chart(counts: Mapping[str, Sequence[YearCount]], total_states: int) -> str:
    """Panels of stacked bars, one panel per body code in ``counts``."""
    bodies = [code for code, items in counts.items() if items]
    height = PANEL_HEIGHT * max(len(bodies), 1)
    described = "; ".join(
        f"{code}: {items[-1].yes} States certainly covered on 1 January {items[-1].year}, "
        f"{items[-1].uncertain} uncertain, {items[-1].unknown} unknown"
        for code, items in counts.items()
        if items
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coverage-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="coverage-title coverage-desc">',
        '<title id="coverage-title">States each body may visit, on 1 January of each year</title>',
        f'<desc id="coverage-desc">{escape(described)}. Out of {total_states} States.</desc>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3dcb4"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COLOURS["uncertain"]}" stroke-width="2"/></pattern></defs>',
    ]
    for index, code in enumerate(bodies):
        parts.append(_panel(code, counts[code], index * PANEL_HEIGHT))
    parts.append("</svg>")
    return "".join(parts)


def _panel(code: str, items: Sequence[YearCount], offset: int) -> str:
    highest = max(max(item.yes + item.uncertain + item.unknown for item in items), 1)
    step = _step(highest)
    top = ((highest + step - 1) // step) * step
    plot_height = PANEL_HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / len(items)

    def y(value: float) -> float:
        return offset + TOP + plot_height * (1 - value / top)

    parts = [f'<g class="panel" data-body="{escape(code)}">']
    parts.append(
        f'<text x="{LEFT}" y="{offset + 16}" font-size="13" font-weight="600">{escape(code)}: States it may visit</text>'
    )
    legend_x = WIDTH - RIGHT - 330
    for shift, (answer, label) in enumerate(
        (("yes", "may visit"), ("uncertain", "uncertain"), ("unknown", "unknown"))
    ):
        fill = "url(#hatch)" if answer == "uncertain" else COLOURS[answer]
        at = legend_x + shift * 110
        parts.append(
            f'<rect x="{at}" y="{offset + 6}" width="12" height="12" fill="{fill}" stroke="#8a929c" stroke-width="0.6"/>'
            f'<text x="{at + 16}" y="{offset + 16}" font-size="11">{label}</text>'
        )
    parts.extend(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e6ea"/>'
        f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">{value}</text>'
        for value in range(0, top + 1, step)
    )
    for number, item in enumerate(items):
        x = LEFT + number * slot + slot * 0.15
        width = slot * 0.7
        base = 0
        tip = f"{code}, 1 January {item.year}: {item.yes} yes, {item.uncertain} uncertain, {item.unknown} unknown"
        parts.append(f"<g><title>{escape(tip)}</title>")
        for answer, value in (("yes", item.yes), ("uncertain", item.uncertain), ("unknown", item.unknown)):
            if value:
                fill = "url(#hatch)" if answer == "uncertain" else COLOURS[answer]
                stroke = ' stroke="#8a929c" stroke-width="0.6"' if answer == "unknown" else ""
                parts.append(
                    f'<rect class="{answer}" x="{x:.1f}" y="{y(base + value):.1f}" width="{width:.1f}" '
                    f'height="{y(base) - y(base + value):.1f}" fill="{fill}"{stroke}/>'
                )
                base += value
        parts.append("</g>")
        last = number == len(items) - 1
        if (item.year % 5 == 0 and (last or items[-1].year - item.year > 2)) or last:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{offset + PANEL_HEIGHT - BOTTOM + 16}" font-size="11" '
                f'text-anchor="middle">{item.year}</text>'
            )
    parts.append("</g>")
    return "".join(parts)
