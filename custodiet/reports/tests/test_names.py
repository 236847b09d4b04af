"""Name matching, without a database: a text to be published names no person on record."""

from __future__ import annotations

from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.reports.names import check_no_personal_data, names_in_text


class PersonalDataTests(TestCase):
    def test_names_are_found_in_any_case_and_either_order(self) -> None:
        names = ["Ivan Petrov", "Алексей Смирнов", "Al"]
        self.assertEqual(names_in_text("Mr PETROV, Ivan was moved.", names), ["Ivan Petrov"])
        self.assertEqual(names_in_text("Смирнов  Алексей, 34", names), ["Алексей Смирнов"])
        self.assertEqual(names_in_text("Petrovsky Ivanovich", names), [])  # whole words only
        self.assertEqual(names_in_text("Also all", names), [])  # too short to check

    def test_yo_and_ie_are_read_alike(self) -> None:
        self.assertEqual(names_in_text("Пётр Семёнов", ["Петр Семенов"]), ["Петр Семенов"])

    def test_the_refusal_says_where_not_who(self) -> None:
        with self.assertRaises(DomainError) as refused:
            check_no_personal_data(
                [("item 2", "Ivan Petrov was beaten."), ("item 3", "Fine.")], ["Ivan Petrov"]
            )
        self.assertIn("item 2", str(refused.exception))
        self.assertIn("Art. 11(3) ECPT", str(refused.exception))
        self.assertNotIn("Petrov", str(refused.exception))

    def test_pseudonyms_pass(self) -> None:
        check_no_personal_data([("item 1", "Person P-7KX2Q9 was beaten.")], ["Ivan Petrov"])
