"""In a real browser: an administrator asks for a delegation member's account, a member of the secretariat
approves it and hands over the one-time password, and the new member must change it at first login."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CUSTODIET_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def log_in(page: Any, base: str, username: str, password: str = "a-long-test-password") -> None:
    page.goto(f"{base}/accounts/login/?next=/people/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_an_account_that_sees_testimony_needs_the_secretariat(
    live_server: Any, page: Any, make_user: Any, reference_data: Any
) -> None:
    make_user("administrator", username="adm", is_staff=True)
    make_user("secretariat", username="sec")
    base = live_server.url
    log_in(page, base, "adm")
    page.wait_for_url(f"{base}/people/")
    page.click("text=New account")
    page.fill("input[name=username]", "m.delegate-07")
    page.select_option("select[name=role]", "delegation_member")
    page.fill("input[name=first_name]", "Ilse")
    page.fill("input[name=last_name]", "Berg")
    page.select_option("select[name=body_code]", "CPT")
    page.fill("textarea[name=reason]", "Forensic doctor for the next periodic visit")
    shot(page, "people-new-account")
    page.click("main button[type=submit]")
    page.wait_for_url("**/people/*/")
    assert "a member of the secretariat approves it" in page.inner_text("main")
    assert page.locator("#one-time-password").count() == 0
    shot(page, "people-account-waiting")
    page.goto(f"{base}/people/")
    row = page.locator("tr", has_text="m.delegate-07")
    assert "Public" in row.inner_text() and "Delegation member" in row.inner_text()
    shot(page, "people-list")
    page.click("header button:has-text('Log out')")

    log_in(page, base, "sec")
    page.goto(f"{base}/people/requests/")
    assert page.locator("text=New account").count() == 0
    shot(page, "people-requests")
    page.click("button:has-text('Approve')")
    password = page.inner_text("#one-time-password").strip()
    shot(page, "people-one-time-password")
    page.click("header button:has-text('Log out')")

    log_in(page, base, "m.delegate-07", password)
    page.wait_for_url(f"{base}/accounts/password/")
    assert "one-time password" in page.inner_text("main")
