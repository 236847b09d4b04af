"""Who may use the intake: one rule, for pages and the API.

Open-source material is not confidential, but the intake is internal working
material: administrators, the secretariat, committee members, analysts and
delegation members may use it; state liaisons and the public may not. An
anonymous visitor is sent to the login page (pages) or refused (API).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from custodiet.core.models import Role

ALLOWED_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.SECRETARIAT, Role.COMMITTEE_MEMBER, Role.ANALYST, Role.DELEGATION_MEMBER}
)
View = TypeVar("View", bound=Callable[..., HttpResponse])


def may_use_intake(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "role", None) in ALLOWED_ROLES)


def intake_view(view: View) -> View:
    """Decorate a page: anonymous visitors go to the login page, refused roles get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_intake(request.user):
            raise PermissionDenied(
                "The intake is open to analysts, the secretariat, committee and delegation members."
            )
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


class IntakePermission(BasePermission):
    """The same rule for the API: 403 for anonymous visitors and refused roles."""

    message = "The intake is open to analysts, the secretariat, committee and delegation members."

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_use_intake(request.user)
