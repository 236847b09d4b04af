"""The visits chart: bars stacked by kind, described in words, every text escaped; no chart without visits."""

from __future__ import annotations

from unittest import TestCase

from custodiet.reports.chart import describe, visits_chart
from custodiet.reports.indicators import Indicators


class VisitsChartTests(TestCase):
    def test_it_draws_a_bar_segment_per_kind_and_year_with_a_description(self) -> None:
        indicators = Indicators(
            state="RU<script>",
            visits_by_year={2011: {"ad_hoc": 1}, 2012: {"periodic": 1}, 2018: {"periodic": 1, "ad_hoc": 2}},
            visits_total=5,
        )
        svg = str(visits_chart(indicators))
        self.assertTrue(svg.startswith("<svg") and svg.endswith("</svg>"))
        self.assertEqual(svg.count('<rect class="bar periodic" x='), 3)  # two bars and the legend
        self.assertIn("2018: 2 ad hoc visit(s)", svg)
        self.assertIn("RU&lt;script&gt;", svg)
        self.assertNotIn("<script>", svg)
        self.assertNotIn("style=", svg)
        self.assertIn("2018: 1 periodic, 2 ad hoc", describe(indicators))

    def test_no_visits_no_chart(self) -> None:
        self.assertIsNone(visits_chart(Indicators(state="RU")))
        self.assertEqual(describe(Indicators(state="RU")), "No visit is recorded.")
