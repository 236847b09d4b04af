"""The visit services on the database: each rule refuses with a message and changes nothing; each change
leaves its audit entry; the Russian case runs on the reference record."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from custodiet.core.audit import audit_verify
from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry, Role
from custodiet.treaties.models import Instrument, TreatyAction
from custodiet.treaties.selectors import resolve_state
from custodiet.visits import selectors, services
from custodiet.visits.gate import PlanningRefused
from custodiet.visits.models import AccessEvent, ItineraryStop, Objection, Visit
from custodiet.visits.tests.conftest import local

pytestmark = pytest.mark.django_db


def verbs() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("verb", flat=True))


def notify_denunciation(russia: Any, received_on: date) -> None:
    TreatyAction.objects.create(
        state=russia,
        instrument=Instrument.objects.get(code="ETS-126"),
        kind="denunciation",
        on=received_on,
        source="test: notification received by the Secretary General",
    )


class TestPlanning:
    def test_planning_a_cpt_visit_to_russia_in_december_2026_warns_and_is_audited(
        self, bodies: Any, russia: Any, secretariat: Any
    ) -> None:
        result = services.visit_plan(
            body=bodies["CPT"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="ad_hoc",
            planned_start=date(2026, 12, 1),
            planned_end=date(2026, 12, 10),
            by=secretariat,
            today=date(2026, 11, 22),
        )
        codes = [note.code for note in result.warnings]
        assert "domestic_denunciation" in codes and "notification_unknown" in codes
        entry = AuditEntry.objects.get(verb="visit.plan")
        assert (entry.actor, entry.target_id) == (secretariat, str(result.visit.pk))
        assert entry.detail["warnings"] == codes
        assert result.visit.planned_by == secretariat and result.visit.status == "planned"

    def test_once_a_notification_of_denunciation_is_recorded_a_november_visit_is_refused(
        self, bodies: Any, russia: Any, secretariat: Any
    ) -> None:
        notify_denunciation(russia, date(2025, 9, 30))
        with pytest.raises(PlanningRefused) as refused:
            services.visit_plan(
                body=bodies["CPT"],
                state=russia,
                time_zone="Europe/Moscow",
                kind="periodic",
                planned_start=date(2026, 11, 2),
                planned_end=date(2026, 11, 12),
                by=secretariat,
            )
        assert "not bound since 1 October 2026" in str(refused.value)
        assert refused.value.decision.refusals[0].code == "no_right"
        assert not Visit.objects.exists() and not AuditEntry.objects.filter(verb__startswith="visit").exists()

        spanning = services.visit_plan(
            body=bodies["CPT"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="periodic",
            planned_start=date(2026, 9, 21),
            planned_end=date(2026, 10, 2),
            by=secretariat,
        )
        ends = next(note for note in spanning.warnings if note.code == "right_ends")
        assert ends.on == date(2026, 10, 1)

    def test_the_spt_cannot_plan_a_visit_to_russia(self, bodies: Any, russia: Any, secretariat: Any) -> None:
        with pytest.raises(PlanningRefused) as refused:
            services.visit_plan(
                body=bodies["SPT"],
                state=russia,
                time_zone="Europe/Moscow",
                kind="periodic",
                planned_start=date(2026, 12, 1),
                planned_end=date(2026, 12, 5),
                by=secretariat,
            )
        assert "OPCAT" in str(refused.value)

    def test_a_consent_only_body_plans_with_the_states_consent_reference(
        self, bodies: Any, russia: Any, secretariat: Any
    ) -> None:
        with pytest.raises(PlanningRefused):
            services.visit_plan(
                body=bodies["CAT"],
                state=russia,
                time_zone="Europe/Moscow",
                kind="ad_hoc",
                planned_start=date(2026, 12, 1),
                planned_end=date(2026, 12, 5),
                by=secretariat,
            )
        result = services.visit_plan(
            body=bodies["CAT"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="ad_hoc",
            planned_start=date(2026, 12, 1),
            planned_end=date(2026, 12, 5),
            consent_reference="Note verbale No. 4/2026",
            by=secretariat,
        )
        assert result.visit.consent_reference == "Note verbale No. 4/2026"
        assert [note.code for note in result.warnings][:1] == ["consent_basis"]

    def test_the_cpt_2018_visit_to_russia_can_be_recorded_after_the_fact(
        self, bodies: Any, russia: Any, secretariat: Any
    ) -> None:
        result = services.visit_plan(
            body=bodies["CPT"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="periodic",
            planned_start=date(2018, 10, 19),
            planned_end=date(2018, 10, 29),
            title="Psychiatric hospitals and social care homes",
            by=secretariat,
        )
        assert [note.code for note in result.warnings] == ["past_window"]

    def test_an_unknown_kind_is_refused(self, bodies: Any, russia: Any, secretariat: Any) -> None:
        with pytest.raises(DomainError, match="Unknown kind"):
            services.visit_plan(
                body=bodies["CPT"],
                state=russia,
                time_zone="Europe/Moscow",
                kind="surprise",
                planned_start=date(2026, 12, 1),
                planned_end=date(2026, 12, 5),
                by=secretariat,
            )

    def test_new_dates_go_through_the_gate_again(self, visit: Any, russia: Any, secretariat: Any) -> None:
        notify_denunciation(russia, date(2025, 9, 30))
        with pytest.raises(PlanningRefused):
            services.visit_update(
                visit=visit, planned_start=date(2026, 11, 2), planned_end=date(2026, 11, 5), by=secretariat
            )
        visit.refresh_from_db()
        assert visit.planned_start != date(2026, 11, 2)
        services.visit_update(visit=visit, title="Renamed", by=secretariat)
        visit.refresh_from_db()
        assert visit.title == "Renamed"
        assert AuditEntry.objects.filter(verb="visit.update").get().detail["after"] == {"title": "Renamed"}


class TestNotification:
    def test_notifying_the_visit_moves_it_to_notified(
        self, visit: Any, secretariat: Any, today: date
    ) -> None:
        services.notification_record(
            visit=visit, subject="visit", notified_at=local(today - timedelta(days=20)), by=secretariat
        )
        visit.refresh_from_db()
        assert visit.status == "notified"
        assert verbs()[-2:] == ["notification.record", "visit.set_status"]

    def test_places_come_after_the_visit_and_only_from_the_visited_state(
        self, visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        with pytest.raises(DomainError, match="notification of the visit itself first"):
            services.notification_record(
                visit=visit, subject="places", notified_at=local(today, 0), places=places[:2], by=secretariat
            )
        services.notification_record(
            visit=visit, subject="visit", notified_at=local(today, 0), by=secretariat
        )
        with pytest.raises(DomainError, match="not in"):
            services.notification_record(
                visit=visit, subject="places", notified_at=local(today, 0), places=[places[3]], by=secretariat
            )
        with pytest.raises(DomainError, match="future"):
            services.notification_record(
                visit=visit,
                subject="places",
                notified_at=local(today + timedelta(days=1)),
                places=places[:1],
                by=secretariat,
            )
        notification = services.notification_record(
            visit=visit, subject="places", notified_at=local(today, 0), places=places[:2], by=secretariat
        )
        assert set(notification.places.all()) == set(places[:2])

    def test_a_place_notified_on_arrival_joins_the_itinerary(
        self, notified_visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        services.notification_record(
            visit=notified_visit,
            subject="on_arrival",
            notified_at=local(today - timedelta(days=1), 9),
            places=[places[2]],
            addressee="Duty officer",
            by=secretariat,
        )
        stop = ItineraryStop.objects.get(visit=notified_visit)
        assert (stop.place, stop.planned_on) == (places[2], today - timedelta(days=1))
        assert verbs()[-1] == "itinerary.add"


class TestDelegationAndItinerary:
    def test_only_delegation_committee_or_secretariat_accounts_can_be_linked(
        self, visit: Any, users: dict[str, Any], secretariat: Any
    ) -> None:
        with pytest.raises(DomainError, match="Only accounts"):
            services.delegation_add(visit=visit, role="expert", user=users[Role.ANALYST], by=secretariat)
        member = services.delegation_add(
            visit=visit, role="head", user=users[Role.COMMITTEE_MEMBER], by=secretariat
        )
        assert member.name == "committee_member"
        with pytest.raises(DomainError, match="already"):
            services.delegation_add(
                visit=visit, role="member", user=users[Role.COMMITTEE_MEMBER], by=secretariat
            )
        services.delegation_add(visit=visit, role="interpreter", name="A. Interpreter", by=secretariat)
        with pytest.raises(DomainError, match="already"):
            services.delegation_add(visit=visit, role="expert", name="A. Interpreter", by=secretariat)
        with pytest.raises(DomainError, match="Unknown delegation role"):
            services.delegation_add(visit=visit, role="observer", name="B", by=secretariat)
        services.delegation_remove(member=member, by=secretariat)
        assert verbs().count("delegation.add") == 2 and verbs()[-1] == "delegation.remove"

    def test_only_the_secretariat_opens_a_visits_interviews_to_an_account(
        self, visit: Any, users: dict[str, Any], secretariat: Any
    ) -> None:
        """Linking an account that sees testimony opens the visit's interviews to it: the four eyes'
        second person does it. An administrator plans delegations: members by name, and accounts that
        see no testimony (none can be linked today), but not that."""
        administrator, member = users[Role.ADMINISTRATOR], users[Role.DELEGATION_MEMBER]
        with pytest.raises(DomainError, match="opens this visit's interviews"):
            services.delegation_add(visit=visit, role="member", user=member, by=administrator)
        assert not visit.delegation.filter(user=member).exists()
        assert "delegation.add" not in verbs()
        services.delegation_add(visit=visit, role="interpreter", name="A. Interpreter", by=administrator)
        services.delegation_add(visit=visit, role="member", user=member, by=secretariat)
        assert visit.delegation.filter(user=member).exists()

    def test_nor_from_the_people_pages_unless_the_secretariat_approves_it(
        self, visit: Any, users: dict[str, Any], secretariat: Any
    ) -> None:
        from custodiet.core.people import services as people

        administrator, member = users[Role.ADMINISTRATOR], users[Role.DELEGATION_MEMBER]
        parts = {"delegations": {"delegations_visits": [str(visit.pk)], "delegations_role": "member"}}
        with pytest.raises(DomainError, match="opens this visit's interviews"):
            people.account_update(account=member, first_name="Changed", parts=parts, by=administrator)
        member.refresh_from_db()
        assert member.first_name != "Changed" and not visit.delegation.filter(user=member).exists()
        asked = people.account_create(
            username="new-delegate", role=Role.DELEGATION_MEMBER, parts=parts, by=administrator
        )
        assert not visit.delegation.filter(user=asked.account).exists()  # waits for the second person
        people.request_approve(request=asked.request, by=secretariat)
        assert visit.delegation.filter(user=asked.account).exists()

    def test_the_itinerary_takes_places_of_the_visited_state_within_the_visit(
        self, visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        stop = services.itinerary_add(visit=visit, place=places[0], planned_on=today, by=secretariat)
        assert stop.visit == visit
        with pytest.raises(DomainError, match="already on the itinerary"):
            services.itinerary_add(visit=visit, place=places[0], planned_on=today, by=secretariat)
        with pytest.raises(DomainError, match="not in"):
            services.itinerary_add(visit=visit, place=places[3], by=secretariat)
        with pytest.raises(DomainError, match="outside the visit"):
            services.itinerary_add(
                visit=visit, place=places[1], planned_on=today + timedelta(days=30), by=secretariat
            )

    def test_arrival_puts_a_notified_visit_under_way_and_departure_follows_it(
        self, visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        stop = services.itinerary_add(visit=visit, place=places[0], by=secretariat)
        with pytest.raises(DomainError, match="planned"):
            services.stop_arrive(stop=stop, at=local(today - timedelta(days=1)), by=secretariat)
        services.notification_record(
            visit=visit, subject="visit", notified_at=local(today - timedelta(days=20)), by=secretariat
        )
        stop.visit.refresh_from_db()
        with pytest.raises(DomainError, match="Record the arrival"):
            services.stop_depart(stop=stop, at=local(today - timedelta(days=1)), by=secretariat)
        with pytest.raises(DomainError, match="future"):
            services.stop_arrive(stop=stop, at=local(today + timedelta(days=1)), by=secretariat)
        services.stop_arrive(stop=stop, at=local(today - timedelta(days=2), 9), by=secretariat)
        visit.refresh_from_db()
        assert (visit.status, visit.started_on) == ("under_way", today - timedelta(days=2))
        with pytest.raises(DomainError, match="before the arrival"):
            services.stop_depart(stop=stop, at=local(today - timedelta(days=3)), by=secretariat)
        services.stop_depart(stop=stop, at=local(today - timedelta(days=2), 17), by=secretariat)
        services.visit_set_status(visit=visit, status="completed", by=secretariat)
        visit.refresh_from_db()
        assert (visit.status, visit.ended_on) == ("completed", today - timedelta(days=2))
        with pytest.raises(DomainError, match="cannot change status"):
            services.visit_set_status(visit=visit, status="cancelled", by=secretariat)


class TestRecords:
    def test_a_refusal_of_access_at_a_place_is_recorded_and_audited(
        self, notified_visit: Any, places: list[Any], users: dict[str, Any], today: date
    ) -> None:
        by = users[Role.DELEGATION_MEMBER]
        event = services.access_event_record(
            visit=notified_visit,
            kind="refused",
            occurred_at=local(today - timedelta(days=1), 11),
            place=places[0],
            description="The governor refused entry to the punishment block.",
            by=by,
        )
        assert (event.kind, event.place, event.recorded_by) == ("refused", places[0], by)
        entry = AuditEntry.objects.get(verb="access_event.record")
        assert entry.detail["place"] == "RU-MOW-SIZO-1" and entry.actor == by

    def test_access_events_need_their_facts_right(
        self, visit: Any, notified_visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        cases = [
            ({"kind": "delayed"}, "duration"),
            ({"kind": "refused", "delay_minutes": 10}, "Only a delay"),
            ({"kind": "granted", "occurred_at": local(today + timedelta(days=2))}, "future"),
            ({"kind": "granted", "occurred_at": local(today - timedelta(days=10))}, "outside the visit"),
            ({"kind": "granted", "place": places[3]}, "not in"),
        ]
        for extra, message in cases:
            arguments = {"occurred_at": local(today - timedelta(days=1)), **extra}
            with pytest.raises(DomainError, match=message):
                services.access_event_record(visit=notified_visit, by=secretariat, **arguments)
        assert not AccessEvent.objects.exists()
        delayed = services.access_event_record(
            visit=notified_visit,
            kind="delayed",
            delay_minutes=95,
            occurred_at=local(today - timedelta(days=1)),
            by=secretariat,
        )
        assert delayed.delay_minutes == 95

    def test_objections_on_any_ground_are_recorded_and_classified_against_the_ecpt(
        self, notified_visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        objection = services.objection_record(
            visit=notified_visit,
            ground="serious_disorder",
            raised_on=today - timedelta(days=3),
            place=places[0],
            explanation="A riot in the colony.",
            by=secretariat,
        )
        assert (objection.ground, objection.article) == ("serious_disorder", "Art. 9(1) ECPT")
        for ground in ("state of emergency", "sanctions", "unspecified"):
            improper = services.objection_record(
                visit=notified_visit, ground=ground, raised_on=today, by=secretariat
            )
            assert (improper.ground, improper.on_allowed_ground) == (ground, False)
        with pytest.raises(DomainError, match="Give the ground"):
            services.objection_record(visit=notified_visit, ground=" ", raised_on=today, by=secretariat)
        assert Objection.objects.filter(on_allowed_ground=True).count() == 1
        assert verbs().count("objection.record") == 4

    def test_a_body_with_no_objection_clause_cannot_have_objections(
        self, bodies: Any, russia: Any, secretariat: Any, today: date
    ) -> None:
        visit = services.visit_plan(
            body=bodies["RU-PMC"],
            state=russia,
            time_zone="Europe/Moscow",
            kind="ad_hoc",
            planned_start=today,
            planned_end=today + timedelta(days=1),
            by=secretariat,
        ).visit
        with pytest.raises(DomainError, match="no objection can be recorded"):
            services.objection_record(visit=visit, ground="public_safety", raised_on=today, by=secretariat)

    def test_observations_default_to_one_month_and_need_a_visit_under_way(
        self, notified_visit: Any, places: list[Any], secretariat: Any, today: date
    ) -> None:
        with pytest.raises(DomainError, match="under way or completed"):
            services.observation_record(visit=notified_visit, communicated_on=today, text="x", by=secretariat)
        services.visit_set_status(
            visit=notified_visit, status="under_way", on=today - timedelta(days=4), by=secretariat
        )
        with pytest.raises(DomainError, match="must be after"):
            services.observation_record(
                visit=notified_visit,
                communicated_on=today,
                response_due=today,
                text="Stop the use of the cage.",
                by=secretariat,
            )
        observation = services.observation_record(
            visit=notified_visit, communicated_on=today, text="Stop the use of the cage.", by=secretariat
        )
        from custodiet.visits.rules import default_response_due

        assert observation.response_due == default_response_due(today)
        services.observation_answer_record(observation=observation, received_on=today, by=secretariat)
        assert verbs()[-2:] == ["observation.record", "observation.answer"]

    def test_every_change_leaves_an_intact_audit_chain(self, delegation_user: Any) -> None:
        assert {"visit.plan", "notification.record", "visit.set_status", "delegation.add"} <= set(verbs())
        assert audit_verify() == []


class TestSelectors:
    def test_a_place_page_lists_the_visits_the_reader_may_see(
        self,
        notified_visit: Any,
        places: list[Any],
        users: dict[str, Any],
        secretariat: Any,
        delegation_user: Any,
    ) -> None:
        services.itinerary_add(visit=notified_visit, place=places[0], by=secretariat)
        assert selectors.visits_for_place(places[0], secretariat) == [notified_visit]
        assert selectors.visits_for_place(places[0], delegation_user) == [notified_visit]
        assert selectors.visits_for_place(places[0], users[Role.ANALYST]) == []
        assert selectors.visits_for_place(places[1], secretariat) == []

    def test_the_list_filters_by_state_body_status_kind_and_year(
        self, notified_visit: Any, today: date
    ) -> None:
        admin = notified_visit.planned_by
        assert list(
            selectors.visit_list(
                admin, state=resolve_state("ru"), body="CPT", status="notified", kind="periodic"
            )
        ) == [notified_visit]
        assert not selectors.visit_list(admin, state=resolve_state("UA")).exists()
        assert not selectors.visit_list(admin, year=notified_visit.planned_start.year - 1).exists()
