"""Create the administrator account and print a one-time password (changed at first login).

Run again, it issues a new one-time password only if the first was never used
to set a real one; an administrator who chose a password keeps it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from custodiet.core.models import Role, User


class Command(BaseCommand):
    help = "Create the administrator and print its one-time password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is not None and not user.must_change_password:
            self.stdout.write(
                f"The administrator {username!r} exists and has chosen a password; left unchanged."
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        user.set_password(password)
        user.must_change_password = True
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Administrator: {username}   one-time password: {password}"))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/accounts/login/ and choose a new password. Where two-factor "
            "authentication is required (always in production; `make demo DEMO_2FA=true`), you first set "
            "up an authenticator app."
        )
