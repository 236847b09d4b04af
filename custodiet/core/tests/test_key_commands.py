"""The keys commands around a real key file, and the migration that sealed existing accounts."""

import importlib
import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from custodiet.core import crypto
from custodiet.core.keys import keys_rotate
from custodiet.core.models import User
from custodiet.core.tests.specimen.models import Specimen

OLD = bytes(range(100, 132))
NEW = bytes(range(200, 232))
SEALING = importlib.import_module("custodiet.core.migrations.0003_encrypt_user_personal_fields")


def test_generate_works_before_any_setting_is_valid(tmp_path: Path) -> None:
    env = dict(os.environ, CUSTODIET_DEBUG="false", DJANGO_SETTINGS_MODULE="custodiet.settings")
    for name in ("CUSTODIET_KEYS", "CUSTODIET_KEY_FILE", "CUSTODIET_SECRET_KEY"):
        env.pop(name, None)
    target = tmp_path / "keys"
    done = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "custodiet.cli", "keys", "generate", str(target)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Set CUSTODIET_KEY_FILE=" in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(crypto.keyfile_read(target)) == 1


@pytest.mark.django_db
def test_ensure_creates_the_configured_file_once(tmp_path: Path) -> None:
    target = tmp_path / "demo.keys"
    with override_settings(CUSTODIET_KEY_FILE=target):
        out = StringIO()
        call_command("keys", "ensure", stdout=out)
        assert "Created" in out.getvalue() and target.exists()
        call_command("keys", "ensure", stdout=out)
        assert f"Key file: {target}" in out.getvalue()


@pytest.mark.django_db
def test_an_old_key_is_retired_only_once_nothing_needs_it(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(f"{crypto.format_key(NEW)}\n{crypto.format_key(OLD)}\n")
    path.chmod(0o600)
    old_id = crypto.Key.from_master(OLD).kid
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[OLD]):
        Specimen.objects.create(pseudonym="P", name="Someone", registry_number="R-1")
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=crypto.keyfile_read(path)):
        with pytest.raises(CommandError, match=f"key {old_id} still sealed 4 values"):
            call_command("keys", "retire", str(path), old_id, stdout=StringIO())
        keys_rotate()
        call_command("keys", "retire", str(path), old_id, stdout=StringIO())
    assert crypto.keyfile_read(path) == [NEW]
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[NEW]):
        assert Specimen.objects.get().name == "Someone"


@pytest.mark.django_db
def test_the_migration_seals_existing_accounts_and_can_be_reversed() -> None:
    user = User.objects.create_user(username="old-timer", password="x" * 20)
    with connection.cursor() as cursor:  # as the rows were before the migration: plaintext
        cursor.execute(
            "UPDATE core_user SET email = %s, first_name = %s, last_name = %s WHERE id = %s",
            ["old@example.org", "Pyotr", "", user.pk],
        )
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)  # all they use
    SEALING.seal_existing(apps, editor)
    SEALING.seal_existing(apps, editor)  # again: values already sealed are left alone
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, first_name, last_name FROM core_user WHERE id = %s", [user.pk])
        assert all(crypto.is_token(value) for value in cursor.fetchone())
    again = User.objects.get(pk=user.pk)
    assert (again.email, again.first_name, again.last_name) == ("old@example.org", "Pyotr", "")
    SEALING.open_existing(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, first_name FROM core_user WHERE id = %s", [user.pk])
        assert cursor.fetchone() == ("old@example.org", "Pyotr")
