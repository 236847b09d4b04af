"""The visit pages: the list and its filters, the visit's record, and every form, posted as a browser
without JavaScript would post it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import Role
from custodiet.treaties.models import Instrument, TreatyAction
from custodiet.visits import services
from custodiet.visits.models import AccessEvent, Notification, Objection, Visit
from custodiet.visits.tests.conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client: Client, secretariat: Any) -> Client:
    client.force_login(secretariat)
    return client


def text(response: Any) -> str:
    return response.content.decode()


def test_the_list_shows_the_visits_and_filters_them(office: Client, visit: Any) -> None:
    page = text(office.get(reverse("visits:visit_list")))
    assert visit.title in page and "Plan a visit" in page
    assert '<label for="filter-state">' in page
    assert visit.title not in text(office.get(reverse("visits:visit_list"), {"state": "UA"}))
    assert visit.title in text(office.get(reverse("visits:visit_list"), {"body": "CPT", "status": "planned"}))
    assert visit.title not in text(office.get(reverse("visits:visit_list"), {"kind": "follow_up"}))
    assert visit.title in text(office.get(reverse("visits:visit_list"), {"year": "nonsense", "page": "9"}))


def test_planning_through_the_form_shows_the_warnings(office: Client, bodies: Any) -> None:
    form = {
        "body": bodies["CPT"].pk,
        "state": "RU",
        "kind": "ad_hoc",
        "planned_start": "2026-12-01",
        "time_zone": "Europe/Moscow",
        "planned_end": "2026-12-10",
        "title": "Ad hoc visit, December 2026",
    }
    checked = office.post(reverse("visits:visit_plan"), {**form, "check": "1"})
    assert checked.status_code == 200 and not Visit.objects.exists()
    assert 'id="gate-result"' in text(checked) and 'data-code="domestic_denunciation"' in text(checked)
    response = office.post(reverse("visits:visit_plan"), {**form, "save": "1"}, follow=True)
    visit = Visit.objects.get()
    assert response.redirect_chain[-1][0] == reverse("visits:visit_detail", args=[visit.pk])
    page = text(response)
    assert "no notification of the denunciation" in page
    assert "1 October 2026" in page
    assert 'id="treaty-basis"' in page


def test_a_refused_plan_shows_the_engines_reasons(office: Client, bodies: Any) -> None:
    response = office.post(
        reverse("visits:visit_plan"),
        {
            "body": bodies["SPT"].pk,
            "state": "RU",
            "kind": "periodic",
            "planned_start": "2026-12-01",
            "time_zone": "Europe/Moscow",
            "planned_end": "2026-12-05",
        },
    )
    page = text(response)
    assert response.status_code == 200 and not Visit.objects.exists()
    # No OPCAT chart is loaded here and Russia's record is checked only to June 2024: "unknown" refuses too.
    assert 'id="gate-refusals"' in page and "OPCAT" in page and "is unknown" in page


def test_after_a_notification_of_denunciation_the_plan_page_names_the_date(
    office: Client, bodies: Any, russia: Any
) -> None:
    TreatyAction.objects.create(
        state=russia,
        instrument=Instrument.objects.get(code="ETS-126"),
        kind="denunciation",
        on=date(2025, 9, 30),
        source="test",
    )
    page = text(
        office.post(
            reverse("visits:visit_plan"),
            {
                "body": bodies["CPT"].pk,
                "state": "RU",
                "kind": "periodic",
                "planned_start": "2026-11-02",
                "time_zone": "Europe/Moscow",
                "planned_end": "2026-11-06",
            },
        )
    )
    assert "not bound since 1 October 2026" in page


def test_the_visit_page_shows_the_whole_record(
    office: Client, notified_visit: Any, places: list[Any], secretariat: Any, today: date
) -> None:
    services.delegation_add(visit=notified_visit, role="head", name="Head of delegation", by=secretariat)
    stop = services.itinerary_add(visit=notified_visit, place=places[0], by=secretariat)
    services.stop_arrive(stop=stop, at=local(today - timedelta(days=2), 9), by=secretariat)
    services.access_event_record(
        visit=notified_visit,
        kind="delayed",
        delay_minutes=90,
        occurred_at=local(today - timedelta(days=2), 9),
        place=places[0],
        by=secretariat,
    )
    services.access_event_record(
        visit=notified_visit,
        kind="refused",
        occurred_at=local(today - timedelta(days=2), 11),
        place=places[0],
        by=secretariat,
    )
    services.objection_record(
        visit=notified_visit, ground="medical_condition", raised_on=today - timedelta(days=2), by=secretariat
    )
    services.observation_record(
        visit=notified_visit,
        communicated_on=today - timedelta(days=1),
        response_due=today,
        text="Stop holding people in the cage.",
        by=secretariat,
    )
    page = text(office.get(reverse("visits:visit_detail", args=[notified_visit.pk])))
    for expected in (
        "Head of delegation",
        "Pre-trial centre No. 1",
        "Intention to visit",
        'data-kind="refused"',
        "badge bad",
        "by 90 min",
        "The medical condition of a person",
        "Art. 9(1) ECPT",
        "Stop holding people in the cage.",
        "due in 0 days",
        "Access was obstructed",
        "committee member",  # fewer than two committee members on the delegation (Art. 7(2))
    ):
        assert expected in page, expected


def test_the_forms_record_notification_access_objection_observation_and_status(
    office: Client, visit: Any, places: list[Any], today: date
) -> None:
    pk = visit.pk
    response = office.post(
        reverse("visits:notification_record", args=[pk]),
        {
            "subject": "visit",
            "notified_at": f"{today - timedelta(days=10):%Y-%m-%d}T09:00",
            "addressee": "MFA",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "notified"
    office.post(
        reverse("visits:notification_record", args=[pk]),
        {
            "subject": "on_arrival",
            "notified_at": f"{today - timedelta(days=2):%Y-%m-%d}T08:00",
            "places": [places[1].pk],
        },
    )
    assert Notification.objects.filter(subject="on_arrival").exists()
    stop = visit.itinerary.get()
    office.post(
        reverse("visits:stop_arrive", args=[pk, stop.pk]),
        {"at": f"{today - timedelta(days=2):%Y-%m-%d}T08:05"},
    )
    form_page = text(office.get(reverse("visits:access_event_record", args=[pk])))
    assert '<label for="id_kind">' in form_page and "On the itinerary" in form_page
    response = office.post(
        reverse("visits:access_event_record", args=[pk]),
        {
            "kind": "refused",
            "place": places[1].pk,
            "occurred_at": f"{today - timedelta(days=2):%Y-%m-%d}T08:10",
            "description": "Entry to the ward refused.",
        },
    )
    assert response.status_code == 302
    assert AccessEvent.objects.get().kind == "refused"
    objection_page = text(office.get(reverse("visits:objection_record", args=[pk])))
    assert "urgent_interrogation" in objection_page and "Art. 9(1) ECPT" in objection_page
    refused = office.post(
        reverse("visits:objection_record", args=[pk]),
        {"ground": "state_of_emergency", "raised_on": f"{today:%Y-%m-%d}"},
    )
    assert refused.status_code == 200 and not Objection.objects.exists()
    office.post(
        reverse("visits:objection_record", args=[pk]),
        {"ground": "public_safety", "raised_on": f"{today:%Y-%m-%d}", "place": places[0].pk},
    )
    assert Objection.objects.get().ground == "public_safety"
    observation_page = text(office.get(reverse("visits:observation_record", args=[pk])))
    assert "one month after communication" in observation_page
    office.post(
        reverse("visits:observation_record", args=[pk]),
        {"communicated_on": f"{today:%Y-%m-%d}", "text": "Close the basement cells."},
    )
    assert visit.observations.get().text == "Close the basement cells."
    response = office.post(reverse("visits:visit_status", args=[pk]), {"status": "completed"}, follow=True)
    visit.refresh_from_db()
    assert visit.status == "completed" and "now completed" in text(response)


def test_a_rule_refused_by_a_service_comes_back_as_a_message(
    office: Client, visit: Any, places: list[Any], today: date
) -> None:
    response = office.post(reverse("visits:visit_status", args=[visit.pk]), {"status": "notified"})
    # "notified" is offered, but the service refuses: no notification is recorded yet
    assert response.status_code == 200
    assert "Record the notification of the visit" in text(response)
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_delegation_and_itinerary_forms(
    office: Client, visit: Any, places: list[Any], users: dict[str, Any]
) -> None:
    pk = visit.pk
    response = office.post(
        reverse("visits:delegation_add", args=[pk]),
        {"role": "expert", "expertise": "psychiatrist", "user": users[Role.DELEGATION_MEMBER].username},
    )
    assert response.status_code == 302
    member = visit.delegation.get()
    office.post(reverse("visits:delegation_remove", args=[pk, member.pk]))
    assert not visit.delegation.exists()
    page = text(office.get(reverse("visits:itinerary_add", args=[pk])))
    assert "Kyiv" not in page and "Pre-trial centre No. 1" in page
    office.post(reverse("visits:itinerary_add", args=[pk]), {"place": places[2].pk})
    assert visit.itinerary.get().place == places[2]
    office.post(reverse("visits:itinerary_add", args=[pk]), {"place": places[3].pk})
    assert visit.itinerary.count() == 1


def test_editing_a_visit_reruns_the_gate(office: Client, visit: Any) -> None:
    response = office.post(
        reverse("visits:visit_edit", args=[visit.pk]),
        {
            "title": "Edited",
            "kind": "periodic",
            "planned_start": f"{visit.planned_start:%Y-%m-%d}",
            "time_zone": "Europe/Moscow",
            "planned_end": f"{visit.planned_start + timedelta(days=90):%Y-%m-%d}",
        },
    )
    assert response.status_code == 200 and "longer than the 60 days" in text(response)
    visit.refresh_from_db()
    assert visit.title != "Edited"


@pytest.mark.parametrize("named", ["RU", "rus", "Russian Federation", "Fédération de Russie"])
def test_the_list_filter_takes_a_state_by_any_of_its_names(office: Client, visit: Any, named: str) -> None:
    page = text(office.get(reverse("visits:visit_list"), {"state": named}))
    assert visit.title in page
    assert '<option value="RU" selected>' in page


def test_an_unknown_state_in_the_list_filter_shows_no_visits_and_says_why(office: Client, visit: Any) -> None:
    response = office.get(reverse("visits:visit_list"), {"state": "Atlantis"})
    assert response.status_code == 200
    page = text(response)
    assert visit.title not in page and "No visit matches" in page
    assert "No State is known as &#x27;Atlantis&#x27;" in page


def test_the_plan_form_takes_a_state_by_its_alpha_3_code_or_name(office: Client, bodies: Any) -> None:
    form = {
        "body": bodies["CPT"].pk,
        "kind": "ad_hoc",
        "planned_start": "2026-12-01",
        "time_zone": "Europe/Moscow",
        "planned_end": "2026-12-10",
    }
    for named in ("RUS", "Russian Federation"):
        checked = office.post(reverse("visits:visit_plan"), {**form, "state": named, "check": "1"})
        assert 'id="gate-result"' in text(checked), named
    unknown = office.post(reverse("visits:visit_plan"), {**form, "state": "Atlantis", "check": "1"})
    assert "Select a valid choice" in text(unknown) and 'id="gate-result"' not in text(unknown)


def test_the_visit_page_says_the_right_is_uncertain_when_the_treaty_engine_does(
    office: Client, visit: Any
) -> None:
    """Russia's denunciation law with no recorded notification: from 1 October 2026 the CPT's right is
    uncertain, and the headline must not say plainly that there is a right."""
    page = text(office.get(reverse("visits:visit_detail", args=[visit.pk])))
    assert "treaty right to visit Russian Federation" in page and "is uncertain" in page
    assert "CPT has a treaty right" not in page
