"""The reports' part of an account, on the people pages: the State a liaison answers for.

Registered with custodiet.core.people.parts by ``ReportsConfig.ready()``; saved
through ``liaison_assign`` (audited), so that an administrator finishes a
liaison's account where they create it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from custodiet.core.access import Actor
from custodiet.core.errors import DomainError
from custodiet.core.models import Role, User
from custodiet.core.people.parts import AccountPart, one_or_none, register_part
from custodiet.reports.models import LiaisonAssignment
from custodiet.reports.services.liaisons import liaison_assign
from custodiet.treaties.models import State


def _fields() -> dict[str, forms.Field]:
    """The part's field, in the reader's language (built for each form), the States named in it too."""
    states = State.objects.listed().order_by("name_en").only("code", "name_en", "name_fr")
    return {
        "state_code": one_or_none(
            ((state.code, state.shown_name) for state in states),
            label=_("State (for a liaison)"),
            help_text=_("The State a liaison answers for: it sees that State's transmitted reports only"),
        )
    }


def _initial(user: User) -> dict[str, Any]:
    assignment = LiaisonAssignment.objects.filter(user=user).select_related("state").first()
    return {"state_code": assignment.state.code if assignment else ""}


def _check(role: str, data: dict[str, Any]) -> None:
    code = data.get("state_code") or ""
    if role == Role.STATE_LIAISON and not code:
        raise DomainError(_("A State liaison answers for one State: choose it."))
    if role != Role.STATE_LIAISON and code:
        raise DomainError(_("Only a State liaison answers for a State."))


def _apply(user: User, data: dict[str, Any], by: Actor) -> None:
    code = data.get("state_code") or ""
    if not code:
        return
    state = State.objects.filter(code=code).first()
    if state is None:
        raise DomainError(_("No State %(code)s.") % {"code": code})
    current = LiaisonAssignment.objects.filter(user=user).first()
    if current is None or current.state_id != state.pk:
        liaison_assign(user=user, state=state, by=by)


def _describe(users: Sequence[User]) -> dict[int, str]:
    assignments = LiaisonAssignment.objects.filter(user__in=[user.pk for user in users]).select_related(
        "state"
    )
    return {assignment.user_id: assignment.state.name_en for assignment in assignments}


def register() -> None:
    register_part(
        AccountPart(
            key="state",
            label="State",
            fields=_fields,
            initial=_initial,
            check=_check,
            apply=_apply,
            describe=_describe,
            order=20,
        )
    )
