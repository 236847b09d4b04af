"""In a real browser, on a phone (390 px), in Ukrainian and in Russian: an interview and a visit's interviews
answer in the browser's language, say so in ``lang``, leave no English heading, and fit the screen without
scrolling the page sideways. With CUSTODIET_SCREENSHOTS=<dir> the pages are saved there."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the pages in Russian and Ukrainian

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from custodiet.testimony.tests.conftest import NAME, Record, World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("locale", "language", "heading", "english"),
    [("uk-UA", "uk", "Бесіда з", "Interview with"), ("ru-RU", "ru", "Беседа с", "Interview with")],
)
def test_an_interview_and_a_visits_interviews_on_a_phone_in_the_browsers_language(
    live_server: Any,
    browser: Any,
    world: World,
    record: Record,
    locale: str,
    language: str,
    heading: str,
    english: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    after = reverse("testimony:interview_detail", args=[record.interview.pk])
    page.goto(f"{live_server.url}/accounts/login/?next={after}")
    page.fill("input[name=username]", "delegation_on")
    page.fill("input[name=password]", "a-long-test-password")
    with page.expect_navigation(url=f"{live_server.url}{after}"):
        page.click("main button[type=submit]")
    wide = []
    for url in (after, reverse("testimony:visit_interviews", args=[world.visit.pk])):
        page.goto(f"{live_server.url}{url}")
        assert page.get_attribute("html", "lang") == language
        text = page.locator("main").inner_text()
        for words in (english, "Allegations", "Private interviews", "Persons at risk", "Record an"):
            assert words not in text, (url, words)
        assert NAME not in text
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(Path(SHOTS) / f"testimony-390-{language}{url.replace('/', '_')}.png"), full_page=True
            )
        if (extra := int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))) > 0:
            wide.append(f"{url}: {extra} px wider than the screen")
    page.goto(f"{live_server.url}{after}")
    assert heading in page.locator("h1").inner_text()
    context.close()
    assert wide == [], "\n".join(wide)
