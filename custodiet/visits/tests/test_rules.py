"""The visit rules without a database: the order of statuses, what each status leaves open, the dates
of records and the delegation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.visits import rules

TODAY = date(2026, 11, 22)


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
