"""``custodiet people``: who holds which role, and the first accounts (no role is changed here).

    custodiet people list [--role secretariat] [--inactive] [--csv]   # the list the people pages show
    custodiet people bootstrap USERNAME --role administrator|secretariat

Roles, States, bodies, delegations, passwords and second factors are changed on
the people pages, where the separation of duties holds (custodiet.core.people).
The command line has no second person, so it only creates the first
administrator and, while no active account can approve, the first member of the
secretariat; each with a one-time password, printed once, and an audit entry.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.core.errors import DomainError
from custodiet.core.models import Role
from custodiet.core.people import selectors, services


class Command(SpokenCommand):
    help = gettext_lazy(
        "List who holds which role (or export it as CSV); create the first administrator or secretariat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help=_("Every account with its role, status and parts"))
        listing.add_argument("--role", choices=Role.values, help=_("only the accounts with this role"))
        listing.add_argument("--inactive", action="store_true", help=_("only deactivated accounts"))
        listing.add_argument("--csv", action="store_true", help=_("the CSV export of the people pages"))
        boot = sub.add_parser("bootstrap", help=_("The first administrator, or the first secretariat"))
        boot.add_argument("username", help=_("the new account's username"))
        boot.add_argument(
            "--role", required=True, choices=[Role.ADMINISTRATOR, Role.SECRETARIAT], help=_("its role")
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            found = selectors.accounts(role=options["role"], active=False if options["inactive"] else None)
            rows = selectors.rows(list(found))
            if options["csv"]:
                self.stdout.write(selectors.export_csv(rows), ending="")
                return
            for row in rows:
                parts = "; ".join(text for text in row.parts.values() if text)
                status = _("active") if row.account.is_active else _("inactive")
                waiting = (
                    "  " + _("waiting: %(what)s") % {"what": ", ".join(row.pending)} if row.pending else ""
                )
                self.stdout.write(
                    f"{row.account.username:24} {row.account.get_role_display():20} {status:9} {parts}{waiting}".rstrip()
                )
            return
        try:
            outcome = services.account_bootstrap(username=options["username"], role=options["role"])
        except DomainError as problem:
            raise CommandError(str(problem)) from None
        if outcome.password is None:
            self.stdout.write(outcome.message)
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(message)s   one-time password: %(password)s")
                % {"message": outcome.message, "password": outcome.password}
            )
        )
