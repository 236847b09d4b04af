"""The demo's first accounts: an administrator and a member of the secretariat, with one-time passwords.

Two people, because the separation of duties needs them: the administrator manages
accounts, the secretariat approves what would open testimony to one. Both are made
by ``custodiet people bootstrap`` (audited); each must choose a password at its
first login. Run again, it issues a new one-time password only to an account that
never replaced the last one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.core.errors import DomainError
from custodiet.core.models import Role
from custodiet.core.people.services import account_bootstrap


class Command(SpokenCommand):
    help = gettext_lazy(
        "Create the demo's administrator and secretariat accounts and print their one-time passwords."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin", help=_("the administrator's username"))
        parser.add_argument("--secretariat", default="secretariat", help=_("the secretariat's username"))

    def handle(self, *args: Any, username: str, secretariat: str, **options: Any) -> None:
        for name, role in ((username, Role.ADMINISTRATOR), (secretariat, Role.SECRETARIAT)):
            try:
                outcome = account_bootstrap(username=name, role=role)
            except DomainError as problem:
                raise CommandError(str(problem)) from None
            if outcome.password is None:
                self.stdout.write(outcome.message)
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("%(message)s   one-time password: %(password)s")
                        % {"message": outcome.message, "password": outcome.password}
                    )
                )
        self.stdout.write(
            _(
                "Log in at http://127.0.0.1:8000/accounts/login/ and choose a new password. The administrator "
                "manages accounts on the People page; the secretariat approves what would open testimony to one. "
                "Where two-factor authentication is required (always in production; `make demo DEMO_2FA=true`), "
                "each first sets up an authenticator app."
            )
        )
