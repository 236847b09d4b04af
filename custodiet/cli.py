"""The ``custodiet`` command: Django's management commands under Custodiet's settings.

``custodiet treaty status RU ETS-126``, ``custodiet migrate`` and every other
command run with ``custodiet.settings`` unless DJANGO_SETTINGS_MODULE says otherwise.
A bad setting is reported in one line, not a traceback.

``custodiet keys generate PATH`` runs before the settings are read: production
settings refuse to start without a key file, and this is how one is made.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
    # Imported once the settings module is named, so that Django reads ours.
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = ["custodiet", *(sys.argv[1:] if argv is None else argv)]
    if args[1:3] == ["keys", "generate"] and len(args) == 4 and not args[3].startswith("-"):
        _generate_key_file(args[3])
        return
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as problem:
        sys.stderr.write(f"custodiet: configuration error: {problem}\n")
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
