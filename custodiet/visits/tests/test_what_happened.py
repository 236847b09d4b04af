"""A visit's record says what happened (issue 13): an objection on any ground is kept and marked, forms
ask instead of assuming, dates that run backwards are the dates' fault, the delegation is listed head
first, the treaty's warnings are said once, lists of States hold States, a double submit writes once,
and the API answers out-of-range input with a 400 that names the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry, Role
from custodiet.visits import services
from custodiet.visits.models import DelegationMember, Objection

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_objection_on_a_ground_the_treaty_does_not_allow_is_recorded_and_marked(
    notified_visit: Any, users: dict[str, Any], today: date
) -> None:
    office = _client(users[Role.SECRETARIAT])
    url = reverse("visits:objection_record", args=[notified_visit.pk])
    form = office.get(url).content.decode()
    assert "Another ground, which Art. 9(1) ECPT does not allow" in form
    response = office.post(
        url,
        {
            "ground": "other",
            "ground_other": "The Convention no longer applies to the Russian Federation",
            "raised_on": f"{today:%Y-%m-%d}",
            "explanation": "Said by the liaison officer on arrival.",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert not objection.on_allowed_ground and objection.article == "Art. 9(1) ECPT"
    assert objection.ground == "The Convention no longer applies to the Russian Federation"
    page = office.get(reverse("visits:visit_detail", args=[notified_visit.pk])).content.decode()
    assert "The Convention no longer applies" in page and 'data-ground="not-allowed"' in page


def test_an_objection_on_an_allowed_ground_is_marked_as_allowed(
    notified_visit: Any, secretariat: Any, today: date
) -> None:
    objection = services.objection_record(
        visit=notified_visit, ground="Public safety", raised_on=today, by=secretariat
    )
    assert (objection.ground, objection.on_allowed_ground) == ("public_safety", True)


def test_the_state_record_counts_objections_on_grounds_not_allowed(
    notified_visit: Any, secretariat: Any, today: date
) -> None:
    from custodiet.reports.selectors import indicators

    services.objection_record(visit=notified_visit, ground="public_safety", raised_on=today, by=secretariat)
    services.objection_record(
        visit=notified_visit, ground="sanctions against the State", raised_on=today, by=secretariat
    )
    rows = dict(indicators(notified_visit.state, today=today).rows())
    assert rows["Objections to visits"] == "2"
    assert rows["Objections on a ground the treaty does not allow"] == "1"


def test_reversed_dates_are_said_on_the_field_not_blamed_on_the_treaty_gate(
    users: dict[str, Any], bodies: dict[str, Any], russia: Any, today: date
) -> None:
    office = _client(users[Role.SECRETARIAT])
    response = office.post(
        reverse("visits:visit_plan"),
        {
            "body": bodies["CPT"].pk,
            "state": "RU",
            "kind": "periodic",
            "planned_start": f"{today + timedelta(days=20):%Y-%m-%d}",
            "time_zone": "Europe/Moscow",
            "planned_end": f"{today + timedelta(days=10):%Y-%m-%d}",
            "save": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "comes before the first day" in body
    assert "treaty gate" not in body


def test_messages_and_warnings_write_dates_the_one_way(
    users: dict[str, Any], bodies: dict[str, Any], russia: Any, today: date
) -> None:
    """A refusal, the treaty basis and the gate's own warnings write "20 December 2026", never
    "2026-12-20" nor "01 December 2026" (the dates' one format, custodiet.core.dates.shown_date)."""
    from custodiet.core.dates import shown_date

    office = _client(users[Role.SECRETARIAT])
    start, end = today + timedelta(days=20), today + timedelta(days=10)
    reversed_dates = office.post(
        reverse("visits:visit_plan"),
        {
            "body": bodies["CPT"].pk,
            "state": "RU",
            "kind": "periodic",
            "planned_start": f"{start:%Y-%m-%d}",
            "time_zone": "Europe/Moscow",
            "planned_end": f"{end:%Y-%m-%d}",
            "save": "1",
        },
    ).content.decode()
    assert (
        f"The last day ({shown_date(end)}) comes before the first day ({shown_date(start)})" in reversed_dates
    )
    first = date(2026, 12, 1)
    planned = office.post(
        reverse("visits:visit_plan"),
        {
            "body": bodies["CPT"].pk,
            "state": "RU",
            "kind": "periodic",
            "planned_start": f"{first:%Y-%m-%d}",
            "time_zone": "Europe/Moscow",
            "planned_end": f"{first + timedelta(days=8):%Y-%m-%d}",
            "save": "1",
        },
        follow=True,
    ).content.decode()
    assert "on 1 December 2026" in planned and "01 December 2026" not in planned
    assert "ended on 1 October 2026" in planned  # the gate's warning (the right lost after a notification)
    assert "ended on 2026-10-01" not in planned
    from custodiet.visits.models import Visit

    visit = Visit.objects.get()
    with pytest.raises(DomainError) as refused:
        services.visit_set_status(visit=visit, status="notified", on=today + timedelta(days=3), by=None)
    assert str(refused.value) == f"{shown_date(today + timedelta(days=3))} is in the future."


def test_the_plan_form_preselects_no_kind_of_visit_and_lists_only_states(
    users: dict[str, Any], reference_data: Any
) -> None:
    page = _client(users[Role.SECRETARIAT]).get(reverse("visits:visit_plan")).content.decode()
    kind = page[page.index('name="kind"') :]
    kind = kind[: kind.index("</select>")]
    assert kind.split("<option value=")[1].startswith('""')
    state = page[page.index('name="state"') :]
    state = state[: state.index("</select>")]
    listed = state.count("<option value=") - 1
    assert listed == 195, listed  # 193 UN members and 2 observer States
    assert "Antarctica" not in state and "Bouvet Island" not in state and "Russian Federation" in state


def test_a_territory_left_out_of_the_list_is_still_found_by_its_name(
    users: dict[str, Any], bodies: dict[str, Any], reference_data: Any, today: date
) -> None:
    from custodiet.visits.forms import PlanForm

    form = PlanForm(
        {
            "body": bodies["CPT"].pk,
            "state": "Hong Kong",
            "kind": "ad_hoc",
            "planned_start": today,
            "time_zone": "Europe/Moscow",
            "planned_end": today,
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["state"].code == "HK"


def test_the_delegation_is_listed_head_first(visit: Any, secretariat: Any, users: dict[str, Any]) -> None:
    for name, role in (("Ann Expert", "expert"), ("Bob Expert", "expert"), ("Carl Head", "head")):
        services.delegation_add(visit=visit, role=role, name=name, by=secretariat)
    page = _client(secretariat).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    table = page[page.index('id="delegation"') :]
    assert table.index("Carl Head") < table.index("Ann Expert") < table.index("Bob Expert")


def test_the_treaty_warnings_are_said_once_after_planning(
    users: dict[str, Any], bodies: dict[str, Any], russia: Any, today: date
) -> None:
    office = _client(users[Role.SECRETARIAT])
    start = max(today + timedelta(days=20), date(2026, 12, 1))
    response = office.post(
        reverse("visits:visit_plan"),
        {
            "body": bodies["CPT"].pk,
            "state": "RU",
            "kind": "periodic",
            "planned_start": f"{start:%Y-%m-%d}",
            "time_zone": "Europe/Moscow",
            "planned_end": f"{start + timedelta(days=8):%Y-%m-%d}",
            "save": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="treaty-basis"' in page
    from custodiet.visits.models import Visit
    from custodiet.visits.selectors import visit_record

    record = visit_record(Visit.objects.get(), today=today)
    assert record.basis_warnings
    for note in record.basis_warnings:  # each said once, under the treaty basis; no copy among the messages
        assert page.count(note.text.replace("'", "&#x27;")) == 1, note.text


def test_removing_a_member_twice_writes_one_audit_entry(visit: Any, secretariat: Any) -> None:
    member = services.delegation_add(visit=visit, role="expert", name="Dr Ines Duarte", by=secretariat)
    stale = DelegationMember.objects.get(pk=member.pk)  # the second request read it before the first ran
    services.delegation_remove(member=member, by=secretariat)
    services.delegation_remove(member=stale, by=secretariat)
    assert AuditEntry.objects.filter(verb="delegation.remove").count() == 1
    assert not DelegationMember.objects.filter(pk=member.pk).exists()


def test_the_page_answers_a_double_removal_without_an_error(visit: Any, secretariat: Any) -> None:
    member = services.delegation_add(visit=visit, role="expert", name="Dr Ines Duarte", by=secretariat)
    office = _client(secretariat)
    url = reverse("visits:delegation_remove", args=[visit.pk, member.pk])
    assert office.post(url).status_code == 302
    assert office.post(url).status_code == 404  # gone: nothing to remove, nothing written
    assert AuditEntry.objects.filter(verb="delegation.remove").count() == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=10000", "year"), ("limit=99999999999999999999", "limit"), ("offset=-1", "offset")],
)
def test_out_of_range_list_parameters_are_a_400_naming_the_field(
    users: dict[str, Any], visit: Any, query: str, field: str
) -> None:
    response = _client(users[Role.SECRETARIAT]).get(f"/api/visits/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_a_place_id_of_twenty_digits_is_a_400_naming_the_field(
    users: dict[str, Any], notified_visit: Any
) -> None:
    response = _client(users[Role.SECRETARIAT]).post(
        f"/api/visits/{notified_visit.pk}/itinerary/",
        {"place": 10**20},
        content_type="application/json",
    )
    assert response.status_code == 400 and "place" in response.json()


def test_an_arrival_departure_and_answer_submitted_twice_are_recorded_once(
    notified_visit: Any, places: list[Any], secretariat: Any, today: date
) -> None:
    from custodiet.visits.models import ImmediateObservation, ItineraryStop
    from custodiet.visits.tests.conftest import local

    stop = services.itinerary_add(visit=notified_visit, place=places[0], by=secretariat)
    stale = ItineraryStop.objects.get(pk=stop.pk)  # the second request read the stop before the first ran
    at = local(today - timedelta(days=1), 9)
    services.stop_arrive(stop=stop, at=at, by=secretariat)
    services.stop_arrive(stop=stale, at=at, by=secretariat)
    services.stop_depart(stop=stop, at=at + timedelta(hours=5), by=secretariat)
    services.stop_depart(
        stop=ItineraryStop.objects.get(pk=stop.pk), at=at + timedelta(hours=5), by=secretariat
    )
    observation = services.observation_record(
        visit=notified_visit, communicated_on=today - timedelta(days=1), text="Open block B.", by=secretariat
    )
    first, second = (ImmediateObservation.objects.get(pk=observation.pk) for _ in range(2))
    services.observation_answer_record(observation=first, received_on=today, by=secretariat)
    services.observation_answer_record(observation=second, received_on=today, by=secretariat)
    verbs = list(AuditEntry.objects.values_list("verb", flat=True))
    assert (verbs.count("itinerary.arrive"), verbs.count("itinerary.depart")) == (1, 1)
    assert (
        verbs.count("observation.answer") == 1 and verbs.count("visit.set_status") == 2
    )  # notified, then under way once


def test_a_visit_that_ended_early_is_shown_with_the_days_it_took_place(
    visit: Any, users: dict[str, Any], today: date
) -> None:
    """Actual dates supersede planned ones on every page that gives a visit's dates."""
    from custodiet.core.dates import shown_date
    from custodiet.visits.models import Visit

    started, ended = today - timedelta(days=5), today - timedelta(days=3)
    Visit.objects.filter(pk=visit.pk).update(status="completed", started_on=started, ended_on=ended)
    office = _client(users[Role.SECRETARIAT])
    took_place = f"{shown_date(started)} – {shown_date(ended)}"  # noqa: RUF001 - the pages write an en dash
    for url in (
        reverse("visits:visit_list"),
        reverse("standards:visit_record", args=[visit.pk]),
        reverse("testimony:visit_interviews", args=[visit.pk]),
    ):
        page = office.get(url).content.decode()
        assert took_place in page, url
        assert shown_date(visit.planned_end) not in page, url
