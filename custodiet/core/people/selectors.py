"""Reads about accounts: who holds which role, what each app adds to them, and the requests waiting.

Open to those who manage accounts or approve their changes (``SEE_PEOPLE``);
the pages and the CLI check that before calling. Names and e-mails are
encrypted at rest: they are decrypted here, row by row, never searched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodiet.core.models import AccountRequest, RequestStatus, Role, User
from custodiet.core.people.parts import account_parts


def accounts(*, role: str | None = None, active: bool | None = None) -> QuerySet[User]:
    """Every account, by username, with whether it has a confirmed second factor (``has_second_factor``)."""
    found = User.objects.order_by("username").annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    if role:
        found = found.filter(role=role)
    if active is not None:
        found = found.filter(is_active=active)
    return found


def pending_requests() -> QuerySet[AccountRequest]:
    return AccountRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "account", "requested_by"
    )


def requests_about(account: User) -> QuerySet[AccountRequest]:
    return AccountRequest.objects.filter(account=account).select_related("requested_by", "decided_by")


def request_by_id(pk: int) -> AccountRequest | None:
    return AccountRequest.objects.select_related("account", "requested_by").filter(pk=pk).first()


@dataclass(frozen=True)
class PersonRow:
    """One account as the list and the export show it."""

    account: User
    parts: dict[str, str]
    pending: list[str]

    @property
    def name(self) -> str:
        return self.account.get_full_name().strip()


def rows(found: Sequence[User]) -> list[PersonRow]:
    """The accounts with each app's part (one query per part) and their waiting requests."""
    described = {part.key: part.describe(found) for part in account_parts()}
    waiting: dict[int, list[str]] = {}
    for request in AccountRequest.objects.filter(
        account__in=[account.pk for account in found], status=RequestStatus.PENDING
    ):
        label = request.get_kind_display()
        if request.role:
            label += f": {Role(request.role).label}"
        waiting.setdefault(request.account_id, []).append(label)
    return [
        PersonRow(
            account=account,
            parts={key: texts.get(account.pk, "") for key, texts in described.items()},
            pending=waiting.get(account.pk, []),
        )
        for account in found
    ]


def _cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (a name or username may start with =)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def export_csv(people: Iterable[PersonRow]) -> str:
    """Who holds which role, for an oversight board: one line per account, with what each app adds."""
    parts = account_parts()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "username",
            "name",
            "role",
            "active",
            "second factor",
            *[part.label for part in parts],
            "waiting for approval",
            "joined",
            "last login",
        ]
    )
    for row in people:
        account = row.account
        writer.writerow(
            [
                _cell(account.username),
                _cell(row.name),
                account.get_role_display(),
                "yes" if account.is_active else "no",
                "yes" if getattr(account, "has_second_factor", False) else "no",
                *[_cell(row.parts.get(part.key, "")) for part in parts],
                "; ".join(row.pending),
                _when(account.date_joined),
                _when(account.last_login),
            ]
        )
    return out.getvalue()
