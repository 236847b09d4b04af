"""Two-factor authentication with TOTP (an authenticator app) and single-use backup codes (django-otp).

Required for the roles that see confidential data or run the site
(``TWO_FACTOR_ROLES``) when ``CUSTODIET_REQUIRE_2FA`` is true (the default);
any other user may enrol, and is then asked for a code at every login too.
After the password, a user who must and has no confirmed device enrols (QR
code, or the secret as text, confirmed by one code, then ten backup codes shown
once); one who has a device gives a code. Until then the session is
authenticated but not verified, and custodiet.core.middleware lets it reach
only the login, logout and two-factor pages (the API answers 403).

Every enrolment, verification, failed code and reset is written to the audit trail here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.models import Role, User

TWO_FACTOR_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.SECRETARIAT, Role.COMMITTEE_MEMBER, Role.DELEGATION_MEMBER}
)
# Set at login when this session must pass the second factor (the user has a device, or must enrol).
SESSION_PENDING = "custodiet_2fa_pending"
BACKUP_CODES = 10
DEVICE_NAME = "authenticator"


def role_requires_two_factor(user: Actor) -> bool:
    return bool(settings.CUSTODIET_REQUIRE_2FA) and getattr(user, "role", None) in TWO_FACTOR_ROLES


def has_confirmed_device(user: Actor) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_factor_needed_at_login(user: Actor) -> bool:
    """After the password: does this login need a second factor (enrolment or a code)?"""
    return role_requires_two_factor(user) or has_confirmed_device(user)


def two_factor_pending_device(*, user: Actor) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (the same secret on every reload until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (no inline styles, for the CSP)."""
    import segno

    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, omitsize=True))


def secret_as_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that take it typed in."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _login_verified(request: HttpRequest, device: Device) -> None:
    request.session.cycle_key()
    otp_login(request, device)
    request.session.pop(SESSION_PENDING, None)


def _signed_in(request: HttpRequest) -> User:
    """The account of a request that passed the password step (every two-factor page needs one)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("two-factor steps need a signed-in account")
    return user


@transaction.atomic
def two_factor_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with its first code; returns the new backup codes, or None if the code is wrong."""
    user = _signed_in(request)
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not locked.verify_token(token.strip().replace(" ", "")):
        audit_record(actor=user, verb="auth.2fa.enrol_failed", target=user)
        return None
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    _login_verified(request, locked)
    audit_record(actor=user, verb="auth.2fa.enrol", target=user, detail={"backup_codes": BACKUP_CODES})
    return codes


def two_factor_verify(*, request: HttpRequest, token: str) -> Device | None:
    """Check a code from the authenticator, or a backup code; mark the session verified if it is right."""
    user = _signed_in(request)
    cleaned = token.strip().replace(" ", "")
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(cleaned):
                    _login_verified(request, device)
                    method = "backup code" if isinstance(device, StaticDevice) else "authenticator"
                    left = device.token_set.count() if isinstance(device, StaticDevice) else None
                    audit_record(
                        actor=user,
                        verb="auth.2fa.verify",
                        target=user,
                        detail={
                            "method": method,
                            **({"backup_codes_left": left} if left is not None else {}),
                        },
                    )
                    return device
    audit_record(actor=user, verb="auth.2fa.failed", target=user)
    return None


@transaction.atomic
def two_factor_reset(*, user: User, by: Actor = None) -> int:
    """Remove every device of ``user`` and end their sessions; they enrol again at the next login."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    ended = end_sessions(user)
    audit_record(
        actor=by,
        verb="auth.2fa.reset",
        target=user,
        detail={"devices_removed": removed, "sessions_ended": ended},
    )
    return removed


def end_sessions(user: User) -> int:
    """End every open session of ``user`` (after a password or second-factor reset, a deactivation)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended
