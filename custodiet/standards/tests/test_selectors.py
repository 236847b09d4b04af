"""The visit's and the place's records: what they hold, who sees what, and a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from custodiet.standards import selectors
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.standards.services import finding_write, measurement_record
from custodiet.standards.tests import factories as make
from custodiet.standards.tests.base import StandardsTestCase


def bulk(visit, place, count: int, on: date) -> None:  # type: ignore[no-untyped-def]
    """Rows made directly, as a benchmark would: a measurement and a finding each."""
    standard = Standard.objects.get(code="cpt-space-multiple")
    measurements = Measurement.objects.bulk_create(
        Measurement(
            visit=visit,
            place=place,
            kind="cell_space",
            location=f"Cell {n}",
            measured_on=on - timedelta(days=400 * (n % 3)),
            values={"area_m2": "10.00", "occupants": 4, "sanitary_annex": "none"},
        )
        for n in range(count)
    )
    Finding.objects.bulk_create(
        Finding(
            visit=visit,
            place=place,
            measurement=m,
            standard=standard,
            observed_on=m.measured_on,
            text=f"finding {m.location}",
            observed="2.5",
            required=4,
            shortfall="1.5",
            unit="m² per person",
        )
        for m in measurements
    )


class VisitRecordTests(StandardsTestCase):
    def test_it_holds_the_latest_measurements_and_findings_with_counts(self) -> None:
        measurement_record(
            visit=self.visit,
            place=self.sizo,
            kind="cell_space",
            values={"area_m2": "10", "occupants": 4, "sanitary_annex": "none"},
            location="Cell 12",
            measured_on=self.yesterday,
            by=self.monitor,
        )
        finding_write(
            visit=self.visit,
            place=self.police,
            text="No call bell.",
            location="",
            observed_on=self.today,
            by=self.monitor,
        )
        record = selectors.visit_record(self.visit, self.monitor)
        self.assertEqual((record.measurement_count, record.finding_count, record.may_record), (1, 3, True))
        self.assertEqual(record.measurements[0].finding_count, 2)
        self.assertEqual(record.findings[0].text, "No call bell.")  # newest first
        self.assertEqual(
            {(row.code, row.count) for row in record.by_standard},
            {("cpt-space-multiple", 1), ("echr-space-mursic", 1), ("", 1)},
        )
        self.assertFalse(selectors.visit_record(self.visit, self.users["committee_member"]).may_record)

    def test_it_is_bounded_and_costs_the_same_queries_for_ten_or_a_hundred_rows(self) -> None:
        bulk(self.visit, self.sizo, 10, self.yesterday)
        with self.assertNumQueries(6):
            selectors.visit_record(self.visit, self.secretariat, limit=5)
        bulk(self.visit, self.sizo, 90, self.yesterday)
        with self.assertNumQueries(6):
            record = selectors.visit_record(self.visit, self.secretariat, limit=5)
        self.assertEqual(
            (len(record.measurements), len(record.findings), record.more_measurements, record.finding_count),
            (5, 5, 95, 100),
        )


class PlaceRecordTests(StandardsTestCase):
    def test_a_place_over_time_counts_by_year_and_by_standard(self) -> None:
        bulk(self.visit, self.sizo, 9, date(2026, 6, 1))
        record = selectors.place_record(self.sizo, self.secretariat)
        self.assertEqual(
            [(row.year, row.measurements, row.findings) for row in record.by_year],
            [(2024, 3, 3), (2025, 3, 3), (2026, 3, 3)],
        )
        self.assertEqual(
            [(row.code, row.count, row.severity) for row in record.by_standard],
            [("cpt-space-multiple", 9, "serious")],
        )
        self.assertEqual((record.measurement_count, record.finding_count), (9, 9))
        self.assertEqual([bar.year for bar in record.bars], [2024, 2025, 2026])

    def test_a_delegation_member_sees_only_the_findings_of_their_visits(self) -> None:
        later = make.visit(places=[self.sizo], members=(self.outsider,))
        bulk(self.visit, self.sizo, 2, self.yesterday)
        bulk(later, self.sizo, 3, self.yesterday)
        self.assertEqual(selectors.place_record(self.sizo, self.monitor).finding_count, 2)
        self.assertEqual(selectors.place_record(self.sizo, self.outsider).finding_count, 3)
        self.assertEqual(selectors.place_record(self.sizo, self.secretariat).finding_count, 5)
        self.assertEqual(selectors.place_findings(self.sizo, self.monitor).count(), 2)
        nothing = selectors.place_record(self.sizo, self.users["analyst"])
        self.assertEqual((nothing.finding_count, nothing.measurements, nothing.findings), (0, [], []))

    def test_it_is_bounded_and_costs_the_same_queries_whatever_the_rows(self) -> None:
        bulk(self.visit, self.sizo, 10, self.yesterday)
        for user in (self.secretariat, self.monitor):
            with self.subTest(user=user.username), self.assertNumQueries(6):
                selectors.place_record(self.sizo, user, limit=5)
        bulk(self.visit, self.sizo, 200, self.yesterday)
        for user in (self.secretariat, self.monitor):
            with self.subTest(user=user.username), self.assertNumQueries(6):
                record = selectors.place_record(self.sizo, user, limit=5)
            self.assertEqual(
                (len(record.measurements), len(record.findings), record.more_findings), (5, 5, 205)
            )
