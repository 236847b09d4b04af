"""A State's cooperation indicators, without a database."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from custodiet.reports import indicators

TODAY = date(2025, 10, 1)


class IndicatorTests(TestCase):
    def test_indicators_count_what_is_recorded(self) -> None:
        reports = [
            indicators.ReportFacts("published", "reference", None, None, None, None, date(2019, 9, 24)),
            indicators.ReportFacts(
                "response_received",
                "recorded",
                date(2025, 1, 1),
                date(2025, 2, 1),
                date(2025, 8, 1),
                date(2025, 3, 3),
                None,
            ),
            indicators.ReportFacts(
                "transmitted", "recorded", date(2025, 1, 1), date(2025, 2, 1), date(2025, 8, 1), None, None
            ),
            indicators.ReportFacts("draft", "recorded", None, None, None, None, None),
        ]
        result = indicators.cooperation_indicators(
            state="RU",
            visits=[("periodic", 2024), ("ad_hoc", 2024), ("periodic", 2025)],
            reports=reports,
            observations=[(date(2025, 9, 1), None), (date(2025, 9, 1), date(2025, 8, 30))],
            access_problems=2,
            objections=1,
            public_statements=5,
            recommendations_repeated=3,
            today=TODAY,
        )
        self.assertEqual(result.visits_by_year, {2024: {"periodic": 1, "ad_hoc": 1}, 2025: {"periodic": 1}})
        self.assertEqual((result.reports_adopted, result.reports_published), (3, 1))
        self.assertEqual(result.share_published_percent, 33.3)
        self.assertEqual(result.median_days_to_response, 30.0)
        self.assertEqual((result.responses_overdue, result.observations_overdue), (1, 1))
        self.assertEqual(dict(result.rows())["Public statements"], "5")

    def test_unknown_stays_unknown(self) -> None:
        result = indicators.cooperation_indicators(
            state="RU",
            visits=[],
            reports=[],
            observations=[],
            access_problems=0,
            objections=0,
            public_statements=0,
            recommendations_repeated=0,
            today=TODAY,
        )
        self.assertIsNone(result.share_published)
        self.assertIsNone(result.median_days_to_response)
        self.assertEqual(dict(result.rows())["Share published (%)"], "")
