"""Pages answer the methods they do not accept with 405 (issue 13): no page takes PUT, PATCH or DELETE,
and a read-only API endpoint refuses every method but GET, HEAD and OPTIONS. The access check still comes
first (the URL walk, custodiet/tests/test_url_access.py): a caller who may not open a confidential route
is refused before its method is looked at."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from custodiet.core.models import Role
from custodiet.tests.test_url_access import site_routes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.ADMINISTRATOR])
def test_no_page_accepts_put_patch_or_delete(role: str, make_user: Any, reference_data: Any) -> None:
    client = Client()
    client.force_login(make_user(role, username=f"methods-{role}"))
    wrong = []
    for route in site_routes():
        if route.is_api or route.url.startswith("/admin/"):  # the admin site keeps its own rules
            continue
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(route.url)
            if response.status_code not in (403, 404, 405):
                wrong.append(f"{method.upper()} {route.url} ({route.name}): {response.status_code}")
    assert wrong == [], "\n".join(wrong)


def test_read_only_api_endpoints_refuse_writing_methods(make_user: Any, reference_data: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.SECRETARIAT, username="methods-api"))
    wrong = []
    for route in site_routes():
        if not route.is_api:
            continue
        view_class = getattr(route.view, "cls", None) or getattr(route.view, "view_class", None)
        if view_class is None:
            continue
        allowed = {name for name in ("post", "put", "patch", "delete") if hasattr(view_class, name)}
        for method in ("post", "put", "patch", "delete"):
            if method in allowed:
                continue
            response = getattr(client, method)(route.url, content_type="application/json")
            if response.status_code not in (403, 404, 405):
                wrong.append(f"{method.upper()} {route.url} ({route.name}): {response.status_code}")
    assert wrong == [], "\n".join(wrong)
