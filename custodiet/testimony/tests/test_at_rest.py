"""The database file holds no plaintext of testimony: an account, an identity, a medical note, the exact
date and the description of alleged ill-treatment, a reprisal reason or a follow-up action.

As in custodiet/core/tests/test_at_rest.py: a separate process migrates a real SQLite file, records an
interview with everything through the services (which also write their audit entries), reads it back
as a delegation member would (more audit entries), checkpoints the write-ahead log and closes; the test
then reads the raw bytes of the database file (and any -wal left) and looks for each plaintext.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPT = """
import datetime, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", verbosity=0)
from custodiet.core.models import User
from custodiet.places.models import Place
from custodiet.testimony import selectors, services
from custodiet.treaties.models import Instrument, MonitoringBody, State
from custodiet.visits.models import DelegationMember, ItineraryStop, Visit

today = timezone.localdate()
ru = State.objects.create(code="RU", code3="RUS", name_en="Russian Federation", name_fr="Russie")
ecpt = Instrument.objects.create(code="ETS-126", short_title="ECPT", title="ECPT", organisation="CoE",
                                 adopted_on=datetime.date(1987, 11, 26), depositary="SG", source="https://x", clauses={})
body = MonitoringBody.objects.create(code="CPT", name="CPT", kind="international", basis="treaty", instrument=ecpt,
                                     source="test")
place = Place.objects.create(ref="RU-MOW-SIZO-1", name_local="SIZO-1", type="pre_trial", state=ru)
visit = Visit.objects.create(body=body, state=ru, kind="periodic", status="under_way",
                             planned_start=today - datetime.timedelta(days=3), planned_end=today + datetime.timedelta(days=3))
ItineraryStop.objects.create(visit=visit, place=place)
user = User.objects.create_user(username="m.delegate-07", password="a-long-test-password", role="delegation_member")
doctor = DelegationMember.objects.create(visit=visit, name="Dr A", role="expert", expertise="forensic doctor", user=user)
interview = services.interview_record(
    visit=visit,
    person=services.NewPerson(
        identity=services.IdentityDetails(name="Yevgeny Oblomskiy", born_on=datetime.date(1979, 11, 23),
                                          registry_number="KZ-9931-QX", other_identifying="tattoo of a wolf on the neck"),
        consent=services.ConsentDetails(use_information=True, be_named=False, be_contacted_again=True,
                                        note="consent asked through Dariusz"),
    ),
    place=place, held_at=timezone.now() - datetime.timedelta(hours=2), language="ru", interviewers=[doctor],
    account="They hung me from the bars of cell fourteen by the handcuffs", by=user,
)
allegation = services.allegation_record(
    interview=interview, type="physical", perpetrator="police", stage="police_custody", precision="day",
    occurred_from=datetime.date(2026, 5, 3), location_detail="the office behind the duty room",
    description="beaten with a truncheon wrapped in newspaper", by=user,
)
services.examination_record(
    interview=interview, allegation=allegation, examined_by=doctor, examined_at=timezone.now() - datetime.timedelta(hours=1),
    injuries="linear bruises across both shoulder blades", notes="fractured zygomatic arch suspected", by=user,
)
risk = services.reprisal_flag(interview=interview, level="high", reason="the deputy governor watched him enter", by=user)
services.reprisal_follow_up(risk=risk, action="phone the ombudsman in Kazan", by=user)
read = selectors.interview_detail(user, interview.pk)
services.interview_read(interview=read, by=user)
services.identity_reveal(person=read.person, by=user)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
"""
SECRETS = [
    "hung me from the bars",
    "Yevgeny",
    "Oblomskiy",
    "1979-11-23",
    "KZ-9931-QX",
    "tattoo of a wolf",
    "through Dariusz",
    "2026-05-03",
    "behind the duty room",
    "truncheon wrapped",
    "linear bruises",
    "zygomatic",
    "deputy governor",
    "ombudsman in Kazan",
]


@pytest.mark.slow_subprocess
def test_the_sqlite_file_holds_no_plaintext_of_testimony() -> None:
    directory = Path(tempfile.mkdtemp())
    env = dict(
        os.environ, CUSTODIET_DATA_DIR=str(directory), DJANGO_SETTINGS_MODULE="custodiet.settings_test"
    )
    env.pop("CUSTODIET_DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    stored = b"".join(
        path.read_bytes() for path in directory.iterdir() if path.name.startswith("custodiet.sqlite3")
    )
    # The file is the right one and readable as bytes: the clear columns are there.
    assert b"m.delegate-07" in stored and b"RU-MOW-SIZO-1" in stored and b"interview.read" in stored
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(encoding) not in stored, f"{secret!r} is in the database file ({encoding})"
