"""``custodiet treaty``: status, coverage, parties, chart import and reference data, from the terminal.

    custodiet treaty status RU ETS-126 --on 2026-11-22
    custodiet treaty coverage RU --on 2026-11-22
    custodiet treaty parties ETS-126 --on 2000-01-01
    custodiet treaty import chart.csv [--instrument ETS-126] [--dry-run]
    custodiet treaty load-reference

Every reading subcommand takes ``--json`` for machine output. A State is named by
its ISO code (RU, RUS) or its name, an instrument by its code, title or alias
(ETS-126, ECPT, "ETS No. 126", CAT), through the same resolvers as the pages and
the API; an unknown one, or a bad ``--on``, is a clear error, never a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from custodiet.core import clock
from custodiet.core.dates import parse_query_date
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.treaties import selectors, services
from custodiet.treaties.presenters import coverage_dict, status_dict


class Command(BaseCommand):
    help = "Treaty status, coverage by visiting mechanisms, parties, and chart imports."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        status = sub.add_parser("status", help="Is a state bound by an instrument on a date, and why")
        status.add_argument("state", help="ISO code or name, e.g. RU, RUS or 'Russian Federation'")
        status.add_argument("instrument", help="code, title or alias, e.g. ETS-126, ECPT or 'ETS No. 126'")
        status.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")
        status.add_argument("--json", action="store_true", dest="as_json")

        coverage = sub.add_parser(
            "coverage", help="Which visiting mechanisms cover a state's places on a date"
        )
        coverage.add_argument("state")
        coverage.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")
        coverage.add_argument("--json", action="store_true", dest="as_json")

        parties = sub.add_parser("parties", help="The states bound by an instrument on a date")
        parties.add_argument("instrument")
        parties.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")
        parties.add_argument("--json", action="store_true", dest="as_json")

        chart = sub.add_parser(
            "import", help="Import a chart of signatures and ratifications (CSV), all or nothing"
        )
        chart.add_argument("path", type=Path, help="a CSV file, or - for standard input")
        chart.add_argument("--instrument", help="the instrument, if the file has no 'instrument' column")
        chart.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        chart.add_argument("--json", action="store_true", dest="as_json")

        sub.add_parser(
            "load-reference", help="Load states, instruments and the reference record (idempotent)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Django's OutputWrapper writes like a text file; rich's annotation asks for IO[str].
        self.console = Console(file=cast(IO[str], self.stdout), width=110, highlight=False, soft_wrap=False)
        self.today = clock.today()
        subcommands = {
            "status": self.status,
            "coverage": self.coverage,
            "parties": self.parties,
            "import": self.import_chart,
            "load-reference": self.load_reference,
        }
        try:
            self.on = self._date(options.get("on"))
            subcommands[options["action"]](options)
        except ImportRejected as rejected:
            lines = "\n".join(f"  line {line}: {reason}" for line, reason in rejected.problems)
            raise CommandError(f"nothing was imported; fix these lines and try again:\n{lines}") from rejected
        except DomainError as refused:
            raise CommandError(str(refused)) from refused

    # -- helpers ---------------------------------------------------------------------------------

    def _date(self, raw: str | None) -> date:
        """The ``--on`` date, or today; a bad one is refused with what was wrong."""
        if raw is None:
            return self.today
        try:
            return parse_query_date(raw)
        except ValueError as problem:
            raise CommandError(f"--on: {problem}") from None

    def _instrument_code(self, wanted: str) -> str:
        if not selectors.instrument_specs():
            raise CommandError("No instrument is loaded yet: run `custodiet treaty load-reference` first.")
        return selectors.resolve_instrument(wanted).code

    def _json(self, payload: Any) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _reasons(self, reasons: list[dict[str, Any]]) -> None:
        for reason in reasons:
            article = f" [{reason['article']}]" if reason.get("article") else ""
            self.console.print(f"  • {reason['text']}{article}", markup=False)

    # -- subcommands -----------------------------------------------------------------------------

    def status(self, options: dict[str, Any]) -> None:
        state = selectors.resolve_state(options["state"])
        code = self._instrument_code(options["instrument"])
        on = self.on
        result = selectors.engine_for_state(state).status(state.code, code, on, today=self.today)
        payload = status_dict(result)
        if options["as_json"]:
            return self._json(payload)
        mark = "BOUND" if result.bound else "NOT BOUND"
        self.console.print(
            f"{state.name_en} ({state.code}) · {code} · on {on.isoformat()}: {mark}", markup=False
        )
        self.console.print(f"  {result.summary}", markup=False)
        if result.uncertain:
            self.console.print("  ! uncertain: a recorded date is imprecise", markup=False)
        if result.domestic_denunciation:
            self.console.print("  ! a domestic denunciation is recorded without a notification", markup=False)
        self._reasons(payload["reasons"])
        return None

    def coverage(self, options: dict[str, Any]) -> None:
        state = selectors.resolve_state(options["state"])
        on = self.on
        result = selectors.engine_for_state(state).coverage(
            state.code, on, selectors.bodies_for_state(state), today=self.today
        )
        payload = coverage_dict(result)
        if options["as_json"]:
            return self._json(payload)
        self.console.print(
            f"{state.name_en} ({state.code}) on {on.isoformat()}: visiting mechanisms with a treaty right: "
            f"{result.summary}",
            markup=False,
        )
        table = Table(show_lines=True)
        table.add_column("Body")
        table.add_column("Right to visit", no_wrap=True)
        table.add_column("Why")
        for line in payload["bodies"]:
            table.add_row(
                line["code"],
                ("yes" if line["covers"] else "no") + (" (uncertain)" if line["uncertain"] else ""),
                line["reasons"][0]["text"],
            )
        self.console.print(table)
        return None

    def parties(self, options: dict[str, Any]) -> None:
        code = self._instrument_code(options["instrument"])
        on = self.on
        rows = selectors.parties_on(code, on, today=self.today)
        if options["as_json"]:
            return self._json({"instrument": code, "on": on.isoformat(), "count": len(rows), "parties": rows})
        table = Table(title=f"Parties to {code} on {on.isoformat()}: {len(rows)}")
        table.add_column("State")
        table.add_column("Code")
        table.add_column("In force from")
        table.add_column("Denunciation effective")
        for row in rows:
            table.add_row(row["name"], row["state"], row["in_force_from"] or "", row["ceases_on"] or "")
        self.console.print(table)
        return None

    def import_chart(self, options: dict[str, Any]) -> None:
        instrument = self._instrument_code(options["instrument"]) if options.get("instrument") else None
        path: Path = options["path"]
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise CommandError(f"{path}: no such file") from None
            except UnicodeDecodeError:
                raise CommandError(f"{path}: not UTF-8 text; save the chart as UTF-8 CSV") from None
        summary = services.chart_import(
            text=text, instrument=instrument, today=self.today, commit=not options["dry_run"]
        )
        payload = {
            "dry_run": options["dry_run"],
            "rows": summary.rows,
            "actions_created": summary.created,
            "rows_already_recorded": summary.unchanged_rows,
            "instruments": summary.instruments,
            "warnings": [{"line": line, "warning": text} for line, text in summary.warnings],
        }
        if options["as_json"]:
            return self._json(payload)
        verb = "would add" if options["dry_run"] else "added"
        self.stdout.write(
            f"{summary.rows} rows read; {verb} {summary.created} actions; "
            f"{summary.unchanged_rows} rows were already recorded."
        )
        for line, warning in summary.warnings:
            self.stdout.write(f"  warning, line {line}: {warning}")
        return None

    def load_reference(self, options: dict[str, Any]) -> None:
        summary = services.reference_load()
        self.stdout.write(
            f"states added: {summary.states}, instruments added: {summary.instruments}, "
            f"actions added: {summary.actions}, bodies added: {summary.bodies}, "
            f"committee terms added: {summary.memberships}"
        )
