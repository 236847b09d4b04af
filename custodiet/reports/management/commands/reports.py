"""``custodiet reports``: overdue answers and reminders, the reference record, liaisons, protected names.

    custodiet reports overdue [--state RU] [--json] [--remind] [--note TEXT]
    custodiet reports load-reference
    custodiet reports assign-liaison USERNAME STATE
    custodiet reports protect-names FILE [--state RU]

``overdue`` lists the reports' responses and the immediate observations' answers past their deadline
(the same list as the page); with ``--remind`` it records a reminder for each and e-mails the State's
liaison accounts. ``protect-names`` reads names one a line from a file (never from the command line,
which shells keep in their history) and adds them to the names no published report may carry. A State
is named as everywhere: "RU", "RUS" or its name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rich.console import Console
from rich.table import Table

from custodiet.core import clock
from custodiet.core.errors import DomainError, NotFound
from custodiet.core.models import User
from custodiet.reports import services
from custodiet.reports.models import Report
from custodiet.reports.selectors import overdue_all
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import ImmediateObservation


class Command(BaseCommand):
    help = "Overdue answers and reminders, the reference record, liaisons and protected names."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        overdue = sub.add_parser("overdue", help="Answers past their deadline; --remind to send reminders")
        overdue.add_argument("--state", help="The State: ISO alpha-2 or alpha-3 code, or its name")
        overdue.add_argument("--json", action="store_true", dest="as_json")
        overdue.add_argument("--remind", action="store_true", help="Record a reminder for each and e-mail")
        overdue.add_argument("--note", default="", help="A note to add to each reminder")
        sub.add_parser(
            "load-reference", help="Load the published record of reports and statements (idempotent)"
        )
        assign = sub.add_parser("assign-liaison", help="Say which State a state-liaison account answers for")
        assign.add_argument("username")
        assign.add_argument("state", help="The State: ISO alpha-2 or alpha-3 code, or its name")
        protect = sub.add_parser("protect-names", help="Add names (one a line, from a file) never to publish")
        protect.add_argument("path", type=Path)
        protect.add_argument("--state", help="Only for reports on this State (default: every State)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "overdue":
                self._overdue(options)
            elif action == "load-reference":
                summary = services.reference_load()
                self.stdout.write(
                    f"{summary.reports} report(s), {summary.statements} public statement(s), "
                    f"{summary.notes} note(s) loaded; {summary.unchanged} already there."
                )
            elif action == "assign-liaison":
                user = User.objects.filter(username=options["username"]).first()
                if user is None:
                    raise CommandError(f"no account {options['username']!r}")
                assignment = services.liaison_assign(user=user, state=self._state(options["state"]), by=None)
                self.stdout.write(f"{user.username} answers for {assignment.state.name_en}.")
            elif action == "protect-names":
                self._protect(options)
        except DomainError as problem:
            raise CommandError(str(problem)) from problem

    def _state(self, wanted: str) -> State:
        try:
            return resolve_state(wanted)
        except NotFound as unknown:
            raise CommandError(str(unknown)) from None

    def _overdue(self, options: dict[str, Any]) -> None:
        today = clock.today()
        state = self._state(options["state"]) if options.get("state") else None
        lines = overdue_all(today=today, state=state)
        reminded = 0
        if options["remind"]:
            with transaction.atomic():
                for line in lines:
                    target: dict[str, Any] = (
                        {"report": Report.objects.select_related("state").get(pk=line.awaited.pk)}
                        if line.awaited.kind == "report"
                        else {
                            "observation": ImmediateObservation.objects.select_related("visit__state").get(
                                pk=line.awaited.pk
                            )
                        }
                    )
                    services.reminder_send(by=None, note=options["note"], today=today, **target)
                    reminded += 1
        if options["as_json"]:
            payload = [
                {
                    "kind": line.awaited.kind,
                    "id": line.awaited.pk,
                    "state": line.awaited.state,
                    "title": line.awaited.title,
                    "due": line.awaited.due.isoformat(),
                    "days_overdue": line.days,
                    "reminders": line.awaited.reminders + (1 if options["remind"] else 0),
                }
                for line in lines
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not lines:
            self.stdout.write(f"No answer is overdue on {today.isoformat()}.")
            return
        console = Console(file=cast("IO[str]", self.stdout), width=120, highlight=False, soft_wrap=False)
        table = Table(title=f"Overdue answers on {today.isoformat()}")
        for column in ("what", "state", "due", "days", "reminders"):
            table.add_column(column)
        for line in lines:
            kind = "report" if line.awaited.kind == "report" else "observations"
            table.add_row(
                f"{kind} #{line.awaited.pk}: {line.awaited.title}",
                line.awaited.state,
                line.awaited.due.isoformat(),
                str(line.days),
                str(line.awaited.reminders),
            )
        console.print(table)
        if reminded:
            self.stdout.write(f"{reminded} reminder(s) recorded.")

    def _protect(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        try:
            names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError as problem:
            raise CommandError(f"{path}: {problem.strerror}") from problem
        state = self._state(options["state"]) if options.get("state") else None
        with transaction.atomic():
            for name in names:
                services.protected_name_add(name=name, state=state, by=None)
        self.stdout.write(f"{len(names)} name(s) protected.")
