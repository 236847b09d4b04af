"""Every URL the resolver knows declares who may open it, and refuses every role the role table leaves out.

The expectations are derived, not listed again: each route's declaration is read
back (``custodiet.core.access.declared_access``) and every role in
``ROLE_CAPABILITIES`` that holds none of its capabilities, and the anonymous
visitor, is tried against it, for reading (GET) and for changing (POST). A route
added without a declaration fails here. The admin site has its own gate (staff
accounts only) and is checked apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from custodiet.core.access import ROLE_CAPABILITIES, Access, declared_access
from custodiet.core.models import Role

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
SAMPLE = {"int": "1", "str": "RU", "slug": "ru", "path": "x", "uuid": "6f1c2b0e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<\w+>(?P<inner>[^)]*)\)")


def _sample_for(inner: str) -> str:
    """A value that a regular-expression group of a route accepts."""
    return next(value for value in ("1", *inner.split("|"), "RU", "x") if re.fullmatch(inner, value))


def _example(route: str) -> str:
    """A URL that the route matches, with sample values in place of its parameters."""
    if route.startswith("^") or "(?P<" in route:
        route = GROUP.sub(lambda match: _sample_for(match["inner"]), route)
        route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + CONVERTER.sub(lambda match: SAMPLE[match["kind"] or "str"], route)


@dataclass(frozen=True)
class Route:
    name: str
    url: str
    view: Any
    namespace: str

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            url = _example(prefix + str(entry.pattern))
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name=name, url=url, view=entry.callback, namespace=namespace)


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def site_routes() -> list[Route]:
    return [route for route in routes() if not route.namespace.startswith("admin")]


def _callers() -> list[str]:
    return [ANONYMOUS, *(str(role) for role in ROLE_CAPABILITIES)]


def _refused(access: Access, caller: str) -> bool:
    if access.public:
        return False
    if caller == ANONYMOUS:
        return True
    return bool(access.capabilities) and not (ROLE_CAPABILITIES[caller] & set(access.capabilities))


def _client(caller: str, make_user: Any) -> Client:
    client = Client()
    if caller != ANONYMOUS:
        client.force_login(make_user(caller, username=f"walker-{caller}"))
    return client


def test_every_route_declares_its_access_for_reading_and_changing() -> None:
    undeclared = [
        f"{route.name} ({route.url}) {method}"
        for route in site_routes()
        for method in ("GET", "POST")
        if declared_access(route.view, method) is None
    ]
    assert undeclared == [], "declare @public, @signed_in, @require(...) or PublicApi/api_permission:\n" + (
        "\n".join(undeclared)
    )


def test_the_walk_covers_every_area_of_the_site() -> None:
    prefixes = {route.url.split("/")[1] for route in site_routes()}
    assert {"treaties", "intake", "places", "visits", "standards", "testimony", "reports", "api"} <= prefixes


@pytest.mark.parametrize("caller", _callers())
def test_every_route_refuses_every_caller_that_lacks_its_capability(caller: str, make_user: Any) -> None:
    client = _client(caller, make_user)
    wrong = []
    for route in site_routes():
        for method in ("GET", "POST"):
            access = declared_access(route.view, method)
            if access is None or not _refused(access, caller):
                continue
            response = getattr(client, method.lower())(route.url)
            expected = 403 if (route.is_api or caller != ANONYMOUS) else 302
            if response.status_code != expected:
                wrong.append(
                    f"{method} {route.url} ({route.name}): {response.status_code}, expected {expected}"
                )
            elif expected == 302 and not response["Location"].startswith(reverse("login")):
                wrong.append(
                    f"{method} {route.url}: redirected to {response['Location']}, not the login page"
                )
            if "no-store" not in response.get("Cache-Control", ""):
                wrong.append(f"{method} {route.url}: no 'Cache-Control: no-store' on a confidential route")
    assert wrong == [], f"{caller}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("caller", [caller for caller in _callers() if caller != Role.ADMINISTRATOR])
def test_the_admin_site_refuses_every_account_that_is_not_staff(caller: str, make_user: Any) -> None:
    client = _client(caller, make_user)
    wrong = []
    for route in routes():
        if route.namespace != "admin" or "(?P" in route.url or route.name in ("admin:login", "admin:logout"):
            continue
        response = client.get(route.url)
        if response.status_code not in (302, 404) or (
            response.status_code == 302 and "login" not in response["Location"]
        ):
            wrong.append(f"{route.url}: {response.status_code}")
    assert wrong == [], f"{caller}: " + "; ".join(wrong)


@pytest.mark.parametrize("caller", _callers())
def test_the_menu_shows_each_caller_only_pages_that_open_for_it(
    caller: str, make_user: Any, reference_data: Any
) -> None:
    from custodiet.core.context_processors import MENU, menu_for

    client = _client(caller, make_user)
    user = None if caller == ANONYMOUS else client.get(reverse("home")).wsgi_request.user
    shown = menu_for(user)
    for entry in shown:
        response = client.get(entry.url)
        assert response.status_code == 200, f"{caller} is shown {entry.label}: {response.status_code}"
    hidden = {label for label, _ in MENU} - {entry.label for entry in shown}
    for label, name in MENU:
        if label in hidden:
            assert client.get(reverse(name)).status_code in (302, 403), f"{caller}: {label} hidden but open"
    home = client.get(reverse("home")).content.decode()
    for label in hidden:
        assert f">{label}</a>" not in home, f"{caller} sees a link to {label}"
