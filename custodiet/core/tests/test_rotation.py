"""Key rotation: nothing lost, resumable, the old key removable afterwards, audited."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from custodiet.core import crypto, keys
from custodiet.core.fields import blind_lookup
from custodiet.core.models import AuditEntry, User
from custodiet.core.tests.specimen.models import Specimen

pytestmark = pytest.mark.django_db
OLD = bytes(range(100, 132))
NEW = bytes(range(200, 232))


def snapshot() -> list[tuple[object, ...]]:
    people = [
        (s.pk, s.name, s.born_on, s.registry_number, s.medical_notes) for s in Specimen.objects.order_by("pk")
    ]
    users = [(u.pk, u.email, u.first_name, u.last_name) for u in User.objects.order_by("pk")]
    return [*people, *users]


def stored_key_ids() -> set[str]:
    found = set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, born_on, registry_number, medical_notes, registry_number_index FROM specimen_specimen"
        )
        for row in cursor.fetchall():
            found |= {crypto.token_key_id(v) or crypto.index_key_id(v) for v in row if v}
        cursor.execute("SELECT email, first_name, last_name FROM core_user")
        for row in cursor.fetchall():
            found |= {crypto.token_key_id(v) for v in row}
    return found


@pytest.fixture
def sealed_with_the_old_key() -> list[tuple[object, ...]]:
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[OLD]):
        for n in range(7):
            Specimen.objects.create(
                pseudonym=f"P-{n}",
                name=f"Person {n}",
                born_on=datetime.date(1970 + n, 1, 1),
                registry_number=f"REG-{n}",
                medical_notes={"n": n},
            )
        User.objects.create_user(username="sec", email="sec@example.org", first_name="Ana", password="x" * 20)
        return snapshot()


def test_rotation_keeps_every_value_and_frees_the_old_key(sealed_with_the_old_key: list[object]) -> None:
    old_id, new_id = crypto.Key.from_master(OLD).kid, crypto.Key.from_master(NEW).kid
    assert stored_key_ids() == {old_id}
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW, OLD]):
        assert keys.keys_usage()[old_id]["specimen.Specimen"] == 7 * 5
        report = keys.keys_rotate(batch_size=3)
        assert report.resealed["specimen.Specimen"] == 7 * 4 and report.reindexed["specimen.Specimen"] == 7
        assert set(keys.keys_usage()) == {new_id}
    assert stored_key_ids() == {new_id}
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW]):  # the old key is gone: everything still opens
        assert snapshot() == sealed_with_the_old_key
        assert (
            Specimen.objects.filter(
                registry_number_index__in=blind_lookup(Specimen, "registry_number_index", "REG-4")
            )
            .get()
            .pseudonym
            == "P-4"
        )
    entry = AuditEntry.objects.get(verb="keys.rotate")
    assert entry.detail["key"] == new_id and entry.detail["resealed"]["specimen.Specimen"] == 28


def test_an_interrupted_rotation_loses_nothing_and_finishes_when_run_again(
    sealed_with_the_old_key: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    old_id, new_id = crypto.Key.from_master(OLD).kid, crypto.Key.from_master(NEW).kid
    real = keys._rotate_row
    calls = {"n": 0}

    def failing_after_two_batches(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt("the operator pressed Ctrl-C")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW, OLD]):
        monkeypatch.setattr(keys, "_rotate_row", failing_after_two_batches)
        with pytest.raises(KeyboardInterrupt):
            keys.keys_rotate(batch_size=2)
        assert stored_key_ids() == {old_id, new_id}  # half done: two batches committed, the third rolled back
        assert snapshot() == sealed_with_the_old_key
        monkeypatch.setattr(keys, "_rotate_row", real)
        keys.keys_rotate(batch_size=2)
    assert stored_key_ids() == {new_id}
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW]):
        assert snapshot() == sealed_with_the_old_key


def test_the_keys_commands(sealed_with_the_old_key: list[object], tmp_path: object) -> None:
    old_id = crypto.Key.from_master(OLD).kid
    out = StringIO()
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("keys", "status", stdout=out)
        assert f"{old_id}  opens old values" in out.getvalue()
        call_command("keys", "rotate", "--batch-size", "4", stdout=out)
        assert "specimen.Specimen: 28 values re-encrypted, 7 indexes recomputed" in out.getvalue()
        assert "Every encrypted value is now under key" in out.getvalue()
