"""`pip install .` (no extras) gives a working `custodiet`: no runtime module imports a test or lint package.

A subprocess hides every distribution that only the extras install (derived from
pyproject.toml, not listed again here), imports every module of the package but
the tests, and runs Django's system checks with the production settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]

PROBE = r"""
import importlib, importlib.abc, pkgutil, sys

hidden = set(sys.argv[1].split(","))

class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in hidden:
            raise ModuleNotFoundError(f"{name} is not installed by `pip install .` (an extra installs it)")
        return None

sys.meta_path.insert(0, Hide())
import django
django.setup()
import custodiet
for module in pkgutil.walk_packages(custodiet.__path__, "custodiet."):
    parts = module.name.split(".")
    if "tests" in parts or parts[-1] == "conftest":
        continue
    importlib.import_module(module.name)
from django.core.management import call_command
call_command("check")
print("imported and checked")
"""


def extras_only_import_names() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {Requirement(line).name.lower().replace("_", "-") for line in project["dependencies"]}
    extras = {
        Requirement(line).name.lower().replace("_", "-")
        for lines in project["optional-dependencies"].values()
        for line in lines
    } - runtime
    names = [
        top
        for top, distributions in packages_distributions().items()
        if top.isidentifier()
        and any(d.lower().replace("_", "-") in extras for d in distributions)
        and not any(d.lower().replace("_", "-") in runtime for d in distributions)
    ]
    return sorted(names)


def test_the_extras_are_known_to_this_test() -> None:
    names = extras_only_import_names()
    assert {"pytest", "hypothesis", "playwright", "mypy", "time_machine"} <= set(names), names


@pytest.mark.slow_subprocess
def test_every_runtime_module_imports_and_checks_without_the_extras(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "custodiet.settings",
        "CUSTODIET_DATA_DIR": str(tmp_path),
    }
    environment.pop("CUSTODIET_DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", PROBE, ",".join(extras_only_import_names())],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "imported and checked" in done.stdout
