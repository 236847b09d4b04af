"""The ``custodiet`` command: Django's management commands under Custodiet's settings.

``custodiet treaty status RU ETS-126``, ``custodiet migrate`` and every other
command run with ``custodiet.settings`` unless DJANGO_SETTINGS_MODULE says otherwise.
A bad setting is reported in one line, not a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = ["custodiet", *(sys.argv[1:] if argv is None else argv)]
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as problem:
        sys.stderr.write(f"custodiet: configuration error: {problem}\n")
        raise SystemExit(2) from problem


if __name__ == "__main__":
    main()
