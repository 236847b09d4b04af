"""A command run on a database that lacks its migrations says so in one line, not with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_command_on_an_unmigrated_database_asks_for_migrate_in_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, CUSTODIET_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="custodiet.settings")
    env.pop("CUSTODIET_DATABASE_URL", None)  # a new SQLite file in the empty directory
    done = subprocess.run(
        [sys.executable, "-m", "custodiet.cli", "demo_admin"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "custodiet: the database lacks" in done.stderr and "run `custodiet migrate` first" in done.stderr
    assert "Traceback" not in done.stderr
