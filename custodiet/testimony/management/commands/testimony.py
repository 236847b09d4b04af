"""``custodiet testimony recount [--check]``: rebuild the maintained figures of allegations.

The counts behind the figures page are kept in the transaction of every change
(``custodiet.testimony.counts``); ``recount`` rebuilds them all from the allegations in one
transaction, after data was loaded by other means, and can be run again at any time with the
same result. ``--check`` only says how many cells differ, and exits 1 if any does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.testimony import counts


class Command(BaseCommand):
    help = "Rebuild (or --check) the maintained counts of allegations behind the figures page."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        recount = sub.add_parser("recount", help="Rebuild the counts of allegations (idempotent)")
        recount.add_argument("--check", action="store_true", help="Only compare; exit 1 if a cell differs")

    def handle(self, *args: Any, **options: Any) -> None:
        found = counts.recount(check_only=options["check"])
        if options["check"]:
            if found["wrong"]:
                raise CommandError(f"{found['wrong']} of {found['cells']} cells differ; run without --check")
            self.stdout.write(f"The counts are right ({found['cells']} cells).")
            return
        self.stdout.write(f"{found['cells']} cells counted; {found['wrong']} were corrected.")
