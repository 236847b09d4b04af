"""The migrations of "who watches the administrators" on a database that already holds data.

The database is taken back to before them (core 0005, visits 0002, reports 0001, testimony 0001), filled
the way the older code filled it (delegation members' names and voters in clear, an unkeyed audit trail), and
migrated forward: the names are sealed, the copies of accounts' names removed, the trail keyed without
rewriting a single old entry.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from custodiet.core import crypto
from custodiet.core.audit import audit_verify, entry_hash

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("core", "0005_login_throttle"),
    ("visits", "0002_consent_reference_and_constraints"),
    ("reports", "0001_initial"),
    ("testimony", "0001_initial"),
    ("treaties", "0002_charts_endings_declarations"),  # the States as the older code created them
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _sql(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _old_trail(old: Any, user_pk: int) -> None:
    """Three entries as the code before the key wrote them (version 1: no code, no actor id hashed)."""
    from datetime import UTC, datetime

    entry_model = old.get_model("core", "AuditEntry")
    prev = "0" * 64
    for seq in (1, 2, 3):
        entry = entry_model(
            seq=seq,
            at=datetime(2026, 11, 1, 9, seq, tzinfo=UTC),
            actor_id=user_pk,
            actor_label="sec",
            verb="delegation.add",
            target_type="visits.delegationmember",
            target_id=str(seq),
            detail={"n": seq},
            prev_hash=prev,
        )
        entry.version = 1
        entry.hash = entry_hash(entry, prev)
        prev = entry.hash
        _sql(
            "INSERT INTO core_auditentry (seq, at, actor_id, actor_label, verb, target_type, target_id, detail, "
            "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                seq,
                entry.at,
                user_pk,
                "sec",
                entry.verb,
                entry.target_type,
                entry.target_id,
                json.dumps(entry.detail),
                entry.prev_hash,
                entry.hash,
            ],
        )


def test_existing_names_are_sealed_and_the_existing_trail_is_keyed_without_being_rewritten() -> None:
    try:
        old = _migrate(BEFORE)
        state = old.get_model("treaties", "State").objects.create(
            code="RU", code3="RUS", name_en="Russia", name_fr="Russie"
        )
        instrument = old.get_model("treaties", "Instrument").objects.create(
            code="ETS-126",
            short_title="ECPT",
            title="ECPT",
            organisation="CoE",
            adopted_on="1987-11-26",
            depositary="SG",
            source="https://x",
            clauses={},
        )
        body = old.get_model("treaties", "MonitoringBody").objects.create(
            code="CPT", name="CPT", kind="international", basis="treaty", instrument=instrument, source="test"
        )
        visit = old.get_model("visits", "Visit").objects.create(
            body=body, state=state, kind="periodic", planned_start="2026-10-01", planned_end="2026-10-09"
        )
        user_pk = (
            old.get_model("core", "User")
            .objects.create(
                username="sec", password="!", role="secretariat", first_name="Oluwaseun", last_name="Adebayo"
            )
            .pk
        )
        member = old.get_model("visits", "DelegationMember")
        outsider = member.objects.create(
            visit=visit, name="Ingrid Fahlstrom", role="expert", expertise="forensic doctor"
        )
        linked = member.objects.create(visit=visit, name="Oluwaseun Adebayo", role="member", user_id=user_pk)
        report = old.get_model("reports", "Report").objects.create(
            body=body, state=state, title="Report", voters=["Teodor Brankovic", "Mila Horvat"]
        )
        _old_trail(old, user_pk)
    finally:
        call_command("migrate", verbosity=0)

    raw = dict(_sql("SELECT id, own_name FROM visits_delegationmember", []))
    assert all(crypto.is_token(value) for value in raw.values())
    from custodiet.reports.models import Report
    from custodiet.visits.models import DelegationMember

    assert DelegationMember.objects.get(pk=outsider.pk).name == "Ingrid Fahlstrom"
    assert DelegationMember.objects.get(pk=linked.pk).own_name == ""  # the copy of the account's name is gone
    assert DelegationMember.objects.get(pk=linked.pk).name == "Oluwaseun Adebayo"  # named by the account
    assert crypto.is_token(_sql("SELECT voters FROM reports_report WHERE id = %s", [report.pk])[0][0])
    assert Report.objects.get(pk=report.pk).voters == ["Teodor Brankovic", "Mila Horvat"]
    rows = _sql("SELECT seq, version, mac, verb FROM core_auditentry ORDER BY seq", [])
    assert [row[:2] for row in rows[:3]] == [(1, 1), (2, 1), (3, 1)]  # the old entries, untouched
    assert rows[3][1] == 2 and rows[3][3] == "audit.keyed" and rows[3][2]
    assert audit_verify() == []
