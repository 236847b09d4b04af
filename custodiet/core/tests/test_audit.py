"""The audit trail: append-only in the database, verified by its hash chain and a kept anchor."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from custodiet.core.audit import Anchor, audit_head, audit_read, audit_record, audit_verify
from custodiet.core.audit_guard import guard_installed, suspended
from custodiet.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(make_user: object) -> list[AuditEntry]:
    secretariat = make_user("secretariat", username="sec")  # type: ignore[operator]
    return [
        audit_record(actor=secretariat, verb="visit.plan", target=secretariat, detail={"n": n})
        for n in range(5)
    ]


def verify(*extra: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("audit", "verify", *extra, stdout=out)
    except CommandError as problem:
        return out.getvalue(), str(problem)
    return out.getvalue(), None


def raw_sql(statement: str, params: list[object]) -> None:
    with suspended(), connection.cursor() as cursor:  # only an attacker with DDL rights gets past the guard
        cursor.execute(statement, params)


def test_the_database_refuses_to_change_or_delete_an_entry(trail: list[AuditEntry]) -> None:
    assert guard_installed()
    for attempt in (
        lambda: AuditEntry.objects.filter(seq=2).update(verb="visit.cancel"),
        lambda: AuditEntry.objects.filter(seq=2).delete(),
        lambda: connection.cursor().execute("UPDATE core_auditentry SET detail = '{}' WHERE seq = 3"),
        lambda: connection.cursor().execute("DELETE FROM core_auditentry"),
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.count() == 5 and audit_verify() == []


def test_an_account_that_acted_cannot_be_deleted(trail: list[AuditEntry]) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        User.objects.get(username="sec").delete()


def test_an_intact_trail_verifies_and_prints_its_head(trail: list[AuditEntry]) -> None:
    output, failure = verify()
    assert failure is None
    assert f"head: 5:{trail[-1].hash}" in output and "The audit trail is intact." in output
    assert verify("--anchor", f"3:{trail[2].hash}")[1] is None


def test_an_edited_entry_is_reported(trail: list[AuditEntry]) -> None:
    raw_sql("UPDATE core_auditentry SET detail = %s WHERE seq = 3", [json.dumps({"n": 99})])
    output, failure = verify()
    assert failure == "the audit trail cannot be shown intact: 1 problem, 0 warnings"
    assert "entry #3: its content does not match its hash (edited)" in output


def test_a_deleted_entry_is_reported(trail: list[AuditEntry]) -> None:
    raw_sql("DELETE FROM core_auditentry WHERE seq = 2", [])
    output, failure = verify()
    assert failure is not None
    assert "entry #3: expected entry #2 here" in output
    assert "entry #3: does not follow the entry before it" in output


def test_reordered_entries_are_reported(trail: list[AuditEntry]) -> None:
    raw_sql("UPDATE core_auditentry SET seq = seq + 100 WHERE seq IN (2, 4)", [])
    raw_sql("UPDATE core_auditentry SET seq = 4 WHERE seq = 102", [])
    raw_sql("UPDATE core_auditentry SET seq = 2 WHERE seq = 104", [])
    output, failure = verify()
    assert failure is not None
    for seq in (2, 3, 4, 5):
        assert f"entry #{seq}:" in output


def test_a_cut_off_tail_is_caught_only_by_a_kept_anchor(trail: list[AuditEntry]) -> None:
    kept = str(audit_head())
    raw_sql("DELETE FROM core_auditentry WHERE seq >= 4", [])
    assert verify()[1] is None  # the shorter chain is consistent in itself
    output, failure = verify("--anchor", kept)
    assert failure is not None
    assert "entry #5: the anchored entry is missing (the newest is #3)" in output
    with pytest.raises(CommandError, match="an anchor is SEQ:HASH"):
        call_command("audit", "verify", "--anchor", "5:nothex")


def test_a_rewritten_trail_does_not_match_its_anchor(trail: list[AuditEntry]) -> None:
    assert Anchor.parse(str(audit_head())) == audit_head()
    output, failure = verify("--anchor", f"2:{'0' * 64}")
    assert failure is not None and "entry #2: the anchored entry's hash differs" in output


def test_show_filters_and_speaks_json(trail: list[AuditEntry], make_user: object) -> None:
    analyst = make_user("analyst", username="ana")  # type: ignore[operator]
    entry = audit_read(actor=analyst, target=analyst, detail={"why": "review"})
    assert entry.verb == "user.read" and entry.target_type == "core.user"
    out = StringIO()
    call_command("audit", "show", "--target", f"core.user:{analyst.pk}", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert [(e["seq"], e["actor"], e["verb"]) for e in shown] == [(6, "ana", "user.read")]
    out = StringIO()
    call_command("audit", "show", "--verb", "visit.", "--limit", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("#4 ") and "visit.plan" in lines[1]
