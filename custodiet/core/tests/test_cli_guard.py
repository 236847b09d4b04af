"""The command line refuses Django's commands that would go around the four eyes or print decrypted data
without a trace (custodiet.core.cli_guard), and audits the dumps it allows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from custodiet.cli import main
from custodiet.core.cli_guard import guard
from custodiet.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What the refusal says on standard error; nothing may reach standard output."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


def test_changepassword_is_refused_and_changes_nothing(
    make_user: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    secretariat = make_user("secretariat")
    before = User.objects.get(pk=secretariat.pk).password
    said = _refused(["changepassword", "secretariat"], capsys)
    assert "changepassword is disabled" in said and "/people/" in said
    assert User.objects.get(pk=secretariat.pk).password == before


def test_createsuperuser_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    said = _refused(["createsuperuser", "--noinput", "--username", "root", "--email", "r@x.org"], capsys)
    assert "people bootstrap" in said
    assert not User.objects.filter(username="root").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["dumpdata"],
        ["dumpdata", "testimony"],
        ["dumpdata", "testimony.personidentity"],
        ["dumpdata", "treaties", "core"],
        ["dumpdata", "standards"],  # its measurements and findings are a visit's record
        ["dumpdata", "places"],
        ["--language", "fr", "dumpdata", "--indent", "2", "reports"],
    ],
)
def test_a_dump_of_confidential_data_is_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    said = _refused(argv, capsys)
    assert "backup create" in said
    assert not AuditEntry.objects.filter(verb="data.dump").exists()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["diffsettings"], "encryption keys"),
        (["diffsettings", "--all"], "encryption keys"),
        (["loaddata", "accounts.json"], "backup restore"),
    ],
)
def test_commands_that_print_the_keys_or_write_around_the_services_are_refused(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert said in _refused(argv, capsys)


def test_a_malformed_dump_line_is_left_to_django_and_not_audited(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["dumpdata", "treaties", "--indent", "2", "testimony"])
    assert "unrecognized arguments: testimony" in capsys.readouterr().err
    assert not AuditEntry.objects.filter(verb="data.dump").exists()


def test_a_dump_of_public_reference_data_is_allowed_and_audited(reference_data: Any, tmp_path: Path) -> None:
    # The guard, then the command, as main() runs them (main itself would close the test's database
    # connection once the command ends, as Django's command line does).
    target = tmp_path / "states.json"
    argv = ["dumpdata", "treaties.state", "standards.Standard", "-o", str(target)]
    guard(argv)
    call_command(*argv)
    assert any(row["fields"].get("code") == "RU" for row in json.loads(target.read_text()))
    entry = AuditEntry.objects.filter(verb="data.dump").get()
    assert entry.actor_id is None and entry.detail == {"labels": ["standards.Standard", "treaties.state"]}
