"""In a real browser, without JavaScript: a delegation member finds a place and reads its occupancy."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest

from custodiet.places.models import PopulationRecord

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


def test_a_delegation_member_finds_a_place_and_its_occupancy(
    live_server: Any, browser: Any, make_user: Any, make_place: Any
) -> None:
    place = make_place(capacity=1000, latitude="55.784", longitude="37.59")
    for year, population in ((2019, 1500), (2021, 1200), (2023, 950)):
        PopulationRecord.objects.create(
            place=place, on=date(year, 1, 1), population=population, source="test"
        )
    make_user("delegation_member", username="del")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/?next=/places/")
        page.fill("input[name=username]", "del")
        page.fill("input[name=password]", "a-long-test-password")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/places/")
        page.fill("input[name=q]", "бутырка")
        page.fill("input[name=on]", "2020-06-01")
        page.click("form.filter button[type=submit]")
        row = page.locator("tr[data-ref='RU-MOW-SIZO-2']")
        assert "150.0 %" in row.inner_text()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/places_list.png", full_page=True)
        row.locator("a").first.click()
        assert page.locator("h1").inner_text() == "SIZO-2 Butyrka"
        assert "150.0 %" in page.locator("#occupancy").inner_text()
        assert page.locator("svg.occupancy-chart circle.figure").count() == 3
        assert "openstreetmap.org" in page.locator("#coordinates a").get_attribute("href")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/places_detail.png", full_page=True)
    finally:
        context.close()
