"""The coverage page's rows written in Python (``presenters.world_rows_html``) say what the badge template
says, cell for cell, in every language: each answer and confidence, the first reason as the cell's title,
every value escaped (a State's name, a reason's words)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from custodiet.treaties.coverage import Body, CoverageLine
from custodiet.treaties.presenters import line_dict, world_rows_html
from custodiet.treaties.records import Reason
from custodiet.treaties.words import said
from custodiet.treaties.world import WorldRow

CPT = Body("CPT", "European Committee", "international", "ETS-126", "treaty")
BADGE = Template('{% include "treaties/_coverage_badge.html" %}')
CELLS = re.compile(r'<td data-body="CPT" data-answer="[^"]*" title="([^"]*)">(.*?)</td>', re.S)


def _line(answer: str, confidence: str | None, reasons: tuple[Reason, ...]) -> CoverageLine:
    return CoverageLine(body=CPT, answer=answer, reasons=reasons, confidence=confidence)  # type: ignore[arg-type]


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("language", ["en", "fr", "ru", "uk"])
def test_each_cell_is_the_badge_template_s_in_the_reader_s_language(language: str) -> None:
    reason = Reason(said("bound by %(title)s since %(day)s", title="ECPT", day=date(1998, 5, 5)))
    lines = [
        _line(answer, confidence, reasons)
        for answer in ("yes", "no", "uncertain", "unknown")
        for confidence in (None, "certain", "uncertain", "disputed")
        for reasons in ((), (reason,))
    ]
    rows = [WorldRow(f"S{index}", {"CPT": line}) for index, line in enumerate(lines)]
    names = {row.state: f"State <{index}> & co" for index, row in enumerate(rows)}
    with translation.override(language):
        written = str(world_rows_html(rows, names, ["CPT"], date(2026, 12, 1)))
        cells = CELLS.findall(written)
        assert len(cells) == len(lines)
        for (title, cell), line in zip(cells, lines, strict=True):
            expected = BADGE.render(Context({"line": line_dict(line)}))
            assert _squeezed(cell) == _squeezed(expected)
            shown = (
                Template("{{ text }}").render(Context({"text": line.reasons[0].text})) if line.reasons else ""
            )
            assert title == shown
    assert "State &lt;3&gt; &amp; co" in written and "<3>" not in written
    assert '<a href="/treaties/states/S0/?on=2026-12-01">' in written
