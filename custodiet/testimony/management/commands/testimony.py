"""``custodiet testimony recount [--check]``: rebuild the maintained figures of allegations.

The counts behind the figures page are kept in the transaction of every change
(``custodiet.testimony.counts``); ``recount`` rebuilds them all from the allegations in one
transaction, after data was loaded by other means, and can be run again at any time with the
same result. ``--check`` only says how many cells differ, and exits 1 if any does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodiet.core.cli_language import SpokenCommand
from custodiet.testimony import counts


class Command(SpokenCommand):
    help = gettext_lazy("Rebuild (or --check) the maintained counts of allegations behind the figures page.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        recount = sub.add_parser("recount", help=_("Rebuild the counts of allegations (idempotent)"))
        recount.add_argument("--check", action="store_true", help=_("Only compare; exit 1 if a cell differs"))

    def handle(self, *args: Any, **options: Any) -> None:
        found = counts.recount(check_only=options["check"])
        if options["check"]:
            if found["wrong"]:
                raise CommandError(
                    ngettext(
                        "%(wrong)s of %(cells)s cell differs; run without --check",
                        "%(wrong)s of %(cells)s cells differ; run without --check",
                        found["cells"],
                    )
                    % found
                )
            self.stdout.write(
                ngettext(
                    "The counts are right (%(cells)s cell).",
                    "The counts are right (%(cells)s cells).",
                    found["cells"],
                )
                % found
            )
            return
        self.stdout.write(
            ngettext(
                "%(cells)s cell counted; %(wrong)s corrected.",
                "%(cells)s cells counted; %(wrong)s corrected.",
                found["cells"],
            )
            % found
        )
