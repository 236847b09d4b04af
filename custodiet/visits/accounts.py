"""The visits' part of an account, on the people pages: the body it works for, the delegations it is on.

Registered with custodiet.core.people.parts by ``VisitsConfig.ready()``, so that
an administrator sets them when creating or changing an account (core cannot
import this app). ``account_body_set`` is the service for the body; delegations
are added through ``delegation_add``, each with its own audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.models import Role, User
from custodiet.core.people.parts import AccountPart, one_or_none, register_part
from custodiet.treaties.models import MonitoringBody
from custodiet.visits import rules
from custodiet.visits.delegation import delegation_add
from custodiet.visits.models import AccountBody, DelegationMember, DelegationRole, Visit, VisitStatus

NO_BODY_ROLES = (Role.PUBLIC, Role.STATE_LIAISON)
OPEN_STATUSES = (VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.UNDER_WAY)


@transaction.atomic
def account_body_set(*, user: User, body: MonitoringBody | None, by: Actor) -> None:
    """Say which monitoring body an account works for (None: none recorded)."""
    current = AccountBody.objects.filter(user=user).select_related("body").first()
    if (current.body if current else None) == body:
        return
    if body is None:
        AccountBody.objects.filter(user=user).delete()
    else:
        AccountBody.objects.update_or_create(user=user, defaults={"body": body})
    audit_record(
        actor=by,
        verb="account.body",
        target=user,
        detail={"account": user.pk, "body": body.code if body else None},
    )


def _body_fields() -> dict[str, forms.Field]:
    return {
        "body_code": one_or_none(
            ((body.code, f"{body.code}: {body.name}") for body in MonitoringBody.objects.all()),
            label=_("Body"),
            help_text=_("The monitoring body the account works for"),
        )
    }


def _body_initial(user: User) -> dict[str, Any]:
    link = AccountBody.objects.filter(user=user).select_related("body").first()
    return {"body_code": link.body.code if link else ""}


def _body_check(role: str, data: dict[str, Any]) -> None:
    if data.get("body_code") and role in NO_BODY_ROLES:
        raise DomainError(_("A State liaison or a public account works for no monitoring body."))


def _body_apply(user: User, data: dict[str, Any], by: Actor) -> None:
    code = data.get("body_code") or ""
    body = MonitoringBody.objects.filter(code=code).first() if code else None
    if code and body is None:
        raise DomainError(_("No monitoring body %(code)s.") % {"code": code})
    account_body_set(user=user, body=body, by=by)


def _body_describe(users: Sequence[User]) -> dict[int, str]:
    links = AccountBody.objects.filter(user__in=[user.pk for user in users]).select_related("body")
    return {link.user_id: link.body.code for link in links}


def _open_visits() -> list[tuple[str, str]]:
    visits = (
        Visit.objects.filter(status__in=OPEN_STATUSES)
        .select_related("body", "state")
        .order_by("planned_start")
    )
    return [
        (str(visit.pk), f"#{visit.pk} {visit.body.code} · {visit.state.shown_name} · {visit}")
        for visit in visits
    ]


def _delegation_fields() -> dict[str, forms.Field]:
    return {
        "delegations_visits": forms.MultipleChoiceField(
            choices=_open_visits(),
            required=False,
            label=_("Delegations"),
            help_text=_(
                "Open visits to put the account on (planned, notified or under way). For an account that sees "
                "testimony, a member of the secretariat does it, or approves it with the role."
            ),
        ),
        "delegations_role": forms.ChoiceField(
            choices=[("", "—"), *DelegationRole.choices], required=False, label=_("Role on those delegations")
        ),
        "delegations_expertise": forms.CharField(
            max_length=200,
            required=False,
            label=_("Expertise on those delegations"),
            help_text=_("e.g. forensic doctor"),
        ),
    }


def _delegation_check(role: str, data: dict[str, Any]) -> None:
    if not data.get("delegations_visits"):
        return
    rules.check_account_role(role)
    if not data.get("delegations_role"):
        raise DomainError(_("Choose the account's role on those delegations."))


def _delegation_apply(user: User, data: dict[str, Any], by: Actor) -> None:
    wanted = [int(pk) for pk in data.get("delegations_visits") or []]
    if not wanted:
        return
    visits = Visit.objects.filter(pk__in=wanted).select_related("state")
    if len(visits) != len(set(wanted)):
        raise DomainError(_("An unknown visit was chosen."))
    already = set(
        DelegationMember.objects.filter(user=user, visit_id__in=wanted).values_list("visit_id", flat=True)
    )
    for visit in visits:
        if visit.pk not in already:
            delegation_add(
                visit=visit,
                role=data["delegations_role"],
                expertise=data.get("delegations_expertise") or "",
                user=user,
                by=by,
            )


def _delegation_describe(users: Sequence[User]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    members = DelegationMember.objects.filter(user__in=[user.pk for user in users]).order_by("visit_id")
    for member in members.only("user_id", "visit_id", "left_on"):
        assert member.user_id is not None
        found.setdefault(member.user_id, []).append(
            _("#%(visit)s (left)") % {"visit": member.visit_id} if member.left_on else f"#{member.visit_id}"
        )
    return {user_id: ", ".join(visits) for user_id, visits in found.items()}


def register() -> None:
    register_part(
        AccountPart(
            key="body",
            label=gettext_noop("Body"),  # English in the CSV export; the pages translate it
            fields=_body_fields,
            initial=_body_initial,
            check=_body_check,
            apply=_body_apply,
            describe=_body_describe,
            order=10,
        )
    )
    register_part(
        AccountPart(
            key="delegations",
            label=gettext_noop("Delegations (visit ids)"),
            fields=_delegation_fields,
            initial=lambda user: {},
            check=_delegation_check,
            apply=_delegation_apply,
            describe=_delegation_describe,
            order=30,
        )
    )
