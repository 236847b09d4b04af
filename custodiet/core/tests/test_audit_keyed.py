"""The keyed audit chain: what someone who can write the database, but lacks the key, cannot hide.

Each test plays the attacker with plain SQL (the append-only guard lifted, as a
database owner can) and recomputes every SHA-256 it can: only the audit key,
kept outside the database, tells the rewrite apart.
"""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from custodiet.core import crypto
from custodiet.core.audit import GENESIS, _canonical, audit_head, audit_record, audit_verify, entry_hash
from custodiet.core.audit_guard import guard_install, guard_remove, suspended
from custodiet.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(make_user: Any) -> list[AuditEntry]:
    secretariat = make_user("secretariat", username="sec")
    return [
        audit_record(actor=secretariat, verb="visit.plan", target=secretariat, detail={"n": n})
        for n in range(8)
    ]


def verify(*extra: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("audit", "verify", *extra, stdout=out)
    except CommandError as problem:
        return out.getvalue(), str(problem)
    return out.getvalue(), None


def rewrite(seq: int, **changes: Any) -> None:
    """Change one entry and recompute the SHA-256 of it and of every later entry, as someone without the
    key would: the chain is consistent again, only the codes are stale."""
    with suspended():
        entries = list(AuditEntry.objects.order_by("seq").filter(seq__gte=seq))
        prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
        for entry in entries:
            if entry.seq == seq:
                for name, value in changes.items():
                    setattr(entry, name, value)
            entry.prev_hash = prev
            entry.hash = entry_hash(entry, prev)
            prev = entry.hash
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE core_auditentry SET detail = %s, actor_id = %s, version = %s, mac = %s, "
                    "key_id = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                    [
                        json.dumps(entry.detail),
                        entry.actor_id,
                        entry.version,
                        entry.mac,
                        entry.key_id,
                        entry.prev_hash,
                        entry.hash,
                        entry.seq,
                    ],
                )


def test_every_entry_is_keyed_and_covers_its_actor_id(trail: list[AuditEntry]) -> None:
    entry = AuditEntry.objects.get(seq=3)
    ring = crypto.keyring()
    assert (entry.version, entry.key_id) == (2, ring.newest.kid)
    assert crypto.audit_mac_matches(entry.hash, entry.mac, key=ring.newest)
    assert f'"actor_id":{entry.actor_id}' in _canonical(entry).decode()


def test_an_entry_edited_and_re_hashed_is_detected_without_an_anchor(trail: list[AuditEntry]) -> None:
    rewrite(4, detail={"n": 99})
    output, failure = verify()
    assert failure is not None and "problem" in failure
    for seq in range(4, 9):  # every entry whose hash changed no longer matches its code
        assert f"entry #{seq}: its authentication code does not match" in output


def test_moving_an_entry_to_another_actor_is_detected(trail: list[AuditEntry], make_user: Any) -> None:
    other = make_user("analyst", username="someone-else")
    rewrite(2, actor_id=other.pk)
    assert any(each.seq == 2 for each in audit_verify())


def test_stripping_the_codes_to_pass_as_unkeyed_entries_is_detected(trail: list[AuditEntry]) -> None:
    rewrite(6, detail={"n": 0}, version=1, mac="", key_id="")
    output, failure = verify()
    assert failure is not None
    assert "entry #6: carries no authentication code although the trail is keyed from #1" in output


def test_a_trail_with_no_code_at_all_is_a_finding(trail: list[AuditEntry]) -> None:
    for entry in AuditEntry.objects.order_by("seq"):
        rewrite(entry.seq, version=1, mac="", key_id="")
    output, failure = verify()
    assert failure == "the audit trail cannot be shown intact: 0 problems, 1 warning"
    assert "warning: the trail: no entry carries an authentication code" in output


def test_a_missing_append_only_guard_makes_verify_fail(trail: list[AuditEntry]) -> None:
    guard_remove()
    try:
        output, failure = verify()
    finally:
        guard_install()
    assert failure is not None and "1 warning" in failure
    assert "append-only guard is missing" in output


def test_entries_under_a_retired_key_are_carried_by_the_later_ones(trail: list[AuditEntry]) -> None:
    new_key = crypto.generate_key()
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[new_key, *settings.CUSTODIET_ENCRYPTION_KEYS]):
        audit_record(actor=None, verb="keys.rotate")
    # The old key retired: entries 1-8 cannot have their codes checked, entry 9 (new key) covers them.
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[new_key]):
        assert audit_verify() == []
        rewrite(3, detail={"n": 42})
        assert [each.seq for each in audit_verify() if not each.warning] == [9]


def test_a_head_under_a_key_not_in_the_ring_is_a_warning(trail: list[AuditEntry]) -> None:
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[crypto.generate_key()]):
        output, failure = verify()
    assert failure is not None and "1 warning" in failure
    assert "entries #1 to #8 cannot be authenticated" in output


def test_the_migration_seals_an_unkeyed_trail_and_covers_it(trail: list[AuditEntry]) -> None:
    for entry in AuditEntry.objects.order_by("seq"):
        rewrite(entry.seq, version=1, mac="", key_id="")  # a trail written before this version
    migration = importlib.import_module("custodiet.core.migrations.0006_audit_keyed_chain")
    with suspended():
        migration.seal_unkeyed_entries(apps, None)
    sealed = AuditEntry.objects.order_by("-seq").first()
    assert sealed is not None and (sealed.seq, sealed.verb, sealed.version) == (9, "audit.keyed", 2)
    assert sealed.detail == {"unkeyed_entries": 8, "unkeyed_head": f"8:{sealed.prev_hash}"}
    assert audit_verify() == []
    rewrite(5, detail={"n": 7})  # an old, unkeyed entry edited and the chain re-hashed
    assert [each.seq for each in audit_verify()] == [9]


def test_verify_says_how_to_keep_the_head_and_checks_a_file_of_kept_heads(
    trail: list[AuditEntry], tmp_path: Path
) -> None:
    output, failure = verify()
    assert failure is None and "append it to a file on another machine" in output
    out = StringIO()
    call_command("audit", "head", stdout=out)
    kept = tmp_path / "heads"
    kept.write_text(f"# daily heads\n{out.getvalue().strip()}\n")
    assert out.getvalue().strip() == str(audit_head())
    audit_record(actor=None, verb="visit.plan")
    output, failure = verify("--anchors", str(kept))
    assert failure is None and "1 kept head matches." in output
    rewrite(8, detail={"n": -1})
    output, failure = verify("--anchors", str(kept))
    assert "entry #8: the anchored entry's hash differs" in output
    kept.write_text("not a head\n")
    with pytest.raises(CommandError, match="line 1: an anchor is SEQ:HASH"):
        call_command("audit", "verify", "--anchors", str(kept))


def test_head_of_an_empty_trail_is_an_error_in_one_line() -> None:
    with pytest.raises(CommandError, match="the audit trail is empty"):
        call_command("audit", "head")
