"""No name, e-mail or marker written through the services is stored in clear: the database file, its
write-ahead log and the audit trail are scanned for each one.

A separate process migrates a real SQLite file and goes through the people and the monitoring as users
would: the first administrator and secretariat, accounts with names and e-mails (one waiting for the
secretariat's approval, one liaison with its State), a body and delegations, members without an account
(an expert, an interpreter who then leaves), an interview with an identity, examinations recorded by the
doctor and on the doctor's behalf, a report adopted with the names of those who voted. It copies the
write-ahead log before the checkpoint, dumps the audit trail as JSON, and closes; the test then reads
every byte and looks for each plaintext in three encodings.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPT = """
import datetime, json, shutil, django
django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", verbosity=0)
from custodiet.core.audit import entry_as_dict
from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry
from custodiet.core.people import services as people
from custodiet.places.models import Place
from custodiet.reports.services import item_add, report_adopt, report_create
from custodiet.testimony import services as testimony
from custodiet.treaties.models import Instrument, MonitoringBody, State
from custodiet.visits import services as visits
from custodiet.visits.models import ItineraryStop, Visit

today = timezone.localdate()
day = lambda n: today - datetime.timedelta(days=n)
moment = lambda n, hour: timezone.make_aware(datetime.datetime.combine(day(n), datetime.time(hour)))
ru = State.objects.create(code="RU", code3="RUS", name_en="Russian Federation", name_fr="Russie")
ecpt = Instrument.objects.create(code="ETS-126", short_title="ECPT", title="ECPT", organisation="CoE",
                                 adopted_on=datetime.date(1987, 11, 26), depositary="SG", source="https://x", clauses={})
cpt = MonitoringBody.objects.create(code="CPT", name="CPT", kind="international", basis="treaty", instrument=ecpt,
                                    source="test")
place = Place.objects.create(ref="RU-MOW-SIZO-1", name_local="SIZO-1", type="pre_trial", state=ru)
visit = Visit.objects.create(body=cpt, state=ru, kind="periodic", status="completed", planned_start=day(10),
                             planned_end=day(2), started_on=day(10), ended_on=day(2))
ItineraryStop.objects.create(visit=visit, place=place)

admin = people.account_bootstrap(username="adm-1", role="administrator").account
sec = people.account_bootstrap(username="sec-1", role="secretariat").account
admin2 = people.account_create(username="adm-2", role="administrator", first_name="Quentin",
                               last_name="Ashdown-Feltham", email="q.ashdown@ministry.example", by=admin).account
people.account_update(account=admin, first_name="Marguerite", last_name="Villeneuve-Ostrowski",
                      email="m.villeneuve@secretariat.example", by=admin2)
people.account_update(account=sec, first_name="Oluwaseun", last_name="Adebayo-Lindgren",
                      email="o.adebayo@secretariat.example", by=admin)
asked = people.account_create(
    username="m.delegate-07", role="delegation_member", first_name="Zinaida", last_name="Kowalczykowna",
    email="zinaida.k@mail.example", reason="joins the medical pool on Dr Kowalczykowna's return",
    parts={"body": {"body_code": "CPT"}, "delegations": {"delegations_visits": [str(visit.pk)],
           "delegations_role": "expert", "delegations_expertise": "forensic doctor"}},
    by=admin,
)
delegate = people.request_approve(request=asked.request, by=sec).account
people.account_create(username="ru-liaison", role="state_liaison", first_name="Aleksandr", last_name="Pryadilnikov",
                      email="a.pryadilnikov@mid.example", parts={"state": {"state_code": "RU"}}, by=admin)
doctor = visit.delegation.get(user=delegate)
outsider = visits.delegation_add(visit=visit, role="expert", name="Ingrid Fahlstrom-Nakamura", expertise="psychiatrist",
                                 by=sec)
interpreter = visits.delegation_add(visit=visit, role="interpreter", name="Bogdana Lysytsia", by=sec)
interview = testimony.interview_record(
    visit=visit,
    person=testimony.NewPerson(identity=testimony.IdentityDetails(name="Yevgeny Oblomskiy", registry_number="KZ-9931-QX"),
                               consent=testimony.ConsentDetails(use_information=True, be_named=False,
                                                                be_contacted_again=True)),
    place=place, held_at=moment(5, 11), language="ru", interviewers=[doctor, outsider], interpreter=interpreter,
    account="They hung me from the bars of cell fourteen", by=delegate,
)
testimony.examination_record(interview=interview, examined_by=doctor, examined_at=moment(5, 12),
                             injuries="linear bruises across both shoulder blades", by=delegate)
testimony.examination_record(interview=interview, examined_by=doctor, examined_at=moment(5, 13),
                             injuries="a second look at the shoulder blades", on_behalf=True, by=sec)
try:
    visits.delegation_remove(member=interpreter, by=sec)
except DomainError:
    visits.delegation_leave(member=interpreter, by=sec)
report = report_create(body=cpt, state=ru, title="Report on the periodic visit", visits=[visit], by=sec)
item_add(report=report, kind="recommendation", text="Provide outdoor exercise daily.", by=sec)
report_adopt(report=report, adopted_on=today, votes_for=2, voters=["Marguerite Villeneuve-Ostrowski", "Teodor Brankovic"],
             by=sec)

database = Path(settings.DATABASES["default"]["NAME"])
wal = database.with_name(database.name + "-wal")
if wal.exists():
    shutil.copy(wal, database.with_name("wal-before-checkpoint"))
entries = [entry_as_dict(entry) for entry in AuditEntry.objects.order_by("seq")]
database.with_name("audit.json").write_text(json.dumps(entries, ensure_ascii=False, default=str), encoding="utf-8")
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
"""

NAMES = [
    "Quentin",
    "Ashdown-Feltham",
    "q.ashdown@",
    "Marguerite",
    "Villeneuve-Ostrowski",
    "m.villeneuve@",
    "Oluwaseun",
    "Adebayo-Lindgren",
    "o.adebayo@",
    "Zinaida",
    "Kowalczykowna",
    "zinaida.k@",
    "Aleksandr",
    "Pryadilnikov",
    "a.pryadilnikov@",
    "Ingrid",
    "Fahlstrom-Nakamura",
    "Bogdana",
    "Lysytsia",
    "Teodor Brankovic",
    "Yevgeny",
    "Oblomskiy",
    "KZ-9931-QX",
    "hung me from the bars",
    "linear bruises",
    "medical pool",
]


@pytest.mark.slow_subprocess
def test_no_name_email_or_marker_is_stored_in_clear_in_the_database_its_log_or_the_trail() -> None:
    directory = Path(tempfile.mkdtemp())
    env = dict(
        os.environ, CUSTODIET_DATA_DIR=str(directory), DJANGO_SETTINGS_MODULE="custodiet.settings_test"
    )
    env.pop("CUSTODIET_DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    files = {path.name: path.read_bytes() for path in directory.iterdir() if path.is_file()}
    assert "wal-before-checkpoint" in files, "the write-ahead log was not copied: nothing to scan"
    trail = files["audit.json"]
    # The files are the right ones, readable as bytes: the clear columns and the verbs are there.
    everything = b"".join(files.values())
    assert b"m.delegate-07" in everything and b"RU-MOW-SIZO-1" in everything
    for verb in (
        b"account.create",
        b"account.request.approve",
        b"delegation.add",
        b"delegation.leave",
        b"report.adopt",
    ):
        assert verb in trail, verb
    found = [
        f"{name!r} in {where} ({encoding})"
        for name in NAMES
        for where, data in files.items()
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
        if name.encode(encoding) in data
    ]
    assert found == []
