"""The rules of testimony without a database: pseudonyms, languages, who is a doctor, dates, privacy,
when ill-treatment is said to have happened, and follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.testimony import rules


class PseudonymTests(TestCase):
    def test_a_pseudonym_is_p_and_eight_unambiguous_characters(self) -> None:
        for _ in range(200):
            code = rules.new_pseudonym()
            self.assertTrue(rules.is_pseudonym(code), code)
            self.assertFalse(set(code[2:]) & set("01OILU"), code)

    def test_pseudonyms_do_not_repeat_or_follow_an_order(self) -> None:
        codes = [rules.new_pseudonym() for _ in range(2000)]
        self.assertEqual(len(set(codes)), len(codes))
        self.assertNotEqual(codes, sorted(codes))

    def test_a_code_typed_loosely_is_tidied(self) -> None:
        self.assertEqual(rules.normalize_pseudonym(" p-7kq2 mx9d "), "P-7KQ2MX9D")
        self.assertEqual(rules.normalize_pseudonym("7KQ2MX9D"), "P-7KQ2MX9D")
        self.assertFalse(rules.is_pseudonym("P-7KQ2MX9O"))  # O is not in the alphabet
        self.assertFalse(rules.is_pseudonym("P-7KQ2MX9"))


class LanguageTests(TestCase):
    def test_iso_639_1_and_639_3_codes_are_accepted(self) -> None:
        self.assertEqual(rules.language_code(" RU "), "ru")
        self.assertEqual(rules.language_code("che"), "che")
        self.assertEqual(rules.language_name("uk"), "Ukrainian")
        self.assertEqual(rules.language_name("che"), "Chechen")

    def test_a_language_named_in_english_becomes_its_code(self) -> None:
        # "russian" typed into a three-letter box used to be cut to "rus": a name is read as a name.
        self.assertEqual(rules.language_code("russian"), "ru")
        self.assertEqual(rules.language_code(" Chechen "), "ce")

    def test_anything_else_is_refused(self) -> None:
        for raw in ("", "r1", "qq", "zzz", "klingonese"):
            with self.subTest(raw=raw), self.assertRaises(DomainError):
                rules.language_code(raw)


class MedicalExpertiseTests(TestCase):
    def test_doctors_are_recognised_in_the_languages_of_the_interface(self) -> None:
        for expertise in (
            "forensic doctor",
            "Physician",
            "psychiatrist",
            "médecin légiste",
            "врач",
            "судмедэксперт",
        ):
            with self.subTest(expertise=expertise):
                self.assertTrue(rules.is_medical(expertise))

    def test_other_experts_are_not_doctors(self) -> None:
        for expertise in ("lawyer", "", "prison management", "interpreter"):
            with self.subTest(expertise=expertise):
                self.assertFalse(rules.is_medical(expertise))


class DatesTests(TestCase):
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)

    def test_an_interview_during_the_visit_and_in_the_past_is_accepted(self) -> None:
        moment = datetime(2026, 11, 21, 10, tzinfo=UTC)
        rules.check_during_visit(
            "The interview",
            moment,
            first=date(2026, 11, 17),
            last=date(2026, 11, 27),
            day=moment.date(),
            now=self.now,
        )

    def test_the_future_and_days_outside_the_visit_are_refused(self) -> None:
        future = datetime(2026, 11, 22, 13, tzinfo=UTC)
        with self.assertRaisesRegex(DomainError, "in the future"):
            rules.check_during_visit(
                "The interview",
                future,
                first=date(2026, 11, 17),
                last=date(2026, 11, 27),
                day=future.date(),
                now=self.now,
            )
        before = datetime(2026, 11, 16, 10, tzinfo=UTC)
        with self.assertRaisesRegex(DomainError, "outside the visit"):
            rules.check_during_visit(
                "The interview",
                before,
                first=date(2026, 11, 17),
                last=date(2026, 11, 27),
                day=before.date(),
                now=self.now,
            )


class PrivacyTests(TestCase):
    def test_a_private_interview_has_no_one_within_hearing(self) -> None:
        self.assertEqual(rules.check_privacy(private=True, within_hearing="  "), "")
        with self.assertRaises(DomainError):
            rules.check_privacy(private=True, within_hearing="a guard")

    def test_a_non_private_interview_says_who_was_within_hearing(self) -> None:
        self.assertEqual(
            rules.check_privacy(private=False, within_hearing=" a guard at the door "), "a guard at the door"
        )
        with self.assertRaisesRegex(DomainError, "within hearing"):
            rules.check_privacy(private=False, within_hearing="")


class OccurrenceTests(TestCase):
    said_on = date(2026, 11, 20)

    def period(self, *args: object, **kwargs: object) -> rules.Period:
        return rules.occurrence_period(said_on=self.said_on, **kwargs)  # type: ignore[arg-type]

    def test_a_known_day_keeps_its_year_and_quarter(self) -> None:
        period = self.period(occurred_from=date(2026, 5, 3), occurred_to=None, precision="day")
        self.assertEqual((period.year, period.quarter, period.label), (2026, 2, "2026 Q2"))

    def test_a_span_across_quarters_or_a_vague_date_keeps_the_year_only(self) -> None:
        across = self.period(occurred_from=date(2026, 3, 25), occurred_to=date(2026, 4, 2), precision="day")
        self.assertEqual((across.year, across.quarter), (2026, None))
        vague = self.period(occurred_from=date(2025, 1, 1), occurred_to=None, precision="approximate")
        self.assertEqual(vague.label, "2025 (quarter not known)")

    def test_an_unknown_date_has_no_period_and_no_dates(self) -> None:
        self.assertEqual(
            self.period(occurred_from=None, occurred_to=None, precision="unknown").label, "date not known"
        )
        with self.assertRaises(DomainError):
            self.period(occurred_from=date(2026, 1, 1), occurred_to=None, precision="unknown")

    def test_inconsistent_dates_are_refused(self) -> None:
        for kwargs in (
            {"occurred_from": None, "occurred_to": None, "precision": "day"},
            {"occurred_from": date(2026, 5, 3), "occurred_to": date(2026, 5, 1), "precision": "day"},
            {"occurred_from": date(2026, 11, 21), "occurred_to": None, "precision": "day"},
            {"occurred_from": date(2026, 5, 3), "occurred_to": None, "precision": "week"},
        ):
            with self.subTest(**kwargs), self.assertRaises(DomainError):
                self.period(**kwargs)


class FollowUpTests(TestCase):
    def test_a_follow_up_is_due_at_the_next_visit_or_on_a_date(self) -> None:
        rules.check_due(at_next_visit=True, due_on=None)
        rules.check_due(at_next_visit=False, due_on=date(2027, 1, 1))
        for at_next_visit, due_on in ((True, date(2027, 1, 1)), (False, None)):
            with self.subTest(at_next_visit=at_next_visit), self.assertRaises(DomainError):
                rules.check_due(at_next_visit=at_next_visit, due_on=due_on)
        self.assertEqual(rules.due_label(at_next_visit=True, due_on=None), "at the next visit")

    def test_a_follow_up_is_done_between_the_flag_and_today(self) -> None:
        rules.check_done(done_on=date(2026, 11, 20), flagged_on=date(2026, 11, 1), today=date(2026, 11, 22))
        with self.assertRaises(DomainError):
            rules.check_done(
                done_on=date(2026, 11, 23), flagged_on=date(2026, 11, 1), today=date(2026, 11, 22)
            )
        with self.assertRaises(DomainError):
            rules.check_done(
                done_on=date(2026, 10, 1), flagged_on=date(2026, 11, 1), today=date(2026, 11, 22)
            )
