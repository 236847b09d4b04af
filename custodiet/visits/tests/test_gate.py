"""The treaty gate on planning, without a database: the Russian case from the reference record, bodies
without a treaty right, windows that are no plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from unittest import TestCase

from custodiet.treaties.bundled import record_checks
from custodiet.treaties.reference import load_instruments, read_json
from custodiet.treaties.rules import Action, Body, TreatyEngine
from custodiet.visits.gate import GateDecision, GateNote, PlanningRefused, planning_gate

SPECS = load_instruments()
TODAY = date(2026, 11, 22)


def russian_actions() -> list[Action]:
    return [
        Action(
            state=item["state"],
            instrument=item["instrument"],
            kind=item["kind"],
            on=date.fromisoformat(item["on"]),
            precision=item.get("precision", "day"),
            confidence=item.get("confidence", "certain"),
            source=item.get("source", ""),
        )
        for item in read_json("russian_federation.json")["actions"]
    ]


def body(code: str) -> Body:
    for item in read_json("russian_federation.json")["bodies"]:
        if item["code"] == code:
            return Body(
                code=item["code"],
                name=item["name"],
                kind=item["kind"],
                instrument=item.get("instrument"),
                basis=item["basis"],
                basis_article=item.get("basis_article", ""),
                state=item.get("state"),
            )
    raise KeyError(code)


RUSSIA = TreatyEngine(SPECS, russian_actions())
NOTIFIED = TreatyEngine(
    SPECS,
    [
        *russian_actions(),
        Action("RU", "ETS-126", "denunciation", date(2025, 9, 30), source="test: notification received"),
    ],
)
CPT, SPT, CAT, PMC = body("CPT"), body("SPT"), body("CAT"), body("RU-PMC")


def gate(engine: TreatyEngine, who: Body, start: date, end: date, **extra: object) -> GateDecision:
    return planning_gate(engine, body=who, state="RU", start=start, end=end, today=TODAY, **extra)  # type: ignore[arg-type]


def codes(notes: tuple[GateNote, ...]) -> list[str]:
    return [note.code for note in notes]


class PlanningGateTests(TestCase):
    def test_a_cpt_visit_in_december_2026_is_allowed_with_a_warning_about_the_denunciation_law(self) -> None:
        decision = gate(RUSSIA, CPT, date(2026, 12, 1), date(2026, 12, 10))
        self.assertTrue(decision.allowed)
        self.assertTrue(decision.covers)
        self.assertIn("domestic_denunciation", codes(decision.warnings))
        self.assertIn("notification_unknown", codes(decision.warnings))
        unknown = next(note for note in decision.warnings if note.code == "notification_unknown")
        self.assertEqual(unknown.on, date(2026, 10, 1))
        self.assertIn("ended on 1 October 2026", unknown.text)
        law = next(note for note in decision.warnings if note.code == "domestic_denunciation")
        self.assertIn("2025-09-29", law.text)
        self.assertTrue(all(reason.article == "Article 22" for reason in law.reasons))

    def test_after_a_notification_a_visit_in_november_2026_is_refused_naming_1_october_2026(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 11, 2), date(2026, 11, 13))
        self.assertFalse(decision.allowed)
        self.assertEqual(codes(decision.refusals), ["no_right"])
        self.assertIn("not bound since 1 October 2026", decision.refusals[0].text)
        self.assertTrue(any("2026-10-01" in reason.text for reason in decision.refusals[0].reasons))
        with self.assertRaises(PlanningRefused) as raised:
            raise PlanningRefused(decision)
        self.assertIn("1 October 2026", str(raised.exception))

    def test_a_window_spanning_the_effect_date_is_allowed_with_the_date_the_right_is_lost(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 9, 24), date(2026, 10, 3))
        self.assertTrue(decision.allowed)
        self.assertEqual(decision.right_lost_on, date(2026, 10, 1))
        ends = next(note for note in decision.warnings if note.code == "right_ends")
        self.assertEqual(ends.on, date(2026, 10, 1))
        self.assertIn("from 1 October 2026", ends.text)
        self.assertIn("3 of the 10 planned days", ends.text)

    def test_a_pending_denunciation_after_the_window_is_a_warning(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 6, 1), date(2026, 6, 10))
        self.assertTrue(decision.allowed)
        self.assertIn("denunciation_pending", codes(decision.warnings))

    def test_the_spt_may_not_visit_russia_which_never_ratified_opcat(self) -> None:
        checked = TreatyEngine(SPECS, russian_actions(), record_checks(read_json("russian_federation.json")))
        decision = gate(checked, SPT, date(2024, 6, 3), date(2024, 6, 5))
        self.assertFalse(decision.allowed)
        self.assertEqual(codes(decision.refusals), ["no_right"])
        self.assertIn("OPCAT", decision.refusals[0].text)

    def test_where_no_record_or_chart_says_whether_the_spt_may_visit_the_plan_is_refused_as_unknown(
        self,
    ) -> None:
        decision = gate(RUSSIA, SPT, date(2026, 12, 1), date(2026, 12, 5))
        self.assertFalse(decision.allowed)
        self.assertEqual(codes(decision.refusals), ["right_unknown"])
        self.assertIn("unknown", decision.refusals[0].text)

    def test_a_cpt_visit_after_the_earliest_possible_effect_warns_that_the_right_is_uncertain(self) -> None:
        decision = gate(RUSSIA, CPT, date(2026, 12, 1), date(2026, 12, 10))
        self.assertTrue(decision.allowed)
        self.assertEqual((decision.right, codes(decision.warnings)[0]), ("uncertain", "right_uncertain"))
        self.assertIn("1 October 2026", decision.warnings[0].text)
        before = gate(RUSSIA, CPT, date(2026, 9, 1), date(2026, 9, 10))
        self.assertEqual(before.right, "yes")
        self.assertNotIn("right_uncertain", codes(before.warnings))

    def test_a_past_visit_can_be_recorded_and_its_dates_are_still_checked(self) -> None:
        decision = gate(RUSSIA, CPT, date(2018, 10, 19), date(2018, 10, 29))
        self.assertTrue(decision.allowed)
        self.assertEqual(codes(decision.warnings), ["past_window"])
        before_entry_into_force = gate(RUSSIA, CPT, date(1998, 6, 1), date(1998, 6, 5))
        self.assertFalse(before_entry_into_force.allowed)
        self.assertIn("1 September 1998", before_entry_into_force.refusals[0].text)

    def test_a_body_without_a_right_of_its_own_needs_the_states_consent(self) -> None:
        refused = gate(RUSSIA, CAT, date(2026, 12, 1), date(2026, 12, 5))
        self.assertEqual(codes(refused.refusals), ["consent_missing"])
        self.assertTrue(refused.refusals[0].reasons)
        allowed = gate(
            RUSSIA, CAT, date(2026, 12, 1), date(2026, 12, 5), consent_reference="Note verbale 123"
        )
        self.assertTrue(allowed.allowed)
        self.assertIn("consent_basis", codes(allowed.warnings))
        self.assertIn("Note verbale 123", allowed.warnings[0].text)
        no_right = replace(CAT, code="NGO", basis="none", instrument=None)
        self.assertEqual(
            codes(gate(RUSSIA, no_right, date(2026, 12, 1), date(2026, 12, 5)).refusals), ["consent_missing"]
        )

    def test_a_national_body_plans_under_domestic_law_with_a_warning(self) -> None:
        decision = gate(RUSSIA, PMC, date(2026, 12, 1), date(2026, 12, 5))
        self.assertTrue(decision.allowed)
        self.assertEqual(codes(decision.warnings), ["domestic_law_basis"])

    def test_a_national_body_of_another_state_is_refused(self) -> None:
        decision = planning_gate(
            RUSSIA, body=PMC, state="UA", start=date(2026, 12, 1), end=date(2026, 12, 5), today=TODAY
        )
        self.assertEqual(codes(decision.refusals), ["national_body_elsewhere"])

    def test_a_body_that_ceased_to_exist_is_refused_and_one_that_ceases_during_the_window_warns(self) -> None:
        ended = replace(PMC, ended_on=date(2026, 12, 3))
        self.assertEqual(
            codes(gate(RUSSIA, ended, date(2026, 12, 3), date(2026, 12, 5)).refusals), ["body_ended"]
        )
        during = gate(RUSSIA, ended, date(2026, 12, 1), date(2026, 12, 5))
        self.assertTrue(during.allowed)
        self.assertIn("body_ends", codes(during.warnings))
        cpt_ending = gate(
            RUSSIA, replace(CPT, ended_on=date(2026, 12, 3)), date(2026, 12, 1), date(2026, 12, 5)
        )
        self.assertEqual(cpt_ending.right_lost_on, date(2026, 12, 3))

    def test_a_body_designated_after_the_start_is_refused(self) -> None:
        late = replace(PMC, designated_on=date(2027, 1, 1))
        self.assertEqual(
            codes(gate(RUSSIA, late, date(2026, 12, 1), date(2026, 12, 5)).refusals), ["not_designated"]
        )

    def test_windows_that_are_no_plan_are_refused(self) -> None:
        self.assertEqual(
            codes(gate(RUSSIA, CPT, date(2026, 12, 5), date(2026, 12, 1)).refusals), ["window_order"]
        )
        self.assertEqual(
            codes(gate(RUSSIA, CPT, date(2026, 12, 1), date(2027, 1, 30)).refusals), ["window_too_long"]
        )
        self.assertTrue(gate(RUSSIA, CPT, date(2026, 12, 1), date(2027, 1, 29)).allowed)  # 60 days
        self.assertEqual(
            codes(gate(RUSSIA, CPT, date(2032, 1, 1), date(2032, 1, 5)).refusals), ["window_too_far"]
        )
        self.assertEqual(
            codes(gate(RUSSIA, CPT, date(1850, 1, 1), date(1850, 1, 5)).refusals), ["window_too_early"]
        )

    def test_an_imprecise_date_inside_the_window_is_a_warning(self) -> None:
        imprecise = TreatyEngine(
            SPECS,
            [
                *russian_actions(),
                Action("RU", "ETS-126", "denunciation", date(2025, 9, 1), precision="month", source="test"),
            ],
        )
        decision = gate(imprecise, CPT, date(2026, 9, 28), date(2026, 10, 3))
        self.assertTrue(decision.allowed)
        self.assertIn("right_ends", codes(decision.warnings))

    def test_the_decision_reads_as_a_dictionary(self) -> None:
        shape = gate(NOTIFIED, CPT, date(2026, 11, 2), date(2026, 11, 3)).as_dict()
        self.assertFalse(shape["allowed"])
        self.assertEqual(shape["refusals"][0]["code"], "no_right")
        self.assertIn("text", shape["refusals"][0]["reasons"][0])
