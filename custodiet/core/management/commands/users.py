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

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodiet.core.access import Capability, roles_with
from custodiet.core.audit import audit_record
from custodiet.core.cli_language import SpokenCommand
from custodiet.core.models import User
from custodiet.core.throttle import login_unlock
from custodiet.core.twofactor import two_factor_reset


class Command(SpokenCommand):
    help = gettext_lazy("Reset a user's two-factor authentication, or lift a login lockout.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        reset = sub.add_parser("reset-2fa", help=_("Remove every second-factor device of a user (audited)"))
        reset.add_argument("username", help=_("the account's username"))
        unlock = sub.add_parser("unlock", help=_("Lift a login lockout of a user (audited)"))
        unlock.add_argument("username", help=_("the account's username"))

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("no user %(username)r") % {"username": username})
        if action == "reset-2fa":
            approvers = User.objects.filter(
                is_active=True, role__in=roles_with(Capability.APPROVE_ACCOUNT_CHANGES)
            ).exclude(pk=user.pk)
            if approvers.exists():
                raise CommandError(
                    _(
                        "a second person can decide this: an administrator asks on the people pages "
                        "(%(page)s) and a member of the secretariat approves"
                    )
                    % {"page": f"/people/{user.pk}/"}
                )
            removed = two_factor_reset(user=user)
            self.stdout.write(
                ngettext(
                    "Removed %(count)s device record of %(username)s and ended their sessions; "
                    "they set up two-factor authentication again at their next login.",
                    "Removed %(count)s device records of %(username)s and ended their sessions; "
                    "they set up two-factor authentication again at their next login.",
                    removed,
                )
                % {"count": removed, "username": username}
            )
        else:
            cleared = login_unlock(username=username)
            audit_record(actor=None, verb="auth.unlock", target=user, detail={"cleared": cleared})
            said = (
                _("Login lockout of %(username)s lifted.")
                if cleared
                else _("%(username)s was not locked out.")
            )
            self.stdout.write(said % {"username": username})
