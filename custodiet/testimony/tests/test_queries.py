"""The testimony pages and endpoints cost a fixed number of queries whatever the number of interviews,
allegations, examinations or risks: pinned here, so that an N+1 fails a test before it reaches the
100,000-interview benchmark (bench/bench_testimony.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from custodiet.testimony import counts, rules
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    Person,
    ReprisalFollowUp,
    ReprisalRisk,
)
from custodiet.testimony.tests.conftest import World, local

pytestmark = pytest.mark.django_db

# The audit entry of a read is four statements: SAVEPOINT, the chain's last entry, INSERT, RELEASE; on
# PostgreSQL a fifth takes the append lock first (custodiet.core.audit.APPEND_LOCK: one append at a time).
AUDIT = 4 + (connection.vendor == "postgresql")
# session, user, the visit, count, the page (with the consent subquery), interviewers, allegation types,
# open risks of the page's persons, may the user record here; the audit entry
LIST_QUERIES = 9 + AUDIT
# session, user, the interview (with visit, place, person, interpreter), interviewers, allegations,
# examinations, consents, risks, their follow-ups; may the user record and see identities; the audit entry
DETAIL_QUERIES = 11 + AUDIT
# session, user, the State, the risks (with the last place as a subquery), pending follow-ups, places,
# the interviews the user may open; the audit entry
AT_RISK_QUERIES = 7 + AUDIT
# session, user, the maintained counts of the six tables and the total, the place names of one, the years
# and the States of the filters
AGGREGATE_QUERIES = 6
API_LIST_QUERIES = 7 + AUDIT  # session, user, the visit, count, page, interviewers, allegation types
API_DETAIL_QUERIES = 9 + AUDIT  # as the page, without the two questions of what the user may do


def fill(world: World, count: int, *, risks: bool = True) -> list[Interview]:
    """``count`` interviews on the Russian visit, each with two allegations, an examination, consent and
    a risk with a follow-up, written directly: the rules are not under test here."""
    held = local(world.today - timedelta(days=1))
    persons = Person.objects.bulk_create(
        Person(code=rules.new_pseudonym(), state=world.ru, first_met_visit=world.visit, uses_information=True)
        for _ in range(count)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            visit=world.visit,
            place=world.places["sizo"],
            person=person,
            held_at=held,
            language="ru",
            interpreter=world.members["interpreter"],
            account=f"Account {n}",
        )
        for n, person in enumerate(persons)
    )
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview_id=interview.pk, delegationmember_id=member.pk)
        for interview in interviews
        for member in (world.members["doctor"], world.members["head"])
    )
    allegations = Allegation.objects.bulk_create(
        Allegation(
            interview=interview,
            type=kind,
            perpetrator="police",
            stage="arrest",
            precision="year",
            period_year=world.today.year,
            place_alleged=world.places["police"] if n % 2 else None,
            description="described",
        )
        for n, interview in enumerate(interviews)
        for kind in ("physical", "psychological")
    )
    MedicalExamination.objects.bulk_create(
        MedicalExamination(
            interview=allegation.interview,
            allegation=allegation,
            examined_by=world.members["doctor"],
            examined_at=held,
            injuries="bruises",
            consistency="consistent",
        )
        for allegation in allegations[::2]
    )
    Consent.objects.bulk_create(
        Consent(
            person=person, given_on=world.today, use_information=True, be_named=False, be_contacted_again=True
        )
        for person in persons
    )
    if not risks:
        return interviews
    flagged = ReprisalRisk.objects.bulk_create(
        ReprisalRisk(person=person, visit=world.visit, interview=interview, level="medium", reason="reason")
        for person, interview in zip(persons, interviews, strict=True)
    )
    ReprisalFollowUp.objects.bulk_create(ReprisalFollowUp(risk=risk, action="check") for risk in flagged)
    return interviews


def client_for(world: World, persona: str = "delegation_on") -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_page_costs_the_same_for_3_or_60_interviews(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    fill(world, count)
    client = client_for(world)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(
            reverse("testimony:visit_interviews", args=[world.visit.pk]), {"page": 2 if count > 50 else 1}
        )
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-person=") == (count - 50 if count > 50 else count)


@pytest.mark.parametrize("count", [1, 12])
def test_the_interview_page_costs_the_same_whatever_the_persons_record(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    [interview] = fill(world, 1)
    for _ in range(count - 1):  # more risks and consents for the same person
        risk = ReprisalRisk.objects.create(
            person=interview.person, visit=world.visit, level="low", reason="again"
        )
        ReprisalFollowUp.objects.create(risk=risk, action="check again")
        Consent.objects.create(
            person=interview.person,
            given_on=world.today,
            use_information=True,
            be_named=False,
            be_contacted_again=False,
        )
    client = client_for(world)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("testimony:interview_detail", args=[interview.pk]))
    assert response.content.decode().count('id="risk-') == count


def test_a_person_without_reprisal_risk_costs_one_query_less(
    world: World, django_assert_num_queries: Any
) -> None:
    [interview] = fill(world, 1, risks=False)
    client = client_for(world)
    with django_assert_num_queries(DETAIL_QUERIES - 1):  # no risk: no follow-ups to prefetch
        client.get(reverse("testimony:interview_detail", args=[interview.pk]))


@pytest.mark.parametrize("count", [2, 30])
def test_the_persons_at_risk_cost_the_same_for_2_or_30(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    fill(world, count)
    client = client_for(world, "secretariat")
    with django_assert_num_queries(AT_RISK_QUERIES):
        response = client.get(reverse("testimony:at_risk", args=["RU"]))
    assert response.content.decode().count("<tr data-person=") == count


@pytest.mark.parametrize("count", [2, 30])
def test_the_aggregates_cost_the_same_for_2_or_30(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    fill(world, count)
    counts.recount()  # written with bulk_create, which the counts' signals do not see
    client = client_for(world, "analyst")
    with django_assert_num_queries(AGGREGATE_QUERIES):
        response = client.get(reverse("testimony:aggregates"))
    assert response.status_code == 200
    if count >= 3:  # two persons are too few to show
        assert f"({2 * count} allegations)" in response.content.decode()  # all counted, from the counts


@pytest.mark.parametrize("count", [3, 40])
def test_the_api_costs_the_same_whatever_the_size(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    interviews = fill(world, count)
    client = client_for(world)
    with django_assert_num_queries(API_LIST_QUERIES):
        listed = client.get(reverse("testimony-api:visit_interviews", args=[world.visit.pk]), {"limit": 25})
    assert listed.json()["count"] == count
    with django_assert_num_queries(API_DETAIL_QUERIES):
        detail = client.get(reverse("testimony-api:interview_detail", args=[interviews[0].pk]))
    assert len(detail.json()["allegations"]) == 2
