"""``custodiet standards``: the catalogue of standards from the terminal.

custodiet standards load    # load data/standards.json into the database (idempotent)
custodiet standards list    # the loaded catalogue, one standard a line
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.core.errors import DomainError
from custodiet.standards import measures, rules, selectors
from custodiet.standards.services import standards_load


class Command(SpokenCommand):
    help = gettext_lazy("Load and list the catalogue of standards that measurements are checked against.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        sub.add_parser(
            "load", help=_("Load data/standards.json into the database; loading twice changes nothing")
        )
        sub.add_parser("list", help=_("The loaded standards: code, threshold, source"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            try:
                summary = standards_load()
            except DomainError as problem:
                raise CommandError(str(problem)) from problem
            self.stdout.write(
                self.style.SUCCESS(
                    _("standards: %(created)s added, %(updated)s updated, %(unchanged)s unchanged")
                    % {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
                )
            )
            return
        standards = list(selectors.standard_list())
        if not standards:
            self.stdout.write(_("The catalogue is not loaded: run `custodiet standards load`."))
            return
        for standard in standards:
            spec = rules.spec_from_data(standard.spec)
            limit = f"{measures.plain(spec.limit)} {spec.unit}" if spec.limit is not None else _("yes/no")
            self.stdout.write(f"{spec.code:28} {spec.measure:21} {limit:16} {spec.citation}")
