"""In a real browser: a secretariat member enrols an authenticator at first login, then logs in with a code."""

from __future__ import annotations

import base64
import os
from typing import Any

import pytest
from django.test import override_settings
from django_otp.oath import totp

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """What the phone shows for the secret printed on the enrolment page."""
    compact = secret.replace(" ", "")
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(key, step=30, t0=-30 * steps_ahead, digits=6):06d}"


def log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/treaties/states/")
    page.fill("input[name=username]", "sec")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main button[type=submit]")


def test_enrolment_and_login_with_a_code(live_server: Any, page: Any, make_user: Any) -> None:
    make_user("secretariat", username="sec")
    with override_settings(CUSTODIET_REQUIRE_2FA=True):
        log_in(page, live_server.url)
        page.wait_for_url("**/accounts/two-factor/enrol/**")
        assert page.locator(".qr svg").count() == 1
        secret = page.locator("#totp-secret").inner_text()
        page.fill("input[name=token]", code_for(secret))
        page.click("main button[type=submit]")
        page.wait_for_selector("#backup-codes")
        assert page.locator("#backup-codes li").count() == 10
        page.click("text=Continue")
        page.wait_for_url(f"{live_server.url}/treaties/states/")

        page.click("header button:has-text('Log out')")
        page.goto(f"{live_server.url}/accounts/password/")
        assert "/accounts/login/" in page.url
        log_in(page, live_server.url)
        page.wait_for_url("**/accounts/two-factor/?next=**")
        page.goto(f"{live_server.url}/intake/")  # no way round the second factor
        assert "/accounts/two-factor/" in page.url
        page.fill("input[name=token]", code_for(secret, steps_ahead=1))
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/intake/")
