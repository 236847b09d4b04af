"""Forms that ask rather than assume (issue 13): an untouched allegation form records nothing, a language
typed by name is read as that language, and the interview's time is labelled as a time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.testimony.models import Allegation, Interview
from custodiet.testimony.tests.conftest import Record, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(client: Client, world: World) -> Client:
    client.force_login(world.users["delegation_on"])
    return client


def browser_choice(page: str, name: str) -> str:
    """What a browser submits for an untouched <select>: its selected option, else its first one."""
    select = page[page.index(f'name="{name}"') :]
    options = select[: select.index("</select>")].split("<option value=")[1:]
    chosen = [option for option in options if " selected" in option.split(">")[0]] or options
    return chosen[0].split('"')[1]


def test_an_untouched_allegation_form_records_nothing(doctor: Client, record: Record) -> None:
    url = reverse("testimony:allegation_record", args=[record.interview.pk])
    page = doctor.get(url).content.decode()
    untouched = {name: browser_choice(page, name) for name in ("type", "perpetrator", "stage", "precision")}
    assert untouched["type"] == untouched["perpetrator"] == untouched["stage"] == ""
    before = (Allegation.objects.count(), AuditEntry.objects.count())
    response = doctor.post(url, untouched)
    assert response.status_code == 200
    assert response.content.decode().count("This field is required") >= 3
    assert (Allegation.objects.count(), AuditEntry.objects.count()) == before


def _interview(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "place": world.places["sizo"].pk,
        "held_at": f"{world.today - timedelta(days=1):%Y-%m-%d}T14:00",
        "language": "ru",
        "interviewers": [world.members["head"].pk],
        "private": "on",
        "account": "Nothing to add.",
        "use_information": "on",
        **changes,
    }


def test_a_language_typed_by_name_is_recorded_as_that_language(doctor: Client, world: World) -> None:
    response = doctor.post(
        reverse("testimony:interview_record", args=[world.visit.pk]), _interview(world, language="russian")
    )
    assert response.status_code == 302
    assert Interview.objects.get().language == "ru"


def test_a_language_no_one_knows_is_refused_on_its_field(doctor: Client, world: World) -> None:
    response = doctor.post(
        reverse("testimony:interview_record", args=[world.visit.pk]), _interview(world, language="klingonese")
    )
    assert response.status_code == 200 and "not a language known to ISO 639" in response.content.decode()
    assert Interview.objects.count() == 0


def test_the_interviews_time_reads_as_a_time_not_a_place(doctor: Client, world: World) -> None:
    form = doctor.get(reverse("testimony:interview_record", args=[world.visit.pk])).content.decode()
    assert "Held at" not in form and "Date and time of the interview" in form
