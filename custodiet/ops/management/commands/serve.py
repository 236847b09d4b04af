"""``custodiet serve``: the production web server (gunicorn), with Custodiet's settings for it.

It refuses to start on a database with migrations not applied, collects the
static files (WhiteNoise serves them, compressed, from the application), builds
the API schema once, and runs gunicorn with ``2 x CPUs + 1`` workers by default
(``--workers`` or ``CUSTODIET_WEB_WORKERS``). Behind a TLS-terminating proxy;
see docs/operations.md.
"""

from __future__ import annotations

import json
import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.ops.migrated import lacking_migrations
from custodiet.ops.serving import Server, default_workers, gunicorn_options


class Command(SpokenCommand):
    help = gettext_lazy("Serve Custodiet with gunicorn (the production server).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("CUSTODIET_BIND", "127.0.0.1:8000"),
            help=_("Address and port, or unix:PATH (default 127.0.0.1:8000, or CUSTODIET_BIND)."),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_("Worker processes (default: 2 x CPUs + 1, at most 16, or CUSTODIET_WEB_WORKERS)."),
        )
        parser.add_argument("--threads", type=int, default=1, help=_("Threads per worker (default 1)."))
        parser.add_argument(
            "--timeout", type=int, default=60, help=_("Seconds before a stuck worker is restarted.")
        )
        parser.add_argument("--no-access-log", action="store_true", help=_("Do not log each request."))
        parser.add_argument(
            "--skip-collectstatic", action="store_true", help=_("The static files are collected.")
        )
        parser.add_argument(
            "--print-config", action="store_true", help=_("Print gunicorn's settings and exit.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"] or _workers_from_environment() or default_workers()
        if workers < 1 or options["threads"] < 1 or options["timeout"] < 1:
            raise CommandError(_("--workers, --threads and --timeout must be at least 1"))
        config = gunicorn_options(
            bind=options["bind"],
            workers=workers,
            threads=options["threads"],
            timeout=options["timeout"],
            access_log=not options["no_access_log"],
        )
        if options["print_config"]:
            self.stdout.write(json.dumps(config, indent=2, default=str))
            return
        _refuse_unmigrated()
        if not options["skip_collectstatic"] and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        # The command spoke the operator's language; the server answers every request in its reader's.
        with translation.override(settings.LANGUAGE_CODE):
            Server(config).run()


def _workers_from_environment() -> int | None:
    raw = os.environ.get("CUSTODIET_WEB_WORKERS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise CommandError(
            _("CUSTODIET_WEB_WORKERS must be a whole number of at least 1, not %(given)r") % {"given": raw}
        )
    return int(raw)


def _refuse_unmigrated() -> None:
    lacking = lacking_migrations()
    if lacking is not None:
        raise CommandError(lacking)
