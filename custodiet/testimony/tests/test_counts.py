"""The maintained figures of allegations (custodiet.testimony.counts): right after every change, the
same as counting the allegations, read by the figures page, and rebuilt by ``testimony recount``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from custodiet.testimony import counts, selectors, services
from custodiet.testimony.models import Allegation, AllegationCount, Interview
from custodiet.testimony.tests.conftest import World, local

TYPES = ("physical", "psychological", "physical", "sexual", "physical")


def interview(world: World, n: int, *, use: bool = True, visit: Any = None, place: str = "sizo") -> Interview:
    return services.interview_record(
        visit=visit or world.visit,
        person=services.NewPerson(
            identity=services.IdentityDetails(name=f"Person {n}", registry_number=f"R-{n}"),
            consent=services.ConsentDetails(use_information=use, be_named=False, be_contacted_again=False),
        ),
        place=world.places[place],
        held_at=local(world.today - timedelta(days=1), 9 + n % 8),
        language="ru",
        interviewers=[world.members["doctor" if (visit or world.visit) == world.visit else "other"]],
        account="Account.",
        by=world.users["delegation_on" if (visit or world.visit) == world.visit else "delegation_off"],
    )


def allege(world: World, talk: Interview, n: int) -> Allegation:
    on_ru = talk.visit_id == world.visit.pk
    return services.allegation_record(
        interview=talk,
        type=TYPES[n % len(TYPES)],
        perpetrator=("police", "prison_staff")[n % 2],
        stage=("arrest", "police_custody")[n % 2],
        precision=("unknown", "year", "day")[n % 3],
        occurred_from=None if n % 3 == 0 else date(2023 + n % 2, 1 + n % 12, 1),
        place_alleged=(world.places["police"] if n % 2 else None) if on_ru else world.places["kyiv"],
        by=world.users["delegation_on" if on_ru else "delegation_off"],
    )


@pytest.fixture
def recorded(world: World) -> list[Interview]:
    """Twelve persons on two visits; some tell several allegations, two did not consent to the use."""
    talks = [interview(world, n, use=n not in (4, 9)) for n in range(9)]
    talks += [interview(world, n, visit=world.other_visit, place="kyiv") for n in range(9, 12)]
    for n, talk in enumerate(talks):
        for extra in range(1 + n % 3):
            allege(world, talk, n + extra)
    return talks


def counted_now(**scope: Any) -> dict[str, dict[tuple[str, ...], tuple[int, int]]]:
    """What counting the allegations themselves gives, for every kept table and the total."""
    allegations = selectors.counted_allegations(**scope)
    found: dict[str, dict[tuple[str, ...], tuple[int, int]]] = {}
    for dims in counts.TABLES:
        table = selectors.allegation_table(allegations, dims, threshold=1)
        found[counts.table_name(dims)] = {
            row.key: (row.persons.count or 0, row.allegations or 0) for row in table.rows if row.allegations
        }
    total = allegations.aggregate(persons=Count("interview__person", distinct=True), allegations=Count("id"))
    found[counts.TOTAL] = {("",): (total["persons"], total["allegations"])} if total["allegations"] else {}
    return found


def scopes(world: World) -> list[dict[str, Any]]:
    return [
        {},
        {"state": world.ru},
        {"state": world.ua},
        {"place": world.places["police"]},
        {"year": 2023},
        {"state": world.ru, "year": 2024},
        {"place": world.places["kyiv"], "year": 2023},
        {"state": world.ru, "place": world.places["police"]},
    ]


def kept(**scope: Any) -> dict[str, dict[tuple[str, ...], tuple[int, int]]]:
    return counts.read(
        counts.TABLES,
        state=scope["state"].pk if "state" in scope else 0,
        place=scope["place"].pk if "place" in scope else 0,
        year=scope.get("year", 0),
    )


def test_the_counts_kept_while_recording_are_what_counting_gives(world: World, recorded: Any) -> None:
    for scope in scopes(world):
        assert kept(**scope) == counted_now(**scope), scope
    assert counts.recount(check_only=True)["wrong"] == 0


def test_a_person_with_two_allegations_of_one_type_is_one_person(world: World) -> None:
    talk = interview(world, 1)
    allege(world, talk, 0)  # physical
    allege(world, talk, 2)  # physical again
    found = kept()
    assert found["type"][("physical",)] == (1, 2)
    assert found[counts.TOTAL][("",)] == (1, 2)


def test_a_consent_withdrawn_or_given_moves_the_counts_at_once(world: World, recorded: Any) -> None:
    person = recorded[0].person
    before = kept()[counts.TOTAL][("",)]
    mine = Allegation.objects.filter(interview__person=person).count()
    services.consent_record(
        person=person,
        by=world.users["delegation_on"],
        use_information=False,
        be_named=False,
        be_contacted_again=False,
    )
    assert kept()[counts.TOTAL][("",)] == (before[0] - 1, before[1] - mine)
    for scope in scopes(world):
        assert kept(**scope) == counted_now(**scope), scope
    services.consent_record(
        person=person,
        by=world.users["delegation_on"],
        use_information=True,
        be_named=False,
        be_contacted_again=False,
    )
    assert kept()[counts.TOTAL][("",)] == before
    assert counts.recount(check_only=True)["wrong"] == 0


def test_an_allegation_deleted_leaves_the_counts_right(world: World, recorded: Any) -> None:
    Allegation.objects.filter(interview=recorded[2]).first().delete()  # type: ignore[union-attr]
    assert counts.recount(check_only=True)["wrong"] == 0


def test_the_figures_page_reads_the_kept_counts(world: World, recorded: Any, client: Client) -> None:
    client.force_login(world.users["analyst"])
    total = AllegationCount.objects.get(scope_state=0, scope_place=0, scope_year=0, table=counts.TOTAL)
    page = client.get(reverse("testimony:aggregates")).content.decode()
    assert f"({total.allegations} allegations)" in page
    AllegationCount.objects.filter(pk=total.pk).update(allegations=777)  # a wrong count shows: it is read
    assert "(777 allegations)" in client.get(reverse("testimony:aggregates")).content.decode()
    assert selectors.aggregate_years() == [2024, 2023]


def test_recount_mends_wrong_or_missing_counts_and_twice_is_once(world: World, recorded: Any) -> None:
    right = kept()
    AllegationCount.objects.filter(table="type").update(persons=0)
    AllegationCount.objects.filter(table="stage").delete()
    with pytest.raises(CommandError, match="cells differ"):
        call_command("testimony", "recount", "--check")
    call_command("testimony", "recount")
    assert kept() == right
    assert counts.recount()["wrong"] == 0
    call_command("testimony", "recount", "--check")
