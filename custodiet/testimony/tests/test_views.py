"""The testimony pages as their users see them: the list shows no account, the interview page shows
the account and the pseudonym, the identity only after an explicit POST, every read is audited, and
each form records through its service (or shows the rule that refused it and writes nothing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.testimony import services
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    Person,
    ReprisalFollowUp,
    ReprisalRisk,
)
from custodiet.testimony.tests.conftest import (
    ACCOUNT,
    ACTION,
    DESCRIPTION,
    INJURIES,
    NAME,
    REASON,
    REGISTRY,
    Record,
    World,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(client: Client, world: World) -> Client:
    client.force_login(world.users["delegation_on"])
    return client


def reads(verb: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb).order_by("seq"))


class TestReading:
    def test_the_list_shows_pseudonyms_and_kinds_but_no_account_and_is_audited(
        self, doctor: Client, world: World, record: Record
    ) -> None:
        response = doctor.get(reverse("testimony:visit_interviews", args=[world.visit.pk]))
        body = response.content.decode()
        assert record.person.code in body and "Physical ill-treatment" in body and "at risk" in body
        assert ACCOUNT not in body and NAME not in body and DESCRIPTION not in body
        assert response["Cache-Control"] == "no-store, private"
        [entry] = reads("interview.list")
        assert (entry.target_type, entry.target_id, entry.detail["shown"]) == (
            "visits.visit",
            str(world.visit.pk),
            1,
        )

    def test_the_interview_page_shows_the_account_and_is_audited(
        self, doctor: Client, world: World, record: Record
    ) -> None:
        response = doctor.get(reverse("testimony:interview_detail", args=[record.interview.pk]))
        body = response.content.decode()
        for shown in (
            ACCOUNT,
            record.person.code,
            DESCRIPTION,
            INJURIES,
            REASON,
            ACTION,
            "Highly consistent",
        ):
            assert shown in body, shown
        assert 'lang="ru"' in body and "Olga Petrova" in body
        assert NAME not in body and REGISTRY not in body and "Show identity" in body
        [entry] = reads("interview.read")
        assert entry.actor == world.users["delegation_on"]
        assert (entry.target_type, entry.target_id) == ("testimony.interview", str(record.interview.pk))
        assert entry.detail == {"person": record.person.code, "via": "page"}

    def test_the_identity_is_shown_only_on_an_explicit_post_and_each_showing_is_audited(
        self, doctor: Client, record: Record
    ) -> None:
        url = reverse("testimony:identity_reveal", args=[record.interview.pk])
        assert doctor.get(url).status_code == 405
        response = doctor.post(url)
        body = response.content.decode()
        assert (
            response.status_code == 200 and NAME in body and REGISTRY in body and "23 November 1979" in body
        )
        assert response["Cache-Control"] == "no-store, private"
        assert len(reads("identity.read")) == 1
        again = doctor.get(reverse("testimony:interview_detail", args=[record.interview.pk])).content.decode()
        assert NAME not in again
        doctor.post(url)
        assert len(reads("identity.read")) == 2

    def test_a_person_without_identity_is_said_to_be_known_by_pseudonym_only(
        self, doctor: Client, world: World, record: Record
    ) -> None:
        interview = services.interview_record(
            visit=world.visit,
            person=services.NewPerson(),
            place=world.places["police"],
            held_at=record.interview.held_at,
            language="uk",
            interviewers=[world.members["doctor"]],
            account="Nothing to report.",
            by=world.users["delegation_on"],
        )
        body = doctor.post(reverse("testimony:identity_reveal", args=[interview.pk])).content.decode()
        assert "No identity is recorded" in body and "No consent recorded" in body
        assert reads("identity.read")[-1].detail == {"person": interview.person.code, "recorded": False}

    def test_the_secretariat_sees_the_persons_at_risk_with_their_actions(
        self, client: Client, world: World, record: Record
    ) -> None:
        client.force_login(world.users["secretariat"])
        response = client.get(reverse("testimony:at_risk", args=["ru"]))
        body = response.content.decode()
        assert record.person.code in body and ACTION in body and "Tverskoy" not in body
        assert "Pre-trial centre No. 1" in body and REASON not in body
        assert reads("reprisal.list")[0].detail == {"shown": 1, "via": "page"}
        filtered = client.get(
            reverse("testimony:at_risk", args=["RU"]), {"place": "RU-MOW-OVD-7"}
        ).content.decode()
        assert record.person.code not in filtered
        assert client.get(reverse("testimony:at_risk", args=["XX"])).status_code == 404

    def test_the_persons_at_risk_page_takes_a_state_by_any_of_its_names(
        self, client: Client, world: World, record: Record
    ) -> None:
        client.force_login(world.users["secretariat"])
        for written in ("RUS", "rus", "Russian Federation"):
            response = client.get(reverse("testimony:at_risk", args=[written]))
            assert response.status_code == 200 and record.person.code in response.content.decode(), written


class TestRecording:
    def interview_form(self, world: World, **changes: Any) -> dict[str, Any]:
        return {
            "place": world.places["sizo"].pk,
            "held_at": f"{world.today - timedelta(days=1):%Y-%m-%d}T16:30",
            "language": "ru",
            "interviewers": [world.members["doctor"].pk, world.members["head"].pk],
            "interpreter": world.members["interpreter"].pk,
            "private": "on",
            "account": "Я ничего не скажу при охране.",
            "name": "Ivan Sidorov",
            "use_information": "on",
            **changes,
        }

    def test_a_delegation_member_records_an_interview_with_a_new_person(
        self, doctor: Client, world: World
    ) -> None:
        form = doctor.get(reverse("testimony:interview_record", args=[world.visit.pk])).content.decode()
        assert "Olga Petrova" in form and "Tverskoy police station" in form and "Psychiatric" not in form
        response = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]), self.interview_form(world)
        )
        interview = Interview.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "testimony:interview_detail", args=[interview.pk]
        )
        assert (
            interview.account == "Я ничего не скажу при охране."
            and interview.interpreter == world.members["interpreter"]
        )
        assert interview.person.identity.name == "Ivan Sidorov"
        consent = Consent.objects.get()
        assert consent.use_information and not consent.be_named

    def test_a_refused_rule_shows_its_words_and_writes_nothing(self, doctor: Client, world: World) -> None:
        response = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, private=""),
        )
        assert response.status_code == 200 and "say who was within hearing" in response.content.decode()
        assert (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)

    def test_an_unknown_pseudonym_is_refused(self, doctor: Client, world: World, record: Record) -> None:
        response = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, person_code="P-22222222", name="", use_information=""),
        )
        assert "No person P-22222222" in response.content.decode()
        mixed = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, person_code=record.person.code),
        )
        assert "leave the new person" in mixed.content.decode() and Interview.objects.count() == 1
        known = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, person_code=record.person.code.lower(), name="", use_information=""),
        )
        assert known.status_code == 302 and Person.objects.count() == 1 and Interview.objects.count() == 2

    def test_a_pseudonym_written_with_spaces_and_small_letters_finds_the_person(
        self, doctor: Client, world: World, record: Record
    ) -> None:
        code = record.person.code
        written = f" {code[:6].lower()} {code[6:].lower()} "  # longer than the code itself
        response = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, person_code=written, name="", use_information=""),
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert Person.objects.count() == 1
        assert [interview.person for interview in Interview.objects.all()] == [record.person] * 2

    def test_an_unknown_pseudonym_writes_nothing(self, doctor: Client, world: World, record: Record) -> None:
        before = (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count())
        response = doctor.post(
            reverse("testimony:interview_record", args=[world.visit.pk]),
            self.interview_form(world, person_code="p-2222 2222", name="", use_information=""),
        )
        assert response.status_code == 200
        assert "No person P-22222222 among those met in" in response.content.decode()
        assert (Person.objects.count(), Interview.objects.count(), AuditEntry.objects.count()) == before

    def test_the_forms_on_an_interview_record_through_the_services(
        self, doctor: Client, world: World, record: Record
    ) -> None:
        pk = record.interview.pk
        day = f"{world.today - timedelta(days=1):%Y-%m-%d}"
        posts = [
            (
                "allegation_record",
                {
                    "type": "deprivation_sleep",
                    "perpetrator": "prison_staff",
                    "stage": "pre_trial",
                    "precision": "month",
                    "occurred_from": day,
                    "description": "lights on all night",
                },
            ),
            (
                "examination_record",
                {
                    "examined_by": world.members["doctor"].pk,
                    "examined_at": f"{day}T17:00",
                    "injuries": "none seen",
                    "consistency": "",
                },
            ),
            ("consent_record", {"given_on": day, "use_information": "on", "be_contacted_again": "on"}),
            ("reprisal_flag", {"level": "medium", "reason": "seen talking to us by the deputy head"}),
        ]
        for name, data in posts:
            response = doctor.post(reverse(f"testimony:{name}", args=[pk]), data)
            assert response.status_code == 302, (name, response.content.decode()[-2000:])
        assert Allegation.objects.filter(type="deprivation_sleep", period_quarter__isnull=False).count() == 1
        assert MedicalExamination.objects.count() == 2 and Consent.objects.count() == 2
        risk = ReprisalRisk.objects.get(level="medium")
        response = doctor.post(
            reverse("testimony:follow_up_record", args=[risk.pk]),
            {
                "action": "ask the prosecutor",
                "due_on": f"{world.today + timedelta(days=30):%Y-%m-%d}",
                "interview": pk,
            },
        )
        assert response["Location"] == reverse("testimony:interview_detail", args=[pk])
        follow_up = ReprisalFollowUp.objects.get(risk=risk)
        assert follow_up.due_on and not follow_up.due_at_next_visit
        doctor.post(
            reverse("testimony:follow_up_done", args=[follow_up.pk]),
            {"done_on": f"{world.today:%Y-%m-%d}", "outcome": "asked"},
        )
        follow_up.refresh_from_db()
        assert follow_up.done_on == world.today and follow_up.outcome == "asked"
        doctor.post(reverse("testimony:reprisal_close", args=[risk.pk]))
        risk.refresh_from_db()
        assert risk.status == "closed"

    def test_the_examination_form_offers_only_the_delegations_doctors(
        self, doctor: Client, record: Record
    ) -> None:
        body = doctor.get(
            reverse("testimony:examination_record", args=[record.interview.pk])
        ).content.decode()
        assert "Dr Anna Lindqvist" in body and "Tom Reed" not in body and "Olga Petrova" not in body
        refused = doctor.post(
            reverse("testimony:examination_record", args=[record.interview.pk]),
            {"examined_by": "999999", "examined_at": "2026-01-01T10:00", "injuries": "x"},
        )
        assert refused.status_code == 200 and MedicalExamination.objects.count() == 1


class TestAggregatesPage:
    def test_an_analyst_sees_counts_with_small_ones_suppressed_and_no_testimony(
        self, client: Client, world: World, record: Record
    ) -> None:
        client.force_login(world.users["analyst"])
        response = client.get(reverse("testimony:aggregates"), {"state": "RU"})
        body = response.content.decode()
        assert response.status_code == 200 and "fewer than 3" in body
        assert record.person.code not in body and ACCOUNT not in body and DESCRIPTION not in body
        assert 'data-key="physical"' in body and "Tverskoy police station" in body

    def test_the_state_filter_takes_a_code_or_a_name_and_says_when_it_knows_none(
        self, client: Client, world: World, record: Record
    ) -> None:
        client.force_login(world.users["analyst"])
        by_code3 = client.get(reverse("testimony:aggregates"), {"state": "RUS"}).content.decode()
        assert "fewer than 3" in by_code3 and "· Russian Federation" in by_code3
        unknown = client.get(reverse("testimony:aggregates"), {"state": "Atlantis"}).content.decode()
        assert "No State is known as" in unknown and "The filter is ignored." in unknown
