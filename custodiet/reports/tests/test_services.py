"""The report's life through the services: each step validated, saved and audited, or refused with the
rule's reason and nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry
from custodiet.reports import services
from custodiet.reports.models import Item, ItemStatus, PublicStatement, Report, StateResponse

pytestmark = pytest.mark.django_db


def verbs() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("verb", flat=True))


# -- drafting ----------------------------------------------------------------------------------------


def test_a_draft_from_a_visit_has_an_item_per_standard_and_per_delegation_finding(draft: Any) -> None:
    items = list(draft.items.order_by("number"))
    assert [(item.number, item.kind, item.theme) for item in items] == [
        (1, "recommendation", "cooperation"),  # the access refused
        (2, "request_for_information", "cooperation"),  # the objection on an allowed ground
        (3, "recommendation", "conditions"),
        (4, "recommendation", "regime"),
        (5, "comment", "other"),
    ]
    assert items[2].findings.count() == 2 and "Pre-trial centre No. 1" in items[2].text
    assert items[2].authority == "Federal Penitentiary Service"
    assert items[4].text == "Custody records were incomplete."
    assert draft.status == "draft" and draft.confidential
    assert "report.draft_from_visit" in verbs()


def test_a_recommendation_made_before_is_marked_repeated_since_the_first_report(
    published: Any, visit: Any, secretariat: Any, today: date
) -> None:
    second = services.report_create_from_visit(visit=visit, by=secretariat, title="Second report")
    space = second.items.get(number=3)
    assert space.repeats is not None and space.repeats.report_id == published.pk
    assert space.recommended_since == published.adopted_on.year
    assert second.items.get(number=5).repeats is None  # comments are not carried over


def test_a_report_refuses_a_visit_of_another_state(
    cpt: Any, ukraine: Any, visit: Any, secretariat: Any
) -> None:
    with pytest.raises(DomainError, match="not a visit of CPT to Ukraine"):
        services.report_create(body=cpt, state=ukraine, title="Wrong", visits=[visit], by=secretariat)
    assert not Report.objects.exists()


def test_items_are_added_numbered_updated_and_removed_in_a_draft(draft: Any, secretariat: Any) -> None:
    added = services.item_add(
        report=draft, kind="request_for_information", text="Send the custody registers.", by=secretariat
    )
    assert added.number == 6
    services.item_update(
        item=added, text="Send the custody registers of 2025.", priority="high", by=secretariat
    )
    added.refresh_from_db()
    assert (added.text, added.priority) == ("Send the custody registers of 2025.", "high")
    services.item_remove(item=draft.items.get(number=4), by=secretariat)
    assert list(draft.items.values_list("number", "kind")) == [
        (1, "recommendation"),
        (2, "request_for_information"),
        (3, "recommendation"),
        (4, "comment"),
        (5, "request_for_information"),
    ]
    assert verbs()[-3:] == ["item.add", "item.update", "item.remove"]


def test_items_are_frozen_once_the_report_is_adopted(adopted: Any, secretariat: Any) -> None:
    with pytest.raises(DomainError, match="frozen"):
        services.item_add(report=adopted, kind="comment", text="Late.", by=secretariat)
    with pytest.raises(DomainError, match="frozen"):
        services.item_remove(item=adopted.items.first(), by=secretariat)


# -- adoption and transmission ------------------------------------------------------------------------


def test_adoption_records_the_vote_and_who_voted(draft: Any, users: dict[str, Any], today: date) -> None:
    services.report_adopt(
        report=draft,
        adopted_on=today,
        votes_for=2,
        votes_against=0,
        abstentions=1,
        voters=["A. Member", "B. Member", "C. Member"],
        by=users["committee_member"],
    )
    draft.refresh_from_db()
    assert (draft.status, draft.votes_for, draft.voters) == (
        "adopted",
        2,
        ["A. Member", "B. Member", "C. Member"],
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.verb == "report.adopt" and entry.actor == users["committee_member"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"votes_for": 3, "votes_against": 3}, "not a majority"),
        ({"voters": ["Only One"]}, "name every member"),
        ({"adopted_on_delta": 1}, "cannot be in the future"),
    ],
)
def test_adoption_is_refused_without_a_majority_or_with_wrong_facts(
    draft: Any, users: dict[str, Any], today: date, changes: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {"votes_for": 5, "votes_against": 0, "voters": ()}
    delta = changes.pop("adopted_on_delta", 0)
    arguments.update(changes)
    with pytest.raises(DomainError, match=message):
        services.report_adopt(
            report=draft, adopted_on=today + timedelta(days=delta), by=users["committee_member"], **arguments
        )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.adopted_on is None


def test_adoption_before_the_visit_ended_is_refused(draft: Any, visit: Any, users: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="its visit ended on"):
        services.report_adopt(
            report=draft, adopted_on=visit.ended_on - timedelta(days=1), votes_for=5, by=users["secretariat"]
        )


def test_transmission_sets_the_response_due_six_months_later(transmitted: Any, today: date) -> None:
    sent = today - timedelta(days=50)
    assert transmitted.status == "transmitted" and transmitted.transmitted_on == sent
    month = sent.month + 6
    year = sent.year + (month - 1) // 12
    assert (transmitted.response_due.year, transmitted.response_due.month) == (year, (month - 1) % 12 + 1)


def test_the_response_deadline_can_be_set_at_transmission(overdue_report: Any, today: date) -> None:
    assert overdue_report.response_due == today - timedelta(days=20)


def test_a_draft_cannot_be_transmitted(draft: Any, secretariat: Any, today: date) -> None:
    with pytest.raises(DomainError, match="cannot become transmitted"):
        services.report_transmit(report=draft, transmitted_on=today, by=secretariat)


def test_the_deadline_can_be_extended_with_a_reason(transmitted: Any, secretariat: Any) -> None:
    later = transmitted.response_due + timedelta(days=30)
    services.report_set_response_due(
        report=transmitted, response_due=later, reason="Asked by the authorities", by=secretariat
    )
    transmitted.refresh_from_db()
    assert transmitted.response_due == later


# -- response and publication -------------------------------------------------------------------------


def test_the_states_response_is_recorded_with_an_answer_per_item(answered: Any, today: date) -> None:
    assert answered.status == "response_received"
    assert answered.response_received_on == today - timedelta(days=10)
    response = StateResponse.objects.get(report=answered)
    answer = response.answers.get()
    assert answer.item.number == 1 and answer.documents == ["plan-2025.pdf"]
    assert "response.record" in verbs()


def test_a_response_to_an_unknown_item_is_refused(transmitted: Any, secretariat: Any, today: date) -> None:
    with pytest.raises(DomainError, match="no item numbered 9"):
        services.response_record(
            report=transmitted, received_on=today, answers={9: services.Answer("Yes")}, by=secretariat
        )
    assert not StateResponse.objects.exists()


def test_publication_without_the_states_request_is_refused_citing_article_11(
    answered: Any, secretariat: Any, today: date
) -> None:
    with pytest.raises(DomainError, match=r"Art\. 11\(2\) ECPT") as refused:
        services.report_publish(report=answered, published_on=today, by=secretariat)
    assert "request" in str(refused.value)
    answered.refresh_from_db()
    assert answered.status == "response_received" and answered.published_on is None


def test_the_database_refuses_a_published_report_without_the_states_request(answered: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=answered.pk).update(status="published", published_on=date(2025, 1, 1))


def test_a_report_is_published_at_the_states_request(published: Any, today: date) -> None:
    assert published.status == "published" and not published.confidential
    assert published.publication_request_reference == "Note verbale No. 123"
    assert verbs()[-2:] == ["report.publication_request", "report.publish"]


def test_an_administrator_cannot_publish_so_cannot_test_names_against_the_identities(
    answered: Any, users: dict[str, Any], today: date
) -> None:
    """The personal-data check answers whether a text names a person on record: an administrator, who
    may record a response on the State's behalf but may not see identities, would otherwise type names
    into an answer and try to publish. Refused before any check, whatever the texts say."""
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 7", by=users["state_liaison"]
    )
    with pytest.raises(DomainError, match="Only the secretariat publishes") as refused:
        services.report_publish(report=answered, published_on=today, by=users["administrator"])
    assert "names a person" not in str(refused.value)
    answered.refresh_from_db()
    assert answered.status != "published" and answered.published_on is None
    assert "report.publish" not in verbs()


def test_publication_is_refused_when_a_text_names_a_protected_person(
    answered: Any, users: dict[str, Any], secretariat: Any, russia: Any, today: date
) -> None:
    services.protected_name_add(name="Ivan Petrov", state=russia, by=secretariat)
    services.response_record(
        report=answered,
        received_on=today,
        answers={2: services.Answer("Mr PETROV Ivan was transferred.")},
        by=users["state_liaison"],
    )
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 7", by=users["state_liaison"]
    )
    with pytest.raises(DomainError, match=r"names a person.*the answer to item 2.*Art\. 11\(3\)") as refused:
        services.report_publish(report=answered, published_on=today, by=secretariat)
    assert "Petrov" not in str(refused.value)  # says where, never who
    answered.refresh_from_db()
    assert answered.status == "response_received"


def test_publication_is_refused_when_the_immediate_observations_name_a_protected_person(
    answered: Any, visit: Any, users: dict[str, Any], secretariat: Any, russia: Any, today: date
) -> None:
    """The published rendering carries the immediate observations: they are checked like every text."""
    services.protected_name_add(name="Ivan Petrov", state=russia, by=secretariat)
    visit.observations.update(text="Ivan Petrov needs to see a doctor at once.")
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 10", by=users["state_liaison"]
    )
    with pytest.raises(DomainError, match="the immediate observations"):
        services.report_publish(report=answered, published_on=today, by=secretariat)


def test_publication_is_refused_when_a_text_holds_a_name_from_testimony(
    answered: Any,
    visit: Any,
    users: dict[str, Any],
    secretariat: Any,
    russia: Any,
    places: list[Any],
    today: date,
) -> None:
    from custodiet.testimony.models import Person, PersonIdentity

    person = Person.objects.create(state=russia, first_met_visit=visit, first_met_place=places[0])
    PersonIdentity.objects.create(person=person, name="Алексей Смирнов")
    item = answered.items.get(number=3)
    Item.objects.filter(pk=item.pk).update(text="Смирнов Алексей was held without a record.")
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 8", by=users["state_liaison"]
    )
    with pytest.raises(DomainError, match="item 3"):
        services.report_publish(report=answered, published_on=today, by=secretariat)


def test_a_person_who_consented_to_be_named_does_not_block_publication(
    answered: Any,
    visit: Any,
    users: dict[str, Any],
    secretariat: Any,
    russia: Any,
    places: list[Any],
    today: date,
) -> None:
    from custodiet.testimony.models import Consent, Person, PersonIdentity

    person = Person.objects.create(state=russia, first_met_visit=visit, first_met_place=places[0])
    PersonIdentity.objects.create(person=person, name="Алексей Смирнов")
    Consent.objects.create(
        person=person, given_on=today, use_information=True, be_named=True, be_contacted_again=False
    )
    Item.objects.filter(report=answered, number=3).update(text="Алексей Смирнов asked to be named.")
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 9", by=users["state_liaison"]
    )
    assert services.report_publish(report=answered, published_on=today, by=secretariat).status == "published"


# -- follow-up ----------------------------------------------------------------------------------------


def test_implementation_status_keeps_its_history(answered: Any, secretariat: Any, today: date) -> None:
    item = answered.items.get(number=1)
    services.item_set_status(
        item=item, status="in_progress", set_on=today - timedelta(days=5), by=secretariat
    )
    services.item_set_status(item=item, status="implemented", set_on=today, by=secretariat)
    item.refresh_from_db()
    assert item.status == "implemented"
    assert list(ItemStatus.objects.filter(item=item).values_list("status", flat=True)) == [
        "in_progress",
        "implemented",
    ]


def test_rejection_needs_a_reason(answered: Any, secretariat: Any) -> None:
    with pytest.raises(DomainError, match="a reason is required"):
        services.item_set_status(item=answered.items.get(number=1), status="rejected", by=secretariat)


def test_status_is_not_followed_before_transmission(adopted: Any, secretariat: Any) -> None:
    with pytest.raises(DomainError, match="once the report has been transmitted"):
        services.item_set_status(item=adopted.items.get(number=1), status="in_progress", by=secretariat)


# -- public statements ------------------------------------------------------------------------------


@pytest.fixture
def three_parties(reference_data: Any) -> None:
    """France and Germany as parties too, so that the committee has three members in 2024."""
    from custodiet.treaties.models import Instrument, State, TreatyAction

    ecpt = Instrument.objects.get(code="ETS-126")
    for code in ("FR", "DE"):
        TreatyAction.objects.create(
            state=State.objects.get(code=code),
            instrument=ecpt,
            kind="ratification",
            on=date(1989, 1, 1),
            source="test",
        )


def test_a_public_statement_needs_two_thirds_of_the_members(
    three_parties: None, cpt: Any, russia: Any, users: dict[str, Any]
) -> None:
    with pytest.raises(DomainError, match=r"1 of 3 members.*Art\. 10\(2\) ECPT.*at least 2"):
        services.public_statement_make(
            body=cpt,
            state=russia,
            title="Statement",
            decided_on=date(2024, 11, 18),
            votes_for=1,
            views_invited_on=date(2024, 9, 1),
            by=users["committee_member"],
        )
    statement = services.public_statement_make(
        body=cpt,
        state=russia,
        title="Statement",
        decided_on=date(2024, 11, 18),
        votes_for=2,
        views_invited_on=date(2024, 9, 1),
        by=users["committee_member"],
    )
    assert (statement.members, statement.votes_for) == (3, 2)
    assert verbs()[-1] == "public_statement.make"


def test_a_public_statement_needs_the_states_views_invited_first(
    cpt: Any, russia: Any, users: dict[str, Any]
) -> None:
    with pytest.raises(DomainError, match="make its views known"):
        services.public_statement_make(
            body=cpt,
            state=russia,
            title="Statement",
            decided_on=date(2024, 11, 18),
            votes_for=1,
            views_invited_on=None,
            by=users["committee_member"],
        )
    assert not PublicStatement.objects.exists()


# -- reminders, liaisons, reference -------------------------------------------------------------------


def test_a_reminder_emails_the_states_liaisons_and_is_kept(overdue_report: Any, secretariat: Any) -> None:
    reminder = services.reminder_send(report=overdue_report, note="Please answer.", by=secretariat)
    assert reminder.recipients == 1
    assert mail.outbox[0].to == ["liaison@example.org"] and "overdue" in mail.outbox[0].subject


def test_no_reminder_for_an_answer_not_yet_due(transmitted: Any, secretariat: Any) -> None:
    with pytest.raises(DomainError, match="not overdue"):
        services.reminder_send(report=transmitted, by=secretariat)


def test_only_liaison_accounts_answer_for_a_state(
    users: dict[str, Any], russia: Any, secretariat: Any
) -> None:
    with pytest.raises(DomainError, match="only state-liaison accounts"):
        services.liaison_assign(user=users["analyst"], state=russia, by=secretariat)


def test_the_reference_record_loads_once(reference_data: Any) -> None:
    first = services.reference_load()
    assert (first.reports, first.statements, first.notes) == (4, 5, 2)
    again = services.reference_load()
    assert (again.reports, again.statements, again.unchanged) == (0, 0, 11)
    july = PublicStatement.objects.get(decided_on=date(2001, 7, 1))
    assert july.decided_precision == "month" and july.votes_for is None and july.source
    report_2018 = Report.objects.get(visit_from=date(2018, 10, 19))
    assert (report_2018.status, report_2018.published_on, report_2018.adopted_on) == (
        "published",
        date(2019, 9, 24),
        None,
    )


def test_the_database_refuses_a_statement_below_two_thirds_even_from_reference_data(
    cpt: Any, russia: Any
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicStatement.objects.create(
            body=cpt, state=russia, title="S", origin="reference", votes_for=1, members=3, source="x"
        )
    PublicStatement.objects.create(
        body=cpt, state=russia, title="S", origin="reference", votes_for=2, members=3, source="x"
    )


def test_no_response_is_added_to_a_published_report(
    published: Any, users: dict[str, Any], today: date
) -> None:
    with pytest.raises(DomainError, match="does not change any more"):
        services.response_record(
            report=published, received_on=today, summary="Later comments.", by=users["secretariat"]
        )
