"""In a real browser: an analyst logs in and opens the event's timeline (and each page, for screenshots)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from custodiet.intake.models import Document, Event

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set


def test_an_analyst_opens_the_timeline(live_server: Any, page: Any, seeded: Any, make_user: Any) -> None:
    make_user("analyst", username="ana")
    page.goto(f"{live_server.url}/accounts/login/?next=/intake/")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(f"{live_server.url}/intake/")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_event_list.png", full_page=True)
    page.click("text=Russian Federation: denunciation of the ECPT")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == Event.objects.get().title
    assert page.locator("tr.contradiction").count() >= 4
    assert page.locator("text=Article 22").count() >= 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_timeline.png", full_page=True)
        document = Document.objects.filter(segments__reason="donation appeal").first()
        assert document is not None
        page.goto(f"{live_server.url}/intake/documents/{document.pk}/")
        page.screenshot(path=f"{SHOTS}/intake_document.png", full_page=True)
