"""The engine, read as the treaties read: the Russian Federation and the ECPT, and other instruments."""

from datetime import date
from unittest import TestCase

from custodiet.treaties.reference import load_instruments, read_json
from custodiet.treaties.rules import Action, Body, TreatyEngine

SPECS = load_instruments()
TODAY = date(2026, 11, 22)


def russian_record() -> list[Action]:
    data = read_json("russian_federation.json")
    return [
        Action(
            state=item["state"],
            instrument=item["instrument"],
            kind=item["kind"],
            on=date.fromisoformat(item["on"]),
            precision=item.get("precision", "day"),
            confidence=item.get("confidence", "sourced"),
            source=item["source"],
        )
        for item in data["actions"]
    ]


def bodies() -> list[Body]:
    return [
        Body(
            item["code"],
            item["name"],
            item["kind"],
            item.get("instrument"),
            item["basis"],
            item.get("basis_article", ""),
            item.get("state"),
        )
        for item in read_json("russian_federation.json")["bodies"]
    ]


class RussianFederationAndTheEcptTests(TestCase):
    def setUp(self) -> None:
        self.engine = TreatyEngine(SPECS, russian_record())

    def test_it_was_bound_on_1_january_2000(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(2000, 1, 1))
        self.assertTrue(status.bound)
        self.assertEqual(status.in_force_from, date(1998, 9, 1))
        self.assertIn("Article 19(2)", [reason.article for reason in status.reasons])

    def test_it_was_not_yet_bound_before_1_september_1998(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(1998, 8, 31))
        self.assertFalse(status.bound)
        self.assertEqual(status.phase, "consented")

    def test_a_signature_alone_did_not_bind_it_in_1997(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(1997, 1, 1))
        self.assertEqual((status.bound, status.phase), (False, "signed"))

    def test_the_deposit_known_only_to_the_month_still_gives_one_entry_into_force(self) -> None:
        ruling = self.engine.entry_into_force("RU", "ETS-126")
        self.assertEqual((ruling.on, ruling.uncertain), (date(1998, 9, 1), False))
        self.assertTrue(any("only to the month" in reason.text for reason in ruling.reasons))

    def test_it_is_bound_on_the_day_the_denunciation_law_was_signed(self) -> None:
        status = self.engine.status("RU", "ETS-126", date(2025, 9, 29), today=date(2025, 9, 29))
        self.assertTrue(status.bound)

    def test_after_the_law_it_is_still_bound_while_no_notification_is_recorded_and_says_so(self) -> None:
        status = self.engine.status("RU", "ETS-126", TODAY, today=TODAY)
        self.assertTrue(status.bound)
        self.assertTrue(status.domestic_denunciation)
        text = " ".join(reason.text for reason in status.reasons)
        self.assertIn("no notification", text)
        self.assertIn("2025-09-29", text)
        assert status.hypothetical is not None
        self.assertEqual(status.hypothetical.on, date(2027, 12, 1))
        self.assertIn("2026-10-01", text)  # had it been notified the day the law was signed

    def test_a_notification_received_on_30_september_2025_ends_it_on_1_october_2026(self) -> None:
        engine = TreatyEngine(
            SPECS, [*russian_record(), Action("RU", "ETS-126", "denunciation", date(2025, 9, 30))]
        )
        before = engine.status("RU", "ETS-126", date(2026, 9, 30))
        after = engine.status("RU", "ETS-126", date(2026, 10, 1))
        self.assertEqual(
            (before.bound, before.phase, before.ceases_on), (True, "denunciation_pending", date(2026, 10, 1))
        )
        self.assertEqual((after.bound, after.phase), (False, "ceased"))
        self.assertIn("Article 22", [reason.article for reason in after.reasons])

    def test_a_notification_received_in_october_2025_ends_it_on_1_november_2026(self) -> None:
        engine = TreatyEngine(
            SPECS, [*russian_record(), Action("RU", "ETS-126", "denunciation", date(2025, 10, 1))]
        )
        self.assertEqual(engine.status("RU", "ETS-126", TODAY).ceases_on, date(2026, 11, 1))

    def test_any_day_of_september_2025_gives_the_same_effect(self) -> None:
        notice = Action("RU", "ETS-126", "denunciation", date(2025, 9, 1), precision="month")
        status = TreatyEngine(SPECS, [*russian_record(), notice]).status("RU", "ETS-126", date(2026, 9, 15))
        self.assertEqual((status.bound, status.ceases_on, status.uncertain), (True, date(2026, 10, 1), False))

    def test_a_notification_known_only_to_the_year_gives_a_range_and_says_so(self) -> None:
        notice = Action("RU", "ETS-126", "denunciation", date(2025, 1, 1), precision="year")
        status = TreatyEngine(SPECS, [*russian_record(), notice]).status("RU", "ETS-126", date(2026, 6, 1))
        self.assertFalse(status.bound)  # received on 1 January 2025, it took effect on 1 February 2026
        self.assertTrue(status.uncertain)  # received on 31 December 2025, it would bind until 1 January 2027

    def test_the_protocols_end_with_the_convention(self) -> None:
        engine = TreatyEngine(
            SPECS, [*russian_record(), Action("RU", "ETS-126", "denunciation", date(2025, 9, 30))]
        )
        self.assertTrue(engine.status("RU", "ETS-152", date(2026, 9, 30)).bound)
        protocol = engine.status("RU", "ETS-152", date(2026, 10, 1))
        self.assertFalse(protocol.bound)
        self.assertEqual(protocol.phase, "ceased")

    def test_the_protocols_bound_it_only_from_their_own_entry_into_force(self) -> None:
        self.assertFalse(self.engine.status("RU", "ETS-151", date(2001, 1, 1)).bound)
        self.assertEqual(self.engine.entry_into_force("RU", "ETS-151").on, date(2002, 3, 1))

    def test_the_ecpt_survived_the_expulsion_from_the_council_of_europe(self) -> None:
        self.assertFalse(self.engine.status("RU", "ETS-001", date(2022, 3, 16)).bound)
        self.assertTrue(self.engine.status("RU", "ETS-126", date(2023, 1, 1)).bound)

    def test_the_echr_ceased_six_months_after_membership_ended(self) -> None:
        self.assertTrue(self.engine.status("RU", "ETS-005", date(2022, 9, 15)).bound)
        ceased = self.engine.status("RU", "ETS-005", date(2022, 9, 16))
        self.assertFalse(ceased.bound)
        self.assertIn("Article 58(3)", [reason.article for reason in ceased.reasons])

    def test_the_echr_ends_from_membership_even_without_a_recorded_cessation(self) -> None:
        record = [
            act for act in russian_record() if not (act.instrument == "ETS-005" and act.kind == "cessation")
        ]
        engine = TreatyEngine(SPECS, record)
        self.assertEqual(engine.status("RU", "ETS-005", date(2023, 1, 1)).ceases_on, date(2022, 9, 16))

    def test_uncat_bound_it_from_its_general_entry_into_force(self) -> None:
        self.assertEqual(self.engine.entry_into_force("RU", "UN-CAT").on, date(1987, 6, 26))
        self.assertTrue(self.engine.status("RU", "UN-CAT", TODAY).bound)

    def test_opcat_never_bound_it(self) -> None:
        self.assertEqual(self.engine.status("RU", "UN-OPCAT", TODAY).phase, "no_action")


class CoverageTests(TestCase):
    def test_today_only_the_cpt_has_a_treaty_right_to_visit_russian_places(self) -> None:
        coverage = TreatyEngine(SPECS, russian_record()).coverage("RU", TODAY, bodies(), today=TODAY)
        self.assertEqual(coverage.mechanisms, ["CPT"])
        domestic = next(line for line in coverage.lines if line.body.code == "RU-PMC")
        self.assertFalse(domestic.covers)
        self.assertIn("domestic law", domestic.reasons[0].text)

    def test_once_the_denunciation_takes_effect_no_mechanism_covers_them(self) -> None:
        engine = TreatyEngine(
            SPECS, [*russian_record(), Action("RU", "ETS-126", "denunciation", date(2025, 9, 30))]
        )
        coverage = engine.coverage("RU", date(2026, 10, 1), bodies())
        self.assertEqual(coverage.summary, "none")
        cpt = next(line for line in coverage.lines if line.body.code == "CPT")
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

    def test_re_election_limits_follow_protocol_no_2(self) -> None:
        committee = SPECS["ETS-126"].committee
        assert committee is not None
        self.assertEqual(committee.reelections_allowed(date(1995, 1, 1))[0], 1)
        self.assertEqual(committee.reelections_allowed(date(2019, 12, 20))[0], 2)

    def test_an_unknown_instrument_is_refused(self) -> None:
        with self.assertRaises(KeyError):
            TreatyEngine(SPECS, []).status("RU", "ETS-999", TODAY)

    def test_a_malformed_clause_is_refused_with_its_name(self) -> None:
        from custodiet.treaties.reference import spec_from_data

        data = dict(read_json("instruments.json")[0])
        data["denunciation"] = {**data["denunciation"], "timing": {"anchor": "whenever"}}
        with self.assertRaisesRegex(ValueError, "unknown anchor"):
            spec_from_data(data)
