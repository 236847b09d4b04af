"""The selectors on the database: who sees which interviews, persons and identities, and the counts of
allegations: persons counted once per cell, small cells suppressed, a total that cannot be subtracted
back to a hidden cell, and only persons whose latest consent allows the use of the information."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from custodiet.testimony import selectors, services
from custodiet.testimony.models import Interview, Person, PersonIdentity
from custodiet.testimony.tests.conftest import Record, World, local

pytestmark = pytest.mark.django_db


def interviewed(world: World, allegations: list[dict[str, Any]], *, consent: bool | None = True) -> Interview:
    by = world.users["secretariat"]
    interview = services.interview_record(
        visit=world.visit,
        person=services.NewPerson(
            consent=None
            if consent is None
            else services.ConsentDetails(use_information=consent, be_named=False, be_contacted_again=False)
        ),
        place=world.places["sizo"],
        held_at=local(world.today - timedelta(days=2)),
        language="ru",
        interviewers=[world.members["doctor"]],
        account="…",
        by=by,
    )
    for values in allegations:
        services.allegation_record(interview=interview, by=by, **{"stage": "police_custody", **values})
    return interview


class TestVisibility:
    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("secretariat", True),
            ("committee_on", True),
            ("delegation_on", True),
            ("committee_off", False),
            ("delegation_off", False),
            ("administrator", False),
            ("analyst", False),
            ("state_liaison", False),
            ("public", False),
        ],
    )
    def test_interviews_and_persons_follow_the_delegation_rule(
        self, world: World, record: Record, persona: str, sees: bool
    ) -> None:
        user = world.users[persona]
        assert Interview.objects.visible_to(user).exists() is sees
        assert Person.objects.visible_to(user).exists() is sees
        assert selectors.may_read_interviews(user, world.visit) is sees

    def test_anonymous_visitors_see_nothing(self, record: Record) -> None:
        from django.contrib.auth.models import AnonymousUser

        assert not Interview.objects.visible_to(AnonymousUser()).exists()
        assert not PersonIdentity.objects.visible_to(AnonymousUser()).exists()

    def test_identities_need_the_capability_as_well(self, world: World, record: Record) -> None:
        assert PersonIdentity.objects.visible_to(world.users["delegation_on"]).count() == 1
        assert PersonIdentity.objects.visible_to(world.users["secretariat"]).count() == 1
        assert not PersonIdentity.objects.visible_to(world.users["committee_on"]).exists()
        assert not PersonIdentity.objects.visible_to(world.users["delegation_off"]).exists()


class TestAggregates:
    def test_persons_are_counted_once_and_small_cells_are_suppressed(self, world: World) -> None:
        physical = {"type": "physical", "perpetrator": "police"}
        for _ in range(4):
            interviewed(world, [physical, physical])  # two allegations each, one person
        for _ in range(3):
            interviewed(world, [{"type": "psychological", "perpetrator": "police"}])
        report = selectors.allegation_report([("type",)], state=world.ru)
        by_type = {row.key[0]: row for row in report.tables[0].rows}
        assert (by_type["physical"].persons.count, by_type["physical"].allegations) == (4, 8)
        assert report.persons_total.count == 7 and report.allegations_total == 11

    def test_a_lone_small_cell_takes_a_second_one_with_it(self, world: World) -> None:
        physical = {"type": "physical", "perpetrator": "police"}
        for _ in range(4):
            interviewed(world, [physical, physical])
        interviewed(world, [{"type": "sexual", "perpetrator": "prison_staff"}])
        report = selectors.allegation_report([("type",), ("perpetrator",)], state=world.ru)
        by_type = {row.key[0]: row for row in report.tables[0].rows}
        assert by_type["sexual"].persons.suppressed and by_type["sexual"].allegations is None
        assert by_type["sexual"].persons.shown == "fewer than 3"
        assert by_type["restraints"].persons.shown == "0"  # the taxonomy's zeros are shown
        # One small cell would be hidden alone: the smallest other one is hidden too, and said to be.
        assert by_type["physical"].persons.shown == "not shown" and by_type["physical"].allegations is None
        # Then no table can be subtracted back to a small cell, and the total is shown.
        assert report.persons_total.count == 5 and report.allegations_total == 9

    def test_the_total_is_shown_when_no_table_can_be_subtracted_from(self, world: World) -> None:
        for _ in range(3):
            interviewed(world, [{"type": "physical", "perpetrator": "police"}])
        report = selectors.allegation_report([("type",), ("perpetrator",)])
        assert report.persons_total.count == 3 and report.allegations_total == 3

    def test_only_persons_whose_latest_consent_allows_it_are_counted(self, world: World) -> None:
        physical = {"type": "physical", "perpetrator": "police"}
        for _ in range(3):
            interviewed(world, [physical])
        refused = interviewed(world, [physical], consent=False)
        interviewed(world, [physical], consent=None)  # no consent recorded: not counted
        report = selectors.allegation_report([("type",)])
        assert report.persons_total.count == 3
        services.consent_record(
            person=refused.person,
            by=world.users["secretariat"],
            use_information=True,
            be_named=False,
            be_contacted_again=False,
            given_on=world.today,
        )
        assert selectors.allegation_report([("type",)]).persons_total.count == 4

    def test_counts_by_place_period_and_filters(self, world: World) -> None:
        day = world.today - timedelta(days=10)
        for _ in range(3):
            interviewed(
                world,
                [
                    {
                        "type": "physical",
                        "perpetrator": "police",
                        "place_alleged": world.places["police"],
                        "precision": "day",
                        "occurred_from": day,
                    }
                ],
            )
        report = selectors.allegation_report([("place",), ("period",)], year=day.year)
        [place_row] = report.tables[0].rows
        assert place_row.labels == ("Tverskoy police station",) and place_row.persons.count == 3
        [period_row] = report.tables[1].rows
        assert period_row.labels == (f"{day.year} Q{(day.month - 1) // 3 + 1}",)
        assert selectors.allegation_report([("type",)], year=day.year - 5).persons_total.count == 0
        assert selectors.allegation_report([("type",)], place=world.places["sizo"]).persons_total.count == 0
        assert selectors.allegation_report([("type",)], state=world.ua).persons_total.count == 0

    def test_an_unknown_dimension_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown dimension"):
            selectors.allegation_table(selectors.counted_allegations(), ("account",))


class TestPersonsToCheck:
    def test_open_risks_by_place_highest_level_first(self, world: World, record: Record) -> None:
        other = interviewed(world, [])
        services.reprisal_flag(interview=other, level="low", reason="x", by=world.users["secretariat"])
        rows = selectors.persons_to_check(world.users["secretariat"], world.ru)
        assert [row.risk.level for row in rows] == ["high", "low"]
        assert rows[0].place == world.places["sizo"] and [f.action for f in rows[0].pending] != []
        services.reprisal_close(risk=rows[0].risk, by=world.users["secretariat"])
        assert [
            row.risk.level for row in selectors.persons_to_check(world.users["secretariat"], world.ru)
        ] == ["low"]
        assert selectors.persons_to_check(world.users["secretariat"], world.ua) == []
