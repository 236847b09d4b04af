"""In a real browser: every link of the menu opens for the person who sees it.

An anonymous visitor, a State's liaison and an analyst each follow every link
of the menu; none may land on a refusal (403) or on the login page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(
    os.environ.get("CUSTODIET_SCREENSHOTS", Path(tempfile.gettempdir()) / "custodiet-screenshots")
)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("who", ["anonymous", "state_liaison", "analyst"])
def test_every_menu_link_opens_for_whoever_sees_it(
    live_server: Any, page: Any, make_user: Any, reference_data: Any, who: str
) -> None:
    base = live_server.url
    if who != "anonymous":
        make_user(who, username=f"menu-{who}")
        _log_in(page, base, f"menu-{who}")
    page.goto(f"{base}/")
    links = page.locator("header nav a")
    targets = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert targets, "the menu is empty"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"menu-{who}.png"))
    for label, href in targets:
        response = page.goto(f"{base}{href}")
        assert response is not None and response.status == 200, f"{who}: {label} answered {response.status}"
        assert "/accounts/login/" not in page.url, f"{who}: {label} sent to the login page"
        current = page.locator("header nav a[aria-current=page]")
        assert current.count() == 1 and current.inner_text() == label
    labels = {label for label, _ in targets}
    if who == "anonymous":
        assert "Timelines" not in labels and "Places" not in labels and "Reports" not in labels
    if who == "state_liaison":
        assert "Reports" in labels and "Timelines" not in labels and "Visits" not in labels
    if who == "analyst":
        assert {"Timelines", "Places", "Allegations in figures"} <= labels and "Visits" not in labels
