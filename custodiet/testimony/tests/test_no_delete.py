"""Nothing is deleted from testimony by an edit elsewhere, and a medical examination says who entered it.

Removing a delegation member who interviewed, examined or interpreted would take them off the
interview (or, for an examination, could not be done at all): it is refused with the reason, on the
page and in the API, never a server error, and the member is marked as having left instead.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry
from custodiet.testimony import services
from custodiet.testimony.models import Interview
from custodiet.testimony.tests.conftest import Record, World, local
from custodiet.visits import services as visit_services

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("member", "took_part"),
    [("head", "1 interview"), ("doctor", "1 medical examination"), ("interpreter", "1 interview")],
)
def test_removing_someone_who_took_part_is_refused_with_the_reason(
    world: World, record: Record, member: str, took_part: str
) -> None:
    with pytest.raises(DomainError, match=f"took part in .*{took_part}.*Mark them as having left"):
        visit_services.delegation_remove(member=world.members[member], by=world.users["secretariat"])
    interview = Interview.objects.get(pk=record.interview.pk)
    assert set(interview.interviewers.all()) == {world.members["doctor"], world.members["head"]}
    assert interview.interpreter == world.members["interpreter"]


@pytest.mark.parametrize("member", ["head", "doctor", "interpreter"])
def test_the_page_and_the_api_refuse_it_without_a_server_error(
    world: World, record: Record, member: str
) -> None:
    client = signed_in(world.users["secretariat"])
    target = world.members[member]
    page = client.post(reverse("visits:delegation_remove", args=[world.visit.pk, target.pk]), follow=True)
    assert page.status_code == 200 and "cannot be removed" in page.content.decode()
    assert reverse("visits:delegation_leave", args=[world.visit.pk, target.pk]) in page.content.decode()
    api = client.delete(f"/api/visits/{world.visit.pk}/delegation/{target.pk}/")
    assert api.status_code == 400
    assert api.json()["may_leave"] is True and "cannot be removed" in api.json()["detail"]
    assert world.visit.delegation.filter(pk=target.pk).exists()


def test_someone_who_took_part_in_nothing_is_removed(world: World, record: Record) -> None:
    visit_services.delegation_remove(member=world.members["lawyer"], by=world.users["secretariat"])
    assert not world.visit.delegation.filter(pk=world.members["lawyer"].pk).exists()


def test_a_member_who_left_keeps_the_records_and_their_account_loses_the_visit(
    world: World, record: Record
) -> None:
    doctor = world.users["delegation_on"]
    client = signed_in(doctor)
    url = reverse("testimony:interview_detail", args=[record.interview.pk])
    assert client.get(url).status_code == 200
    left = signed_in(world.users["secretariat"]).post(
        reverse("visits:delegation_leave", args=[world.visit.pk, world.members["doctor"].pk]), {"left_on": ""}
    )
    assert left.status_code == 302
    assert client.get(url).status_code == 404
    assert record.interview.examinations.get().examined_by == world.members["doctor"]
    world.members["doctor"].refresh_from_db()
    with pytest.raises(DomainError, match="left the delegation"):
        services.interview_record(
            visit=world.visit,
            person=record.person.code,
            place=world.places["sizo"],
            held_at=local(world.today - timedelta(days=1), 15),
            language="ru",
            interviewers=[world.members["doctor"]],
            account="A second account.",
            by=world.users["secretariat"],
        )
    api = signed_in(world.users["secretariat"]).post(
        f"/api/visits/{world.visit.pk}/delegation/{world.members['doctor'].pk}/leave/",
        {},
        content_type="application/json",
    )
    # Leaving again the same day is the same change sent twice: answered with the record as it stands,
    # and written once.
    assert api.status_code == 200 and api.json()["left_on"] == str(world.today)
    assert AuditEntry.objects.filter(verb="delegation.leave").count() == 1


# -- who recorded a medical examination --------------------------------------------------------------------


def _examine(world: World, record: Record, by: Any, **extra: Any) -> Any:
    return services.examination_record(
        interview=record.interview,
        examined_by=world.members["doctor"],
        examined_at=local(world.today - timedelta(days=1), 16),
        injuries="no fresh lesion",
        by=by,
        **extra,
    )


def test_someone_else_records_an_examination_only_on_the_doctors_behalf_and_says_so(
    world: World, record: Record
) -> None:
    member = world.users["secretariat"]  # on the visit's record, not the doctor
    with pytest.raises(DomainError, match="Only Dr Anna Lindqvist records their own examination"):
        _examine(world, record, member)
    entered = _examine(world, record, member, on_behalf=True)
    assert (entered.examined_by, entered.recorded_by, entered.on_behalf) == (
        world.members["doctor"],
        member,
        True,
    )
    themselves = _examine(world, record, world.users["delegation_on"])
    assert themselves.on_behalf is False and themselves.recorded_by == world.users["delegation_on"]


def test_the_interview_page_and_the_api_show_who_entered_each_examination(
    world: World, record: Record
) -> None:
    _examine(world, record, world.users["secretariat"], on_behalf=True)
    client = signed_in(world.users["secretariat"])
    page = client.get(reverse("testimony:interview_detail", args=[record.interview.pk])).content.decode()
    assert "secretariat<br>" in page and "on the doctor's behalf" in page and ">the doctor<" in page
    shown = client.get(f"/api/testimony/interviews/{record.interview.pk}/").json()["examinations"]
    assert [(e["recorded_by"], e["on_behalf"]) for e in shown] == [
        ("delegation_on", False),
        ("secretariat", True),
    ]
