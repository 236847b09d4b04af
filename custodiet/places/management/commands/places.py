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

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodiet.core.cli_language import SpokenCommand
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.models import User
from custodiet.places.importing import POPULATION
from custodiet.places.services import ImportSummary, places_import


class Command(SpokenCommand):
    help = gettext_lazy(
        "The register of places: import a register or population figures (CSV or XLSX), all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        imported = sub.add_parser(
            "import", help=_("Import a register or a population file (CSV or XLSX), every row or none")
        )
        imported.add_argument("path", type=Path, help=_("a .csv (UTF-8) or .xlsx file"))
        imported.add_argument("--dry-run", action="store_true", help=_("check every row and write nothing"))
        imported.add_argument(
            "--json", action="store_true", dest="as_json", help=_("machine-readable output")
        )
        imported.add_argument("--by", help=_("the username to record in the audit trail (default: system)"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_file(options)

    def import_file(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        by = None
        if options.get("by"):
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(_("no user %(username)r") % {"username": options["by"]})
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
            count = len(rejected.problems)
            lines = "\n".join(
                "  " + _("line %(line)s: %(problem)s") % {"line": line, "problem": reason}
                for line, reason in rejected.problems
            )
            headline = ngettext(
                "%(path)s: nothing was imported; fix %(count)s problem and try again:",
                "%(path)s: nothing was imported; fix %(count)s problems and try again:",
                count,
            ) % {"path": path, "count": count}
            raise CommandError(f"{headline}\n{lines}") from rejected
        except DomainError as refused:
            raise CommandError(str(refused)) from refused
        if options["as_json"]:
            self.stdout.write(
                json.dumps({"imported": True, **summary.as_dict()}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{path} ({_kind(summary.kind)}): {_described(summary)}")


def _kind(kind: str) -> str:
    return _("population") if kind == POPULATION else _("register")


def _described(summary: ImportSummary) -> str:
    """The summary in the command's language (the import job keeps ``summary.describe()``, in English)."""
    parts = [ngettext("%(count)s row read.", "%(count)s rows read.", summary.rows) % {"count": summary.rows}]
    counts = {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
    figures = {
        "created": summary.figures_created,
        "updated": summary.figures_updated,
        "unchanged": summary.figures_unchanged,
    }
    if summary.dry_run:
        if summary.kind != POPULATION:
            parts.append(
                _("Places: would create %(created)s, update %(updated)s; %(unchanged)s unchanged.") % counts
            )
        parts.append(
            _("Population figures: would add %(created)s, correct %(updated)s; %(unchanged)s unchanged.")
            % figures
        )
        parts.append(_("Dry run: nothing was written."))
    else:
        if summary.kind != POPULATION:
            parts.append(
                _("Places: created %(created)s, updated %(updated)s; %(unchanged)s unchanged.") % counts
            )
        parts.append(
            _("Population figures: added %(created)s, corrected %(updated)s; %(unchanged)s unchanged.")
            % figures
        )
    return " ".join(parts)
