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

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rich.console import Console
from rich.table import Table

from custodiet.core import clock
from custodiet.core.cli_language import SpokenCommand
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError, NotFound
from custodiet.core.models import User
from custodiet.reports import services
from custodiet.reports.models import Report
from custodiet.reports.selectors import overdue_all
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import ImmediateObservation


class Command(SpokenCommand):
    help = gettext_lazy("Overdue answers and reminders, the reference record, liaisons and protected names.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        overdue = sub.add_parser("overdue", help=_("Answers past their deadline; --remind to send reminders"))
        overdue.add_argument("--state", help=_("The State: ISO alpha-2 or alpha-3 code, or its name"))
        overdue.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))
        overdue.add_argument("--remind", action="store_true", help=_("Record a reminder for each and e-mail"))
        overdue.add_argument("--note", default="", help=_("A note to add to each reminder"))
        sub.add_parser(
            "load-reference", help=_("Load the published record of reports and statements (idempotent)")
        )
        assign = sub.add_parser(
            "assign-liaison", help=_("Say which State a state-liaison account answers for")
        )
        assign.add_argument("username", help=_("the account's username"))
        assign.add_argument("state", help=_("The State: ISO alpha-2 or alpha-3 code, or its name"))
        protect = sub.add_parser(
            "protect-names", help=_("Add names (one a line, from a file) never to publish")
        )
        protect.add_argument("path", type=Path, help=_("a UTF-8 text file, one name a line"))
        protect.add_argument("--state", help=_("Only for reports on this State (default: every State)"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "overdue":
                self._overdue(options)
            elif action == "load-reference":
                summary = services.reference_load()
                parts = ", ".join(
                    (
                        ngettext("%(count)s report", "%(count)s reports", summary.reports)
                        % {"count": summary.reports},
                        ngettext(
                            "%(count)s public statement", "%(count)s public statements", summary.statements
                        )
                        % {"count": summary.statements},
                        ngettext("%(count)s note", "%(count)s notes", summary.notes)
                        % {"count": summary.notes},
                    )
                )
                self.stdout.write(
                    _("Loaded: %(parts)s; already there: %(unchanged)s.")
                    % {"parts": parts, "unchanged": summary.unchanged}
                )
            elif action == "assign-liaison":
                user = User.objects.filter(username=options["username"]).first()
                if user is None:
                    raise CommandError(_("no account %(username)r") % {"username": options["username"]})
                assignment = services.liaison_assign(user=user, state=self._state(options["state"]), by=None)
                self.stdout.write(
                    _("%(username)s answers for %(state)s.")
                    % {"username": user.username, "state": assignment.state.shown_name}
                )
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
            self.stdout.write(_("No answer is overdue on %(day)s.") % {"day": shown_date(today)})
            return
        console = Console(file=cast("IO[str]", self.stdout), width=120, highlight=False, soft_wrap=False)
        table = Table(title=_("Overdue answers on %(day)s") % {"day": shown_date(today)})
        for column in (_("what"), _("State"), _("due"), _("days"), _("reminders")):
            table.add_column(column)
        for line in lines:
            what = _("report #%(number)s: %(title)s") if line.awaited.kind == "report" else None
            what = what or _("observations #%(number)s: %(title)s")
            table.add_row(
                what % {"number": line.awaited.pk, "title": line.awaited.title},
                line.awaited.state,
                shown_date(line.awaited.due),
                str(line.days),
                str(line.awaited.reminders),
            )
        console.print(table)
        if reminded:
            self.stdout.write(
                ngettext("%(count)s reminder recorded.", "%(count)s reminders recorded.", reminded)
                % {"count": reminded}
            )

    def _protect(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        try:
            names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError as problem:
            raise CommandError(f"{path}: {problem.strerror or problem}") from problem
        state = self._state(options["state"]) if options.get("state") else None
        with transaction.atomic():
            for name in names:
                services.protected_name_add(name=name, state=state, by=None)
        self.stdout.write(
            ngettext("%(count)s name protected.", "%(count)s names protected.", len(names))
            % {"count": len(names)}
        )
