"""Login throttling: lockouts per account and per address, a clear message, a cool-off, audited."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from custodiet.core.models import AuditEntry, LoginThrottle
from custodiet.core.throttle import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def attempt(
    client: Client, username: str, password: str = "wrong-password-123", address: str = "203.0.113.9"
) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_five_failures_even_for_the_right_password(
    client: Client, make_user: Any
) -> None:
    user = make_user("secretariat", username="sec")
    for _ in range(4):
        assert "Please enter a correct username and password" in attempt(client, "sec").content.decode()
    locked = attempt(client, "sec").content.decode()
    assert "Too many failed logins for this account" in locked and "UTC" in locked
    refused = attempt(client, "sec", PASSWORD)
    assert (
        refused.status_code == 200 and "Too many failed logins for this account" in refused.content.decode()
    )
    assert "_auth_user_id" not in client.session
    verbs = list(AuditEntry.objects.values_list("verb", flat=True))
    assert verbs == ["auth.login_failed"] * 5 + ["auth.login_refused"]
    last_failure = AuditEntry.objects.filter(verb="auth.login_failed").last()
    assert last_failure.target_id == str(user.pk) and last_failure.detail["locked"] == "account"
    assert "203.0.113.9" not in str(last_failure.detail)  # the address is kept as a keyed hash only


def test_the_lock_lifts_after_the_cool_off(client: Client, make_user: Any) -> None:
    make_user("secretariat", username="sec")
    for _ in range(5):
        attempt(client, "sec")
    earlier = timezone.now() - datetime.timedelta(minutes=16)
    LoginThrottle.objects.update(
        locked_until=earlier, window_started_at=earlier - datetime.timedelta(minutes=15)
    )
    assert attempt(client, "sec", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(scope="account").exists()  # a success clears the account's count


def test_a_success_resets_the_account_count(client: Client, make_user: Any) -> None:
    make_user("analyst", username="ana")
    for _ in range(3):
        attempt(client, "ana")
    assert attempt(client, "ana", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(3):
        attempt(client, "ana")
    assert attempt(client, "ana", PASSWORD).status_code == 302


@override_settings(CUSTODIET_LOGIN_FAILURES_PER_ADDRESS=3)
def test_one_address_guessing_many_accounts_is_locked_out(client: Client, make_user: Any) -> None:
    make_user("analyst", username="ana")
    for name in ("alpha", "bravo", "charlie"):
        attempt(client, name)
    assert "your network address" in attempt(client, "ana", PASSWORD).content.decode()
    assert attempt(client, "ana", PASSWORD, address="198.51.100.4").status_code == 302
    assert not LoginThrottle.objects.filter(key__contains="alpha").exists()  # keys are hashes


def test_the_client_address_behind_trusted_proxies() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert client_address(request) == "10.0.0.1"
    with override_settings(CUSTODIET_PROXY_COUNT=1):
        assert client_address(request) == "192.0.2.7"  # the address our proxy saw, not what the client claims


def test_an_administrator_lifts_a_lockout(client: Client, make_user: Any) -> None:
    make_user("secretariat", username="sec")
    for _ in range(5):
        attempt(client, "sec")
    out = StringIO()
    call_command("users", "unlock", "sec", stdout=out)
    assert "Login lockout of sec lifted." in out.getvalue()
    assert AuditEntry.objects.filter(verb="auth.unlock").exists()
    assert attempt(client, "sec", PASSWORD).status_code == 302
