"""End to end in a real browser: the secretariat plans a visit under the treaty gate, puts a place on
its itinerary, records a refused access and a crowded cell, and sees the finding on the visit's page
and on the place's page."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from custodiet.places.models import Place, PopulationRecord
from custodiet.standards.models import Finding
from custodiet.standards.services import standards_load
from custodiet.treaties.models import State
from custodiet.visits.models import AccessEvent, Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_plan_a_visit_record_a_refusal_and_a_cell_and_see_the_finding(
    live_server: Any, page: Any, reference_data: Any, make_user: Any
) -> None:
    standards_load()
    today = timezone.localdate()
    sizo = Place.objects.create(
        ref="RU-MOW-SIZO-2",
        name_local="СИЗО-2 «Бутырка»",
        name_en="SIZO-2 Butyrka",
        type="pre_trial",
        state=State.objects.get(code="RU"),
        region="Moscow",
        capacity=1800,
    )
    PopulationRecord.objects.create(place=sizo, on=today - timedelta(days=30), population=2100, source="test")
    make_user("secretariat", username="sec")
    base = live_server.url

    page.goto(f"{base}/accounts/login/?next=/visits/plan/")
    page.fill("input[name=username]", "sec")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/visits/plan/")

    # Plan: the gate lets the CPT plan a visit to Russia but warns of the domestic denunciation law.
    page.select_option("#id_body", value=str(_body_pk("CPT")))
    page.select_option("#id_state", "RU")
    page.select_option("#id_kind", "ad_hoc")
    page.fill("#id_planned_start", (today - timedelta(days=2)).isoformat())
    page.select_option("#id_time_zone", "Europe/Moscow")
    page.fill("#id_planned_end", (today + timedelta(days=5)).isoformat())
    page.fill("#id_title", "Ad hoc visit to Moscow")
    page.click("button[name=save]")
    page.wait_for_selector("#treaty-basis")
    visit = Visit.objects.get()
    # The warning is said once, on the visit's page under its treaty basis (not repeated as a message).
    assert "denunciation" in page.locator("main").inner_text()

    # The place goes on the itinerary.
    page.click(f"a[href='/visits/{visit.pk}/itinerary/add/']")
    page.select_option("#id_place", str(sizo.pk))
    page.click("main button[type=submit]")
    page.wait_for_selector("#treaty-basis")

    # The state is notified of the visit, then the delegation arrives unannounced at the place.
    page.click(f"a[href='/visits/{visit.pk}/notifications/add/']")
    page.select_option("#id_subject", "visit")
    page.fill("#id_notified_at", f"{today - timedelta(days=3):%Y-%m-%d}T09:00")
    page.click("main button[type=submit]")
    page.wait_for_selector("#treaty-basis")
    visit.refresh_from_db()
    assert visit.status == "notified"

    # A refused access at the place.
    page.click(f"a[href='/visits/{visit.pk}/access/add/']")
    page.select_option("#id_kind", "refused")
    page.select_option("#id_place", str(sizo.pk))
    page.fill("#id_occurred_at", f"{today - timedelta(days=1):%Y-%m-%d}T10:30")
    page.fill("#id_description", "The governor refused entry to block B.")
    page.click("main button[type=submit]")
    shot(page, "flow_after_access")
    page.wait_for_selector("tr[data-kind=refused]")
    assert AccessEvent.objects.get().kind == "refused"

    # A crowded cell: 4 people in 10 m².
    page.click("#add-measurement")
    page.wait_for_selector("form.record")
    page.select_option("#kind-picker", "cell_space")
    page.click("form.kind-picker button")
    page.wait_for_selector("input[name=area_m2]")
    page.select_option("select[name=place]", str(sizo.pk))
    page.fill("input[name=location]", "Cell 12, block A")
    page.fill("input[name=measured_on]", (today - timedelta(days=1)).isoformat())
    page.fill("input[name=area_m2]", "10")
    page.fill("input[name=occupants]", "4")
    page.check("input[name=sanitary_annex][value=partitioned]")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{base}/visits/{visit.pk}/")

    findings = page.locator("#standards-findings").inner_text()
    assert "Cell 12, block A" in findings
    assert "2.5 m² per person, 1.5 m² below" in findings
    assert Finding.objects.filter(visit=visit, place=sizo).exists()
    assert page.locator("tr[data-kind=refused] .badge.bad").count() == 1
    shot(page, "flow_visit")

    # The place's page shows the visit and the finding over time.
    page.goto(f"{base}/places/{sizo.pk}/")
    record = page.locator("#place-record").inner_text()
    assert "Ad hoc visit to Moscow" in record
    assert "Cell 12, block A" in record
    shot(page, "flow_place")


def _body_pk(code: str) -> int:
    from custodiet.treaties.models import MonitoringBody

    return MonitoringBody.objects.get(code=code).pk
