"""The parts of an account that belong to the apps above core, registered by those apps.

Core knows users and roles; the State a liaison answers for (reports), the body
someone works for and the delegations they are on (visits) live higher up, and
core may not import them. Each of those apps registers an ``AccountPart`` in its
``AppConfig.ready()``; the people pages add its fields to the account forms, call
its ``apply`` (the app's own service, which writes its own audit entry) and show
its ``describe`` in the list of people and its CSV export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from custodiet.core.access import Actor
from custodiet.core.models import User


@dataclass(frozen=True)
class AccountPart:
    """One app's part of an account.

    ``fields()`` gives the form fields to add (named ``<key>_...``), ``initial(user)``
    their current values, ``check(role, data)`` raises DomainError when the data
    do not fit the role (a liaison without a State), ``apply(user, data, by)``
    saves them through the app's service, ``describe(users)`` gives a short text
    per account id for the list and the CSV export (one query for all of them).
    """

    key: str
    label: str
    fields: Callable[[], dict[str, forms.Field]]
    initial: Callable[[User], dict[str, Any]]
    check: Callable[[str, dict[str, Any]], None]
    apply: Callable[[User, dict[str, Any], Actor], None]
    describe: Callable[[Sequence[User]], dict[int, str]]
    order: int = 50


_PARTS: dict[str, AccountPart] = {}


def register_part(part: AccountPart) -> None:
    """Add (or replace, on a reload) an app's part of the account forms."""
    _PARTS[part.key] = part


def account_parts() -> list[AccountPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.key))


def one_or_none(choices: Iterable[tuple[str, str]], *, label: str, help_text: str) -> forms.ChoiceField:
    """A part's optional choice of one record by its code, "— none —" first (built for each form, in the
    reader's language)."""
    return forms.ChoiceField(
        choices=[("", _("— none —")), *choices], required=False, label=label, help_text=help_text
    )


def part_data(part: AccountPart, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The values of a form that belong to one part."""
    return {name: cleaned[name] for name in part.fields() if name in cleaned}
