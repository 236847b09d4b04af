"""Endings named for what they are, each by its own article, and the arithmetic of their dates."""

from datetime import date
from unittest import TestCase

from custodiet.treaties.rules import Action, TreatyEngine, denunciation_effect
from custodiet.treaties.tests.helpers import SPECS, russian_checks, russian_record


class NamedEndingsTests(TestCase):
    def setUp(self) -> None:
        self.engine = TreatyEngine(SPECS, russian_record(), russian_checks())

    def test_the_end_of_council_of_europe_membership_is_a_cessation_under_article_8_not_a_denunciation(
        self,
    ) -> None:
        status = self.engine.status("RU", "ETS-001", date(2022, 3, 16))
        self.assertEqual((status.answer, status.ending), ("not_bound", "cessation"))
        self.assertEqual(status.summary, "not bound since 2022-03-16 (cessation)")
        cited = [reason for reason in status.reasons if reason.article == "Article 8"]
        self.assertTrue(cited)
        self.assertIn("not a denunciation", cited[0].text)
        self.assertNotIn("denunciation takes effect", " ".join(reason.text for reason in status.reasons))

    def test_the_echr_ceased_six_months_after_membership_ended_under_article_58_3(self) -> None:
        pending = self.engine.status("RU", "ETS-005", date(2022, 9, 15))
        self.assertEqual(
            (pending.answer, pending.phase, pending.ending), ("bound", "ending_pending", "cessation")
        )
        self.assertEqual(pending.summary, "bound until 2022-09-15 (cessation takes effect 2022-09-16)")
        ceased = self.engine.status("RU", "ETS-005", date(2022, 9, 16))
        self.assertEqual((ceased.answer, ceased.ending), ("not_bound", "cessation"))
        self.assertIn("Article 58(3)", [reason.article for reason in ceased.reasons])

    def test_the_echr_ends_from_membership_even_without_a_recorded_cessation(self) -> None:
        record = [
            act for act in russian_record() if not (act.instrument == "ETS-005" and act.kind == "cessation")
        ]
        status = TreatyEngine(SPECS, record).status("RU", "ETS-005", date(2023, 1, 1))
        self.assertEqual(
            (status.answer, status.ceases_on, status.ending), ("not_bound", date(2022, 9, 16), "cessation")
        )

    def test_a_withdrawal_from_the_council_of_europe_takes_effect_at_the_end_of_a_financial_year(
        self,
    ) -> None:
        record = [
            Action("GR", "ETS-001", "accession", date(1949, 8, 9)),
            Action("GR", "ETS-001", "withdrawal", date(1969, 12, 12)),
        ]
        status = TreatyEngine(SPECS, record).status("GR", "ETS-001", date(1970, 6, 1))
        # notified in the last three months of 1969: the end of the next financial year (Art. 7)
        self.assertEqual(
            (status.answer, status.ceases_on, status.ending), ("bound", date(1971, 1, 1), "withdrawal")
        )
        self.assertIn("withdrawal takes effect", status.summary)
        self.assertIn("Article 7", [reason.article for reason in status.reasons])


class EchrFiveYearsTests(TestCase):
    """ECHR Art. 58(1): a Party may denounce only after five years as a Party, with six months' notice."""

    def test_a_notification_within_five_years_takes_effect_only_when_they_are_over(self) -> None:
        record = [
            Action("XK", "ETS-005", "signature", date(2000, 1, 10)),
            Action("XK", "ETS-005", "ratification", date(2000, 3, 1)),
            Action("XK", "ETS-005", "denunciation", date(2002, 1, 15)),
        ]
        status = TreatyEngine(SPECS, record).status("XK", "ETS-005", date(2003, 1, 1))
        self.assertEqual((status.answer, status.ceases_on), ("bound", date(2005, 3, 1)))
        self.assertTrue(any("five years" in reason.text for reason in status.reasons))

    def test_after_five_years_the_six_months_notice_alone_counts(self) -> None:
        record = [
            Action("XK", "ETS-005", "signature", date(2000, 1, 10)),
            Action("XK", "ETS-005", "ratification", date(2000, 3, 1)),
            Action("XK", "ETS-005", "denunciation", date(2010, 1, 15)),
        ]
        status = TreatyEngine(SPECS, record).status("XK", "ETS-005", date(2010, 2, 1))
        self.assertEqual(status.ceases_on, date(2010, 7, 15))


class TwoPeriodsTests(TestCase):
    """Greece denounced the ECHR in 1969 and ratified it again in 1974."""

    def setUp(self) -> None:
        self.engine = TreatyEngine(
            SPECS,
            [
                Action("GR", "ETS-005", "signature", date(1950, 11, 28)),
                Action("GR", "ETS-005", "ratification", date(1953, 3, 28)),
                Action("GR", "ETS-005", "denunciation", date(1969, 12, 12), effective_on=date(1970, 6, 13)),
                Action("GR", "ETS-005", "ratification", date(1974, 11, 28)),
                Action("GR", "ETS-001", "accession", date(1949, 8, 9)),
                Action("GR", "ETS-001", "withdrawal", date(1969, 12, 12)),
                Action("GR", "ETS-001", "accession", date(1974, 11, 28)),
            ],
        )

    def test_bound_not_bound_and_bound_again(self) -> None:
        answers = [
            self.engine.status("GR", "ETS-005", day).answer
            for day in (
                date(1960, 1, 1),
                date(1970, 6, 12),
                date(1970, 6, 13),
                date(1974, 11, 27),
                date(1975, 1, 1),
            )
        ]
        self.assertEqual(answers, ["bound", "bound", "not_bound", "not_bound", "bound"])

    def test_the_recorded_effect_day_is_used_and_the_clause_s_day_is_said(self) -> None:
        status = self.engine.status("GR", "ETS-005", date(1970, 1, 1))
        self.assertEqual(status.ceases_on, date(1970, 6, 13))
        self.assertTrue(any("the clause would give 1970-06-12" in reason.text for reason in status.reasons))

    def test_the_old_end_of_membership_does_not_end_the_second_period(self) -> None:
        status = self.engine.status("GR", "ETS-005", date(2000, 1, 1))
        self.assertEqual((status.answer, status.ceases_on), ("bound", None))
        self.assertEqual(self.engine.status("GR", "ETS-001", date(2000, 1, 1)).answer, "bound")


class LeapDayTests(TestCase):
    """OPCAT Art. 33: a denunciation takes effect one year after the Secretary-General receives it."""

    def test_a_notification_received_on_29_february_2028_takes_effect_on_28_february_2029(self) -> None:
        ruling = denunciation_effect(SPECS["UN-OPCAT"], date(2028, 2, 29))
        self.assertEqual(ruling.on, date(2029, 2, 28))
        self.assertTrue(
            any("29 February" in reason.text and "1 March" in reason.text for reason in ruling.reasons)
        )

    def test_the_state_is_bound_on_27_february_and_not_on_28_february_2029(self) -> None:
        record = [
            Action("FR", "UN-OPCAT", "signature", date(2005, 9, 16)),
            Action("FR", "UN-OPCAT", "approval", date(2008, 11, 11)),
            Action("FR", "UN-OPCAT", "denunciation", date(2028, 2, 29)),
        ]
        engine = TreatyEngine(SPECS, record)
        self.assertEqual(engine.status("FR", "UN-OPCAT", date(2029, 2, 27)).answer, "bound")
        self.assertEqual(engine.status("FR", "UN-OPCAT", date(2029, 2, 28)).answer, "not_bound")

    def test_an_ordinary_day_keeps_its_number(self) -> None:
        self.assertEqual(denunciation_effect(SPECS["UN-OPCAT"], date(2027, 3, 1)).on, date(2028, 3, 1))
        self.assertEqual(len(denunciation_effect(SPECS["UN-OPCAT"], date(2027, 3, 1)).reasons), 1)
