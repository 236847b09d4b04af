"""In a real browser with JavaScript off: a state liaison who logs in and types an interview's address is
refused and sees no word of it; a delegation member records an interview and reads it back; an analyst
reads the counts. With CUSTODIET_SCREENSHOTS=<dir> the interview and aggregates pages are saved there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from custodiet.testimony.models import Interview
from custodiet.testimony.tests.conftest import ACCOUNT, DESCRIPTION, NAME, Record, World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")


@pytest.fixture
def no_js_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def log_in(page: Any, base: str, username: str, after: str) -> Any:
    page.goto(f"{base}/accounts/login/?next={after}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    with page.expect_navigation(url=f"{base}{after}") as navigation:
        page.click("main button[type=submit]")
    return navigation.value


def test_a_state_liaison_who_types_an_interviews_address_is_refused(
    live_server: Any, no_js_page: Any, world: World, record: Record
) -> None:
    page = no_js_page
    address = f"/testimony/interviews/{record.interview.pk}/"
    response = log_in(page, live_server.url, "state_liaison", address)
    assert response.status == 403
    text = page.content()
    assert "You may not open this page" in text
    for secret in (ACCOUNT, NAME, DESCRIPTION, record.person.code):
        assert secret not in text
    # The list of the visit's interviews and the API are refused too.
    assert page.goto(f"{live_server.url}/testimony/visits/{world.visit.pk}/interviews/").status == 403
    api = page.goto(f"{live_server.url}/api/testimony/interviews/{record.interview.pk}/")
    assert api.status == 403 and ACCOUNT not in page.content()


def test_a_delegation_member_records_an_interview_and_reads_it_back(
    live_server: Any, no_js_page: Any, world: World
) -> None:
    page = no_js_page
    log_in(page, live_server.url, "delegation_on", f"/testimony/visits/{world.visit.pk}/interviews/record/")
    page.select_option("#id_place", str(world.places["sizo"].pk))
    page.fill("#id_held_at", f"{world.today - timedelta(days=1):%Y-%m-%d}T14:05")
    page.fill("#id_language", "ru")
    page.check(f"input[name=interviewers][value='{world.members['doctor'].pk}']")
    page.select_option("#id_interpreter", str(world.members["interpreter"].pk))
    page.fill("#id_account", "Меня избили при задержании. They beat me when they arrested me.")
    page.fill("#id_name", "Ivan Sidorov")
    page.check("#id_use_information")
    page.click("#interview-form button[type=submit]")
    page.wait_for_selector("#account-text")
    interview = Interview.objects.get()
    assert page.url.endswith(f"/testimony/interviews/{interview.pk}/")
    assert "They beat me when they arrested me." in page.inner_text("#account-text")
    assert interview.person.code in page.inner_text("h1") and "Ivan Sidorov" not in page.content()
    page.click("#show-identity")
    page.wait_for_selector("#identity-name")
    assert page.inner_text("#identity-name") == "Ivan Sidorov"


def test_the_interview_and_aggregates_pages(
    live_server: Any, no_js_page: Any, world: World, record: Record
) -> None:
    from custodiet.testimony.tests.test_queries import fill

    fill(world, 7)
    page = no_js_page
    log_in(page, live_server.url, "delegation_on", f"/testimony/interviews/{record.interview.pk}/")
    assert ACCOUNT in page.inner_text("#account-text")
    if SHOTS:
        page.click("#show-identity")
        page.wait_for_selector("#identity-name")
        page.screenshot(path=f"{SHOTS}/testimony_interview.png", full_page=True)
    page.goto(f"{live_server.url}/testimony/aggregates/?state=RU")
    assert page.locator("table.aggregate").count() == 6
    assert "fewer than 3" in page.inner_text("main")
    assert ACCOUNT not in page.content() and record.person.code not in page.content()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/testimony_aggregates.png", full_page=True)
