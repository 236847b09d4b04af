"""The geometry of the chart of findings by year (no database)."""

from unittest import TestCase

from custodiet.standards.charts import BASELINE, MAX_YEARS, TOP, year_bars


class YearBarsTests(TestCase):
    def test_the_tallest_count_reaches_the_top_and_bars_stand_on_the_baseline(self) -> None:
        bars = year_bars([(2025, 2, 10), (2024, 5, 0)])
        self.assertEqual([bar.year for bar in bars], [2024, 2025])
        self.assertEqual(bars[1].measured_y, TOP)
        self.assertEqual(bars[1].measured_y + bars[1].measured_height, BASELINE)
        self.assertEqual(bars[0].measured_height, 0)
        self.assertEqual(bars[0].found_height, (BASELINE - TOP) / 2)

    def test_nothing_to_draw_and_only_the_latest_years(self) -> None:
        self.assertEqual(year_bars([]), [])
        self.assertEqual(year_bars([(2025, 0, 0)])[0].found_height, 0)
        bars = year_bars([(year, 1, 1) for year in range(1950, 2026)])
        self.assertEqual((len(bars), bars[0].year), (MAX_YEARS, 2026 - MAX_YEARS))
