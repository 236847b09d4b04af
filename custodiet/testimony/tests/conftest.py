"""Fixtures of the testimony tests: two visits (one to the Russian Federation, one to Ukraine), a user
for every role and for both sides of the delegation rule, and one interview with everything recorded
through the services: a person with an identity and consent, an allegation, a medical examination and
a reprisal risk with a follow-up action.

The visits are written directly (the treaty gate is the visits app's business), so the suite needs no
reference data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from custodiet.core.models import Role
from custodiet.places.models import Place
from custodiet.testimony import services
from custodiet.treaties.models import Instrument, MonitoringBody, State
from custodiet.visits.models import DelegationMember, ItineraryStop, Visit

# Plaintexts that must never reach the database file, an audit entry or a page they do not belong on.
ACCOUNT = "They made me stand against the radiator for the whole night in cell 14"
NAME = "Yevgeny Oblomskiy"
REGISTRY = "KZ-9931-QX"
DESCRIPTION = "struck with a rubber truncheon on the kidneys"
INJURIES = "healing haematoma over the left flank, 6 by 4 cm"
MEDICAL_NOTE = "zygomatic tenderness on palpation"
REASON = "the block chief said he would pay for talking"
ACTION = "ask to see him alone on the first day"

# Personas: the role of each, and whether they are on the Russian visit's delegation.
PERSONAS = {
    "administrator": Role.ADMINISTRATOR,
    "secretariat": Role.SECRETARIAT,
    "committee_on": Role.COMMITTEE_MEMBER,
    "committee_off": Role.COMMITTEE_MEMBER,
    "delegation_on": Role.DELEGATION_MEMBER,
    "delegation_off": Role.DELEGATION_MEMBER,
    "state_liaison": Role.STATE_LIAISON,
    "analyst": Role.ANALYST,
    "public": Role.PUBLIC,
}


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class World:
    today: date
    ru: Any
    ua: Any
    body: Any
    places: dict[str, Any]
    visit: Any
    other_visit: Any
    users: dict[str, Any]
    members: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(db: Any, make_user: Any) -> World:
    today = timezone.localdate()
    ru = State.objects.create(code="RU", code3="RUS", name_en="Russian Federation", name_fr="Russie")
    ua = State.objects.create(code="UA", code3="UKR", name_en="Ukraine", name_fr="Ukraine")
    ecpt = Instrument.objects.create(  # a bare record: the treaty gate is not under test here
        code="ETS-126",
        short_title="ECPT",
        title="European Convention for the Prevention of Torture",
        organisation="Council of Europe",
        adopted_on=date(1987, 11, 26),
        depositary="Secretary General",
        source="https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum=126",
        clauses={},
    )
    body = MonitoringBody.objects.create(
        code="CPT",
        name="European Committee for the Prevention of Torture",
        kind="international",
        basis="treaty",
        instrument=ecpt,
        source="test",
    )
    places = {
        "sizo": Place.objects.create(
            ref="RU-MOW-SIZO-1",
            name_local="СИЗО-1",
            name_en="Pre-trial centre No. 1",
            type="pre_trial",
            state=ru,
        ),
        "police": Place.objects.create(
            ref="RU-MOW-OVD-7",
            name_local="ОВД Тверской",
            name_en="Tverskoy police station",
            type="police",
            state=ru,
        ),
        "psy": Place.objects.create(
            ref="RU-MOW-PSY-1",
            name_local="ПБ № 1",
            name_en="Psychiatric hospital No. 1",
            type="psychiatric",
            state=ru,
        ),
        "kyiv": Place.objects.create(
            ref="UA-KYI-SIZO",
            name_local="Київський СІЗО",  # noqa: RUF001 - Ukrainian, not look-alike Latin
            name_en="Kyiv pre-trial centre",
            type="pre_trial",
            state=ua,
        ),
    }
    users = {persona: make_user(role, username=persona) for persona, role in PERSONAS.items()}
    visit = Visit.objects.create(
        body=body,
        state=ru,
        kind="periodic",
        status="under_way",
        title="Periodic visit to the Russian Federation",
        planned_start=today - timedelta(days=5),
        planned_end=today + timedelta(days=5),
        started_on=today - timedelta(days=5),
    )
    other_visit = Visit.objects.create(
        body=body,
        state=ua,
        kind="ad_hoc",
        status="under_way",
        title="Ad hoc visit to Ukraine",
        planned_start=today - timedelta(days=3),
        planned_end=today + timedelta(days=3),
        started_on=today - timedelta(days=3),
    )
    for place in (places["sizo"], places["police"]):
        ItineraryStop.objects.create(visit=visit, place=place)
    ItineraryStop.objects.create(visit=other_visit, place=places["kyiv"])
    members = {
        "doctor": DelegationMember.objects.create(
            visit=visit,
            name="Dr Anna Lindqvist",
            role="expert",
            expertise="forensic doctor",
            user=users["delegation_on"],
        ),
        "member": DelegationMember.objects.create(
            visit=visit, name="Pierre Martin", role="member", user=users["committee_on"]
        ),
        "head": DelegationMember.objects.create(visit=visit, name="Maria Costa", role="head"),
        "lawyer": DelegationMember.objects.create(
            visit=visit, name="Tom Reed", role="expert", expertise="lawyer"
        ),
        "interpreter": DelegationMember.objects.create(visit=visit, name="Olga Petrova", role="interpreter"),
        "other": DelegationMember.objects.create(
            visit=other_visit, name="Jan Novak", role="member", user=users["delegation_off"]
        ),
        "other_committee": DelegationMember.objects.create(
            visit=other_visit, name="Eva Berg", role="member", user=users["committee_off"]
        ),
    }
    return World(today, ru, ua, body, places, visit, other_visit, users, members)


@dataclass
class Record:
    interview: Any
    person: Any
    allegation: Any
    examination: Any
    risk: Any
    follow_up: Any


@pytest.fixture
def record(world: World) -> Record:
    """One interview on the Russian visit, with everything, recorded by the delegation's doctor."""
    doctor = world.users["delegation_on"]
    interview = services.interview_record(
        visit=world.visit,
        person=services.NewPerson(
            identity=services.IdentityDetails(
                name=NAME, born_on=date(1979, 11, 23), registry_number=REGISTRY
            ),
            consent=services.ConsentDetails(use_information=True, be_named=False, be_contacted_again=True),
        ),
        place=world.places["sizo"],
        held_at=local(world.today - timedelta(days=1), 11),
        language="ru",
        interviewers=[world.members["doctor"], world.members["head"]],
        interpreter=world.members["interpreter"],
        account=ACCOUNT,
        by=doctor,
    )
    allegation = services.allegation_record(
        interview=interview,
        type="physical",
        perpetrator="police",
        stage="police_custody",
        precision="day",
        occurred_from=world.today - timedelta(days=40),
        place_alleged=world.places["police"],
        description=DESCRIPTION,
        by=doctor,
    )
    examination = services.examination_record(
        interview=interview,
        allegation=allegation,
        examined_by=world.members["doctor"],
        examined_at=local(world.today - timedelta(days=1), 12),
        injuries=INJURIES,
        notes=MEDICAL_NOTE,
        consistency="highly_consistent",
        photographs=True,
        by=doctor,
    )
    risk = services.reprisal_flag(interview=interview, level="high", reason=REASON, by=doctor)
    follow_up = services.reprisal_follow_up(risk=risk, action=ACTION, by=doctor)
    return Record(interview, interview.person, allegation, examination, risk, follow_up)
