"""Template context shared by every page: what the signed-in user may open, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from custodiet.core.access import Capability, can


def capabilities(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"may": {capability.name.lower(): can(user, capability) for capability in Capability}}
