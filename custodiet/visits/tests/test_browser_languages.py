"""In a real browser at a phone's width (390 px), in Ukrainian and Russian: the visit list and a visit's
page are in the reader's language, with no English left in the main content, and the page does not
scroll sideways (a wide table scrolls inside its own box)."""

# ruff: noqa: RUF001  # Cyrillic letters are the point
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from custodiet.visits.tests.conftest import local

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set
ENGLISH = ("Visits", "Treaty basis", "Delegation", "Itinerary", "Planned", "Status", "November", "Warning")


def phone(browser: Any, language: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=language)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def ukrainian_phone(browser: Any) -> Iterator[Any]:
    yield from phone(browser, "uk")


@pytest.fixture
def russian_phone(browser: Any) -> Iterator[Any]:
    yield from phone(browser, "ru")


def log_in(page: Any, base: str, after: str) -> None:
    page.goto(f"{base}/accounts/login/?next={after}")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{after}")


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    # Measured once the stylesheet has applied: a page measured after a click may still be unstyled.
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_a_visit_in_ukrainian_on_a_phone(
    live_server: Any, ukrainian_phone: Any, notified_visit: Any, places: Any, secretariat: Any
) -> None:
    from custodiet.visits.services import access_event_record, itinerary_add

    itinerary_add(visit=notified_visit, place=places[0], planned_on=None, by=secretariat)
    access_event_record(
        visit=notified_visit,
        kind="delayed",
        place=places[0],
        occurred_at=local(notified_visit.planned_start),
        delay_minutes=40,
        by=secretariat,
    )
    page = ukrainian_phone
    after = f"/visits/{notified_visit.pk}/"
    log_in(page, live_server.url, after)
    assert page.locator("html").get_attribute("lang") == "uk"
    main = page.locator("main").inner_text()
    for words in ("Договірна підстава", "Делегація", "Маршрут", "Доступ затримано", "на 40 хв"):
        assert words in main
    assert [word for word in ENGLISH if word in main] == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/visit_detail_uk_390.png", full_page=True)
    assert overflow(page) <= 0


def test_the_visit_list_in_russian_on_a_phone(live_server: Any, russian_phone: Any, visit: Any) -> None:
    page = russian_phone
    log_in(page, live_server.url, "/visits/")
    assert page.locator("html").get_attribute("lang") == "ru"
    main = page.locator("main").inner_text()
    assert "Посещения" in main and "Россия" in main and "1 посещение" in main
    assert [word for word in ENGLISH if word in main] == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/visit_list_ru_390.png", full_page=True)
    assert overflow(page) <= 0


def test_a_place_in_ukrainian_on_a_phone(
    live_server: Any, ukrainian_phone: Any, places: Any, notified_visit: Any, secretariat: Any, today: Any
) -> None:
    from datetime import timedelta

    from custodiet.places.models import PopulationRecord
    from custodiet.visits.services import itinerary_add

    place = places[0]
    place.capacity = 1200
    place.save()
    for weeks, held in ((8, 1100), (4, 1250), (1, 1320)):
        PopulationRecord.objects.create(
            place=place,
            on=today - timedelta(weeks=weeks),
            population=held,
            source="https://example.org/figures",
        )
    itinerary_add(visit=notified_visit, place=place, planned_on=None, by=secretariat)
    page = ukrainian_phone
    log_in(page, live_server.url, reverse("places:place_detail", args=[place.pk]))
    assert page.locator("html").get_attribute("lang") == "uk"
    main = page.locator("main").inner_text()
    for words in ("Запис у реєстрі", "Офіційна місткість", "Історія чисельності"):
        assert words in main
    assert re.search(r"1\D?200 місць", main)  # the capacity, in the plural form of 1,200
    assert [
        word for word in ("Register entry", "Population history", "Occupancy", "November") if word in main
    ] == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/place_detail_uk_390.png", full_page=True)
    assert overflow(page) <= 0
