"""The occupancy chart: SVG text, escaped, accessible, with a capacity line (no database)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from unittest import TestCase

from custodiet.places.chart import LEFT, RIGHT, WIDTH, date_ticks, describe, occupancy_chart, y_scale
from custodiet.places.occupancy import Figure, occupancy_history

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, not untrusted input


def points(*figures: tuple[date, int, int | None], place_capacity: int | None = 1000) -> list:
    return occupancy_history(
        [Figure(on, population, capacity) for on, population, capacity in figures],
        place_capacity=place_capacity,
    )


HISTORY = points(
    (date(2020, 1, 1), 800, None),
    (date(2021, 1, 1), 1100, None),
    (date(2022, 1, 1), 1500, None),
    (date(2023, 6, 1), 950, None),
)


class ChartTests(TestCase):
    def test_it_is_well_formed_svg_with_title_and_desc(self) -> None:
        svg = occupancy_chart(HISTORY, title="Occupancy of SIZO-2", chart_id="c1")
        root = parse_svg(svg)
        self.assertEqual(root.tag, f"{SVG}svg")
        self.assertEqual(root.get("role"), "img")
        self.assertEqual(root.get("aria-labelledby"), "c1-title c1-desc")
        self.assertEqual(root.find(f"{SVG}title").text, "Occupancy of SIZO-2")
        desc = root.find(f"{SVG}desc").text
        self.assertIn("from 1 January 2020 to 1 June 2023: 4 figures", desc)
        self.assertIn("Highest: 150.0 % on 1 January 2022", desc)
        self.assertIn("2 of 4 above the official capacity", desc)

    def test_it_draws_the_line_a_dot_per_figure_and_the_capacity_line(self) -> None:
        root = parse_svg(occupancy_chart(HISTORY, title="t"))
        self.assertEqual(len(root.findall(f"{SVG}polyline")), 1)
        self.assertEqual(len(root.findall(f"{SVG}polyline")[0].get("points").split()), 4)
        circles = [
            circle for circle in root.findall(f"{SVG}circle") if circle.find(f"{SVG}title") is not None
        ]
        self.assertEqual(len(circles), 4)
        self.assertEqual(
            circles[2].find(f"{SVG}title").text, "1 January 2022: 1,500 held, capacity 1,000 (150.0 %)"
        )
        self.assertEqual(circles[2].get("fill"), "#a4262c")  # over capacity
        capacity = [line for line in root.findall(f"{SVG}line") if line.get("class") == "capacity"]
        self.assertEqual(len(capacity), 1)
        labels = [text.text for text in root.iter(f"{SVG}text")]
        self.assertIn("official capacity (100 %)", labels)
        self.assertIn("100 %", labels)
        self.assertIn("2022", labels)
        self.assertIn("date of the figure", labels)

    def test_higher_values_sit_higher(self) -> None:
        root = parse_svg(occupancy_chart(HISTORY, title="t"))
        ys = [
            float(circle.get("cy"))
            for circle in root.findall(f"{SVG}circle")
            if circle.find(f"{SVG}title") is not None
        ]
        self.assertLess(ys[2], ys[1])
        self.assertLess(ys[1], ys[0])

    def test_text_is_escaped(self) -> None:
        svg = occupancy_chart(HISTORY, title='<script>alert("x")</script> & co', chart_id='a"b')
        self.assertNotIn("<script>", svg)
        root = parse_svg(svg)  # still well-formed
        self.assertEqual(root.find(f"{SVG}title").text, '<script>alert("x")</script> & co')

    def test_nothing_to_draw_without_a_capacity(self) -> None:
        self.assertEqual(
            occupancy_chart(points((date(2020, 1, 1), 10, None), place_capacity=None), title="t"), ""
        )
        self.assertEqual(occupancy_chart([], title="t"), "")

    def test_a_single_figure_is_drawn_in_the_middle(self) -> None:
        root = parse_svg(occupancy_chart(points((date(2024, 3, 1), 500, None)), title="t"))
        circle = root.find(f"{SVG}circle")
        self.assertAlmostEqual(float(circle.get("cx")), LEFT + (WIDTH - LEFT - RIGHT) / 2, delta=1)

    def test_a_figure_without_capacity_breaks_the_line(self) -> None:
        history = points(
            (date(2020, 1, 1), 800, 1000),
            (date(2021, 1, 1), 900, None),
            (date(2022, 1, 1), 1000, 1000),
            place_capacity=None,
        )
        root = parse_svg(occupancy_chart(history, title="t"))
        self.assertEqual(len(root.findall(f"{SVG}polyline")), 2)
        self.assertIn("1 figure without a known capacity not plotted", root.find(f"{SVG}desc").text)

    def test_no_javascript(self) -> None:
        svg = occupancy_chart(HISTORY, title="t")
        self.assertNotIn("<script", svg)
        self.assertNotIn("onload", svg)


class ScaleTests(TestCase):
    def test_the_y_axis_always_shows_100_percent(self) -> None:
        self.assertEqual(y_scale(Decimal("40")), (120, 20))
        top, step = y_scale(Decimal("250"))
        self.assertGreaterEqual(top, 275)
        self.assertLessEqual(top / step, 6)
        top, step = y_scale(Decimal("4000"))
        self.assertGreaterEqual(top, 4400)
        self.assertLessEqual(top / step, 6)

    def test_date_ticks_by_year_month_or_day(self) -> None:
        years = date_ticks(date(2010, 5, 1), date(2024, 2, 1))
        self.assertTrue(all(tick.label.isdigit() for tick in years))
        self.assertLessEqual(len(years), 7)
        months = date_ticks(date(2024, 1, 15), date(2024, 9, 1))
        self.assertEqual([tick.label for tick in months], ["2024-03", "2024-05", "2024-07", "2024-09"])
        days = date_ticks(date(2024, 1, 1), date(2024, 1, 20))
        self.assertEqual(days[0].label, "2024-01-01")
        self.assertLessEqual(len(days), 7)

    def test_describe_without_plottable_points(self) -> None:
        self.assertIn("no figure with a known capacity", describe([], "Occupancy"))
