"""The testimony services on the database: each rule refuses with a message and writes nothing (no
person, no identity, no consent, no audit entry); each change leaves one audit entry that carries ids
and codes, never a decrypted value; the database refuses what the constraints forbid."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from custodiet.core.audit import audit_verify
from custodiet.core.errors import DomainError
from custodiet.core.fields import blind_lookup
from custodiet.core.models import AuditEntry
from custodiet.testimony import selectors, services
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    Person,
    PersonIdentity,
    ReprisalFollowUp,
    ReprisalRisk,
)
from custodiet.testimony.tests.conftest import (
    ACCOUNT,
    ACTION,
    DESCRIPTION,
    INJURIES,
    MEDICAL_NOTE,
    NAME,
    REASON,
    REGISTRY,
    Record,
    World,
    local,
)
from custodiet.visits.models import DelegationMember, Visit

pytestmark = pytest.mark.django_db
SECRETS = [
    ACCOUNT,
    NAME,
    "Oblomskiy",
    REGISTRY,
    DESCRIPTION,
    INJURIES,
    MEDICAL_NOTE,
    REASON,
    ACTION,
    "1979-11-23",
]


def counts() -> dict[str, int]:
    models = (
        Person,
        PersonIdentity,
        Consent,
        Interview,
        Allegation,
        MedicalExamination,
        ReprisalRisk,
        ReprisalFollowUp,
    )
    return {model.__name__: model.objects.count() for model in models} | {"audit": AuditEntry.objects.count()}


def interview_kwargs(world: World, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "visit": world.visit,
        "person": services.NewPerson(
            identity=services.IdentityDetails(name="Ivan Petrov", registry_number="AB-1"),
            consent=services.ConsentDetails(use_information=True, be_named=False, be_contacted_again=False),
        ),
        "place": world.places["sizo"],
        "held_at": local(world.today - timedelta(days=1), 15),
        "language": "ru",
        "interviewers": [world.members["doctor"]],
        "account": "He says nothing happened to him.",
        "by": world.users["delegation_on"],
    }
    return values | changes


class TestInterviewRecord:
    def test_a_delegation_member_records_an_interview_with_a_new_person(self, world: World) -> None:
        interview = services.interview_record(
            **interview_kwargs(world, interpreter=world.members["interpreter"])
        )
        person = interview.person
        assert person.code.startswith("P-") and len(person.code) == 10
        assert (person.state, person.first_met_visit, person.first_met_place) == (
            world.ru,
            world.visit,
            world.places["sizo"],
        )
        assert PersonIdentity.objects.get(person=person).name == "Ivan Petrov"
        consent = Consent.objects.get(person=person)
        assert consent.use_information and consent.given_on == world.today - timedelta(days=1)
        assert list(interview.interviewers.all()) == [world.members["doctor"]]
        assert [e.verb for e in AuditEntry.objects.order_by("seq")] == [
            "person.create",
            "consent.record",
            "interview.record",
        ]
        assert audit_verify() == []

    def test_an_interview_with_a_person_already_met(self, world: World, record: Record) -> None:
        again = services.interview_record(**interview_kwargs(world, person=record.person.code))
        assert again.person == record.person
        assert Person.objects.count() == 1

    def test_a_pseudonym_is_found_however_it_is_written(self, world: World, record: Record) -> None:
        code = record.person.code  # P-XXXXXXXX
        for written in (code.lower(), f"  {code[:6]} {code[6:]} ", code[2:].lower()):
            again = services.interview_record(**interview_kwargs(world, person=written))
            assert again.person == record.person, written
        assert Person.objects.count() == 1 and Interview.objects.count() == 4

    @pytest.mark.parametrize(
        ("written", "message"),
        [
            ("P-22222222", "No person P-22222222 among those met in"),
            ("nonsense!", "is not a pseudonym"),
        ],
    )
    def test_a_pseudonym_that_names_no_one_is_refused_and_nothing_is_written(
        self, world: World, record: Record, written: str, message: str
    ) -> None:
        before = counts()
        with pytest.raises(DomainError, match=message):
            services.interview_record(**interview_kwargs(world, person=written))
        assert counts() == before

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"place": "psy"}, "not on this visit's itinerary"),
            ({"held_at": "future"}, "in the future"),
            ({"held_at": "before"}, "outside the visit"),
            ({"language": "xx"}, "not a language known to ISO 639"),
            ({"interviewers": []}, "at least one interviewer"),
            ({"interviewers": "other"}, "not on this visit's delegation"),
            ({"interpreter": "lawyer"}, "not an interpreter"),
            ({"private": False}, "within hearing"),
            ({"within_hearing": "a guard"}, "private interview"),
            ({"account": "   "}, "account is required"),
        ],
    )
    def test_each_rule_refuses_and_nothing_is_written(
        self, world: World, changes: dict[str, Any], message: str
    ) -> None:
        resolved = {
            "psy": world.places["psy"],
            "future": local(world.today + timedelta(days=1)),
            "before": local(world.today - timedelta(days=30)),
            "other": [world.members["other"]],
            "lawyer": world.members["lawyer"],
        }
        kwargs = {
            name: resolved.get(value, value) if isinstance(value, str) else value
            for name, value in changes.items()
        }
        before = counts()
        with pytest.raises(DomainError, match=message):
            services.interview_record(**interview_kwargs(world, **kwargs))
        assert counts() == before

    def test_a_user_not_on_the_delegation_may_not_record(self, world: World) -> None:
        for persona in ("delegation_off", "committee_on", "analyst", "state_liaison", "administrator"):
            with pytest.raises(DomainError, match="may not record"):
                services.interview_record(**interview_kwargs(world, by=world.users[persona]))
        assert counts()["Person"] == 0

    def test_the_secretariat_records_on_any_visit(self, world: World) -> None:
        interview = services.interview_record(**interview_kwargs(world, by=world.users["secretariat"]))
        assert interview.recorded_by == world.users["secretariat"]

    @pytest.mark.parametrize(
        ("persona", "message"),
        [
            ("secretariat", "was met in another State"),
            # One who may not see the person is told that the code names no one, not that it exists.
            ("delegation_off", "No person P-"),
        ],
    )
    def test_a_person_met_in_another_state_is_refused(
        self, world: World, record: Record, persona: str, message: str
    ) -> None:
        with pytest.raises(DomainError, match=message):
            services.interview_record(
                **interview_kwargs(
                    world,
                    visit=world.other_visit,
                    place=world.places["kyiv"],
                    person=record.person.code,
                    interviewers=[world.members["other"]],
                    held_at=local(world.today - timedelta(days=1)),
                    by=world.users[persona],
                )
            )


class TestAuditDetails:
    def test_no_audit_entry_carries_a_decrypted_value(self, world: World, record: Record) -> None:
        services.consent_record(
            person=record.person,
            by=world.users["delegation_on"],
            use_information=True,
            be_named=True,
            be_contacted_again=True,
            note="asked in Russian through the interpreter",
        )
        services.reprisal_follow_up_done(
            follow_up=record.follow_up,
            done_on=world.today,
            outcome="seen alone; unharmed",
            by=world.users["delegation_on"],
        )
        services.identity_reveal(person=record.person, by=world.users["delegation_on"])
        services.interview_read(interview=record.interview, by=world.users["delegation_on"])
        services.reprisal_close(risk=record.risk, by=world.users["secretariat"])
        trail = json.dumps(
            [[e.verb, e.target_type, e.target_id, e.detail] for e in AuditEntry.objects.order_by("seq")],
            ensure_ascii=False,
        )
        for secret in [*SECRETS, "through the interpreter", "unharmed"]:
            assert secret not in trail, secret
        assert record.person.code in trail
        verbs = set(AuditEntry.objects.values_list("verb", flat=True))
        assert {
            "person.create",
            "consent.record",
            "interview.record",
            "allegation.record",
            "examination.record",
            "reprisal.flag",
            "reprisal.follow_up",
            "reprisal.follow_up_done",
            "identity.read",
            "interview.read",
            "reprisal.close",
        } <= verbs


class TestConsent:
    def test_the_history_is_kept_and_the_latest_applies(self, world: World, record: Record) -> None:
        services.consent_record(
            person=record.person,
            by=world.users["delegation_on"],
            use_information=False,
            be_named=False,
            be_contacted_again=False,
            given_on=world.today,
        )
        assert Consent.objects.filter(person=record.person).count() == 2
        latest = selectors.interview_detail(
            world.users["secretariat"], record.interview.pk
        ).person.consents.all()[0]
        assert latest.use_information is False

    def test_a_consent_recorded_late_does_not_replace_a_newer_one(self, world: World, record: Record) -> None:
        services.consent_record(
            person=record.person,
            by=world.users["delegation_on"],
            use_information=False,
            be_named=False,
            be_contacted_again=False,
            given_on=world.today - timedelta(days=3),
        )
        record.person.refresh_from_db()
        assert record.person.uses_information is True  # the interview's consent, a day later, still applies
        services.consent_record(
            person=record.person,
            by=world.users["delegation_on"],
            use_information=False,
            be_named=False,
            be_contacted_again=False,
            given_on=world.today,
        )
        record.person.refresh_from_db()
        assert record.person.uses_information is False

    def test_being_named_needs_the_use_of_the_information(self, world: World, record: Record) -> None:
        with pytest.raises(DomainError, match="also agree"):
            services.consent_record(
                person=record.person,
                by=world.users["delegation_on"],
                use_information=False,
                be_named=True,
                be_contacted_again=False,
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Consent.objects.create(
                person=record.person,
                given_on=world.today,
                use_information=False,
                be_named=True,
                be_contacted_again=False,
            )

    def test_consent_in_the_future_or_by_an_outsider_is_refused(self, world: World, record: Record) -> None:
        with pytest.raises(DomainError, match="future"):
            services.consent_record(
                person=record.person,
                by=world.users["delegation_on"],
                use_information=True,
                be_named=False,
                be_contacted_again=False,
                given_on=world.today + timedelta(days=1),
            )
        with pytest.raises(DomainError, match="may not"):
            services.consent_record(
                person=record.person,
                by=world.users["delegation_off"],
                use_information=True,
                be_named=False,
                be_contacted_again=False,
            )


class TestAllegationAndExamination:
    def test_the_exact_dates_are_encrypted_and_the_period_is_kept_in_clear(
        self, world: World, record: Record
    ) -> None:
        record.allegation.refresh_from_db()
        assert record.allegation.occurred_from == world.today - timedelta(days=40)
        day = world.today - timedelta(days=40)
        assert record.allegation.period_year == day.year
        assert record.allegation.period_quarter == (day.month - 1) // 3 + 1
        with pytest.raises(Exception, match="encrypted"):
            Allegation.objects.filter(occurred_from=day).count()

    def test_an_allegation_with_unknown_codes_or_dates_is_refused(self, world: World, record: Record) -> None:
        before = counts()
        base = {"interview": record.interview, "by": world.users["delegation_on"]}
        for kwargs in (
            {"type": "waterboarding", "perpetrator": "police", "stage": "arrest"},
            {"type": "physical", "perpetrator": "aliens", "stage": "arrest"},
            {"type": "physical", "perpetrator": "police", "stage": "holiday"},
            {"type": "physical", "perpetrator": "police", "stage": "arrest", "precision": "day"},
            {
                "type": "physical",
                "perpetrator": "police",
                "stage": "arrest",
                "precision": "day",
                "occurred_from": world.today + timedelta(days=1),
            },
        ):
            with pytest.raises(DomainError):
                services.allegation_record(**base, **kwargs)
        assert counts() == before

    def test_only_a_doctor_of_the_delegation_records_an_examination(
        self, world: World, record: Record
    ) -> None:
        base = {
            "interview": record.interview,
            "examined_at": local(world.today - timedelta(days=1), 13),
            "injuries": "none seen",
            "by": world.users["delegation_on"],
        }
        before = counts()
        with pytest.raises(DomainError, match="not recorded as a doctor"):
            services.examination_record(examined_by=world.members["lawyer"], **base)
        with pytest.raises(DomainError, match="delegation"):
            services.examination_record(examined_by=world.members["other"], **base)
        with pytest.raises(DomainError, match="Unknown degree"):
            services.examination_record(examined_by=world.members["doctor"], consistency="likely", **base)
        assert counts() == before
        done = services.examination_record(examined_by=world.members["doctor"], **base)
        assert done.consistency == "" and done.injuries == "none seen"


class TestReprisals:
    def test_a_follow_up_is_due_once_and_done_once(self, world: World, record: Record) -> None:
        with pytest.raises(DomainError, match="not both"):
            services.reprisal_follow_up(
                risk=record.risk, action="call", due_on=world.today, by=world.users["delegation_on"]
            )
        services.reprisal_follow_up_done(
            follow_up=record.follow_up, done_on=world.today, outcome="seen", by=world.users["delegation_on"]
        )
        with pytest.raises(DomainError, match="already done"):  # the same again is a double submit: once
            services.reprisal_follow_up_done(
                follow_up=record.follow_up,
                done_on=world.today,
                outcome="seen again",
                by=world.users["delegation_on"],
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            ReprisalFollowUp.objects.create(
                risk=record.risk, action="x", due_at_next_visit=True, due_on=date(2027, 1, 1)
            )

    def test_a_closed_risk_takes_no_more_actions(self, world: World, record: Record) -> None:
        services.reprisal_close(risk=record.risk, by=world.users["secretariat"])
        record.risk.refresh_from_db()
        assert (record.risk.status, record.risk.closed_on) == ("closed", world.today)
        with pytest.raises(DomainError, match="closed"):
            services.reprisal_follow_up(risk=record.risk, action="call", by=world.users["secretariat"])

    def test_the_next_delegation_to_the_state_may_follow_up_but_not_flag(
        self, world: World, record: Record
    ) -> None:
        nxt = Visit.objects.create(
            body=world.body,
            state=world.ru,
            kind="follow_up",
            status="planned",
            planned_start=world.today + timedelta(days=60),
            planned_end=world.today + timedelta(days=65),
        )
        DelegationMember.objects.create(
            visit=nxt, name="Jan Novak", role="member", user=world.users["delegation_off"]
        )
        services.reprisal_follow_up(risk=record.risk, action="check on him", by=world.users["delegation_off"])
        with pytest.raises(DomainError, match="may not add"):
            services.reprisal_flag(
                interview=record.interview, level="low", reason="x", by=world.users["delegation_off"]
            )


class TestIdentity:
    def test_revealing_an_identity_is_audited_and_refused_to_others(
        self, world: World, record: Record
    ) -> None:
        identity = services.identity_reveal(person=record.person, by=world.users["delegation_on"])
        assert identity is not None and identity.name == NAME and identity.registry_number == REGISTRY
        entry = AuditEntry.objects.filter(verb="identity.read").get()
        assert entry.actor == world.users["delegation_on"] and entry.detail == {
            "person": record.person.code,
            "recorded": True,
        }
        for persona in ("committee_on", "delegation_off", "analyst", "administrator", "state_liaison"):
            with pytest.raises(DomainError):
                services.identity_reveal(person=record.person, by=world.users[persona])
        assert AuditEntry.objects.filter(verb="identity.read").count() == 1

    def test_a_registry_number_is_found_by_its_blind_index(self, world: World, record: Record) -> None:
        found = PersonIdentity.objects.filter(
            registry_number_index__in=blind_lookup(PersonIdentity, "registry_number_index", " kz-9931-qx ")
        )
        assert [identity.person_id for identity in found] == [record.person.pk]


class TestConstraints:
    @pytest.mark.parametrize(
        "change",
        [
            {"language": ""},
            {"private": False, "within_hearing": ""},
            {"private": True, "within_hearing": "a guard"},
        ],
    )
    def test_the_database_refuses_an_interview_that_breaks_a_rule(
        self, world: World, record: Record, change: dict[str, Any]
    ) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Interview.objects.filter(pk=record.interview.pk).update(**change)

    @pytest.mark.parametrize(
        "change",
        [
            {"type": "waterboarding"},
            {"perpetrator": "aliens"},
            {"period_quarter": 5},
            {"precision": "unknown"},  # a year is kept: the date is not unknown
        ],
    )
    def test_the_database_refuses_an_allegation_off_the_taxonomy(
        self, record: Record, change: dict[str, Any]
    ) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Allegation.objects.filter(pk=record.allegation.pk).update(**change)

    def test_the_database_refuses_a_code_that_is_not_a_pseudonym_and_a_repeated_one(
        self, record: Record
    ) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.filter(pk=record.person.pk).update(code="Yevgeny")
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.create(
                code=record.person.code,
                state=record.person.state,
                first_met_visit=record.person.first_met_visit,
            )

    def test_risk_and_examination_codes_are_checked(self, record: Record) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            ReprisalRisk.objects.filter(pk=record.risk.pk).update(level="extreme")
        with pytest.raises(IntegrityError), transaction.atomic():
            ReprisalRisk.objects.filter(pk=record.risk.pk).update(status="closed")  # without a date
        with pytest.raises(IntegrityError), transaction.atomic():
            MedicalExamination.objects.filter(pk=record.examination.pk).update(consistency="likely")


def test_a_follow_up_and_a_closing_submitted_twice_are_recorded_once(world: World, record: Record) -> None:
    """A double submit (each request read the row before the other wrote) writes once, one audit entry."""
    from custodiet.testimony.models import ReprisalFollowUp, ReprisalRisk

    by = world.users["delegation_on"]
    for _ in range(2):
        services.reprisal_follow_up_done(
            follow_up=ReprisalFollowUp.objects.get(pk=record.follow_up.pk),
            done_on=world.today,
            outcome="seen alone; unharmed",
            by=by,
        )
    for _ in range(2):
        services.reprisal_close(
            risk=ReprisalRisk.objects.get(pk=record.risk.pk), by=world.users["secretariat"]
        )
    verbs = list(AuditEntry.objects.values_list("verb", flat=True))
    assert verbs.count("reprisal.follow_up_done") == 1 and verbs.count("reprisal.close") == 1
    with pytest.raises(DomainError, match="already done"):
        services.reprisal_follow_up_done(
            follow_up=ReprisalFollowUp.objects.get(pk=record.follow_up.pk),
            done_on=world.today,
            outcome="another outcome",
            by=by,
        )
