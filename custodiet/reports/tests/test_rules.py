"""The rules of reports and public statements, without a database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from unittest import TestCase

from custodiet.core.errors import DomainError
from custodiet.reports import drafting, rules

TODAY = date(2025, 10, 1)


class LifecycleTests(TestCase):
    def test_each_step_leads_only_to_the_next(self) -> None:
        rules.check_transition("draft", "adopted")
        rules.check_transition("transmitted", "published")
        for current, target in (("draft", "transmitted"), ("published", "draft"), ("adopted", "published")):
            with self.subTest(current=current, target=target), self.assertRaises(DomainError):
                rules.check_transition(current, target)

    def test_every_report_but_a_published_one_is_confidential(self) -> None:
        self.assertEqual(
            [status for status in rules.ReportStatus.values if rules.is_confidential(status)],
            ["draft", "adopted", "transmitted", "response_received"],
        )

    def test_items_are_editable_only_in_a_draft(self) -> None:
        rules.check_editable("draft")
        with self.assertRaisesRegex(DomainError, "frozen"):
            rules.check_editable("adopted")


class AdoptionTests(TestCase):
    def adopt(self, **changes: object) -> None:
        arguments: dict[str, object] = {
            "status": "draft",
            "adopted_on": date(2025, 3, 1),
            "today": TODAY,
            "votes_for": 5,
            "votes_against": 1,
            "abstentions": 0,
            "voters": (),
            "item_count": 3,
            "visits_ended_on": date(2025, 1, 10),
        }
        arguments.update(changes)
        rules.check_adoption(**arguments)  # type: ignore[arg-type]

    def test_a_majority_of_the_votes_cast_adopts(self) -> None:
        self.adopt()
        self.adopt(voters=("A", "B", "C", "D", "E", "F"))

    def test_a_tie_does_not_adopt(self) -> None:
        with self.assertRaisesRegex(DomainError, "not a majority"):
            self.adopt(votes_for=3, votes_against=3)

    def test_names_must_match_the_count(self) -> None:
        with self.assertRaisesRegex(DomainError, "2 member"):
            self.adopt(voters=("A", "B"))
        with self.assertRaisesRegex(DomainError, "named twice"):
            self.adopt(votes_for=2, votes_against=0, voters=("A", "A"))

    def test_a_report_without_items_is_not_adopted(self) -> None:
        with self.assertRaisesRegex(DomainError, "no recommendations"):
            self.adopt(item_count=0)

    def test_adoption_comes_after_the_visit(self) -> None:
        with self.assertRaisesRegex(DomainError, r"Art\. 10\(1\)"):
            self.adopt(adopted_on=date(2025, 1, 9))


class DeadlineTests(TestCase):
    def test_the_response_is_due_six_months_after_transmission(self) -> None:
        self.assertEqual(rules.default_response_due(date(2025, 8, 31)), date(2026, 2, 28))
        due = rules.check_transmission(
            status="adopted",
            adopted_on=date(2025, 3, 1),
            transmitted_on=date(2025, 4, 1),
            response_due=None,
            today=TODAY,
        )
        self.assertEqual(due, date(2025, 10, 1))

    def test_the_committee_may_set_another_deadline_after_transmission(self) -> None:
        due = rules.check_transmission(
            status="adopted",
            adopted_on=date(2025, 3, 1),
            transmitted_on=date(2025, 4, 1),
            response_due=date(2025, 5, 1),
            today=TODAY,
        )
        self.assertEqual(due, date(2025, 5, 1))
        with self.assertRaisesRegex(DomainError, "after the transmission"):
            rules.check_transmission(
                status="adopted",
                adopted_on=date(2025, 3, 1),
                transmitted_on=date(2025, 4, 1),
                response_due=date(2025, 4, 1),
                today=TODAY,
            )

    def test_transmission_comes_after_adoption(self) -> None:
        with self.assertRaisesRegex(DomainError, "before it was adopted"):
            rules.check_transmission(
                status="adopted",
                adopted_on=date(2025, 3, 1),
                transmitted_on=date(2025, 2, 1),
                response_due=None,
                today=TODAY,
            )

    def test_overdue_answers_are_listed_longest_first(self) -> None:
        awaited = [
            rules.Awaited("report", 1, "RU", "Report", date(2025, 9, 1), None),
            rules.Awaited("observation", 2, "RU", "Observations", date(2025, 6, 1), None),
            rules.Awaited("report", 3, "RU", "Answered", date(2025, 6, 1), date(2025, 7, 1)),
            rules.Awaited("report", 4, "RU", "Not yet due", date(2025, 12, 1), None),
        ]
        lines = rules.overdue(awaited, TODAY)
        self.assertEqual([(line.awaited.pk, line.days) for line in lines], [(2, 122), (1, 30)])

    def test_response_states(self) -> None:
        self.assertEqual(rules.response_state(date(2025, 9, 1), None, TODAY), "overdue")
        self.assertEqual(rules.response_state(date(2025, 10, 1), None, TODAY), "pending")
        self.assertEqual(rules.response_state(date(2025, 9, 1), date(2025, 9, 30), TODAY), "answered")
        self.assertEqual(rules.response_state(None, None, TODAY), "no_deadline")


class PublicationTests(TestCase):
    def test_publication_needs_the_states_request(self) -> None:
        with self.assertRaisesRegex(DomainError, r"no request of the State.*Art\. 11\(2\) ECPT"):
            rules.check_publication(
                status="response_received",
                requested_on=None,
                request_reference="",
                published_on=TODAY,
                today=TODAY,
            )
        rules.check_publication(
            status="response_received",
            requested_on=date(2025, 9, 1),
            request_reference="Note verbale 12",
            published_on=TODAY,
            today=TODAY,
        )

    def test_the_opcat_article_is_cited_for_the_spt(self) -> None:
        with self.assertRaisesRegex(DomainError, r"Art\. 16\(2\) OPCAT"):
            rules.check_publication(
                status="transmitted",
                requested_on=None,
                request_reference="",
                published_on=TODAY,
                today=TODAY,
                instrument="UN-OPCAT",
            )

    def test_publication_comes_after_the_request(self) -> None:
        with self.assertRaisesRegex(DomainError, "before the State asked"):
            rules.check_publication(
                status="transmitted",
                requested_on=date(2025, 9, 2),
                request_reference="Letter",
                published_on=date(2025, 9, 1),
                today=TODAY,
            )

    def test_the_request_needs_a_reference(self) -> None:
        with self.assertRaisesRegex(DomainError, "reference of the State's request"):
            rules.check_publication_request(
                status="transmitted",
                transmitted_on=date(2025, 1, 1),
                requested_on=TODAY,
                reference=" ",
                today=TODAY,
            )


class PublicStatementTests(TestCase):
    def statement(self, **changes: object) -> None:
        arguments: dict[str, object] = {
            "instrument": "ETS-126",
            "decided_on": date(2024, 11, 18),
            "votes_for": 30,
            "members": 45,
            "views_invited_on": date(2024, 9, 1),
            "today": TODAY,
        }
        arguments.update(changes)
        rules.check_public_statement(**arguments)  # type: ignore[arg-type]

    def test_two_thirds_of_the_members_suffice(self) -> None:
        self.statement()
        self.assertEqual(rules.votes_needed(46, Fraction(2, 3)), 31)

    def test_fewer_than_two_thirds_are_refused_with_the_article(self) -> None:
        with self.assertRaisesRegex(DomainError, r"29 of 45 members.*Art\. 10\(2\) ECPT.*at least 30"):
            self.statement(votes_for=29)

    def test_the_state_must_have_been_invited_to_make_its_views_known_first(self) -> None:
        with self.assertRaisesRegex(DomainError, "make its views known"):
            self.statement(views_invited_on=None)
        with self.assertRaisesRegex(DomainError, "after the decision"):
            self.statement(views_invited_on=date(2024, 11, 19))

    def test_only_the_ecpt_procedure_is_known(self) -> None:
        with self.assertRaisesRegex(DomainError, "No public-statement procedure"):
            self.statement(instrument="UN-OPCAT")

    def test_more_votes_than_members_is_refused(self) -> None:
        with self.assertRaisesRegex(DomainError, "45 members"):
            self.statement(votes_for=46)


class DraftItemsTests(TestCase):
    def test_findings_become_one_recommendation_per_standard_and_a_comment_each(self) -> None:
        facts = [
            drafting.FindingFacts(
                1, "standard", "t", 10, "SIZO-1", "FSIN", "cpt-space", "Space", "cell_space"
            ),
            drafting.FindingFacts(2, "delegation", "Records incomplete.", 11, "OVD", "MVD"),
            drafting.FindingFacts(3, "standard", "t", 11, "OVD", "MVD", "cpt-space", "Space", "cell_space"),
            drafting.FindingFacts(
                4, "standard", "t", 10, "SIZO-1", "FSIN", "cpt-lawyer", "Lawyer", "police_safeguards"
            ),
        ]
        drafts = drafting.draft_all(facts)
        self.assertEqual(
            [(d.kind, d.theme, d.finding_pks) for d in drafts],
            [
                ("recommendation", "safeguards", (4,)),
                ("recommendation", "conditions", (1, 3)),
                ("comment", "other", (2,)),
            ],
        )
        self.assertIn("SIZO-1 and OVD", drafts[1].text)
        self.assertEqual(drafts[1].authority, "")  # two authorities: none chosen
        self.assertEqual(drafts[0].authority, "FSIN")

    def test_recommended_since_follows_the_first_report(self) -> None:
        self.assertEqual(rules.recommended_since(2012, 2019), 2012)
        self.assertEqual(rules.recommended_since(None, 2019), 2019)
        self.assertEqual(rules.report_year(None, date(2013, 1, 1)), 2013)
