"""Encrypted backups: a restore gives back every row, sealed values stay sealed, another key cannot open it."""

import datetime
import json
import zlib
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from custodiet.core import backup as backups
from custodiet.core import crypto
from custodiet.core.audit import audit_record, audit_verify
from custodiet.core.audit_guard import guard_installed
from custodiet.core.models import AuditEntry, User
from custodiet.core.tests.specimen.models import Specimen, Tag

pytestmark = pytest.mark.django_db


def every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Each backed-up table's rows as stored (tokens, not plaintext); join tables without their ids."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for model in backups.backed_up_models():
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through._meta
                if through.auto_created:
                    columns = [f.column for f in through.local_fields if not f.primary_key]
                    cursor.execute(f"SELECT {', '.join(columns)} FROM {through.db_table} ORDER BY 1, 2")  # noqa: S608
                    tables[through.db_table] = cursor.fetchall()
            cursor.execute(f"SELECT * FROM {model._meta.db_table} ORDER BY 1")  # noqa: S608
            tables[model._meta.db_table] = cursor.fetchall()
    return tables


@pytest.fixture
def filled(make_user: Any) -> dict[str, list[tuple[Any, ...]]]:
    secretariat = make_user("secretariat", username="sec", email="olga@example.org", first_name="Olga")
    analyst = make_user("analyst", username="ana")
    urgent, medical = Tag.objects.create(label="urgent"), Tag.objects.create(label="medical")
    for n in range(30):
        specimen = Specimen.objects.create(
            pseudonym=f"P-{n}",
            name=f"Person número {n}",
            born_on=datetime.date(1960 + n, 2, 28),
            registry_number=f"REG-{n}",
            medical_notes={"n": n, "text": "ушиб"},
        )
        specimen.tags.set([urgent, medical][: n % 3])
        audit_record(actor=secretariat if n % 2 else analyst, verb="specimen.create", target=specimen)
    return every_row()


def test_a_restore_gives_back_every_row_and_the_audit_chain(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "custodiet.cbk"
    out = StringIO()
    call_command("backup", "create", str(path), stdout=out)
    assert f"to {path}, encrypted with key" in out.getvalue()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    before = every_row()  # now with the backup.create entry
    with pytest.raises(CommandError, match="the database is not empty"):
        call_command("backup", "restore", str(path), stdout=StringIO())

    call_command("backup", "restore", str(path), "--force", stdout=StringIO())
    after = every_row()
    restore_entry = after["core_auditentry"].pop()
    assert after == before
    assert AuditEntry.objects.order_by("seq").last().verb == "backup.restore" == restore_entry[4]
    assert audit_verify() == [] and guard_installed()
    assert Specimen.objects.get(pseudonym="P-7").name == "Person número 7"
    assert sorted(Specimen.objects.get(pseudonym="P-4").tags.values_list("label", flat=True)) == ["urgent"]
    assert User.objects.get(username="sec").email == "olga@example.org"


def test_a_restore_into_an_emptied_database_needs_no_force(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    backups.backup_create(path=path)
    before = every_row()
    backups.database_wipe()
    assert backups.database_is_empty() == []
    summary = backups.backup_restore(path=path)
    assert summary.objects == sum(len(before[m._meta.db_table]) for m in backups.backed_up_models())
    after = every_row()
    after["core_auditentry"].pop()
    assert after == before


def test_another_key_cannot_open_a_backup(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    summary = backups.backup_create(path=path)
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[bytes(range(7, 39))]):
        with pytest.raises(
            backups.BackupError, match=f"encrypted with key {summary.key_id}, which is not in this"
        ):
            backups.backup_restore(path=path, force=True)
    assert Specimen.objects.count() == 30  # nothing changed


def test_an_altered_backup_is_refused_clearly(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    backups.backup_create(path=path)
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(backups.BackupError, match="does not decrypt with key"):
        backups.backup_restore(path=path, force=True)
    assert Specimen.objects.count() == 30


def test_a_truncated_backup_is_refused_and_changes_nothing(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    backups.backup_create(path=path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(backups.MAGIC) + 200])
    with pytest.raises(backups.BackupError, match="truncated"):
        backups.backup_restore(path=path, force=True)
    assert Specimen.objects.count() == 30 and audit_verify() == []


def test_encrypted_values_stay_sealed_inside_the_backup(filled: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    backups.backup_create(path=path)
    raw = path.read_bytes()
    assert b"Person" not in raw and b"REG-1" not in raw  # encrypted as a whole
    plaintext = b"".join(backups._open_frames(path.open("rb"), crypto.keyring()))
    lines = [json.loads(line) for line in zlib.decompress(plaintext).splitlines()]
    specimens = [line for line in lines if line.get("model") == "specimen.specimen"]
    assert len(specimens) == 30
    assert all(s["fields"]["name"].startswith("enc1:") for s in specimens)
    assert b"Person" not in zlib.decompress(plaintext) and b"olga@example.org" not in zlib.decompress(
        plaintext
    )
    assert lines[-1]["end"] and lines[-1]["objects"] == len(lines) - 2


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "b.cbk"
    path.write_text("precious")
    with pytest.raises(backups.BackupError, match="exists"):
        backups.backup_create(path=path)
    assert path.read_text() == "precious"


def test_every_model_is_backed_up_except_the_rebuilt_ones() -> None:
    labels = {m._meta.label_lower for m in backups.backed_up_models()}
    every = {m._meta.label_lower for m in apps.get_models()}
    assert every - labels == backups.NOT_BACKED_UP
