"""The values of a measurement, without a database: the field table, every impossible value, the wording."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.standards.measures import (
    FIELDS,
    FIELDS_FILE,
    MeasurementRefused,
    clean_values,
    describe,
    fields_from_data,
    json_values,
    number,
    plain,
)
from custodiet.standards.models import MeasurementKind


class FieldTableTests(TestCase):
    def test_the_table_has_the_values_of_every_kind_of_measurement(self) -> None:
        self.assertEqual(list(FIELDS), MeasurementKind.values)
        area = FIELDS["cell_space"][0]
        self.assertEqual(
            (area.name, area.unit, area.minimum, area.above_minimum, area.maximum),
            ("area_m2", "m²", Decimal(0), True, Decimal(5000)),
        )
        annex = next(spec for spec in FIELDS["cell_space"] if spec.name == "sanitary_annex")
        self.assertEqual([choice.value for choice in annex.choices], ["none", "partitioned", "unpartitioned"])

    def test_a_malformed_table_is_refused_naming_the_value(self) -> None:
        def shipped() -> dict[str, Any]:
            with FIELDS_FILE.open(encoding="utf-8") as handle:
                data: dict[str, Any] = json.load(handle)
            return data

        data = shipped()
        data["kinds"]["outdoor_exercise"][0]["type"] = "duration"
        with self.assertRaisesRegex(ValueError, "outdoor_exercise.minutes_per_day: unknown type 'duration'"):
            fields_from_data(data)
        data["kinds"]["outdoor_exercise"][0]["type"] = "choice"
        with self.assertRaisesRegex(ValueError, "only a choice, lists its choices"):
            fields_from_data(data)
        data["kinds"]["outdoor_exercise"][0]["type"] = "integer"
        del data["kinds"]["outdoor_exercise"][0]["label"]
        with self.assertRaisesRegex(ValueError, "outdoor_exercise.minutes_per_day: 'label'"):
            fields_from_data(data)
        data = shipped()
        data["kinds"]["ventilation"] = [{"name": "present", "label": "Air", "type": "boolean"}] * 2
        with self.assertRaisesRegex(ValueError, "ventilation: .* each with its own name"):
            fields_from_data(data)

    def test_a_summary_takes_its_words_from_the_table(self) -> None:
        self.assertEqual(
            describe("in_cell_sanitation", {"present": True}), "access to a toilet: yes, privacy: not checked"
        )
        self.assertEqual(
            describe("cell_space", {"area_m2": "6", "occupants": 1, "sanitary_annex": "unpartitioned"}),
            "1 person in 6.0 m² (annex not partitioned)",
        )


class ImpossibleValuesTests(TestCase):
    def problems(self, kind: str, values: object) -> list[str]:
        with self.assertRaises(MeasurementRefused) as refused:
            clean_values(kind, values)  # type: ignore[arg-type]
        self.assertIsInstance(refused.exception, DomainError)
        return refused.exception.problems

    def test_a_negative_or_zero_area_is_refused(self) -> None:
        self.assertEqual(
            self.problems("cell_space", {"area_m2": "-3", "occupants": 2, "sanitary_annex": "none"}),
            ["Floor area (sanitary annex excluded) must be more than 0 m²; got -3 m²"],
        )
        self.assertEqual(
            len(self.problems("cell_space", {"area_m2": 0, "occupants": 2, "sanitary_annex": "none"})), 1
        )

    def test_an_implausible_area_is_refused(self) -> None:
        self.assertIn(
            "cannot be more than 5000 m²",
            self.problems("cell_space", {"area_m2": "90000", "occupants": 2, "sanitary_annex": "none"})[0],
        )

    def test_every_bad_value_is_listed_at_once(self) -> None:
        problems = self.problems(
            "cell_space", {"area_m2": "abc", "occupants": 2.5, "sanitary_annex": "open", "colour": "red"}
        )
        self.assertEqual(len(problems), 4)
        self.assertIn("'colour' is not a value of a cell_space measurement", problems[0])
        self.assertIn("must be a number; got 'abc'", problems[1])
        self.assertIn("must be a whole number; got 2.5", problems[2])
        self.assertIn("must be one of none, partitioned, unpartitioned", problems[3])

    def test_a_number_too_large_to_round_is_refused_not_a_server_error(self) -> None:
        problems = self.problems(
            "cell_space", {"area_m2": "1" + "0" * 30, "occupants": 2, "sanitary_annex": "none"}
        )
        self.assertEqual(len(problems), 1)
        self.assertIn("is too large", problems[0])

    def test_no_occupant_or_a_missing_value_is_refused(self) -> None:
        self.assertIn(
            "cannot be less than 1",
            self.problems("cell_space", {"area_m2": "9", "occupants": 0, "sanitary_annex": "none"})[0],
        )
        self.assertEqual(
            self.problems("cell_space", {"area_m2": "9"}),
            [
                "People held in the cell is required",
                "Sanitary annex is required",
            ],
        )

    def test_each_problem_is_also_given_under_its_values_name(self) -> None:
        with self.assertRaises(MeasurementRefused) as refused:
            clean_values("cell_space", {"area_m2": "9"})
        self.assertEqual(
            refused.exception.details()["fields"],
            {
                "occupants": ["People held in the cell is required"],
                "sanitary_annex": ["Sanitary annex is required"],
            },
        )

    def test_not_a_number(self) -> None:
        for bad in ("NaN", "Infinity", True, [4], {"x": 1}):
            with self.subTest(bad=bad):
                self.assertTrue(
                    self.problems("cell_space", {"area_m2": bad, "occupants": 1, "sanitary_annex": "none"})
                )

    def test_minutes_of_exercise_fit_in_a_day(self) -> None:
        self.assertIn(
            "cannot be more than 1440 min", self.problems("outdoor_exercise", {"minutes_per_day": 1441})[0]
        )
        self.assertIn(
            "cannot be less than 0 min", self.problems("outdoor_exercise", {"minutes_per_day": -5})[0]
        )

    def test_negative_days_of_solitary_confinement(self) -> None:
        self.assertIn("cannot be less than 0 days", self.problems("solitary_confinement", {"days": -1})[0])

    def test_booleans_must_be_booleans_and_a_safeguards_record_must_say_something(self) -> None:
        self.assertIn(
            "must be true or false; got 'no'", self.problems("police_safeguards", {"lawyer": "no"})[0]
        )
        self.assertEqual(
            self.problems("police_safeguards", {}),
            ["record at least one safeguard that the delegation checked"],
        )
        self.assertEqual(
            self.problems("natural_light", {}),
            ["Natural light reaches the accommodation is required"],
        )
        self.assertIn(
            "privacy cannot be recorded",
            self.problems("in_cell_sanitation", {"present": False, "private": True})[0],
        )

    def test_an_unknown_kind_or_values_that_are_not_a_mapping(self) -> None:
        self.assertIn("unknown kind", self.problems("temperature", {})[0])
        self.assertIn("must be given by name", self.problems("cell_space", [1, 2])[0])

    def test_too_long_a_detail(self) -> None:
        self.assertIn("too long", self.problems("natural_light", {"present": True, "detail": "x" * 1001})[0])


class CleaningTests(TestCase):
    def test_values_are_typed_rounded_and_stored_as_json_without_loss(self) -> None:
        cleaned = clean_values(
            "cell_space",
            {
                "area_m2": 10.555,
                "occupants": "4",
                "sanitary_annex": "none",
                "ceiling_height_m": "",
                "detail": "  ",
            },
        )
        self.assertEqual(cleaned, {"area_m2": Decimal("10.56"), "occupants": 4, "sanitary_annex": "none"})
        stored = json_values(cleaned)
        self.assertEqual(stored, {"area_m2": "10.56", "occupants": 4, "sanitary_annex": "none"})
        self.assertEqual(clean_values("cell_space", stored), cleaned)

    def test_describe_reads_stored_values_and_never_raises(self) -> None:
        self.assertEqual(
            describe("cell_space", {"area_m2": "10.00", "occupants": 4, "sanitary_annex": "partitioned"}),
            "4 people in 10.0 m² (annex partitioned)",
        )
        self.assertEqual(
            describe("police_safeguards", {"lawyer": False}),
            "third party notified: not checked, lawyer: no, doctor: not checked, informed of rights: not checked",
        )
        self.assertEqual(describe("cell_space", "garbage"), "")  # type: ignore[arg-type]

    def test_numbers_are_written_as_people_write_them(self) -> None:
        self.assertEqual(
            [number(Decimal(v)) for v in ("10", "2.5", "2.333", "0.8")], ["10.0", "2.5", "2.33", "0.8"]
        )
        self.assertEqual([plain(Decimal(v)) for v in ("4", "2.5", "60", "40.00")], ["4", "2.5", "60", "40"])
