"""`custodiet places import ...` as an operator runs it."""

# Cyrillic letters are the point: the command in Russian and Ukrainian

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from custodiet.core.models import AuditEntry
from custodiet.places.models import Place

pytestmark = pytest.mark.django_db
GOOD = "ref,name_local,type,state,capacity\nRU-1,Изолятор,pre_trial,RU,100\nRU-2,Колония,penal_colony,RU,\n"
BAD = "ref,name_local,type,state,capacity\nRU-1,Изолятор,pre_trial,RU,100\nRU-3,X,jail,RU,\nRU-4,Y,prison,ZZ,-1\n"


def run(*args: str) -> str:
    out = StringIO()
    call_command("places", *args, stdout=out)
    return out.getvalue()


def test_import_then_again(states: Any, tmp_path: Path, secretariat: Any) -> None:
    path = tmp_path / "register.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert "Places: created 2, updated 0; 0 unchanged" in run("import", str(path), "--by", "sec")
    assert AuditEntry.objects.get().actor == secretariat
    payload = json.loads(run("import", str(path), "--json"))
    assert payload["imported"] and payload["places"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert AuditEntry.objects.count() == 1


def test_a_bad_file_prints_every_problem_exits_non_zero_and_changes_nothing(
    states: Any, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    message = str(caught.value)
    assert "nothing was imported; fix 3 problems" in message
    assert "line 3: unknown type 'jail'" in message
    assert "line 4: unknown state 'ZZ'" in message and "line 4: capacity -1 is negative" in message
    assert Place.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_json_lists_the_problems_too(states: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("places", "import", str(path), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["imported"] is False and [p["line"] for p in payload["problems"]] == [3, 4, 4]


def test_dry_run_writes_nothing(states: Any, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert "would create 2" in run("import", str(path), "--dry-run")
    assert Place.objects.count() == 0


def test_missing_files_and_users(states: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("import", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="no user 'ghost'"):
        run("import", str(tmp_path / "nope.csv"), "--by", "ghost")


def _rejected(path: Path, *args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("places", "import", str(path), *args, stdout=out)
    return out.getvalue(), str(caught.value)


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("ru", "неизвестный тип 'jail'"),
        ("uk", "невідомий тип 'jail'"),
        ("fr", "type inconnu 'jail'"),
    ],
)
def test_a_rejected_import_is_said_in_the_chosen_language_and_its_json_stays_english(
    states: Any, tmp_path: Path, language: str, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    english_json, _message = _rejected(path, "--json")
    with translation.override(language):
        said_json, _message = _rejected(path, "--json")
        _nothing, said = _rejected(path)
    assert said_json == english_json and "unknown type 'jail'" in english_json
    assert reason in said and "unknown type" not in said
    assert Place.objects.count() == 0 and AuditEntry.objects.count() == 0
