"""``custodiet users``: account chores on the server, each written to the audit trail.

custodiet users reset-2fa USERNAME   # only when no one can approve it on the people pages (break-glass)
custodiet users unlock USERNAME      # lift a login lockout before its cool-off ends

A second-factor reset is a four-eyes request on the people pages (an administrator
asks, a member of the secretariat decides). The command line has no second person:
it resets only when no active account other than the one concerned could approve
(the only member of the secretariat lost their phone), as the operator's last resort.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.core.access import Capability, roles_with
from custodiet.core.audit import audit_record
from custodiet.core.models import User
from custodiet.core.throttle import login_unlock
from custodiet.core.twofactor import two_factor_reset


class Command(BaseCommand):
    help = "Reset a user's two-factor authentication, or lift a login lockout."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        reset = sub.add_parser("reset-2fa", help="Remove every second-factor device of a user (audited)")
        reset.add_argument("username")
        unlock = sub.add_parser("unlock", help="Lift a login lockout of a user (audited)")
        unlock.add_argument("username")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        if action == "reset-2fa":
            approvers = User.objects.filter(
                is_active=True, role__in=roles_with(Capability.APPROVE_ACCOUNT_CHANGES)
            ).exclude(pk=user.pk)
            if approvers.exists():
                raise CommandError(
                    "a second person can decide this: an administrator asks on the people pages "
                    f"(/people/{user.pk}/) and a member of the secretariat approves"
                )
            removed = two_factor_reset(user=user)
            self.stdout.write(
                f"Removed {removed} device record(s) of {username} and ended their sessions; "
                "they set up two-factor authentication again at their next login."
            )
        else:
            cleared = login_unlock(username=username)
            audit_record(actor=None, verb="auth.unlock", target=user, detail={"cleared": cleared})
            self.stdout.write(
                f"Login lockout of {username} lifted." if cleared else f"{username} was not locked out."
            )
