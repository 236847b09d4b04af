"""Page decorators and API permissions for reports, where either of two capabilities opens a door.

Reading a report needs VIEW_REPORTS (the office) or ANSWER_REPORTS (a State's liaison, limited by
``Report.objects.visible_to`` to its own State's transmitted reports); recording a response needs
MANAGE_REPORTS or ANSWER_REPORTS. Anonymous visitors are sent to the login page (403 in the API); a
role with neither capability gets 403; a report outside the user's scope is 404 (the selectors' job).
Published reports and public statements are open to everyone and need no decorator.
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

from custodiet.core.access import REFUSALS, Capability, can

View = TypeVar("View", bound=Callable[..., HttpResponse])

READ = (Capability.VIEW_REPORTS, Capability.ANSWER_REPORTS)
ANSWER = (Capability.MANAGE_REPORTS, Capability.ANSWER_REPORTS)


def can_any(user: Any, capabilities: tuple[Capability, ...]) -> bool:
    return any(can(user, capability) for capability in capabilities)


def require_any(*capabilities: Capability) -> Callable[[View], View]:
    """Decorate a page: anonymous visitors go to the login page; a role with none of them gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_any(request.user, capabilities):
                raise PermissionDenied(REFUSALS[capabilities[0]])
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def api_any(
    read: tuple[Capability, ...], write: tuple[Capability, ...] | None = None
) -> type[BasePermission]:
    """A DRF permission: any of ``read`` for safe methods, any of ``write`` (default ``read``) otherwise."""

    class AnyCapabilityPermission(BasePermission):
        message = REFUSALS[read[0]]

        def has_permission(self, request: Request, view: Any) -> bool:
            needed = read if request.method in ("GET", "HEAD", "OPTIONS") else (write or read)
            self.message = REFUSALS[needed[0]]
            return can_any(request.user, needed)

    AnyCapabilityPermission.__name__ = "Any_" + "_".join(capability.name for capability in read)
    return AnyCapabilityPermission
