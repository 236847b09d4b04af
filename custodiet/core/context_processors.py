"""Template context shared by every page: what the signed-in user may do, and the menu they may open.

The menu lists the site's areas in one place (``MENU``); an entry is shown only
when the page it links to would let the user in, as the page itself declared it
(custodiet.core.access.declared_access), so no role is shown a link that answers
403 or the login page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodiet.core.access import Actor, Capability, can, declared_access

# (label, URL name), in the order of the menu.
MENU: tuple[tuple[str | Promise, str], ...] = (
    (_("Search"), "portal:search"),
    (_("States"), "treaties:state_list"),
    (_("Treaties"), "treaties:instrument_list"),
    (_("Timelines"), "intake:event_list"),
    (_("Places"), "places:place_list"),
    (_("Visits"), "visits:visit_list"),
    (_("Standards"), "standards:standard_list"),
    (_("Allegations in figures"), "testimony:aggregates"),
    (_("Reports"), "reports:report_list"),
    (_("Published"), "reports:published_list"),
    (_("Published timelines"), "portal:timeline_list"),
    (_("People"), "people:person_list"),
)


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url: str
    current: bool


def menu_for(user: Actor, path: str = "") -> list[MenuEntry]:
    """The menu entries the user may open, each marked current when ``path`` is under it."""
    allowed = []
    for label, name in MENU:
        url = reverse(name)
        access = declared_access(resolve(url).func, "GET")
        if access is not None and access.allows(user):
            allowed.append((label, url))
    current = max((url for _label, url in allowed if path.startswith(url)), key=len, default=None)
    return [MenuEntry(label=label, url=url, current=url == current) for label, url in allowed]


def capabilities(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "may": {capability.name.lower(): can(user, capability) for capability in Capability},
        "menu": menu_for(user, request.path),
    }
