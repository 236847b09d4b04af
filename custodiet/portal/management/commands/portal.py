"""``custodiet portal``: the public portal's search index.

    custodiet portal reindex [--json]

``reindex`` makes the index what the public material is now: every published report and its State's
responses, every public statement, every published timeline and its sources, every State and treaty.
All or nothing; an entry that has not changed is not rewritten, so running it twice changes nothing the
second time. Run it after loading reference data or after writes that bypass the services.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.portal.indexing import reindex


class Command(SpokenCommand):
    help = gettext_lazy("The public portal's search index: reindex (idempotent).")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        again = sub.add_parser("reindex", help=_("Bring the search index in step with the public material"))
        again.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = reindex()
        except DatabaseError as problem:
            raise CommandError(
                _("the database is not ready (%(problem)s): run `custodiet migrate` first")
                % {"problem": " ".join(str(problem).split())}
            ) from None
        if options["as_json"]:
            self.stdout.write(json.dumps(asdict(done)))
        else:
            self.stdout.write(
                _(
                    "Search index: %(added)s added, %(changed)s changed, %(removed)s removed, "
                    "%(unchanged)s unchanged."
                )
                % asdict(done)
            )
