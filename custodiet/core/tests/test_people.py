"""Who watches the administrators: separation of duties on accounts, by every route.

An administrator manages accounts but reads no testimony. These tests try every
way an administrator could give themselves, or an account they control, a role
that sees testimony (the people pages, the Django admin, the API, the command
line) and check that none works without a second person, and that the second
person, not the administrator, receives the credentials it issues.
"""

from __future__ import annotations

import csv
import io
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodiet.core.access import SEE_PEOPLE, can, roles_with
from custodiet.core.errors import DomainError
from custodiet.core.models import AccountRequest, AuditEntry, Role, User
from custodiet.core.people import services

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def admin(make_user: Any) -> User:
    return make_user(Role.ADMINISTRATOR, username="adm", is_staff=True)


@pytest.fixture
def second_admin(make_user: Any) -> User:
    return make_user(Role.ADMINISTRATOR, username="adm2", is_staff=True)


@pytest.fixture
def approver(make_user: Any) -> User:
    return make_user(Role.SECRETARIAT, username="sec")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verbs(account: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="core.user", target_id=str(account.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )


# -- an administrator and their own account ---------------------------------------------------------------


def test_no_one_changes_their_own_role_by_the_service(admin: User) -> None:
    for change in (
        lambda: services.account_update(account=admin, role=Role.SECRETARIAT, by=admin),
        lambda: services.account_update(account=admin, role=Role.ANALYST, by=admin),
        lambda: services.account_set_active(account=admin, active=False, by=admin),
        lambda: services.account_password_reset(account=admin, by=admin),
        lambda: services.second_factor_reset_request(account=admin, by=admin),
    ):
        with pytest.raises(DomainError, match="their own account"):
            change()
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR and admin.is_active
    assert not AccountRequest.objects.exists()


def test_the_people_page_refuses_a_change_to_ones_own_account(admin: User) -> None:
    client = signed_in(admin)
    page = client.get(reverse("people:person_detail", args=[admin.pk])).content.decode()
    assert "This is your own account" in page and "Issue a one-time password" not in page
    response = client.post(
        reverse("people:person_edit", args=[admin.pk]), {"role": Role.SECRETARIAT}, follow=True
    )
    assert "No one changes their own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_the_admin_site_changes_no_account(admin: User, approver: User) -> None:
    client = signed_in(admin)
    assert client.get("/admin/").status_code == 200
    assert b"Custodiet administration" in client.get("/admin/").content
    assert client.get(reverse("admin:core_user_change", args=[admin.pk])).status_code == 200  # read-only
    posted = client.post(
        reverse("admin:core_user_change", args=[admin.pk]),
        {"username": "adm", "role": Role.SECRETARIAT, "is_active": "on"},
    )
    assert posted.status_code == 403
    for url in (
        reverse("admin:core_user_add"),
        f"/admin/core/user/{approver.pk}/password/",
        reverse("admin:core_user_delete", args=[approver.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert (
            client.post(
                url, {"password1": "known-to-the-admin-1", "password2": "known-to-the-admin-1"}
            ).status_code
            == 403
        )
    admin.refresh_from_db()
    approver.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR
    assert approver.check_password(PASSWORD)


def test_the_second_factor_admin_pages_answer_404(admin: User, approver: User) -> None:
    device = TOTPDevice.objects.create(user=approver, name="authenticator", confirmed=True)
    client = signed_in(admin)
    for url in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
        "/admin/otp_static/staticdevice/",
        "/admin/auth/group/",
    ):
        assert client.get(url).status_code == 404, url
    secret = device.key
    for url in (
        "/admin/",
        reverse("people:person_detail", args=[approver.pk]),
        reverse("people:person_list"),
    ):
        assert secret not in client.get(url).content.decode()


def test_no_api_route_changes_an_account() -> None:
    from custodiet.tests.test_url_access import routes

    touching = [
        route.url for route in routes() if route.is_api and ("user" in route.url or "people" in route.url)
    ]
    assert touching == []


def test_the_command_line_grants_no_role(admin: User, approver: User) -> None:
    with pytest.raises(CommandError, match="An administrator exists"):
        call_command("people", "bootstrap", "another-admin", "--role", "administrator", stdout=StringIO())
    with pytest.raises(CommandError, match="A member of the secretariat exists"):
        call_command("people", "bootstrap", "adm-as-sec", "--role", "secretariat", stdout=StringIO())
    with pytest.raises(CommandError, match="a second person can decide this"):
        call_command("users", "reset-2fa", "adm", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("people", "bootstrap", "adm", "--role", "delegation_member", stdout=StringIO())
    assert User.objects.get(username="adm").role == Role.ADMINISTRATOR
    assert set(User.objects.values_list("username", flat=True)) == {"adm", "sec"}


# -- reaching testimony through an account the administrator controls ----------------------------------------


def test_an_administrator_cannot_give_an_account_they_control_a_testimony_role(
    admin: User, second_admin: User, approver: User
) -> None:
    created = services.account_create(username="puppet", role=Role.ANALYST, by=admin)
    assert created.password  # a role without testimony: set at once, the password handed to the admin
    puppet = created.account
    outcome = services.account_update(account=puppet, role=Role.SECRETARIAT, by=admin)
    assert outcome.request is not None and outcome.password is None
    puppet.refresh_from_db()
    assert puppet.role == Role.ANALYST  # nothing until a second person decides
    for someone in (admin, second_admin):
        with pytest.raises(DomainError, match="Only a member of the secretariat approves"):
            services.request_approve(request=outcome.request, by=someone)
    refused = signed_in(second_admin).post(reverse("people:request_approve", args=[outcome.request.pk]))
    assert refused.status_code == 403
    approved = services.request_approve(request=outcome.request, by=approver)
    puppet.refresh_from_db()
    assert puppet.role == Role.SECRETARIAT and puppet.must_change_password
    assert approved.password and puppet.check_password(approved.password)
    assert not puppet.check_password(created.password)  # what the administrator knew opens nothing now
    assert "auth.2fa.reset" in verbs(puppet)


def test_a_new_account_with_a_testimony_role_waits_and_its_password_goes_to_the_approver(
    admin: User, approver: User
) -> None:
    client = signed_in(admin)
    response = client.post(
        reverse("people:person_create"),
        {
            "username": "m.delegate-07",
            "role": Role.DELEGATION_MEMBER,
            "first_name": "Ilse",
            "last_name": "Berg",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="m.delegate-07")
    assert account.role == Role.PUBLIC and not account.has_usable_password()
    pending = AccountRequest.objects.get(account=account)
    assert pending.role == Role.DELEGATION_MEMBER
    shown = signed_in(approver).post(reverse("people:request_approve", args=[pending.pk]))
    assert shown.status_code == 200 and shown.context["password"]
    account.refresh_from_db()
    assert account.role == Role.DELEGATION_MEMBER and account.check_password(shown.context["password"])
    assert shown["Cache-Control"].startswith("no-store")


def test_a_second_person_is_neither_the_one_who_asked_nor_the_account(admin: User, make_user: Any) -> None:
    first = make_user(Role.SECRETARIAT, username="sec-1")
    second = make_user(Role.SECRETARIAT, username="sec-2")
    outcome = services.second_factor_reset_request(account=first, by=admin)
    assert outcome.request is not None
    with pytest.raises(DomainError, match="not the one who asked, nor the account concerned"):
        services.request_approve(request=outcome.request, by=first)
    services.request_approve(request=outcome.request, by=second)
    assert AuditEntry.objects.filter(verb="account.request.approve", actor=second).exists()


def test_a_password_for_a_testimony_account_is_requested_not_shown(
    admin: User, approver: User, make_user: Any
) -> None:
    member = make_user(Role.COMMITTEE_MEMBER, username="cm")
    outcome = services.account_password_reset(account=member, by=admin)
    assert outcome.password is None and outcome.request is not None
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    approved = services.request_approve(request=outcome.request, by=approver)
    member.refresh_from_db()
    assert approved.password and member.check_password(approved.password) and member.must_change_password


# -- the audit trail and the lists ----------------------------------------------------------------------------


def test_every_account_change_is_in_the_keyed_trail_by_id_only(admin: User, approver: User) -> None:
    from custodiet.core.audit import audit_verify

    created = services.account_create(
        username="liz",
        role=Role.ANALYST,
        first_name="Elisabeth",
        last_name="Marsh",
        email="liz@example.org",
        by=admin,
    )
    account = created.account
    services.account_update(account=account, first_name="Elisa", by=admin)
    services.account_update(account=account, role=Role.PUBLIC, by=admin)
    services.account_password_reset(account=account, by=admin)
    services.account_set_active(account=account, active=False, by=admin)
    services.account_set_active(account=account, active=True, by=admin)
    request = services.second_factor_reset_request(account=account, by=admin).request
    assert request is not None
    services.request_refuse(request=request, by=approver)
    assert verbs(account) == [
        "account.create",
        "account.update",
        "account.role",
        "account.update",
        "account.password_reset",
        "account.deactivate",
        "account.activate",
    ]
    decided = AuditEntry.objects.filter(verb__startswith="account.request").values_list("verb", flat=True)
    assert list(decided) == ["account.request", "account.request.refuse"]
    trail = json.dumps(list(AuditEntry.objects.values("detail", "actor_label")))
    for personal in ("Elisabeth", "Elisa", "Marsh", "liz@example.org"):
        assert personal not in trail
    assert audit_verify() == []


def test_a_new_account_must_change_its_one_time_password(admin: User) -> None:
    outcome = services.account_create(username="ana-2", role=Role.ANALYST, by=admin)
    client = Client()
    assert client.login(username="ana-2", password=outcome.password)
    assert client.get("/intake/")["Location"] == "/accounts/password/"


def test_a_deactivated_account_cannot_log_in_and_is_kept(admin: User, make_user: Any) -> None:
    leaving = make_user(Role.ANALYST, username="leaving")
    client = Client()
    client.force_login(leaving)
    services.account_set_active(account=leaving, active=False, by=admin)
    assert client.get("/intake/").status_code == 302  # the session ended
    assert not Client().login(username="leaving", password=PASSWORD)
    assert User.objects.filter(username="leaving", is_active=False).exists()


def test_the_list_says_who_holds_which_role_and_exports_it(
    admin: User, approver: User, reference_data: Any
) -> None:
    services.account_create(
        username="ru-liaison",
        role=Role.STATE_LIAISON,
        parts={"state": {"state_code": "RU"}},
        by=admin,
    )
    services.account_create(
        username="cpt-expert",
        role=Role.DELEGATION_MEMBER,
        parts={"body": {"body_code": "CPT"}},
        by=admin,
    )
    page = signed_in(approver).get(reverse("people:person_list")).content.decode()
    assert "ru-liaison" in page and "Russian Federation" in page and "New account" not in page
    exported = signed_in(admin).get(reverse("people:person_export"))
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    by_name = {row["username"]: row for row in rows}
    assert by_name["ru-liaison"]["State"] == "Russian Federation"
    assert by_name["ru-liaison"]["role"] == "State liaison"
    assert by_name["cpt-expert"]["role"] == "Public"  # until the secretariat approves
    assert "Delegation member" in by_name["cpt-expert"]["waiting for approval"]
    assert AuditEntry.objects.filter(verb="people.export", actor=admin).exists()


def test_a_liaison_needs_a_state_and_only_a_liaison_has_one(admin: User, reference_data: Any) -> None:
    with pytest.raises(DomainError, match="answers for one State"):
        services.account_create(
            username="l1", role=Role.STATE_LIAISON, parts={"state": {"state_code": ""}}, by=admin
        )
    with pytest.raises(DomainError, match="Only a State liaison"):
        services.account_create(
            username="a1", role=Role.ANALYST, parts={"state": {"state_code": "RU"}}, by=admin
        )
    assert not User.objects.filter(username__in=["l1", "a1"]).exists()


def test_only_administrators_manage_and_only_the_secretariat_approves() -> None:
    assert roles_with(*SEE_PEOPLE) == [Role.ADMINISTRATOR, Role.SECRETARIAT]
    managers = [role for role in Role.values if can(_user(role), *SEE_PEOPLE[:1])]
    approvers = [role for role in Role.values if can(_user(role), *SEE_PEOPLE[1:])]
    assert managers == [Role.ADMINISTRATOR] and approvers == [Role.SECRETARIAT]


def _user(role: str) -> User:
    return User(username=f"x-{role}", role=role, is_active=True)


def test_the_last_member_of_the_secretariat_is_not_deactivated_nor_moved(admin: User, approver: User) -> None:
    """Else the command line's bootstrap would make a secretariat account with no second person."""
    for change in (
        lambda: services.account_set_active(account=approver, active=False, by=admin),
        lambda: services.account_update(account=approver, role=Role.ANALYST, by=admin),
    ):
        with pytest.raises(DomainError, match="last active member of the secretariat"):
            change()
    approver.refresh_from_db()
    assert approver.is_active and approver.role == Role.SECRETARIAT
