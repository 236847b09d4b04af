"""Recording measurements and findings: what is written, with which wording, and what is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from custodiet.core.audit import audit_verify
from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry
from custodiet.places.models import PopulationRecord
from custodiet.standards.measures import MeasurementRefused
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.standards.rules import read_catalogue
from custodiet.standards.services import finding_write, measurement_record, standards_load
from custodiet.standards.tests import factories as make
from custodiet.standards.tests.base import StandardsTestCase

CROWDED = {"area_m2": "10", "occupants": 4, "sanitary_annex": "unpartitioned"}


class StandardsLoadTests(StandardsTestCase):
    def test_loading_twice_changes_nothing(self) -> None:
        count = Standard.objects.count()
        entries = AuditEntry.objects.count()
        summary = standards_load()
        self.assertEqual((summary.created, summary.updated, summary.unchanged), (0, 0, count))
        self.assertEqual((Standard.objects.count(), AuditEntry.objects.count()), (count, entries))

    def test_a_changed_entry_is_updated_and_a_bad_catalogue_is_refused_whole(self) -> None:
        entries = read_catalogue()
        entries[0]["title"] = "A new title"
        self.assertEqual(standards_load(entries=entries).updated, 1)
        self.assertEqual(Standard.objects.get(code=entries[0]["code"]).title, "A new title")
        entries[1]["place_types"] = ["prison", "spaceship"]
        entries[2]["severity"] = "mild"
        with self.assertRaisesRegex(DomainError, "unknown place types spaceship.*unknown severity"):
            standards_load(entries=[*entries[:1], *entries[2:3], entries[1]][::-1])
        self.assertEqual(Standard.objects.get(code=entries[2]["code"]).spec["severity"], "grave")


class MeasurementRecordTests(StandardsTestCase):
    def record(self, **changes: Any) -> Any:
        arguments: dict[str, Any] = {
            "visit": self.visit,
            "place": self.sizo,
            "kind": "cell_space",
            "values": CROWDED,
            "location": "Cell 12, block B",
            "measured_on": self.yesterday,
            "by": self.monitor,
        }
        arguments.update(changes)
        return measurement_record(**arguments)

    def assertNothingWritten(self, entries_before: int) -> None:
        self.assertEqual((Measurement.objects.count(), Finding.objects.count()), (0, 0))
        self.assertEqual(AuditEntry.objects.count(), entries_before)

    def test_a_crowded_cell_gives_one_finding_per_standard_breached_saying_which_by_how_much_and_where(
        self,
    ) -> None:
        result = self.record()
        measurement = result.measurement
        self.assertEqual(
            measurement.values, {"area_m2": "10.00", "occupants": 4, "sanitary_annex": "unpartitioned"}
        )
        self.assertEqual(measurement.recorded_by, self.monitor)
        findings = {finding.standard.code: finding for finding in Finding.objects.select_related("standard")}
        self.assertEqual(set(findings), {"cpt-space-multiple", "echr-space-mursic", "cpt-annex-partitioned"})
        space = findings["cpt-space-multiple"]
        self.assertEqual(
            (space.observed, space.required, space.shortfall, space.unit),
            (Decimal("2.50"), Decimal("4.00"), Decimal("1.50"), "m² per person"),
        )
        self.assertEqual(
            (space.visit, space.place, space.measurement, space.origin),
            (self.visit, self.sizo, measurement, "standard"),
        )
        self.assertEqual((space.location, space.observed_on), ("Cell 12, block B", self.yesterday))
        self.assertTrue(
            space.text.startswith(
                "Cell 12, block B: 4 people in 10.0 m² (sanitary annex excluded) is 2.5 m² per person, 1.5 m² below"
            )
        )
        self.assertEqual(sorted(result.checked)[:2], ["cpt-annex-partitioned", "cpt-cell-ceiling-height"])

    def test_each_write_leaves_an_audit_entry_and_the_chain_holds(self) -> None:
        before = AuditEntry.objects.count()
        result = self.record()
        entries = list(AuditEntry.objects.order_by("seq")[before:])
        self.assertEqual([entry.verb for entry in entries], ["measurement.record"] + ["finding.record"] * 3)
        self.assertEqual({entry.actor for entry in entries}, {self.monitor})
        self.assertEqual(entries[0].target_id, str(result.measurement.pk))
        self.assertEqual(
            entries[0].detail["breaches"],
            ["cpt-annex-partitioned", "cpt-space-multiple", "echr-space-mursic"],
        )
        self.assertEqual(audit_verify(), [])

    def test_without_a_location_the_finding_names_the_place(self) -> None:
        self.record(location="")
        self.assertTrue(Finding.objects.first().text.startswith("SIZO-1: 4 people"))

    def test_a_measurement_within_the_standards_is_recorded_without_findings(self) -> None:
        result = self.record(values={"area_m2": "30", "occupants": 4, "sanitary_annex": "partitioned"})
        self.assertEqual((Measurement.objects.count(), Finding.objects.count(), result.findings), (1, 0, []))

    def test_police_safeguards_at_a_police_station(self) -> None:
        result = self.record(
            place=self.police,
            kind="police_safeguards",
            values={"lawyer": False, "doctor": True},
            location="Custody suite",
        )
        self.assertEqual([finding.standard.code for finding in result.findings], ["cpt-police-lawyer"])
        self.assertIsNone(result.findings[0].shortfall)

    def test_an_impossible_value_is_refused_and_nothing_is_written(self) -> None:
        before = AuditEntry.objects.count()
        with self.assertRaises(MeasurementRefused) as refused:
            self.record(values={"area_m2": "-4", "occupants": 2, "sanitary_annex": "none"})
        self.assertEqual(
            refused.exception.problems,
            ["Floor area (sanitary annex excluded) must be more than 0 m²; got -4 m²"],
        )
        self.assertNothingWritten(before)

    def test_more_occupants_than_the_whole_place_held_is_refused(self) -> None:
        before = AuditEntry.objects.count()
        with self.assertRaises(MeasurementRefused) as refused:
            self.record(values={"area_m2": "300", "occupants": 121, "sanitary_annex": "none"})
        self.assertEqual(len(refused.exception.problems), 1)
        self.assertIn(
            "121 people in one cell is more than the 120 the whole of SIZO-1 held on",
            refused.exception.problems[0],
        )
        self.assertNothingWritten(before)
        self.record(
            values={"area_m2": "300", "occupants": 120, "sanitary_annex": "none"}
        )  # the whole place in one room: possible

    def test_the_latest_population_figure_on_or_before_the_date_counts(self) -> None:
        PopulationRecord.objects.create(
            place=self.sizo, on=self.today - timedelta(days=2), population=300, source="test"
        )
        PopulationRecord.objects.create(place=self.sizo, on=self.today, population=10, source="test")
        self.record(
            values={"area_m2": "300", "occupants": 200, "sanitary_annex": "none"}, measured_on=self.yesterday
        )
        with self.assertRaises(MeasurementRefused):
            self.record(
                values={"area_m2": "300", "occupants": 200, "sanitary_annex": "none"}, measured_on=self.today
            )

    def test_overcrowding_beyond_capacity_is_recordable_where_no_population_is_on_record(self) -> None:
        self.colony.capacity = 10
        self.colony.save()
        visit = make.visit(places=[self.colony], members=(self.monitor,))
        result = self.record(
            visit=visit,
            place=self.colony,
            values={"area_m2": "400", "occupants": 500, "sanitary_annex": "none"},
        )
        self.assertEqual(
            [finding.standard.code for finding in result.findings],
            ["cpt-space-multiple", "echr-space-mursic"],
        )

    def test_a_place_not_on_the_itinerary_is_refused(self) -> None:
        before = AuditEntry.objects.count()
        with self.assertRaisesRegex(
            MeasurementRefused, "Penal colony no. 2 is not on this visit's itinerary"
        ):
            self.record(place=self.colony)
        self.assertNothingWritten(before)

    def test_a_future_date_or_one_outside_the_visit_is_refused(self) -> None:
        with self.assertRaisesRegex(MeasurementRefused, "is in the future"):
            self.record(measured_on=self.today + timedelta(days=1))
        with self.assertRaisesRegex(MeasurementRefused, "is outside the visit's dates"):
            self.record(measured_on=self.today - timedelta(days=4))
        self.record(measured_on=self.today - timedelta(days=3))  # the day it started
        self.assertEqual(Measurement.objects.count(), 1)

    def test_a_visit_not_started_uses_its_planned_dates_and_a_finished_one_its_actual_dates(self) -> None:
        planned = make.visit(
            places=[self.sizo],
            members=(self.monitor,),
            started=None,
            planned_start=self.today - timedelta(days=2),
            planned_end=self.today + timedelta(days=2),
        )
        self.record(visit=planned, measured_on=self.yesterday)
        with self.assertRaisesRegex(MeasurementRefused, "outside the visit's dates"):
            self.record(visit=planned, measured_on=self.today - timedelta(days=3))
        finished = make.visit(
            places=[self.sizo], members=(self.monitor,), started=20, ended_on=self.today - timedelta(days=15)
        )
        self.record(visit=finished, measured_on=self.today - timedelta(days=16))
        with self.assertRaisesRegex(MeasurementRefused, "outside the visit's dates"):
            self.record(visit=finished, measured_on=self.yesterday)

    def test_every_problem_is_reported_at_once(self) -> None:
        with self.assertRaises(MeasurementRefused) as refused:
            self.record(
                place=self.colony,
                measured_on=self.today + timedelta(days=3),
                values={"area_m2": "0", "occupants": 1, "sanitary_annex": "none"},
                location="x" * 201,
            )
        self.assertEqual(len(refused.exception.problems), 4)

    def test_a_delegation_member_of_another_visit_is_refused(self) -> None:
        before = AuditEntry.objects.count()
        for refused_user in (
            self.outsider,
            self.users["committee_member"],
            self.users["analyst"],
            self.users["state_liaison"],
        ):
            with (
                self.subTest(user=refused_user.username),
                self.assertRaisesRegex(DomainError, "may not record on this visit"),
            ):
                self.record(by=refused_user)
        self.assertNothingWritten(before)

    def test_the_secretariat_may_record_on_any_visit(self) -> None:
        self.record(by=self.secretariat)
        self.assertEqual(Measurement.objects.get().recorded_by, self.secretariat)

    def test_a_catalogue_not_loaded_is_refused(self) -> None:
        Standard.objects.all().delete()
        with self.assertRaisesRegex(MeasurementRefused, "catalogue of standards is not loaded"):
            self.record()
        self.assertEqual(Measurement.objects.count(), 0)


class FindingWriteTests(StandardsTestCase):
    def test_the_delegation_writes_a_finding_of_its_own(self) -> None:
        finding = finding_write(
            visit=self.visit,
            place=self.police,
            text="  No call bell in any cell. ",
            location="Cells 1-4",
            observed_on=self.yesterday,
            by=self.monitor,
        )
        self.assertEqual(
            (finding.origin, finding.standard, finding.measurement, finding.text),
            ("delegation", None, None, "No call bell in any cell."),
        )
        entry = AuditEntry.objects.order_by("-seq").first()
        self.assertEqual(
            (entry.verb, entry.actor, entry.target_id), ("finding.write", self.monitor, str(finding.pk))
        )

    def test_an_empty_text_a_place_off_the_itinerary_or_an_outsider_is_refused(self) -> None:
        def write(**changes: Any) -> None:
            arguments: dict[str, Any] = {
                "visit": self.visit,
                "place": self.police,
                "text": "x",
                "location": "",
                "observed_on": self.yesterday,
                "by": self.monitor,
            }
            finding_write(**{**arguments, **changes})

        with self.assertRaisesRegex(DomainError, "needs a text"):
            write(text=" ")
        with self.assertRaisesRegex(DomainError, "not on this visit's itinerary"):
            write(place=self.colony)
        with self.assertRaisesRegex(DomainError, "may not record"):
            write(by=self.outsider)
        self.assertEqual(Finding.objects.count(), 0)
