"""The language the command line speaks: ``--language``, else ``CUSTODIET_LANGUAGE``, else the
terminal's locale, else English.

``custodiet --language uk treaty status RU ETS-126`` (the option may stand anywhere before a bare
``--``, as ``--language=uk`` too), ``CUSTODIET_LANGUAGE=fr custodiet ...``, or a terminal whose locale
says Russian (``LC_ALL``, else ``LC_MESSAGES``, else ``LANG``: the first one set decides, as POSIX
reads them; ``ru_RU.UTF-8`` is ``ru``). A locale in a language Custodiet does not speak (``de_DE``, ``C``,
``POSIX``) gives English; a language asked for by name (the option or the variable) that Custodiet does
not speak is refused, in one line, rather than silently replaced.

Only what the commands say to a person changes: ``--json`` (the whole command runs in English then, as
the API answers: ``SpokenCommand``), the audit trail and log lines stay English with ISO dates whatever
the language. Django's management commands otherwise run under
``settings.LANGUAGE_CODE``; ``custodiet.cli`` calls ``activate_cli_language`` once, before the command.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

OPTION = "--language"
ENVIRONMENT_VARIABLE = "CUSTODIET_LANGUAGE"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
DEFAULT = "en"


class LanguageError(ValueError):
    """A language asked for by name that the command line cannot speak, or ``--language`` without one."""


def language_option(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The value of ``--language`` in ``argv`` (the last one given wins) and the arguments without it.

    Arguments after a bare ``--`` are left alone. ``--language`` with nothing after it is an error."""
    chosen: str | None = None
    rest: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            rest.append(word)
            rest.extend(words)
            break
        if word == OPTION:
            value = next(words, None)
            if value is None or value.startswith("-"):
                # Lazy: read before Django is set up, said once it is (custodiet.cli).
                raise LanguageError(gettext_lazy("--language needs a language: en, fr, ru or uk"))
            chosen = value
        elif word.startswith(OPTION + "="):
            chosen = word.removeprefix(OPTION + "=")
        else:
            rest.append(word)
    return chosen, rest


def supported_language(raw: str, languages: Iterable[str]) -> str | None:
    """The language code of ``languages`` that ``raw`` names ("uk_UA.UTF-8", "fr-CA", "RU"), or None."""
    codes = [code.lower() for code in languages]
    text = raw.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-").lower()
    if not text:
        return None
    if text in codes:
        return text
    primary = text.split("-", 1)[0]
    return primary if primary in codes else None


def environment_language(environ: Mapping[str, str], languages: Iterable[str]) -> str:
    """The language ``CUSTODIET_LANGUAGE`` names, else the terminal's locale's, else English.

    A ``CUSTODIET_LANGUAGE`` that names no language Custodiet speaks raises ``LanguageError``."""
    codes = list(languages)
    wanted = environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if wanted:
        found = supported_language(wanted, codes)
        if found is None:
            raise LanguageError(_unsupported(ENVIRONMENT_VARIABLE, wanted, codes))
        return found
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return supported_language(value, codes) or DEFAULT
    return DEFAULT


def cli_language(
    argv: Sequence[str], environ: Mapping[str, str], languages: Iterable[str]
) -> tuple[str, list[str]]:
    """The language a command speaks and its arguments without ``--language`` (pure: activates nothing)."""
    codes = list(languages)
    chosen, rest = language_option(argv)
    if chosen is None:
        return environment_language(environ, codes), rest
    found = supported_language(chosen, codes)
    if found is None:
        raise LanguageError(_unsupported(OPTION, chosen, codes))
    return found, rest


def activate_cli_language(argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Activate the language the command speaks, for the rest of the process; the arguments without
    ``--language``. Needs Django set up (the catalogues are the apps'). A refused language is reported
    in the language of the environment when that one is sound, else in English."""
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    try:
        translation.activate(environment_language(environ, codes))
    except LanguageError:
        translation.activate(DEFAULT)
        raise
    language, rest = cli_language(argv, environ, codes)
    translation.activate(language)
    return rest


def _unsupported(where: str, wanted: str, codes: Sequence[str]) -> str:
    return _("%(where)s: %(wanted)r is not a language Custodiet speaks; choose one of %(codes)s") % {
        "where": where,
        "wanted": wanted,
        "codes": ", ".join(codes),
    }


class SpokenCommand(BaseCommand):
    """A management command that speaks the command line's language: its ``help`` may be lazy
    (``gettext_lazy``, marked where it is written) and is said when the parser is made, once the
    language is chosen (argparse itself takes only a plain ``str``); with ``--json`` it speaks English."""

    help: StrOrPromise = ""  # type: ignore[assignment]  # lazy here; said (a str) when the parser is made

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def subcommands(self, parser: CommandParser) -> argparse._SubParsersAction[CommandParser]:
        """The subcommands (``custodiet backup create``), chosen in ``options["action"]``; a wrong one
        is a ``CommandError``, one line, like every other error of the command."""
        return parser.add_subparsers(dest="action", required=True, parser_class=type(parser))

    def execute(self, *args: Any, **options: Any) -> str | None:
        """With ``--json`` the whole command runs in English, as the API answers: a program reads the
        same bytes whatever the operator's language (row problems, reasons and labels included)."""
        if options.get("as_json") or options.get("json"):
            with translation.override(DEFAULT):
                return super().execute(*args, **options)
        return super().execute(*args, **options)
