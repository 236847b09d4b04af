"""A report says what happened (issue 13): votes no larger than the committee, no visit said to have
ended on a day it has not reached, a title with the dates the visit took place, items written as a
committee writes them from every kind of finding (never a person), each location once, every deadline
hidden from the public, and a double removal of an item that writes once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry
from custodiet.reports import rendering, selectors, services
from custodiet.reports.models import Item

pytestmark = pytest.mark.django_db


def test_more_votes_than_the_committee_has_members_are_refused(
    draft: Any, users: dict[str, Any], today: date
) -> None:
    from custodiet.treaties.services import charts_load

    charts_load(today)  # the ECPT's chart of parties, complete to its date: 47 seats
    with pytest.raises(DomainError) as refused:
        services.report_adopt(
            report=draft, adopted_on=today - timedelta(days=60), votes_for=60, by=users["committee_member"]
        )
    message = str(refused.value)
    assert "60 votes cannot have been cast" in message and "47 seats" in message
    assert "1 of them known to be vacant" in message and "at most 46 members" in message
    draft.refresh_from_db()
    assert draft.status == "draft"
    adopted = services.report_adopt(
        report=draft,
        adopted_on=today - timedelta(days=60),
        votes_for=40,
        votes_against=6,
        by=secretariat_of(users),
    )
    assert adopted.status == "adopted"


def test_without_a_chart_of_the_parties_the_seats_are_unknown_and_not_counted(
    draft: Any, users: dict[str, Any], today: date
) -> None:
    from custodiet.treaties.models import MonitoringBody
    from custodiet.treaties.selectors import committee_seats

    assert committee_seats(MonitoringBody.objects.get(code="CPT"), today) is None


def secretariat_of(users: dict[str, Any]) -> Any:
    return users["committee_member"]


def test_adoption_before_the_visit_is_completed_never_says_it_ended(
    visit: Any, secretariat: Any, users: dict[str, Any], today: date
) -> None:
    visit.status, visit.ended_on = "under_way", None
    visit.planned_end = today + timedelta(days=16)
    visit.save()
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    with pytest.raises(DomainError) as refused:
        services.report_adopt(report=report, adopted_on=today, votes_for=10, by=users["committee_member"])
    message = str(refused.value)
    assert "ended on" not in message and (today + timedelta(days=16)).isoformat() not in message
    assert "not recorded as completed" in message and "under way" in message


def test_a_generated_title_gives_the_dates_the_visit_took_place(
    visit: Any, secretariat: Any, users: dict[str, Any], today: date
) -> None:
    start = visit.started_on
    visit.status, visit.ended_on, visit.planned_end = "under_way", None, start + timedelta(days=8)
    visit.save()
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    assert rendering.long_date(visit.planned_end) not in report.title
    visit.status, visit.ended_on = "completed", start + timedelta(days=2)  # it ended early
    visit.save()
    services.report_adopt(
        report=report, adopted_on=today - timedelta(days=1), votes_for=10, by=users["committee_member"]
    )
    report.refresh_from_db()
    assert rendering.span(start, start + timedelta(days=2)) in report.title
    assert rendering.long_date(visit.planned_end) not in report.title
    document = rendering.assemble(selectors.with_record(type(report).objects.filter(pk=report.pk)).get())
    assert document.title == report.title and dict(document.dates)["Visit"] == rendering.span(
        start, start + timedelta(days=2)
    )


def test_drafted_items_read_as_the_committee_writes_them(draft: Any) -> None:
    texts = [item.text for item in draft.items.order_by("number")]
    joined = "\n".join(texts)
    assert "take steps to meet the standard" not in joined
    assert any(
        "ensure that every prisoner has at least 4 m² of living space in multiple-occupancy cells" in text
        for text in texts
    )
    space = next(text for text in texts if "4 m²" in text)
    assert space.count("Pre-trial centre No. 1") == 1  # two cells, one place: named once
    assert any("at least one hour of outdoor exercise every day" in text for text in texts)


def test_access_refusals_and_objections_become_items(draft: Any) -> None:
    items = list(draft.items.order_by("number"))
    cooperation = [item for item in items if item.theme == "cooperation"]
    assert any("access to" in item.text and "was refused" in item.text for item in cooperation)
    assert any(
        item.kind == "request_for_information" and "serious disorder" in item.text for item in cooperation
    )
    assert items[0].theme == "cooperation"  # the report's first heading


def test_an_objection_on_a_ground_not_allowed_becomes_a_comment(visit: Any, secretariat: Any) -> None:
    from custodiet.visits.models import Objection

    Objection.objects.create(
        visit=visit,
        ground="The Convention no longer applies",
        on_allowed_ground=False,
        article="Art. 9(1) ECPT",
        raised_on=visit.started_on,
    )
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    comment = report.items.get(kind="comment", theme="cooperation")
    assert "“The Convention no longer applies”" in comment.text and "Art. 9(1) ECPT" in comment.text


def test_allegations_and_medical_findings_become_items_in_aggregate_only(
    visit: Any, secretariat: Any, places: list[Any], make_user: Any
) -> None:
    from custodiet.testimony import services as testimony
    from custodiet.visits.models import DelegationMember

    doctor = DelegationMember.objects.get(visit=visit, role="expert")
    head = DelegationMember.objects.get(visit=visit, role="head")
    moment = rendering_moment(visit.started_on)
    for number in range(4):
        interview = testimony.interview_record(
            visit=visit,
            person=testimony.NewPerson(
                identity=testimony.IdentityDetails(name=f"Detainee Number{number}"),
                consent=testimony.ConsentDetails(
                    use_information=True, be_named=False, be_contacted_again=False
                ),
            ),
            place=places[0],
            held_at=moment,
            language="ru",
            interviewers=[head, doctor],
            account=f"Account {number}.",
            by=secretariat,
        )
        allegation = testimony.allegation_record(
            interview=interview,
            type="physical",
            perpetrator="police",
            stage="police_custody",
            precision="unknown",
            description="Struck in the cell office.",
            by=secretariat,
        )
        testimony.examination_record(
            interview=interview,
            allegation=allegation,
            examined_by=doctor,
            examined_at=moment,
            injuries="bruises",
            consistency="consistent",
            on_behalf=True,
            by=secretariat,
        )
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    texts = "\n".join(report.items.values_list("text", flat=True))
    assert (
        "The delegation received allegations of ill-treatment by police (physical ill-treatment) from 4 persons."
        in texts
    )
    assert "In 4 cases, the delegation's doctors found injuries consistent" in texts
    assert "Number" not in texts and "Struck in the cell office" not in texts and "Account" not in texts


def _allegation(visit: Any, by: Any, place: Any, number: int, *, kind: str, uses: bool) -> None:
    from custodiet.testimony import services as testimony
    from custodiet.visits.models import DelegationMember

    head = DelegationMember.objects.get(visit=visit, role="head")
    interview = testimony.interview_record(
        visit=visit,
        person=testimony.NewPerson(
            identity=testimony.IdentityDetails(name=f"Detainee Number{number}"),
            consent=testimony.ConsentDetails(use_information=uses, be_named=False, be_contacted_again=False),
        ),
        place=place,
        held_at=rendering_moment(visit.started_on),
        language="ru",
        interviewers=[head],
        account=f"Account {number}.",
        by=by,
    )
    testimony.allegation_record(
        interview=interview,
        type=kind,
        perpetrator="police",
        stage="police_custody",
        precision="unknown",
        description="In the cell office.",
        by=by,
    )


def test_a_draft_counts_no_allegation_its_person_did_not_allow_to_be_used(
    visit: Any, secretariat: Any, places: list[Any]
) -> None:
    for number in range(3):
        _allegation(visit, secretariat, places[0], number, kind="physical", uses=True)
    _allegation(visit, secretariat, places[0], 3, kind="sexual", uses=False)
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    texts = "\n".join(report.items.values_list("text", flat=True))
    assert "allegations of ill-treatment by police (physical ill-treatment) from 3 persons." in texts
    assert "sexual" not in texts.lower()


def test_a_kind_fewer_persons_alleged_than_the_threshold_is_not_named(
    visit: Any, secretariat: Any, places: list[Any]
) -> None:
    for number in range(3):
        _allegation(visit, secretariat, places[0], number, kind="physical", uses=True)
    _allegation(visit, secretariat, places[0], 3, kind="sexual", uses=True)
    texts = "\n".join(
        services.report_create_from_visit(visit=visit, by=secretariat).items.values_list("text", flat=True)
    )
    assert "allegations of ill-treatment by police (physical ill-treatment) from 4 persons." in texts
    assert "sexual" not in texts.lower()


def test_a_few_allegations_name_neither_their_kind_nor_the_staff(
    visit: Any, secretariat: Any, places: list[Any]
) -> None:
    _allegation(visit, secretariat, places[0], 0, kind="sexual", uses=True)
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    item = report.items.get(text__startswith="The delegation received")
    assert item.text.startswith(
        "The delegation received allegations of ill-treatment from a few persons. The"
    )
    assert "sexual" not in item.text.lower() and "police" not in item.text.lower()


def test_one_persons_several_allegations_are_one_person(
    visit: Any, secretariat: Any, places: list[Any]
) -> None:
    """Three allegations of sexual violence by one person are one person: below the threshold, the kind
    and the staff are not named and the count is "a few"."""
    from custodiet.testimony import services as testimony
    from custodiet.testimony.models import Interview

    _allegation(visit, secretariat, places[0], 0, kind="sexual", uses=True)
    interview = Interview.objects.get()
    for _ in range(2):
        testimony.allegation_record(
            interview=interview,
            type="sexual",
            perpetrator="police",
            stage="police_custody",
            precision="unknown",
            description="Again.",
            by=secretariat,
        )
    report = services.report_create_from_visit(visit=visit, by=secretariat)
    item = report.items.get(text__startswith="The delegation received")
    assert "from a few persons" in item.text
    assert "sexual" not in item.text.lower() and "police" not in item.text.lower()


def rendering_moment(day: date) -> Any:
    from custodiet.reports.tests.conftest import local

    return local(day, 11)


def test_each_location_is_written_once_in_the_rendering(draft: Any) -> None:
    document = rendering.assemble(selectors.with_record(type(draft).objects.filter(pk=draft.pk)).get())
    html = rendering.to_html(document)
    assert html.count("cell 12") == 1


def test_the_public_version_hides_every_deadline(published: Any) -> None:
    from custodiet.visits.models import ImmediateObservation

    observation = ImmediateObservation.objects.get()
    report = selectors.with_record(type(published).objects.filter(pk=published.pk)).get()
    document = rendering.assemble(report, policy=rendering.POLICIES[rendering.Audience.PUBLIC])
    text = rendering.to_html(document)
    assert observation.response_received_on is None and "answer due" not in text.lower()
    assert "due" not in " ".join(document.observations) and "answer by" not in text
    assert "due" not in " ".join(document.observations) and "Response due" not in dict(document.dates)


def test_removing_an_item_twice_writes_once(draft: Any, secretariat: Any) -> None:
    first = draft.items.get(number=1)
    stale = Item.objects.get(pk=first.pk)  # the second request read it before the first ran
    count = draft.items.count()
    services.item_remove(item=first, by=secretariat)
    services.item_remove(item=stale, by=secretariat)
    assert AuditEntry.objects.filter(verb="item.remove").count() == 1
    assert list(draft.items.order_by("number").values_list("number", flat=True)) == list(range(1, count))


def test_an_assessment_and_a_reminder_submitted_twice_are_recorded_once(
    overdue_report: Any, secretariat: Any, today: date
) -> None:
    from custodiet.reports.models import Reminder

    item = overdue_report.items.get(number=1)
    for _ in range(2):  # each request read the item before the other wrote
        services.item_set_status(
            item=Item.objects.get(pk=item.pk), status="in_progress", reason="Works begun.", by=secretariat
        )
    assert item.history.count() == 1
    for _ in range(2):
        services.reminder_send(report=overdue_report, note="First reminder", by=secretariat)
    assert Reminder.objects.filter(report=overdue_report).count() == 1
    verbs = list(AuditEntry.objects.values_list("verb", flat=True))
    assert verbs.count("item.set_status") == 1 and verbs.count("reminder.send") == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=99999999999999999999", "limit"), ("offset=-1", "offset"), ("limit=0", "limit")],
)
def test_out_of_range_paging_of_reports_is_a_400_naming_the_field(
    draft: Any, secretariat: Any, query: str, field: str
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(secretariat)
    for url in ("/api/reports/", "/api/reports/published/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400 and field in response.json(), (url, response.content[:200])
