"""The API's documentation: served by the application from its own files, within the CSP; the schema
still downloadable, its description naming every area."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_documentation_page_loads_only_the_sites_own_scripts(client: Client) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, "Swagger UI's scripts"
    for attributes, body in scripts:
        assert body.strip() == "", "no inline script"
        source = re.search(r'src="([^"]+)"', attributes)
        assert source is not None and source.group(1).startswith("/static/")
        assert finders.find(source.group(1).removeprefix("/static/")), source.group(1)
    assert "style=" not in html and "<style" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_schema_is_downloadable_and_its_description_covers_every_area(client: Client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for area in ("Treaties", "Intake", "Places", "Visits", "Standards", "Testimony", "Reports", "Portal"):
        assert f"**{area}**" in text, area
    assert "/api/portal/search/" in text
    assert client.get("/api/schema/?format=json").json()["info"]["title"] == "Custodiet API"
