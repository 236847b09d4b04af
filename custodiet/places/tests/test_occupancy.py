"""Occupancy arithmetic: the latest figure on or before a date over the capacity in force (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import TestCase

from custodiet.places.occupancy import (
    Figure,
    Level,
    describe_age,
    occupancy_history,
    occupancy_on,
)

FIGURES = [
    Figure(date(2024, 1, 1), 1200),
    Figure(date(2024, 6, 1), 1500, capacity=1250),
    Figure(date(2023, 1, 1), 900),
]


class OccupancyOnTests(TestCase):
    def test_it_uses_the_latest_figure_on_or_before_the_date(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2024, 3, 15))
        self.assertEqual((result.figure_on, result.population), (date(2024, 1, 1), 1200))

    def test_a_figure_of_the_very_day_counts(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2024, 6, 1))
        self.assertEqual(result.figure_on, date(2024, 6, 1))
        self.assertEqual(result.age, "same day")

    def test_a_later_figure_is_never_used(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2022, 12, 31))
        self.assertFalse(result.known)
        self.assertEqual(result.level, Level.UNKNOWN)
        self.assertEqual(result.reason, "no population figure on or before 2022-12-31")

    def test_ratio_and_percent_over_the_place_capacity(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2024, 3, 15))
        self.assertEqual(result.ratio, Decimal("1.2000"))
        self.assertEqual(result.percent, Decimal("120.0"))
        self.assertEqual((result.capacity, result.capacity_from), (1000, "place"))
        self.assertEqual(result.level, Level.OVER)

    def test_the_capacity_recorded_with_the_figure_wins(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2024, 7, 1))
        self.assertEqual((result.capacity, result.capacity_from), (1250, "figure"))
        self.assertEqual(result.percent, Decimal("120.0"))

    def test_the_figure_capacity_applies_even_when_the_place_has_none(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=None, on=date(2024, 7, 1))
        self.assertTrue(result.known)
        self.assertEqual(result.capacity, 1250)

    def test_no_capacity_means_unknown_but_keeps_the_figure(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=None, on=date(2024, 3, 1))
        self.assertFalse(result.known)
        self.assertIsNone(result.percent)
        self.assertEqual(result.population, 1200)
        self.assertEqual(result.reason, "no official capacity is known")
        self.assertIn("1,200 held", result.summary)

    def test_a_capacity_of_zero_is_unknown_not_a_division_by_zero(self) -> None:
        result = occupancy_on([Figure(date(2024, 1, 1), 10)], place_capacity=0, on=date(2024, 2, 1))
        self.assertFalse(result.known)
        self.assertEqual(result.reason, "the official capacity is recorded as 0")

    def test_no_figure_at_all(self) -> None:
        result = occupancy_on([], place_capacity=500, on=date(2024, 1, 1))
        self.assertEqual((result.known, result.age_days, result.age), (False, None, "no figure"))

    def test_levels(self) -> None:
        def level(population: int) -> Level:
            return occupancy_on(
                [Figure(date(2024, 1, 1), population)], place_capacity=100, on=date(2024, 1, 1)
            ).level

        self.assertEqual(level(0), Level.WITHIN)
        self.assertEqual(level(89), Level.WITHIN)
        self.assertEqual(level(90), Level.NEAR)
        self.assertEqual(level(100), Level.NEAR)
        self.assertEqual(level(101), Level.OVER)

    def test_there_is_no_upper_bound(self) -> None:
        result = occupancy_on([Figure(date(2024, 1, 1), 5000)], place_capacity=1000, on=date(2024, 1, 1))
        self.assertEqual(result.percent, Decimal("500.0"))

    def test_percent_rounds_half_up_to_one_decimal(self) -> None:
        result = occupancy_on([Figure(date(2024, 1, 1), 2)], place_capacity=3, on=date(2024, 1, 1))
        self.assertEqual(result.percent, Decimal("66.7"))

    def test_it_says_how_old_the_figure_is(self) -> None:
        result = occupancy_on(FIGURES, place_capacity=1000, on=date(2024, 1, 31))
        self.assertEqual((result.age_days, result.age, result.stale), (30, "30 days old", False))
        old = occupancy_on(FIGURES, place_capacity=1000, on=date(2026, 1, 1))
        self.assertTrue(old.stale)
        self.assertEqual(old.age, "about 19 months old")
        self.assertIn("figure of 2024-06-01, about 19 months old", old.summary)

    def test_describe_age(self) -> None:
        self.assertEqual(describe_age(1), "1 day old")
        self.assertEqual(describe_age(100), "about 3 months old")
        self.assertEqual(describe_age(800), "about 2 years old")


class HistoryTests(TestCase):
    def test_one_point_per_figure_oldest_first_with_its_own_capacity(self) -> None:
        points = occupancy_history(FIGURES, place_capacity=1000)
        self.assertEqual(
            [point.on for point in points], [date(2023, 1, 1), date(2024, 1, 1), date(2024, 6, 1)]
        )
        self.assertEqual(
            [point.percent for point in points], [Decimal("90.0"), Decimal("120.0"), Decimal("120.0")]
        )
        self.assertEqual(points[2].capacity, 1250)

    def test_points_without_capacity_have_no_percent(self) -> None:
        points = occupancy_history(FIGURES, place_capacity=None)
        self.assertEqual([point.percent for point in points], [None, None, Decimal("120.0")])
