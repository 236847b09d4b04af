"""In a real browser at a phone's width (390 px): the confidential report pages of a secretariat account
that chose Ukrainian (the list, a report's record with its items and the State's response, overdue
answers, a step's form) and a State's public record in Russian are in that language, say so with
``lang``, and fit the screen without horizontal scrolling of the page."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS", "")  # a directory to save screenshots in, when set
PHONE = {"width": 390, "height": 844}


def _overflow(page: Any) -> int:
    # Measured once the stylesheet has applied: a page measured after a click may still be unstyled.
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _visit(page: Any, url: str, name: str) -> str:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/reports_{name}.png", full_page=True)
    assert _overflow(page) <= 0, f"{url} is {_overflow(page)} px wider than the screen"
    return str(page.locator("html").get_attribute("lang"))


def test_the_report_pages_in_ukrainian_and_russian_fit_a_phone(
    live_server: Any, browser: Any, answered: Any, make_user: Any
) -> None:
    make_user("secretariat", username="phone-office", language="uk")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/?next={reverse('reports:report_list')}")
    page.fill("input[name=username]", "phone-office")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('reports:report_list')}")

    assert _visit(page, f"{live_server.url}{reverse('reports:report_list')}", "list_uk") == "uk"
    assert page.locator("h1").inner_text() == "Доповіді"
    assert page.locator("#report-count").inner_text() == "1 доповідь"

    detail = reverse("reports:report_detail", args=[answered.pk])
    assert _visit(page, f"{live_server.url}{detail}", "detail_uk") == "uk"
    assert page.locator("#items-heading").inner_text() == "Рекомендації, коментарі та запити інформації"
    assert page.locator("#responses-heading").inner_text() == "Відповіді держави"
    assert "Next steps" not in page.locator("main").inner_text()

    assert _visit(page, f"{live_server.url}{reverse('reports:overdue')}", "overdue_uk") == "uk"
    assert page.locator("h1").inner_text() == "Прострочені відповіді"

    deadline = reverse("reports:report_deadline", args=[answered.pk])
    assert _visit(page, f"{live_server.url}{deadline}", "deadline_form_uk") == "uk"
    assert page.locator("label[for=id_reason]").inner_text().startswith("Причина")

    anonymous = browser.new_context(
        viewport=PHONE, locale="ru-RU", extra_http_headers={"Accept-Language": "ru"}
    )
    public = anonymous.new_page()
    assert (
        _visit(public, f"{live_server.url}{reverse('reports:state_record', args=['RU'])}", "state_ru") == "ru"
    )
    assert public.locator("h1").inner_text().startswith("Россия")
    context.close()
    anonymous.close()
