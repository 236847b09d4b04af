"""The language the command line speaks: ``--language``, ``CUSTODIET_LANGUAGE``, the terminal's locale,
English; every command's help said in it; a refused language one line and exit 2.

Tests that read a message this work added in French, Russian or Ukrainian need the catalogues compiled
with it (``docs/translation.md``); until then they are skipped, by name, by ``needs_catalogue``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, get_commands
from django.utils import translation
from django.utils.translation import gettext

from custodiet.cli import main
from custodiet.core.cli_language import (
    LanguageError,
    cli_language,
    environment_language,
    language_option,
    supported_language,
)

CODES = ["en", "fr", "ru", "uk"]


def catalogue_has(msgid: str) -> bool:
    """Whether French, Russian and Ukrainian all have a translation of ``msgid`` compiled."""
    for language in ("fr", "ru", "uk"):
        with translation.override(language):
            if gettext(msgid) == msgid:
                return False
    return True


def needs_catalogue(*msgids: str) -> pytest.MarkDecorator:
    missing = [msgid for msgid in msgids if not catalogue_has(msgid)]
    return pytest.mark.skipif(
        bool(missing), reason=f"catalogues not yet compiled with {missing!r} (docs/translation.md)"
    )


# -- choosing the language (pure) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "chosen", "rest"),
    [
        (["treaty", "status", "RU", "ECPT"], None, ["treaty", "status", "RU", "ECPT"]),
        (["--language", "uk", "treaty", "status"], "uk", ["treaty", "status"]),
        (["treaty", "--language=fr", "status"], "fr", ["treaty", "status"]),
        (["treaty", "--language", "fr", "--language", "ru"], "ru", ["treaty"]),
        (["intake", "add", "--", "--language", "ru"], None, ["intake", "add", "--", "--language", "ru"]),
    ],
)
def test_the_language_option_is_taken_out_of_the_arguments_wherever_it_stands(
    argv: list[str], chosen: str | None, rest: list[str]
) -> None:
    assert language_option(argv) == (chosen, rest)


@pytest.mark.parametrize("argv", [["treaty", "--language"], ["--language", "--json"]])
def test_the_language_option_without_a_language_is_refused(argv: list[str]) -> None:
    with pytest.raises(LanguageError, match="--language needs a language"):
        language_option(argv)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("ru", "ru"),
        ("RU", "ru"),
        ("uk_UA.UTF-8", "uk"),
        ("fr_CA.utf8", "fr"),
        ("fr-FR", "fr"),
        ("ru_UA.UTF-8@euro", "ru"),
        ("en_GB.UTF-8", "en"),
        ("de_DE.UTF-8", None),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
    ],
)
def test_a_locale_or_a_language_names_one_custodiet_speaks(raw: str, code: str | None) -> None:
    assert supported_language(raw, CODES) == code


@pytest.mark.parametrize(
    ("environ", "code"),
    [
        ({}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "uk_UA.UTF-8"}, "uk"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "uk_UA.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
        # The first variable set decides, as POSIX reads them: a German LC_ALL is English here, not Russian.
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "uk_UA.UTF-8", "LC_ALL": ""}, "uk"),
        ({"LANG": "ru_RU.UTF-8", "CUSTODIET_LANGUAGE": "fr"}, "fr"),
        ({"LC_ALL": "ru_RU.UTF-8", "CUSTODIET_LANGUAGE": "uk"}, "uk"),
    ],
)
def test_the_environment_names_the_language_custodiet_language_first(
    environ: dict[str, str], code: str
) -> None:
    assert environment_language(environ, CODES) == code


def test_an_option_beats_the_environment_and_an_unknown_language_by_name_is_refused() -> None:
    environ = {"CUSTODIET_LANGUAGE": "fr", "LANG": "ru_RU.UTF-8"}
    assert cli_language(["--language", "uk", "backup"], environ, CODES) == ("uk", ["backup"])
    assert cli_language(["backup"], environ, CODES) == ("fr", ["backup"])
    with pytest.raises(LanguageError, match="--language: 'xx' is not a language Custodiet speaks"):
        cli_language(["--language", "xx", "backup"], environ, CODES)
    with pytest.raises(LanguageError, match="CUSTODIET_LANGUAGE: 'de' is not a language"):
        cli_language(["backup"], {"CUSTODIET_LANGUAGE": "de"}, CODES)


# -- the command line -----------------------------------------------------------------------------


def test_a_refused_language_is_one_line_and_exit_2_and_runs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("CUSTODIET_LANGUAGE", raising=False)
    with pytest.raises(SystemExit) as exit_code:
        main(["--language", "xx", "audit", "head"])
    assert exit_code.value.code == 2
    error = capsys.readouterr().err
    assert (
        error
        == "custodiet: --language: 'xx' is not a language Custodiet speaks; choose one of en, fr, ru, uk\n"
    )


def _custodiet_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("custodiet"))


@pytest.mark.parametrize("language", ["en", "fr", "ru", "uk"])
def test_every_command_says_its_help_in_the_chosen_language(
    language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--help`` of every Custodiet command and of each subcommand renders (a lazy help text that
    argparse cannot read would fail here), in the active language."""
    commands = _custodiet_commands()
    assert {"places", "treaty", "intake", "backup", "keys", "audit", "reports", "serve", "worker"} <= set(
        commands
    )
    with translation.override(language):
        for name in commands:
            with pytest.raises(SystemExit) as exit_code:
                ManagementUtility(["custodiet", name, "--help"]).execute()
            assert exit_code.value.code == 0, name
            assert f"usage: custodiet {name}" in capsys.readouterr().out
        for name, subcommand in (("places", "import"), ("treaty", "status"), ("backup", "restore")):
            with pytest.raises(SystemExit) as exit_code:
                ManagementUtility(["custodiet", name, subcommand, "--help"]).execute()
            assert exit_code.value.code == 0
            assert f"usage: custodiet {name} {subcommand}" in capsys.readouterr().out


@needs_catalogue("check every row and write nothing", "machine-readable output")
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["vérifier chaque ligne et ne rien écrire", "sortie lisible par une machine"]),
        ("ru", ["проверить каждую строку и ничего не записывать", "вывод для машинной обработки"]),
        ("uk", ["перевірити кожен рядок і нічого не записувати", "виведення для машинної обробки"]),  # noqa: RUF001
    ],
)
def test_the_help_of_an_import_is_in_the_chosen_language(
    language: str, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with translation.override(language), pytest.raises(SystemExit):
        ManagementUtility(["custodiet", "places", "import", "--help"]).execute()
    shown = " ".join(capsys.readouterr().out.split())
    assert all(word in shown for word in words), shown


def _run(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "CUSTODIET_LANGUAGE")}
    env.update(CUSTODIET_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="custodiet.settings", **environ)
    return subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "custodiet.cli", *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.slow_subprocess
def test_a_terminal_in_ukrainian_gets_the_refusal_in_ukrainian_in_one_line(tmp_path: Path) -> None:
    """``custodiet serve`` on a database never migrated: refused, one line, a non-zero exit, in the
    terminal's language (LANG=uk_UA.UTF-8), unless --language says otherwise."""
    ukrainian = _run(tmp_path, "serve", LANG="uk_UA.UTF-8")
    assert ukrainian.returncode != 0 and "Traceback" not in ukrainian.stderr
    assert len(ukrainian.stderr.strip().splitlines()) == 1, ukrainian.stderr
    assert "`custodiet migrate`" in ukrainian.stderr
    english = _run(tmp_path, "--language", "en", "serve", LANG="uk_UA.UTF-8")
    assert "the database lacks" in english.stderr and english.returncode == ukrainian.returncode
    if catalogue_has(
        "the database lacks %(count)s migration (first: %(first)s): run `custodiet migrate` first"
    ):
        assert "у базі даних не застосовано" in ukrainian.stderr and "спершу" in ukrainian.stderr  # noqa: RUF001
        french = _run(tmp_path, "serve", LANG="uk_UA.UTF-8", CUSTODIET_LANGUAGE="fr")
        assert "lancez d'abord `custodiet migrate`" in french.stderr
    refused = _run(tmp_path, "--language", "de", "serve", LANG="C.UTF-8")
    assert refused.returncode == 2
    assert refused.stderr == (
        "custodiet: --language: 'de' is not a language Custodiet speaks; choose one of en, fr, ru, uk\n"
    )
