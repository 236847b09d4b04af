"""The database file holds no plaintext of a stored account, nor of a detainee's identity or medical notes.

A separate process migrates a real SQLite file, stores a user and a specimen
record, checkpoints the write-ahead log and closes; the test then reads the raw
bytes of the database file (and any -wal left) and looks for the plaintext.
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
call_command("migrate", run_syncdb=True, verbosity=0)
from custodiet.core.models import User
from custodiet.core.tests.specimen.models import Specimen
User.objects.create_user(username="m.delegate-07", email="zinaida.kowalczyk@mail.example",
                         first_name="Zinaida", last_name="Kowalczykowna", password="a-long-test-password")
Specimen.objects.create(pseudonym="P-7", name="Yevgeny Oblomskiy", born_on=datetime.date(1979, 11, 23),
                        registry_number="KZ-9931-QX", medical_notes={"notes": "fractured zygomatic arch"})
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
"""
SECRETS = [
    "zinaida.kowalczyk",
    "Zinaida",
    "Kowalczykowna",
    "Yevgeny",
    "Oblomskiy",
    "1979-11-23",
    "KZ-9931-QX",
    "zygomatic",
]


@pytest.mark.slow_subprocess
def test_the_sqlite_file_holds_no_plaintext_of_an_account_or_an_identity() -> None:
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
    assert b"m.delegate-07" in stored  # the file is the right one, and readable as bytes
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(encoding) not in stored, f"{secret!r} is in the database file ({encoding})"
