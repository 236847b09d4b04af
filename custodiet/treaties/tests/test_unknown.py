"""Unknown is an answer: a missing record is "not bound" only where a chart is complete on the date."""

from datetime import date
from unittest import TestCase

from custodiet.treaties.records import Completeness
from custodiet.treaties.rules import Action, TreatyEngine
from custodiet.treaties.tests.helpers import SPECS, body, chart

FRANCE_OPCAT = [
    Action(
        "FR",
        "UN-OPCAT",
        "signature",
        date(2005, 9, 16),
        confidence="sourced",
        source="https://example.org/fr",
    ),
    Action(
        "FR",
        "UN-OPCAT",
        "approval",
        date(2008, 11, 11),
        confidence="uncertain",
        source="https://example.org/fr",
    ),
]


class UnknownOrNotBoundTests(TestCase):
    def test_with_no_chart_a_state_with_no_record_is_unknown_never_not_bound(self) -> None:
        status = TreatyEngine(SPECS, FRANCE_OPCAT).status("DE", "UN-OPCAT", date(2010, 1, 1))
        self.assertEqual((status.answer, status.bound), ("unknown", None))
        self.assertIn("no chart of the OPCAT is loaded", status.summary)
        line = TreatyEngine(SPECS, FRANCE_OPCAT).coverage("DE", date(2010, 1, 1), [body("SPT")]).lines[0]
        self.assertEqual((line.answer, line.covers), ("unknown", False))

    def test_a_complete_chart_makes_a_missing_record_a_no(self) -> None:
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", date(2022, 4, 30))])
        status = engine.status("DE", "UN-OPCAT", date(2010, 1, 1))
        self.assertEqual(
            (status.answer, status.phase, status.confidence), ("not_bound", "no_action", "sourced")
        )
        self.assertEqual(status.reasons[0].source, "https://example.org/chart")

    def test_after_the_date_a_chart_is_complete_to_the_answer_is_unknown_again(self) -> None:
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", date(2022, 4, 30))])
        self.assertEqual(engine.status("DE", "UN-OPCAT", date(2022, 4, 30)).answer, "not_bound")
        later = engine.status("DE", "UN-OPCAT", date(2022, 5, 1))
        self.assertEqual(later.answer, "unknown")
        self.assertIn("up to 2022-04-30", later.summary)

    def test_a_chart_complete_on_no_date_never_says_no(self) -> None:
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", None)])
        self.assertEqual(engine.status("DE", "UN-OPCAT", date(2010, 1, 1)).answer, "unknown")

    def test_a_state_s_own_checked_record_stands_in_for_a_chart(self) -> None:
        check = Completeness("UN-OPCAT", date(2024, 6, 30), "https://example.org/list", state="DE")
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", date(2022, 4, 30)), check])
        self.assertEqual(engine.status("DE", "UN-OPCAT", date(2023, 1, 1)).answer, "not_bound")
        self.assertEqual(engine.status("IT", "UN-OPCAT", date(2023, 1, 1)).answer, "unknown")

    def test_a_recorded_party_stays_bound_after_the_chart_s_date_and_the_answer_says_how_old_it_is(
        self,
    ) -> None:
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", date(2022, 4, 30))])
        status = engine.status("FR", "UN-OPCAT", date(2026, 12, 2))
        self.assertEqual(status.answer, "bound")
        self.assertTrue(any("would not be recorded" in reason.text for reason in status.reasons))
        self.assertEqual(status.confidence, "uncertain")  # the deposit date is unverified: shown as such

    def test_an_unverified_fact_makes_the_answer_unverified_and_a_certain_one_does_not(self) -> None:
        engine = TreatyEngine(SPECS, FRANCE_OPCAT, [chart("UN-OPCAT", date(2022, 4, 30))])
        self.assertEqual(engine.status("FR", "UN-OPCAT", date(2010, 1, 1)).confidence, "uncertain")
        self.assertEqual(
            engine.status("FR", "UN-OPCAT", date(2006, 1, 1)).confidence, "sourced"
        )  # signed only
        spt = engine.coverage("FR", date(2010, 1, 1), [body("SPT")]).lines[0]
        self.assertEqual((spt.answer, spt.confidence), ("yes", "uncertain"))


class DeclarationTests(TestCase):
    """OPCAT Art. 24 postpones Part III (SPT visits) or Part IV (the NPM); UNCAT Art. 28 excludes Art. 20."""

    def engine(self, code: str, until: date | None) -> TreatyEngine:
        record = [
            Action("XK", "UN-OPCAT", "accession", date(2010, 1, 1)),
            Action("XK", "UN-OPCAT", "declaration", date(2010, 1, 1), detail=code, until=until),
        ]
        return TreatyEngine(SPECS, record)

    def spt(self, engine: TreatyEngine, on: date) -> str:
        return engine.coverage("XK", on, [body("SPT")]).lines[0].answer

    def test_a_part_iii_postponement_stops_the_spt_until_its_end(self) -> None:
        engine = self.engine("art24-part3", date(2013, 1, 31))
        self.assertEqual(self.spt(engine, date(2012, 1, 1)), "no")
        self.assertEqual(self.spt(engine, date(2013, 1, 31)), "yes")
        line = engine.coverage("XK", date(2012, 1, 1), [body("SPT")]).lines[0]
        self.assertIn("postponed", line.reasons[0].text)
        self.assertEqual(engine.status("XK", "UN-OPCAT", date(2012, 1, 1)).answer, "bound")

    def test_a_part_iv_postponement_leaves_the_spt_alone(self) -> None:
        self.assertEqual(self.spt(self.engine("art24-part4", date(2013, 1, 31)), date(2012, 1, 1)), "yes")

    def test_a_declaration_that_does_not_say_which_part_makes_the_spt_uncertain(self) -> None:
        self.assertEqual(self.spt(self.engine("art24", date(2013, 1, 31)), date(2012, 1, 1)), "uncertain")

    def test_with_no_end_recorded_it_lasts_three_years_and_may_last_two_more(self) -> None:
        engine = self.engine("art24-part3", None)  # in force for XK on 31 January 2010
        self.assertEqual(self.spt(engine, date(2013, 1, 30)), "no")
        self.assertEqual(self.spt(engine, date(2013, 1, 31)), "uncertain")
        self.assertEqual(self.spt(engine, date(2015, 1, 31)), "yes")

    def test_an_article_28_declaration_is_said_on_the_committee_against_torture_s_line(self) -> None:
        record = [
            Action("CN", "UN-CAT", "signature", date(1986, 12, 12)),
            Action("CN", "UN-CAT", "ratification", date(1988, 10, 4)),
            Action("CN", "UN-CAT", "declaration", date(1988, 10, 4), detail="art28"),
        ]
        line = TreatyEngine(SPECS, record).coverage("CN", date(2000, 1, 1), [body("CAT")]).lines[0]
        self.assertEqual(line.answer, "no")
        self.assertIn("Article 28(1)", [reason.article for reason in line.reasons])

    def test_a_withdrawn_declaration_no_longer_applies(self) -> None:
        record = [
            Action("BG", "UN-CAT", "signature", date(1986, 6, 10)),
            Action("BG", "UN-CAT", "ratification", date(1986, 12, 16)),
            Action("BG", "UN-CAT", "declaration", date(1986, 12, 16), detail="art28"),
            Action("BG", "UN-CAT", "declaration_withdrawn", date(1999, 6, 24), detail="art28"),
        ]
        engine = TreatyEngine(SPECS, record)
        before = engine.coverage("BG", date(1990, 1, 1), [body("CAT")]).lines[0]
        after = engine.coverage("BG", date(2000, 1, 1), [body("CAT")]).lines[0]
        self.assertIn("Article 28(1)", [reason.article for reason in before.reasons])
        self.assertNotIn("Article 28(1)", [reason.article for reason in after.reasons])
