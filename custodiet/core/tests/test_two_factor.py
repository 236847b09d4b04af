"""Two-factor authentication: who must pass it, the enrolment and login flows, recovery and reset."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodiet.core.models import AuditEntry, Role, User
from custodiet.core.twofactor import TWO_FACTOR_ROLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]
PASSWORD = "a-long-test-password"


@pytest.fixture
def two_factor_on() -> Any:
    with override_settings(CUSTODIET_REQUIRE_2FA=True):
        yield


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's current code (or the one ``steps_ahead`` later), as the user's phone shows it."""
    return f"{totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits):06d}"


def skip_the_back_off(user: User) -> None:
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def log_in(client: Client, username: str, following: str = "/treaties/states/") -> Any:
    return client.post(f"/accounts/login/?next={following}", {"username": username, "password": PASSWORD})


def enrol(client: Client, user: User) -> list[str]:
    page = client.get("/accounts/two-factor/enrol/?next=/treaties/states/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page.content.decode() and page.context["secret"].replace(" ", "")
    done = client.post("/accounts/two-factor/enrol/", {"token": code(device), "next": "/treaties/states/"})
    assert done.status_code == 200, done.content
    return list(done.context["codes"])


@pytest.mark.parametrize("role", sorted(TWO_FACTOR_ROLES))
def test_each_role_that_sees_confidential_data_is_held_back_until_verified(
    client: Client, make_user: Any, role: str
) -> None:
    user = make_user(role)
    client.force_login(user)
    for page in ("/", "/treaties/states/", "/intake/", "/accounts/password/", "/admin/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/two-factor/?next="), page
    api = client.get("/api/schema/")
    assert api.status_code == 403 and "Two-factor authentication is required" in api.json()["detail"]
    assert client.get("/accounts/two-factor/").status_code == 302  # to the enrolment
    codes = enrol(client, user)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert client.get("/api/schema/").status_code == 200


@pytest.mark.parametrize("role", [Role.STATE_LIAISON, Role.ANALYST, Role.PUBLIC])
def test_other_roles_are_not_forced(client: Client, make_user: Any, role: str) -> None:
    client.force_login(make_user(role))
    assert client.get("/").status_code == 200
    assert "Two-factor" not in client.get("/api/schema/").content.decode()


def test_the_admin_site_is_behind_the_second_factor_for_every_staff_user(
    client: Client, make_user: Any
) -> None:
    client.force_login(make_user(Role.ANALYST, is_staff=True))
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/")
    anonymous = Client()
    assert anonymous.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_login_then_enrolment_then_login_with_a_code_or_a_backup_code(client: Client, make_user: Any) -> None:
    user = make_user(Role.DELEGATION_MEMBER, username="m.delegate-07")
    response = log_in(client, "m.delegate-07")
    assert response["Location"] == "/accounts/two-factor/?next=%2Ftreaties%2Fstates%2F"
    assert client.get(response["Location"])["Location"].startswith("/accounts/two-factor/enrol/")
    codes = enrol(client, user)
    assert client.get("/treaties/states/").status_code == 200
    client.post("/accounts/logout/")

    log_in(client, "m.delegate-07")
    assert client.get("/treaties/states/").status_code == 302
    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/treaties/states/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    skip_the_back_off(user)  # django-otp waits 1 s, then 2, 4 ... after a wrong code
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    right = client.post(
        "/accounts/two-factor/", {"token": code(device, steps_ahead=1), "next": "/treaties/states/"}
    )
    assert right["Location"] == "/treaties/states/"
    client.post("/accounts/logout/")

    log_in(client, "m.delegate-07")
    backup = client.post("/accounts/two-factor/", {"token": codes[0], "next": "/treaties/states/"})
    assert backup["Location"] == "/treaties/states/"
    assert not StaticToken.objects.filter(token=codes[0]).exists()  # single use
    verbs = list(AuditEntry.objects.filter(actor=user).values_list("verb", flat=True))
    assert verbs == [
        "auth.login",
        "auth.2fa.enrol",
        "auth.logout",
        "auth.login",
        "auth.2fa.failed",
        "auth.2fa.verify",
        "auth.logout",
        "auth.login",
        "auth.2fa.verify",
    ]
    assert AuditEntry.objects.filter(verb="auth.2fa.verify").last().detail == {
        "method": "backup code",
        "backup_codes_left": 9,
    }


def test_a_user_who_enrolled_by_choice_is_asked_for_a_code_at_every_login(
    client: Client, make_user: Any
) -> None:
    user = make_user(Role.ANALYST, username="ana")
    log_in(client, "ana", following="/intake/")
    assert client.get("/intake/").status_code == 200
    page = client.get("/accounts/two-factor/enrol/")
    assert "required" not in page.context or not page.context["required"]
    enrol(client, user)
    client.post("/accounts/logout/")
    log_in(client, "ana", following="/intake/")
    assert client.get("/intake/")["Location"].startswith("/accounts/two-factor/")


def test_an_administrator_resets_a_lost_second_factor(client: Client, make_user: Any) -> None:
    user = make_user(Role.SECRETARIAT, username="sec")
    client.force_login(user)
    enrol(client, user)
    assert client.get("/").status_code == 200
    out = StringIO()
    call_command("users", "reset-2fa", "sec", stdout=out)
    assert "they set up two-factor authentication again" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(verb="auth.2fa.reset", target_id=str(user.pk)).exists()
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/")  # sessions ended


def test_the_one_time_password_change_comes_after_the_second_factor(client: Client) -> None:
    out = StringIO()
    call_command("demo_admin", stdout=out)
    password = out.getvalue().split("one-time password: ")[1].split()[0]
    response = client.post("/accounts/login/", {"username": "admin", "password": password})
    assert response["Location"].startswith("/accounts/two-factor/")
    enrol(client, User.objects.get(username="admin"))
    assert client.get("/intake/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200
