"""The grounds on which a State may object to a visit, by treaty (ECPT Art. 9(1), OPCAT Art. 14(2)),
read from the instruments' reference data; no database."""

from __future__ import annotations

from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.treaties.reference import read_json
from custodiet.visits.objections import ObjectionClause, check_objection, objection_clause


class ObjectionGroundTests(TestCase):
    def clause(self, code: str) -> ObjectionClause:
        data = next(item for item in read_json("instruments.json") if item["code"] == code)
        clause = objection_clause(data)
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
            self.assertEqual(check_objection(clause, ground=code, body="CPT", has_place=False).code, code)
        self.assertEqual(
            check_objection(clause, ground="Public safety", body="CPT", has_place=False).code,
            "public_safety",
        )

    def test_the_ecpt_refuses_any_other_ground_naming_the_allowed_ones_and_the_article(self) -> None:
        clause = self.clause("ETS-126")
        for ground in ("state of emergency", "sanctions", "unspecified", "natural_disaster", ""):
            with self.subTest(ground=ground), self.assertRaises(DomainError) as raised:
                check_objection(clause, ground=ground, body="CPT", has_place=False)
            message = str(raised.exception)
            self.assertIn("Art. 9(1) ECPT", message)
            self.assertIn("national defence", message)
            self.assertIn("urgent_interrogation", message)

    def test_opcat_allows_its_four_grounds_for_a_particular_place(self) -> None:
        clause = self.clause("UN-OPCAT")
        self.assertEqual(clause.citation, "Art. 14(2) OPCAT")
        self.assertEqual(
            check_objection(clause, ground="natural_disaster", body="SPT", has_place=True).code,
            "natural_disaster",
        )
        with self.assertRaises(DomainError) as raised:
            check_objection(clause, ground="natural_disaster", body="SPT", has_place=False)
        self.assertIn("particular place", str(raised.exception))

    def test_opcat_refuses_a_declared_state_of_emergency_and_says_why(self) -> None:
        clause = self.clause("UN-OPCAT")
        with self.assertRaises(DomainError) as raised:
            check_objection(clause, ground="state of emergency", body="SPT", has_place=True)
        message = str(raised.exception)
        self.assertIn("not, as such, a ground", message)
        self.assertIn("Art. 14(2) OPCAT", message)
        for ground in ("medical_condition", "urgent_interrogation", "sanctions"):
            with self.subTest(ground=ground), self.assertRaises(DomainError):
                check_objection(clause, ground=ground, body="SPT", has_place=True)

    def test_an_instrument_without_an_objection_clause_allows_no_objection(self) -> None:
        uncat = next(item for item in read_json("instruments.json") if item["code"] == "UN-CAT")
        self.assertIsNone(objection_clause(uncat))
        with self.assertRaises(DomainError) as raised:
            check_objection(None, ground="public_safety", body="RU-PMC", has_place=False)
        self.assertIn("RU-PMC", str(raised.exception))
