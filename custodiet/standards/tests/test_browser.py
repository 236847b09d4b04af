"""In a real browser: the public catalogue, and a monitor recording a crowded cell without JavaScript
tricks (choose the kind, fill the values, see the error, then the findings). Screenshots when
CUSTODIET_SCREENSHOTS names a directory."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest

from custodiet.core.models import Role
from custodiet.standards.links import visit_url
from custodiet.standards.models import Finding
from custodiet.standards.services import standards_load
from custodiet.standards.tests import factories as make

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        page.screenshot(path=f"{SHOTS}/{name}_top.png")  # what a reader sees first


def test_anyone_reads_the_catalogue(live_server: Any, page: Any) -> None:
    standards_load()
    page.goto(f"{live_server.url}/standards/")
    assert page.locator("h1").inner_text() == "Standards that measurements are checked against"
    card = page.locator("[data-code='cpt-space-multiple']")
    assert "4 m² per person" in card.inner_text()
    assert "CPT/Inf (2015) 44" in card.inner_text()
    shot(page, "standards_catalogue")


def test_a_monitor_records_a_crowded_cell_and_sees_the_findings(live_server: Any, page: Any) -> None:
    standards_load()
    monitor = make.user(Role.DELEGATION_MEMBER, "monitor")
    sizo = make.place("RU-SIZO-1", "pre_trial", "SIZO-1", population=120)
    visit = make.visit(places=[sizo], members=(monitor,), title="Visit to Moscow")
    page.goto(f"{live_server.url}/accounts/login/?next=/standards/visits/{visit.pk}/measurements/new/")
    page.fill("input[name=username]", "monitor")
    page.fill("input[name=password]", make.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("form.record")
    page.select_option("#kind-picker", "outdoor_exercise")
    page.click("form.kind-picker button")
    page.wait_for_selector("input[name=minutes_per_day]")
    page.select_option("#kind-picker", "cell_space")
    page.click("form.kind-picker button")
    page.wait_for_selector("input[name=area_m2]")
    page.select_option("select[name=place]", str(sizo.pk))  # the form asks which place: none is assumed
    page.fill("input[name=location]", "Cell 12, block B")
    page.fill("input[name=measured_on]", (make.today() - timedelta(days=1)).isoformat())
    page.fill("input[name=area_m2]", "-10")
    page.fill("input[name=occupants]", "4")
    page.check("input[name=sanitary_annex][value=partitioned]")
    shot(page, "standards_measurement_form")
    page.click("form.record button[type=submit]")
    page.wait_for_selector("#problems")
    assert "must be more than 0 m²; got -10" in page.locator("#problems").inner_text()
    shot(page, "standards_measurement_refused")
    page.fill("input[name=area_m2]", "10")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{live_server.url}{visit_url(visit.pk)}")
    assert Finding.objects.count() == 2
    page.goto(f"{live_server.url}/standards/visits/{visit.pk}/")
    text = page.locator("#standards-findings").inner_text()
    assert "4 people in 10.0 m² (sanitary annex excluded) is 2.5 m² per person, 1.5 m² below" in text
    shot(page, "standards_visit_record")
    page.goto(f"{live_server.url}/standards/places/{sizo.pk}/")
    assert page.locator("svg.year-chart").count() == 1
    shot(page, "standards_place_record")
