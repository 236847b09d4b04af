"""In a real browser with JavaScript off: the secretariat plans a visit and sees the treaty gate's
warnings; a delegation member records a refusal of access at a place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from custodiet.visits.models import AccessEvent, Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


@pytest.fixture
def no_js_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def log_in(page: Any, base: str, username: str, after: str) -> None:
    page.goto(f"{base}/accounts/login/?next={after}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{after}")


def test_the_secretariat_plans_a_visit_and_sees_the_warnings(
    live_server: Any, no_js_page: Any, secretariat: Any, bodies: Any
) -> None:
    page = no_js_page
    log_in(page, live_server.url, "secretariat", "/visits/plan/")
    page.select_option("#id_body", label=f"CPT: {bodies['CPT'].name}")
    page.select_option("#id_state", "RU")
    page.select_option("#id_kind", "ad_hoc")
    page.fill("#id_planned_start", "2026-12-01")
    page.select_option("#id_time_zone", "Europe/Moscow")
    page.fill("#id_planned_end", "2026-12-10")
    page.fill("#id_title", "Ad hoc visit to Moscow")
    page.click("button[name=save]")
    page.wait_for_selector("#treaty-basis")
    visit = Visit.objects.get()
    assert page.url.endswith(f"/visits/{visit.pk}/")
    # The treaty's warnings are said once, under the treaty basis, not again among the messages.
    assert page.locator("#treaty-basis ~ .card.warn[data-code]").count() >= 2
    assert page.locator(".messages li.warning").count() == 0
    assert "1 October 2026" in page.locator("main").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/visit_detail_planned.png", full_page=True)


def test_a_delegation_member_records_a_refusal_of_access(
    live_server: Any,
    no_js_page: Any,
    notified_visit: Any,
    delegation_user: Any,
    places: list[Any],
    today: Any,
) -> None:
    page = no_js_page
    log_in(page, live_server.url, delegation_user.username, f"/visits/{notified_visit.pk}/access/add/")
    page.select_option("#id_kind", "refused")
    page.select_option("#id_place", str(places[1].pk))
    page.fill("#id_occurred_at", f"{today - timedelta(days=1):%Y-%m-%d}T10:30")
    page.fill("#id_description", "The chief doctor refused entry to ward 3.")
    page.click("main button[type=submit]")
    page.wait_for_selector("#treaty-basis")
    event = AccessEvent.objects.get()
    assert (event.kind, event.place, event.recorded_by) == ("refused", places[1], delegation_user)
    assert page.locator("tr[data-kind=refused] .badge.bad").count() == 1
    assert "Access was obstructed" in page.locator("main").inner_text()
