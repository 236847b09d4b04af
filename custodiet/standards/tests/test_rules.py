"""The rules, without a database: each standard of the catalogue and the wording of its findings.

The values themselves (impossible ones, cleaning, summaries) are tested in test_measures."""

from __future__ import annotations

from decimal import Decimal
from unittest import TestCase

from hypothesis import given
from hypothesis import strategies as st

from custodiet.standards.measures import FIELDS
from custodiet.standards.rules import applicable, catalogue, evaluate, spec_from_data

SPECS = catalogue()
CELL = {"area_m2": "24", "occupants": 4, "sanitary_annex": "partitioned"}


def codes(kind: str, values: dict[str, object], place_type: str = "pre_trial", where: str = "") -> list[str]:
    return [breach.standard for breach in evaluate(SPECS, kind, values, place_type, where=where)]


def breach(code: str, kind: str, values: dict[str, object], place_type: str = "pre_trial", where: str = ""):  # type: ignore[no-untyped-def]
    found = [b for b in evaluate(SPECS, kind, values, place_type, where=where) if b.standard == code]
    assert len(found) == 1, f"{code} not breached by {values}"
    return found[0]


class LivingSpaceTests(TestCase):
    def test_a_crowded_multiple_occupancy_cell_breaches_the_cpt_minimum_and_says_by_how_much_and_where(
        self,
    ) -> None:
        found = breach(
            "cpt-space-multiple",
            "cell_space",
            {"area_m2": "10", "occupants": 4, "sanitary_annex": "partitioned"},
            where="Cell 12, block B",
        )
        self.assertEqual(
            (found.observed, found.required, found.shortfall), (Decimal("2.50"), Decimal(4), Decimal("1.50"))
        )
        self.assertEqual(found.unit, "m² per person")
        self.assertEqual(
            found.text,
            "Cell 12, block B: 4 people in 10.0 m² (sanitary annex excluded) is 2.5 m² per person, 1.5 m² below "
            "the CPT minimum of 4 m² per person in a multiple-occupancy cell (CPT/Inf (2015) 44)",
        )

    def test_a_cell_exactly_at_the_minimum_is_no_breach(self) -> None:
        self.assertEqual(
            codes("cell_space", {"area_m2": "16", "occupants": 4, "sanitary_annex": "partitioned"}), []
        )
        self.assertEqual(codes("cell_space", {"area_m2": "6", "occupants": 1, "sanitary_annex": "none"}), [])

    def test_a_small_single_cell_breaches_the_six_square_metre_minimum_only(self) -> None:
        found = breach(
            "cpt-space-single", "cell_space", {"area_m2": "5.2", "occupants": 1, "sanitary_annex": "none"}
        )
        self.assertEqual(found.shortfall, Decimal("0.80"))
        self.assertIn(
            "1 person in 5.2 m² (sanitary annex excluded), 0.8 m² below the CPT minimum of 6 m²", found.text
        )
        self.assertEqual(
            codes("cell_space", {"area_m2": "5.2", "occupants": 1, "sanitary_annex": "none"}),
            ["cpt-space-single"],
        )

    def test_five_square_metres_for_two_meets_no_multiple_occupancy_standard_but_one_person_in_it_breaches(
        self,
    ) -> None:
        self.assertEqual(codes("cell_space", {"area_m2": "8", "occupants": 2, "sanitary_annex": "none"}), [])
        self.assertEqual(
            codes("cell_space", {"area_m2": "5", "occupants": 1, "sanitary_annex": "none"}),
            ["cpt-space-single"],
        )

    def test_below_three_square_metres_per_person_is_also_the_courts_strong_presumption(self) -> None:
        self.assertEqual(
            codes("cell_space", {"area_m2": "10", "occupants": 4, "sanitary_annex": "partitioned"}),
            ["cpt-space-multiple", "echr-space-mursic"],
        )
        found = breach(
            "echr-space-mursic", "cell_space", {"area_m2": "10", "occupants": 4, "sanitary_annex": "none"}
        )
        self.assertEqual((found.severity, found.shortfall), ("grave", Decimal("0.50")))
        self.assertIn("Muršić v. Croatia [GC], no. 7334/13, 20 October 2016", found.text)
        self.assertEqual(
            codes("cell_space", {"area_m2": "12", "occupants": 4, "sanitary_annex": "none"}),
            ["cpt-space-multiple"],
        )

    def test_space_per_person_is_rounded_down_so_a_breach_always_shows_a_shortfall(self) -> None:
        found = breach(
            "cpt-space-multiple", "cell_space", {"area_m2": "11.99", "occupants": 3, "sanitary_annex": "none"}
        )
        self.assertEqual((found.observed, found.shortfall), (Decimal("3.99"), Decimal("0.01")))
        found = breach(
            "cpt-space-multiple", "cell_space", {"area_m2": "10", "occupants": 3, "sanitary_annex": "none"}
        )
        self.assertEqual((found.observed, found.shortfall), (Decimal("3.33"), Decimal("0.67")))

    def test_an_unpartitioned_annex_is_a_breach_only_when_the_cell_is_shared(self) -> None:
        values = {"area_m2": "30", "occupants": 2, "sanitary_annex": "unpartitioned"}
        found = breach("cpt-annex-partitioned", "cell_space", values, where="Cell 4")
        self.assertTrue(
            found.text.startswith("Cell 4: 2 people share a sanitary annex that is not fully partitioned")
        )
        self.assertEqual(codes("cell_space", {**values, "occupants": 1}), [])

    def test_wall_distance_and_ceiling_height_are_checked_when_measured(self) -> None:
        values = {**CELL, "min_wall_distance_m": "1.8", "ceiling_height_m": "2.2"}
        self.assertEqual(codes("cell_space", values), ["cpt-cell-wall-distance", "cpt-cell-ceiling-height"])
        walls = breach("cpt-cell-wall-distance", "cell_space", values, where="Cell 9")
        self.assertIn("Cell 9: the walls are 1.8 m apart, 0.2 m below the CPT minimum of 2 m", walls.text)
        self.assertIn(
            "the ceiling is 2.2 m high, 0.3 m below",
            breach("cpt-cell-ceiling-height", "cell_space", values, where="Cell 9").text,
        )
        self.assertEqual(codes("cell_space", CELL), [])

    def test_the_prison_space_standards_do_not_apply_to_a_police_station(self) -> None:
        self.assertEqual(
            codes(
                "cell_space", {"area_m2": "3", "occupants": 3, "sanitary_annex": "unpartitioned"}, "police"
            ),
            [],
        )


class ExerciseAndSolitaryConfinementTests(TestCase):
    def test_less_than_an_hour_of_outdoor_exercise_is_a_breach_by_the_missing_minutes(self) -> None:
        found = breach(
            "cpt-outdoor-exercise",
            "outdoor_exercise",
            {"minutes_per_day": 20},
            "penal_colony",
            where="Block A",
        )
        self.assertEqual(
            (found.observed, found.required, found.shortfall, found.unit), (20, 60, 40, "min/day")
        )
        self.assertTrue(
            found.text.startswith(
                "Block A: 20 minutes of outdoor exercise a day, 40 minutes short of the minimum of one hour"
            )
        )
        self.assertIn("European Prison Rules, rule 27.1", found.text)
        self.assertEqual(codes("outdoor_exercise", {"minutes_per_day": 60}), [])
        self.assertEqual(codes("outdoor_exercise", {"minutes_per_day": 0}), ["cpt-outdoor-exercise"])

    def test_more_than_fourteen_days_of_solitary_confinement_as_a_punishment_is_a_breach(self) -> None:
        found = breach(
            "cpt-solitary-punishment",
            "solitary_confinement",
            {"days": 30},
            "prison",
            where="Disciplinary unit",
        )
        self.assertEqual((found.observed, found.required, found.shortfall), (30, 14, 16))
        self.assertEqual(
            found.text,
            "Disciplinary unit: 30 days of solitary confinement as a punishment, 16 days beyond the CPT maximum "
            "of 14 days for a given offence (CPT 21st General Report, CPT/Inf (2011) 28)",
        )
        self.assertEqual(codes("solitary_confinement", {"days": 14}), [])
        self.assertEqual(codes("solitary_confinement", {"days": 0}), [])


class SafeguardsAndConditionsTests(TestCase):
    def test_each_police_safeguard_denied_is_its_own_finding(self) -> None:
        values = {"notified": False, "lawyer": False, "doctor": False, "informed": False}
        self.assertEqual(
            codes("police_safeguards", values, "police"),
            ["cpt-police-notification", "cpt-police-lawyer", "cpt-police-doctor", "cpt-police-information"],
        )
        lawyer = breach(
            "cpt-police-lawyer", "police_safeguards", {"lawyer": False}, "police", where="Custody suite"
        )
        self.assertEqual(
            lawyer.text,
            "Custody suite: access to a lawyer was not ensured from the very outset of custody "
            "(CPT 2nd General Report, CPT/Inf (92) 3, para 36; 12th General Report, paras 40-41)",
        )
        self.assertIsNone(lawyer.shortfall)

    def test_a_safeguard_not_checked_is_never_a_breach(self) -> None:
        self.assertEqual(codes("police_safeguards", {"lawyer": True}, "police"), [])
        self.assertEqual(codes("police_safeguards", {"doctor": False}, "police"), ["cpt-police-doctor"])

    def test_police_safeguards_apply_to_police_custody_only(self) -> None:
        self.assertEqual(codes("police_safeguards", {"lawyer": False}, "prison"), [])

    def test_natural_light_ventilation_sanitation_and_screening(self) -> None:
        self.assertEqual(codes("natural_light", {"present": False}, "police"), ["cpt-natural-light"])
        self.assertEqual(codes("natural_light", {"present": True}, "police"), [])
        self.assertEqual(codes("ventilation", {"present": False}, "psychiatric"), ["cpt-ventilation"])
        self.assertEqual(codes("in_cell_sanitation", {"present": False}), ["cpt-sanitation"])
        self.assertIn(
            "C1: no ready access to a toilet",
            breach("cpt-sanitation", "in_cell_sanitation", {"present": False}, where="C1").text,
        )
        self.assertIn(
            "C1: the toilet offers no privacy",
            breach(
                "cpt-sanitation", "in_cell_sanitation", {"present": True, "private": False}, where="C1"
            ).text,
        )
        self.assertEqual(codes("in_cell_sanitation", {"present": True}), [])
        self.assertEqual(
            codes("admission_screening", {"present": False}, "prison"), ["cpt-admission-screening"]
        )
        self.assertEqual(codes("admission_screening", {"present": False}, "police"), [])

    def test_without_a_location_the_sentence_starts_with_a_capital(self) -> None:
        self.assertTrue(
            breach("cpt-natural-light", "natural_light", {"present": False}, "prison").text.startswith(
                "No access"
            )
        )


class CatalogueTests(TestCase):
    def test_the_catalogue_covers_every_standard_of_the_issue(self) -> None:
        measures = {spec.measure for spec in SPECS}
        self.assertEqual(measures, set(FIELDS))
        codes_ = {spec.code for spec in SPECS}
        for code in (
            "cpt-space-single",
            "cpt-space-multiple",
            "echr-space-mursic",
            "cpt-outdoor-exercise",
            "cpt-solitary-punishment",
            "cpt-police-notification",
            "cpt-police-lawyer",
            "cpt-police-doctor",
            "cpt-police-information",
            "cpt-natural-light",
            "cpt-ventilation",
            "cpt-sanitation",
            "cpt-admission-screening",
        ):
            self.assertIn(code, codes_)

    def test_every_standard_has_a_source_and_a_link(self) -> None:
        for spec in SPECS:
            with self.subTest(spec.code):
                self.assertTrue(spec.source and spec.citation and spec.threshold)
                self.assertTrue(spec.source_url.startswith("https://"))

    def test_applicable_filters_by_kind_and_place_type(self) -> None:
        self.assertEqual(
            [s.code for s in applicable(SPECS, "police_safeguards", "police")][:1],
            ["cpt-police-notification"],
        )
        self.assertEqual(applicable(SPECS, "police_safeguards", "prison"), [])

    def test_a_malformed_entry_is_refused_with_its_code(self) -> None:
        good = {
            "code": "x",
            "title": "t",
            "measure": "outdoor_exercise",
            "rule": {"type": "minimum", "field": "minutes_per_day", "min": "60", "unit": "min"},
            "threshold": "t",
            "requirement": "r",
            "citation": "c",
            "place_types": ["prison"],
            "severity": "serious",
            "source": "s",
        }
        self.assertEqual(spec_from_data(good).code, "x")
        for change in (
            {"measure": "weather"},
            {"severity": "mild"},
            {"rule": {"type": "minimum", "field": "colour", "min": "1", "unit": ""}},
            {"rule": {"type": "must_be_true", "fields": ["present"]}},
            {"place_types": []},
            {"rule": {"type": "magic"}},
        ):
            with self.subTest(change=change), self.assertRaisesRegex(ValueError, "^standard x: "):
                spec_from_data({**good, **change})


cell_counts = st.integers(min_value=1, max_value=60)
areas = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)


class PropertyTests(TestCase):
    @given(areas, areas, cell_counts)
    def test_more_area_never_creates_a_space_breach(
        self, area: Decimal, extra: Decimal, occupants: int
    ) -> None:
        before = set(codes("cell_space", {"area_m2": area, "occupants": occupants, "sanitary_annex": "none"}))
        after = set(
            codes("cell_space", {"area_m2": area + extra, "occupants": occupants, "sanitary_annex": "none"})
        )
        self.assertLessEqual(after, before)

    @given(areas, st.integers(min_value=2, max_value=60), st.integers(min_value=0, max_value=20))
    def test_more_people_in_a_shared_cell_never_removes_a_breach(
        self, area: Decimal, occupants: int, more: int
    ) -> None:
        before = set(codes("cell_space", {"area_m2": area, "occupants": occupants, "sanitary_annex": "none"}))
        after = set(
            codes("cell_space", {"area_m2": area, "occupants": occupants + more, "sanitary_annex": "none"})
        )
        self.assertLessEqual(before, after)

    @given(areas, cell_counts)
    def test_a_breach_says_a_positive_shortfall_consistent_with_its_numbers(
        self, area: Decimal, occupants: int
    ) -> None:
        for found in evaluate(
            SPECS, "cell_space", {"area_m2": area, "occupants": occupants, "sanitary_annex": "none"}, "prison"
        ):
            self.assertGreater(found.shortfall, 0)
            self.assertEqual(found.observed + found.shortfall, found.required)
            self.assertLess(area, found.required * occupants)

    @given(st.integers(min_value=0, max_value=1440), st.integers(min_value=0, max_value=1440))
    def test_more_exercise_never_creates_a_breach(self, minutes: int, extra: int) -> None:
        if codes("outdoor_exercise", {"minutes_per_day": min(minutes + extra, 1440)}):
            self.assertTrue(codes("outdoor_exercise", {"minutes_per_day": minutes}))

    @given(st.integers(min_value=0, max_value=36500))
    def test_solitary_confinement_is_a_breach_exactly_beyond_fourteen_days(self, days: int) -> None:
        self.assertEqual(bool(codes("solitary_confinement", {"days": days})), days > 14)
