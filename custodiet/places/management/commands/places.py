"""``custodiet places``: the register of places from the terminal.

    custodiet places import register.csv [--dry-run] [--json] [--by USERNAME]
    custodiet places import population.xlsx --dry-run

``import`` reads a register or a population file (CSV or XLSX; the formats are
in custodiet.places.importing and docs/places.md). Every row is checked first;
if any is wrong, every problem is printed with its line, nothing is written,
and the command exits non-zero. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.models import User
from custodiet.places.services import places_import


class Command(BaseCommand):
    help = "The register of places: import a register or population figures (CSV or XLSX), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        imported = sub.add_parser(
            "import", help="Import a register or a population file (CSV or XLSX), every row or none"
        )
        imported.add_argument("path", type=Path, help="a .csv (UTF-8) or .xlsx file")
        imported.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        imported.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")
        imported.add_argument("--by", help="the username to record in the audit trail (default: system)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        by = None
        if options.get("by"):
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user {options['by']!r}")
        try:
            summary = places_import(path=path, by=by, commit=not options["dry_run"])
        except ImportRejected as rejected:
            if options["as_json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "imported": False,
                            "problems": [{"line": line, "problem": text} for line, text in rejected.problems],
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            lines = "\n".join(f"  line {line}: {reason}" for line, reason in rejected.problems)
            raise CommandError(
                f"{path}: nothing was imported; fix {len(rejected.problems)} problem"
                f"{'s' if len(rejected.problems) != 1 else ''} and try again:\n{lines}"
            ) from rejected
        except DomainError as refused:
            raise CommandError(str(refused)) from refused
        if options["as_json"]:
            self.stdout.write(
                json.dumps({"imported": True, **summary.as_dict()}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{path} ({summary.kind}): {summary.describe()}")
