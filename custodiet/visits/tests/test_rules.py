"""The visit rules without a database: the treaty gate (the Russian case from the reference record),
grounds of objection by treaty, the order of statuses and the dates of records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.treaties.reference import load_instruments, read_json
from custodiet.treaties.rules import Action, Body, TreatyEngine
from custodiet.visits import rules

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


def gate(engine: TreatyEngine, who: Body, start: date, end: date, **extra: object) -> rules.GateDecision:
    return rules.planning_gate(engine, body=who, state="RU", start=start, end=end, today=TODAY, **extra)  # type: ignore[arg-type]


def codes(notes: tuple[rules.GateNote, ...]) -> list[str]:
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
        self.assertIn("2026-10-01", unknown.text)
        law = next(note for note in decision.warnings if note.code == "domestic_denunciation")
        self.assertIn("2025-09-29", law.text)
        self.assertTrue(all(reason.article == "Article 22" for reason in law.reasons))

    def test_after_a_notification_a_visit_in_november_2026_is_refused_naming_1_october_2026(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 11, 2), date(2026, 11, 13))
        self.assertFalse(decision.allowed)
        self.assertEqual(codes(decision.refusals), ["no_right"])
        self.assertIn("not bound since 2026-10-01", decision.refusals[0].text)
        self.assertTrue(any("2026-10-01" in reason.text for reason in decision.refusals[0].reasons))
        with self.assertRaises(rules.PlanningRefused) as raised:
            raise rules.PlanningRefused(decision)
        self.assertIn("2026-10-01", str(raised.exception))

    def test_a_window_spanning_the_effect_date_is_allowed_with_the_date_the_right_is_lost(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 9, 24), date(2026, 10, 3))
        self.assertTrue(decision.allowed)
        self.assertEqual(decision.right_lost_on, date(2026, 10, 1))
        ends = next(note for note in decision.warnings if note.code == "right_ends")
        self.assertEqual(ends.on, date(2026, 10, 1))
        self.assertIn("from 2026-10-01", ends.text)
        self.assertIn("3 of the 10 planned days", ends.text)

    def test_a_pending_denunciation_after_the_window_is_a_warning(self) -> None:
        decision = gate(NOTIFIED, CPT, date(2026, 6, 1), date(2026, 6, 10))
        self.assertTrue(decision.allowed)
        self.assertIn("denunciation_pending", codes(decision.warnings))

    def test_the_spt_may_not_visit_russia_which_never_ratified_opcat(self) -> None:
        decision = gate(RUSSIA, SPT, date(2026, 12, 1), date(2026, 12, 5))
        self.assertFalse(decision.allowed)
        self.assertEqual(codes(decision.refusals), ["no_right"])
        self.assertIn("OPCAT", decision.refusals[0].text)

    def test_a_past_visit_can_be_recorded_and_its_dates_are_still_checked(self) -> None:
        decision = gate(RUSSIA, CPT, date(2018, 10, 19), date(2018, 10, 29))
        self.assertTrue(decision.allowed)
        self.assertEqual(codes(decision.warnings), ["past_window"])
        before_entry_into_force = gate(RUSSIA, CPT, date(1998, 6, 1), date(1998, 6, 5))
        self.assertFalse(before_entry_into_force.allowed)
        self.assertIn("1998-09-01", before_entry_into_force.refusals[0].text)

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
        decision = rules.planning_gate(
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


class ObjectionGroundTests(TestCase):
    def clause(self, code: str) -> rules.ObjectionClause:
        data = next(item for item in read_json("instruments.json") if item["code"] == code)
        clause = rules.objection_clause(data)
        assert clause is not None
        return clause

    def test_the_ecpt_allows_its_five_grounds(self) -> None:
        clause = self.clause("ETS-126")
        self.assertEqual(clause.citation, "Art. 9(1) ECPT")
        self.assertEqual(
            [ground.code for ground in clause.grounds],
            [
                "national_defence",
                "public_safety",
                "serious_disorder",
                "medical_condition",
                "urgent_interrogation",
            ],
        )
        for code in ("national_defence", "medical_condition", "urgent_interrogation"):
            self.assertEqual(
                rules.check_objection(clause, ground=code, body="CPT", has_place=False).code, code
            )
        self.assertEqual(
            rules.check_objection(clause, ground="Public safety", body="CPT", has_place=False).code,
            "public_safety",
        )

    def test_the_ecpt_refuses_any_other_ground_naming_the_allowed_ones_and_the_article(self) -> None:
        clause = self.clause("ETS-126")
        for ground in ("state of emergency", "sanctions", "unspecified", "natural_disaster", ""):
            with self.subTest(ground=ground), self.assertRaises(DomainError) as raised:
                rules.check_objection(clause, ground=ground, body="CPT", has_place=False)
            message = str(raised.exception)
            self.assertIn("Art. 9(1) ECPT", message)
            self.assertIn("national defence", message)
            self.assertIn("urgent_interrogation", message)

    def test_opcat_allows_its_four_grounds_for_a_particular_place(self) -> None:
        clause = self.clause("UN-OPCAT")
        self.assertEqual(clause.citation, "Art. 14(2) OPCAT")
        self.assertEqual(
            rules.check_objection(clause, ground="natural_disaster", body="SPT", has_place=True).code,
            "natural_disaster",
        )
        with self.assertRaises(DomainError) as raised:
            rules.check_objection(clause, ground="natural_disaster", body="SPT", has_place=False)
        self.assertIn("particular place", str(raised.exception))

    def test_opcat_refuses_a_declared_state_of_emergency_and_says_why(self) -> None:
        clause = self.clause("UN-OPCAT")
        with self.assertRaises(DomainError) as raised:
            rules.check_objection(clause, ground="state of emergency", body="SPT", has_place=True)
        message = str(raised.exception)
        self.assertIn("not, as such, a ground", message)
        self.assertIn("Art. 14(2) OPCAT", message)
        for ground in ("medical_condition", "urgent_interrogation", "sanctions"):
            with self.subTest(ground=ground), self.assertRaises(DomainError):
                rules.check_objection(clause, ground=ground, body="SPT", has_place=True)

    def test_an_instrument_without_an_objection_clause_allows_no_objection(self) -> None:
        uncat = next(item for item in read_json("instruments.json") if item["code"] == "UN-CAT")
        self.assertIsNone(rules.objection_clause(uncat))
        with self.assertRaises(DomainError) as raised:
            rules.check_objection(None, ground="public_safety", body="RU-PMC", has_place=False)
        self.assertIn("RU-PMC", str(raised.exception))


class StatusTests(TestCase):
    def move(self, current: str, target: str, **extra: object) -> rules.Transition:
        options: dict[str, object] = {"today": TODAY, "has_visit_notification": True, **extra}
        return rules.check_transition(current=current, target=target, **options)  # type: ignore[arg-type]

    def test_a_visit_moves_forward_one_step_at_a_time(self) -> None:
        self.assertEqual(self.move("planned", "notified").status, "notified")
        started = self.move("notified", "under_way", first_arrival=date(2026, 11, 2))
        self.assertEqual(started.started_on, date(2026, 11, 2))
        ended = self.move(
            "under_way", "completed", started_on=date(2026, 11, 2), last_departure=date(2026, 11, 9)
        )
        self.assertEqual(ended.ended_on, date(2026, 11, 9))
        for current in ("planned", "notified", "under_way"):
            self.assertEqual(self.move(current, "cancelled").status, "cancelled")

    def test_it_refuses_skips_returns_and_anything_out_of_completed_or_cancelled(self) -> None:
        for current, target in (
            ("planned", "under_way"),
            ("planned", "completed"),
            ("notified", "planned"),
            ("under_way", "notified"),
            ("completed", "cancelled"),
            ("completed", "under_way"),
            ("cancelled", "planned"),
            ("planned", "planned"),
            ("planned", "postponed"),
        ):
            with self.subTest(current=current, target=target), self.assertRaises(DomainError):
                self.move(current, target, first_arrival=date(2026, 11, 2))

    def test_notified_needs_a_notification_of_the_visit(self) -> None:
        with self.assertRaises(DomainError) as raised:
            self.move("planned", "notified", has_visit_notification=False)
        self.assertIn("notification", str(raised.exception))

    def test_under_way_needs_an_arrival_or_a_start_date_not_in_the_future(self) -> None:
        with self.assertRaises(DomainError):
            self.move("notified", "under_way")
        self.assertEqual(
            self.move("notified", "under_way", on=date(2026, 11, 20)).started_on, date(2026, 11, 20)
        )
        with self.assertRaises(DomainError):
            self.move("notified", "under_way", on=date(2026, 11, 23))

    def test_completed_needs_an_end_on_or_after_the_start(self) -> None:
        with self.assertRaises(DomainError):
            self.move("under_way", "completed", started_on=date(2026, 11, 10), on=date(2026, 11, 9))
        self.assertEqual(self.move("under_way", "completed", started_on=date(2026, 11, 10)).ended_on, TODAY)

    def test_records_are_open_only_in_the_statuses_that_allow_them(self) -> None:
        rules.ensure_open("under_way", "observation")
        with self.assertRaises(DomainError) as raised:
            rules.ensure_open("planned", "observation")
        self.assertIn("under way or completed", str(raised.exception))
        with self.assertRaises(DomainError):
            rules.ensure_open("cancelled", "itinerary")
        rules.ensure_open("cancelled", "access_event")
        with self.assertRaises(DomainError):
            rules.ensure_open("planned", "arrival")


class RecordDateTests(TestCase):
    dates = rules.VisitDates(
        date(2026, 11, 2), date(2026, 11, 13), status="under_way", started_on=date(2026, 11, 2)
    )

    def test_records_fall_within_the_visit_and_not_in_the_future(self) -> None:
        rules.check_within_visit("An event", date(2026, 11, 5), self.dates, today=TODAY)
        with self.assertRaises(DomainError):
            rules.check_within_visit("An event", date(2026, 11, 1), self.dates, today=TODAY)
        with self.assertRaises(DomainError) as raised:
            rules.check_within_visit("An event", date(2026, 11, 23), self.dates, today=TODAY)
        self.assertIn("future", str(raised.exception))

    def test_a_visit_that_overran_is_open_until_today_while_under_way(self) -> None:
        overran = rules.VisitDates(
            date(2026, 11, 2), date(2026, 11, 10), started_on=date(2026, 11, 2), status="under_way"
        )
        self.assertEqual(overran.span(TODAY), (date(2026, 11, 2), TODAY))
        ended = replace(overran, status="completed", ended_on=date(2026, 11, 12))
        self.assertEqual(ended.span(TODAY), (date(2026, 11, 2), date(2026, 11, 12)))

    def test_moments_in_the_future_are_refused(self) -> None:
        now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
        rules.check_moment("An arrival", now, now)
        with self.assertRaises(DomainError):
            rules.check_moment("An arrival", datetime(2026, 11, 22, 12, 1, tzinfo=UTC), now)

    def test_a_delay_has_minutes_and_nothing_else_does(self) -> None:
        rules.check_access_event("delayed", 45)
        rules.check_access_event("refused", None)
        for kind, minutes in (
            ("delayed", None),
            ("delayed", 0),
            ("delayed", -5),
            ("refused", 30),
            ("lost", None),
        ):
            with self.subTest(kind=kind, minutes=minutes), self.assertRaises(DomainError):
                rules.check_access_event(kind, minutes)

    def test_the_answer_to_observations_is_due_after_communication_one_month_by_default(self) -> None:
        self.assertEqual(rules.default_response_due(date(2026, 11, 13)), date(2026, 12, 13))
        self.assertEqual(rules.default_response_due(date(2026, 1, 31)), date(2026, 2, 28))
        self.assertEqual(rules.default_response_due(date(2026, 12, 15)), date(2027, 1, 15))
        rules.check_observation(date(2026, 11, 13), date(2026, 11, 14))
        with self.assertRaises(DomainError):
            rules.check_observation(date(2026, 11, 13), date(2026, 11, 13))
        self.assertEqual(rules.observation_state(date(2026, 11, 1), None, TODAY), "overdue")
        self.assertEqual(rules.observation_state(date(2026, 12, 1), None, TODAY), "pending")
        self.assertEqual(rules.observation_state(date(2026, 11, 1), date(2026, 10, 30), TODAY), "answered")

    def test_notifications_of_places_follow_the_notification_of_the_visit(self) -> None:
        rules.check_notification(subject="visit", place_count=0, has_visit_notification=False)
        rules.check_notification(subject="places", place_count=2, has_visit_notification=True)
        rules.check_notification(subject="on_arrival", place_count=1, has_visit_notification=True)
        for subject, count, notified in (
            ("places", 0, True),
            ("places", 2, False),
            ("on_arrival", 2, True),
            ("on_arrival", 1, False),
            ("rumour", 0, True),
        ):
            with self.subTest(subject=subject), self.assertRaises(DomainError):
                rules.check_notification(subject=subject, place_count=count, has_visit_notification=notified)

    def test_a_delegation_with_fewer_than_two_committee_members_is_flagged(self) -> None:
        self.assertEqual(rules.delegation_warnings(["head", "member", "expert"], "ETS-126"), [])
        self.assertIn("Art. 7(2) ECPT", rules.delegation_warnings(["head", "interpreter"], "ETS-126")[0])
        self.assertIn("Art. 13(3) OPCAT", rules.delegation_warnings([], "UN-OPCAT")[0])
        self.assertEqual(rules.delegation_warnings([], None), [])
        with self.assertRaises(DomainError):
            rules.check_account_role("analyst")
