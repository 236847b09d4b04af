"""The ``custodiet`` command: Django's management commands under Custodiet's settings.

``custodiet treaty status RU ETS-126``, ``custodiet migrate`` and every other
command run with ``custodiet.settings`` unless DJANGO_SETTINGS_MODULE says otherwise.
A bad setting is reported in one line, not a traceback.

Every command speaks the language ``--language`` names (anywhere before a bare ``--``), else
``CUSTODIET_LANGUAGE``, else the terminal's locale, else English (custodiet.core.cli_language).

Some of Django's commands are refused or audited (custodiet.core.cli_guard): ``changepassword``,
``createsuperuser``, ``loaddata``, ``diffsettings``, and ``dumpdata`` beyond the treaty records and
the catalogue of standards.

``custodiet keys generate PATH`` runs before the settings are read: production
settings refuse to start without a key file, and this is how one is made.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
    # Imported once the settings module is named, so that Django reads ours.
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from custodiet.core.cli_guard import Refused, guard
    from custodiet.core.cli_language import LanguageError, activate_cli_language, language_option

    given = list(sys.argv[1:] if argv is None else argv)
    try:
        _chosen, bare = language_option(given)
    except LanguageError:
        bare = given  # reported below, once Django can say it
    if bare[:2] == ["keys", "generate"] and len(bare) == 3 and not bare[2].startswith("-"):
        _generate_key_file(bare[2])  # before the settings: it prints a path and a key id, no sentence
        return
    try:
        django.setup()  # the catalogues are the apps': set up before a language is activated
        args = ["custodiet", *activate_cli_language(given, os.environ)]
        guard(args[1:])
        execute_from_command_line(args)
    except Refused as problem:
        sys.stderr.write(f"custodiet: {problem}\n")
        raise SystemExit(2) from problem
    except DatabaseError as problem:
        from custodiet.ops.migrated import lacking_migrations

        # A missing table, most often: say so in one line. Not for migrate itself, whose own error (a
        # migration that failed half-way) is the one to read.
        lacking = None if args[1:2] == ["migrate"] else lacking_migrations()
        if lacking is None:
            raise
        sys.stderr.write(f"custodiet: {lacking}\n")
        raise SystemExit(2) from problem
    except ImproperlyConfigured as problem:
        sys.stderr.write(f"custodiet: configuration error: {problem}\n")
        raise SystemExit(2) from problem
    except LanguageError as problem:
        sys.stderr.write(f"custodiet: {problem}\n")
        raise SystemExit(2) from problem


def _generate_key_file(path: str) -> None:
    from custodiet.core.crypto import KeyFileError, key_file_generate  # needs no settings

    try:
        sys.stdout.write(key_file_generate(path) + "\n")
    except (KeyFileError, OSError) as problem:
        sys.stderr.write(f"custodiet: {problem}\n")
        raise SystemExit(1) from problem


if __name__ == "__main__":
    main()
