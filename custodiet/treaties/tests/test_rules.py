"""The engine, read as the treaties read: the Russian Federation and the ECPT, and other instruments."""

from datetime import date
from unittest import TestCase

from custodiet.treaties.reference import read_json, spec_from_data
from custodiet.treaties.rules import Action, Body, TreatyEngine
from custodiet.treaties.tests.helpers import SPECS, TODAY, bodies, russian_checks, russian_record


def notified(received: date, **extra: object) -> TreatyEngine:
    notice = Action(
        "RU", "ETS-126", "denunciation", received, source="test: depositary notification", **extra
    )  # type: ignore[arg-type]
    return TreatyEngine(SPECS, [*russian_record(), notice], russian_checks())


class RussianFederationAndTheEcptTests(TestCase):
    def setUp(self) -> None:
        self.engine = TreatyEngine(SPECS, russian_record(), russian_checks())

    def test_it_was_bound_on_1_january_2000(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(2000, 1, 1))
        self.assertEqual((status.answer, status.bound), ("bound", True))
        self.assertEqual(status.in_force_from, date(1998, 9, 1))
        self.assertIn("Article 19(2)", [reason.article for reason in status.reasons])

    def test_it_was_not_yet_bound_before_1_september_1998(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(1998, 8, 31))
        self.assertEqual((status.answer, status.phase, status.bound), ("not_bound", "consented", False))

    def test_a_signature_alone_did_not_bind_it_in_1997(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(1997, 1, 1))
        self.assertEqual((status.answer, status.phase), ("not_bound", "signed"))

    def test_the_deposit_known_only_to_the_month_still_gives_one_entry_into_force(self) -> None:
        ruling = self.engine.entry_into_force("RU", "ETS-126")
        self.assertEqual((ruling.on, ruling.uncertain), (date(1998, 9, 1), False))
        self.assertTrue(any("only to the month" in reason.text for reason in ruling.reasons))

    def test_after_the_law_it_is_bound_for_certain_until_the_earliest_possible_effect(self) -> None:
        for day in (date(2025, 9, 29), TODAY.replace(year=2026, month=9, day=30)):
            status = self.engine.status("RU", "ETS-126", day, today=day)
            self.assertEqual((status.answer, status.window), ("bound", None), day)
            self.assertTrue(status.domestic_denunciation)
        text = " ".join(
            reason.text for reason in self.engine.status("RU", "ETS-126", date(2026, 9, 30)).reasons
        )
        self.assertIn("no notification", text)
        self.assertIn("Certain until 2026-09-30", text)

    def test_from_1_october_2026_the_cpt_right_is_uncertain_with_the_window_and_what_settles_it(self) -> None:
        for day in (date(2026, 10, 1), date(2026, 12, 2), date(2027, 6, 1), date(2028, 1, 1)):
            status = self.engine.status("RU", "ETS-126", day, today=TODAY)
            self.assertEqual((status.answer, status.bound, status.uncertain), ("uncertain", None, True), day)
            assert status.window is not None
            self.assertEqual((status.window.first, status.window.last), (date(2026, 10, 1), None))
            self.assertIn("from 2025-09-29", status.window.text)
            self.assertIn("received the notification", status.window.settles)
        status = self.engine.status("RU", "ETS-126", date(2026, 12, 2), today=TODAY)
        # received by 30 November 2025 at the latest, it had taken effect by 1 December 2026
        self.assertIn("to 2025-11-30", status.window.text if status.window else "")
        status = self.engine.status("RU", "ETS-126", TODAY, today=TODAY)
        assert status.hypothetical is not None
        self.assertEqual(status.hypothetical.on, date(2027, 12, 1))  # if notified on the frozen "today"

    def test_a_notification_received_on_30_september_2025_ends_it_on_1_october_2026(self) -> None:
        engine = notified(date(2025, 9, 30))
        before = engine.status("RU", "ETS-126", date(2026, 9, 30))
        after = engine.status("RU", "ETS-126", date(2026, 10, 1))
        self.assertEqual(
            (before.answer, before.phase, before.ceases_on, before.ending),
            ("bound", "ending_pending", date(2026, 10, 1), "denunciation"),
        )
        self.assertEqual((after.answer, after.phase, after.window), ("not_bound", "ceased", None))
        self.assertIn("Article 22", [reason.article for reason in after.reasons])
        self.assertEqual(after.summary, "not bound since 2026-10-01 (denunciation)")

    def test_a_notification_received_in_october_2025_ends_it_on_1_november_2026(self) -> None:
        status = notified(date(2025, 10, 1)).status("RU", "ETS-126", date(2026, 10, 15))
        self.assertEqual((status.answer, status.ceases_on), ("bound", date(2026, 11, 1)))

    def test_any_day_of_september_2025_gives_the_same_effect(self) -> None:
        status = notified(date(2025, 9, 1), precision="month").status("RU", "ETS-126", date(2026, 9, 15))
        self.assertEqual((status.answer, status.ceases_on), ("bound", date(2026, 10, 1)))

    def test_a_notification_known_only_to_the_year_gives_a_window(self) -> None:
        engine = notified(date(2025, 1, 1), precision="year")
        status = engine.status("RU", "ETS-126", date(2026, 6, 1))
        # received on 1 January 2025 it took effect on 1 February 2026; on 31 December, on 1 January 2027
        self.assertEqual(status.answer, "uncertain")
        assert status.window is not None
        self.assertEqual((status.window.first, status.window.last), (date(2026, 2, 1), date(2027, 1, 1)))
        self.assertEqual(engine.status("RU", "ETS-126", date(2027, 1, 1)).answer, "not_bound")

    def test_the_protocols_follow_the_convention_once_in_force_for_all(self) -> None:
        engine = notified(date(2025, 9, 30))
        self.assertEqual(engine.status("RU", "ETS-152", date(2026, 9, 30)).answer, "bound")
        protocol = engine.status("RU", "ETS-152", date(2026, 10, 1))
        self.assertEqual((protocol.answer, protocol.phase), ("not_bound", "ceased"))
        self.assertIn("part of the ECPT", protocol.reasons[0].text)
        self.assertEqual(self.engine.status("RU", "ETS-151", date(2026, 12, 2)).answer, "uncertain")

    def test_the_protocols_bound_it_only_from_their_own_entry_into_force(self) -> None:
        self.assertEqual(self.engine.status("RU", "ETS-151", date(2001, 1, 1)).answer, "not_bound")
        self.assertEqual(self.engine.entry_into_force("RU", "ETS-151").on, date(2002, 3, 1))

    def test_the_ecpt_survived_the_end_of_membership_of_the_council_of_europe(self) -> None:
        self.assertEqual(self.engine.status("RU", "ETS-001", date(2022, 3, 16)).answer, "not_bound")
        self.assertEqual(self.engine.status("RU", "ETS-126", date(2023, 1, 1)).answer, "bound")

    def test_uncat_bound_it_from_its_general_entry_into_force(self) -> None:
        self.assertEqual(self.engine.entry_into_force("RU", "UN-CAT").on, date(1987, 6, 26))
        self.assertEqual(self.engine.status("RU", "UN-CAT", TODAY).answer, "bound")

    def test_opcat_did_not_bind_it_while_its_record_is_known_complete_and_is_unknown_after(self) -> None:
        checked = self.engine.status("RU", "UN-OPCAT", date(2024, 6, 30))
        self.assertEqual((checked.answer, checked.phase), ("not_bound", "no_action"))
        later = self.engine.status("RU", "UN-OPCAT", date(2024, 7, 1))
        self.assertEqual((later.answer, later.bound), ("unknown", None))
        self.assertIn("2024-06-30", later.summary)


class CoverageTests(TestCase):
    def test_before_1_october_2026_only_the_cpt_has_a_treaty_right_to_visit_russian_places(self) -> None:
        engine = TreatyEngine(SPECS, russian_record(), russian_checks())
        coverage = engine.coverage("RU", date(2024, 1, 1), bodies(), today=TODAY)
        self.assertEqual(coverage.mechanisms, ["CPT"])
        self.assertEqual(coverage.summary, "CPT")
        domestic = next(line for line in coverage.lines if line.body.code == "RU-PMC")
        self.assertEqual(domestic.answer, "no")
        self.assertIn("domestic law", domestic.reasons[0].text)

    def test_today_the_cpt_is_uncertain_and_the_spt_unknown(self) -> None:
        engine = TreatyEngine(SPECS, russian_record(), russian_checks())
        coverage = engine.coverage("RU", date(2026, 12, 2), bodies(), today=TODAY)
        self.assertEqual(coverage.summary, "none; uncertain: CPT; unknown: SPT")
        cpt = next(line for line in coverage.lines if line.body.code == "CPT")
        self.assertEqual((cpt.answer, cpt.covers), ("uncertain", False))
        assert cpt.window is not None
        self.assertEqual(cpt.window.first, date(2026, 10, 1))

    def test_once_the_denunciation_takes_effect_no_mechanism_covers_them(self) -> None:
        coverage = notified(date(2025, 9, 30)).coverage("RU", date(2026, 10, 1), bodies())
        self.assertEqual(coverage.mechanisms, [])
        cpt = next(line for line in coverage.lines if line.body.code == "CPT")
        self.assertEqual(cpt.answer, "no")
        self.assertIn("2026-10-01", " ".join(reason.text for reason in cpt.reasons))

    def test_a_national_preventive_mechanism_covers_only_its_state_once_designated(self) -> None:
        npm = Body(
            "FR-CGLPL",
            "Contrôleur général",
            "national_preventive_mechanism",
            "UN-OPCAT",
            "treaty",
            "Article 17 OPCAT",
            state="FR",
            designated_on=date(2008, 1, 1),
        )
        record = [
            Action("FR", "UN-OPCAT", "signature", date(2005, 9, 16)),
            Action("FR", "UN-OPCAT", "ratification", date(2008, 11, 11)),
        ]
        engine = TreatyEngine(SPECS, record)
        self.assertEqual(engine.coverage("FR", date(2007, 1, 1), [npm]).mechanisms, [])
        self.assertEqual(engine.coverage("FR", date(2009, 1, 1), [npm]).mechanisms, ["FR-CGLPL"])
        self.assertEqual(engine.coverage("DE", date(2009, 1, 1), [npm]).lines, ())


class OtherRulesTests(TestCase):
    def test_a_successor_state_is_bound_from_its_succession(self) -> None:
        engine = TreatyEngine(SPECS, [Action("ME", "ETS-126", "succession", date(2006, 6, 6))])
        self.assertEqual(engine.entry_into_force("ME", "ETS-126").on, date(2006, 6, 6))

    def test_the_seven_first_consents_share_the_general_entry_into_force(self) -> None:
        engine = TreatyEngine(SPECS, [Action("IE", "ETS-126", "ratification", date(1988, 3, 14))])
        self.assertEqual(engine.entry_into_force("IE", "ETS-126").on, date(1989, 2, 1))

    def test_parties_on_a_date(self) -> None:
        record = [
            Action("IE", "ETS-126", "ratification", date(1988, 3, 14)),
            Action("AM", "ETS-126", "ratification", date(2002, 6, 18)),
            *russian_record(),
        ]
        engine = TreatyEngine(SPECS, record)
        self.assertEqual(engine.parties("ETS-126", date(2000, 1, 1)), ["IE", "RU"])
        self.assertEqual(engine.parties("ETS-126", date(2003, 1, 1)), ["AM", "IE", "RU"])
        self.assertEqual(engine.parties("ETS-126", date(2026, 12, 2)), ["AM", "IE"])  # Russia: uncertain

    def test_re_election_limits_follow_protocol_no_2(self) -> None:
        committee = SPECS["ETS-126"].committee
        assert committee is not None
        self.assertEqual(committee.reelections_allowed(date(1995, 1, 1))[0], 1)
        self.assertEqual(committee.reelections_allowed(date(2019, 12, 20))[0], 2)

    def test_the_spt_has_25_seats_since_february_2011(self) -> None:
        committee = SPECS["UN-OPCAT"].committee
        assert committee is not None
        seats = committee.fixed_seats(date(2010, 12, 31))
        later = committee.fixed_seats(date(2026, 12, 2))
        self.assertEqual((seats.seats if seats else None, later.seats if later else None), (10, 25))

    def test_an_unknown_instrument_is_refused(self) -> None:
        with self.assertRaises(KeyError):
            TreatyEngine(SPECS, []).status("RU", "ETS-999", TODAY)

    def test_a_malformed_clause_is_refused_with_its_name(self) -> None:
        data = dict(read_json("instruments.json")[0])
        data["denunciation"] = {**data["denunciation"], "timing": {"anchor": "whenever"}}
        with self.assertRaisesRegex(ValueError, "unknown anchor"):
            spec_from_data(data)


class AmendingProtocolTests(TestCase):
    def test_a_protocol_that_follows_its_treaty_is_in_force_from_its_own_date(self) -> None:
        record = [
            Action("FR", "ETS-126", "signature", date(1987, 11, 26)),
            Action("FR", "ETS-126", "ratification", date(1989, 1, 9)),
        ]
        status = TreatyEngine(SPECS, record).status("FR", "ETS-151", date(2026, 12, 2))
        self.assertEqual((status.answer, status.in_force_from), ("bound", date(2002, 3, 1)))
        later = TreatyEngine(SPECS, [Action("AM", "ETS-126", "ratification", date(2002, 6, 18))])
        self.assertEqual(later.status("AM", "ETS-152", date(2026, 12, 2)).in_force_from, date(2002, 10, 1))
