"""The report pages end to end: draft from a visit, items, adoption, transmission, the liaison's
response, the request and publication, follow-up, overdue answers, statements and the State's record;
refusals come back as messages and change nothing. Query counts stay flat as rows grow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.reports import services
from custodiet.reports.models import PublicStatement, Report

pytestmark = pytest.mark.django_db


def login(users: dict[str, Any], role: str) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def test_the_whole_life_of_a_report_through_the_pages(visit: Any, users: dict[str, Any], today: Any) -> None:
    office = login(users, "secretariat")
    response = office.post(reverse("reports:report_create"), {"visit": visit.pk, "title": ""}, follow=True)
    report = Report.objects.get()
    assert response.redirect_chain[-1][0] == reverse("reports:report_detail", args=[report.pk])
    assert "Draft created with 5 items." in response.content.decode()
    office.post(
        reverse("reports:item_add", args=[report.pk]),
        {
            "kind": "request_for_information",
            "text": "Send the registers.",
            "theme": "safeguards",
            "priority": "high",
        },
    )
    assert report.items.count() == 6
    committee = login(users, "committee_member")
    committee.post(
        reverse("reports:report_adopt", args=[report.pk]),
        {
            "adopted_on": today - timedelta(days=20),
            "votes_for": 2,
            "votes_against": 0,
            "abstentions": 0,
            "voters": "A. Member\nB. Member",
        },
    )
    office.post(
        reverse("reports:report_transmit", args=[report.pk]), {"transmitted_on": today - timedelta(days=10)}
    )
    report.refresh_from_db()
    assert (report.status, report.voters) == ("transmitted", ["A. Member", "B. Member"])

    liaison = login(users, "state_liaison")
    page = liaison.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Record your response" in page and "A. Member" not in page  # the vote stays with the committee
    liaison.post(
        reverse("reports:response_record", args=[report.pk]),
        {
            "received_on": today,
            "summary": "Общие замечания властей.",
            "answer_1": "Ремонт начат.",
            "documents_1": "plan.pdf\nhttps://example.org/order",
        },
    )
    liaison.post(
        reverse("reports:publication_request", args=[report.pk]),
        {"requested_on": today, "reference": "Note verbale 42"},
    )
    office.post(reverse("reports:report_publish", args=[report.pk]), {"published_on": today})
    report.refresh_from_db()
    assert report.status == "published"
    answer = report.responses.get().answers.get()
    assert answer.documents == ["plan.pdf", "https://example.org/order"]
    public = Client().get(reverse("reports:published_detail", args=[report.pk])).content.decode()
    assert "Ремонт начат." in public and "Note verbale 42" in public


def test_the_published_list_gives_the_dates_of_the_visit_on_record(published: Any, visit: Any) -> None:
    page = Client().get(reverse("reports:published_list")).content.decode()
    dash = "\u2013"  # the en dash between the first and the last day
    from custodiet.core.dates import shown_date

    assert f"{shown_date(visit.started_on)} {dash} {shown_date(visit.ended_on)}" in page


def test_an_answered_item_is_not_shown_as_not_answered(answered: Any, users: dict[str, Any]) -> None:
    page = login(users, "secretariat").get(reverse("reports:report_detail", args=[answered.pk]))
    rows = {
        number: page.content.decode().split(f'id="item-{number}"')[1].split("</tr>")[0] for number in (1, 2)
    }
    assert "Answered, not yet assessed" in rows[1] and "Not answered" not in rows[1]
    assert "Not answered" in rows[2]


def test_a_refused_step_shows_the_rule_and_changes_nothing(
    transmitted: Any, users: dict[str, Any], today: Any
) -> None:
    office = login(users, "secretariat")
    response = office.post(
        reverse("reports:report_publish", args=[transmitted.pk]), {"published_on": today}, follow=True
    )
    assert "Art. 11(2) ECPT" in response.content.decode()
    transmitted.refresh_from_db()
    assert transmitted.status == "transmitted"


def test_a_public_statement_without_two_thirds_is_refused_with_the_reason(
    cpt: Any, russia: Any, users: dict[str, Any], reference_data: Any
) -> None:
    from custodiet.treaties.models import Instrument, State, TreatyAction

    ecpt = Instrument.objects.get(code="ETS-126")
    for code in ("FR", "DE"):
        TreatyAction.objects.create(
            state=State.objects.get(code=code),
            instrument=ecpt,
            kind="ratification",
            on="1989-01-01",
            source="t",
        )
    client = login(users, "committee_member")
    data = {
        "body": cpt.pk,
        "state": russia.pk,
        "title": "Statement",
        "decided_on": "2024-11-18",
        "votes_for": 1,
        "views_invited_on": "2024-10-01",
    }
    page = client.post(reverse("reports:statement_make"), data).content.decode()
    assert "1 of 3 members" in page and "Art. 10(2) ECPT" in page
    assert not PublicStatement.objects.exists()
    client.post(reverse("reports:statement_make"), {**data, "votes_for": 2})
    assert PublicStatement.objects.get().members == 3
    assert "Statement" in Client().get(reverse("reports:statement_list")).content.decode()


def test_the_overdue_page_lists_reports_and_observations_and_sends_reminders(
    overdue_report: Any, users: dict[str, Any]
) -> None:
    office = login(users, "secretariat")
    page = office.get(reverse("reports:overdue")).content.decode()
    assert overdue_report.title in page and "Immediate observations of" in page
    response = office.post(
        reverse("reports:report_remind", args=[overdue_report.pk]), {"next": "overdue"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reports:overdue")
    assert "1 liaison account e-mailed" in response.content.decode()
    assert overdue_report.reminders.count() == 1


def test_the_state_page_and_its_csv(answered: Any, users: dict[str, Any], reference_data: Any) -> None:
    services.reference_load()
    office = login(users, "committee_member")
    page = office.get(reverse("reports:state_record", args=["ru"])).content.decode()
    assert "Median days from transmission to response" in page and "13 March 2007" in page
    assert "July 2001" in page and "coe.int" in page
    csv_text = office.get(reverse("reports:state_indicators_csv", args=["RU"])).content.decode()
    assert csv_text.splitlines()[0] == "state,indicator,value"
    assert "RU,Reports published,4" in csv_text and "RU,Visits in " in csv_text
    assert "RU,Median days from transmission to response,40.0" in csv_text


def test_the_state_page_answers_to_either_code_or_the_name(
    answered: Any, users: dict[str, Any], reference_data: Any
) -> None:
    office = login(users, "committee_member")
    for wanted in ("RUS", "Russian Federation", "rus"):
        page = office.get(reverse("reports:state_record", args=[wanted]))
        assert page.status_code == 200 and "Russian Federation: reports" in page.content.decode()
    csv_text = office.get(reverse("reports:state_indicators_csv", args=["RUS"])).content.decode()
    assert "RU,Reports adopted," in csv_text
    assert Client().get(reverse("reports:state_record", args=["Atlantis"])).status_code == 404


def test_the_list_filters_by_a_state_named_any_way(
    answered: Any, users: dict[str, Any], reference_data: Any
) -> None:
    office = login(users, "secretariat")
    for wanted, count in (("RUS", 1), ("Russian Federation", 1), ("UA", 0), ("Atlantis", 0)):
        page = office.get(reverse("reports:report_list"), {"state": wanted}).content.decode()
        assert f"{count} report" in page, wanted


def test_item_status_is_set_from_the_report_page(answered: Any, users: dict[str, Any], today: Any) -> None:
    item = answered.items.get(number=1)
    office = login(users, "secretariat")
    office.post(
        reverse("reports:item_status", args=[answered.pk, item.pk]),
        {"status": "partially_implemented", "set_on": today, "reason": ""},
    )
    item.refresh_from_db()
    assert item.status == "partially_implemented"
    assert (
        "Partially implemented"
        in office.get(reverse("reports:report_detail", args=[answered.pk])).content.decode()
    )


# -- query counts -------------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_for_3_or_30_reports(
    cpt: Any, russia: Any, users: dict[str, Any], secretariat: Any
) -> None:
    client = login(users, "secretariat")
    for number in range(3):
        services.report_create(body=cpt, state=russia, title=f"Report {number}", by=secretariat)
    few = _count(client, reverse("reports:report_list"))
    for number in range(27):
        services.report_create(body=cpt, state=russia, title=f"More {number}", by=secretariat)
    assert _count(client, reverse("reports:report_list")) == few


def test_the_report_page_costs_the_same_whatever_the_number_of_items(
    answered: Any, users: dict[str, Any], secretariat: Any, today: Any
) -> None:
    client = login(users, "secretariat")
    url = reverse("reports:report_detail", args=[answered.pk])
    few = _count(client, url)
    rendered = _count(client, reverse("reports:report_render", args=[answered.pk]))
    for item in answered.items.all():
        services.item_set_status(item=item, status="no_longer_relevant", reason="Closed", by=secretariat)
    services.response_record(
        report=answered,
        received_on=today,
        answers={n: services.Answer(f"Answer {n}") for n in (1, 2, 3)},
        by=secretariat,
    )
    assert _count(client, url) == few
    assert _count(client, reverse("reports:report_render", args=[answered.pk])) == rendered


def test_the_api_list_costs_the_same_for_3_or_30_reports(
    cpt: Any, russia: Any, users: dict[str, Any], secretariat: Any
) -> None:
    client = login(users, "committee_member")
    for number in range(3):
        services.report_create(body=cpt, state=russia, title=f"Report {number}", by=secretariat)
    few = _count(client, reverse("reports-api:report_list"))
    for number in range(27):
        services.report_create(body=cpt, state=russia, title=f"More {number}", by=secretariat)
    assert _count(client, reverse("reports-api:report_list")) == few
