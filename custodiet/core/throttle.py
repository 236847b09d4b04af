"""Login throttling: failures counted per account and per client address, in the database.

The database is the store because several web workers must share the counts
(a per-process cache would let a guesser spread attempts over workers). After
``CUSTODIET_LOGIN_FAILURES_PER_ACCOUNT`` failures for one username, or
``CUSTODIET_LOGIN_FAILURES_PER_ADDRESS`` from one address, within the cool-off
(``CUSTODIET_LOGIN_COOLOFF_MINUTES``), logins are refused until it has passed;
while refused, the password is not even checked. A successful login clears its
account's count (not its address's: one good account must not open the door for
guesses at others). Usernames and addresses are stored as keyed hashes only.

Callers (the login form) write the audit entries; these functions only count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from custodiet.core import clock
from custodiet.core.models import LoginThrottle

Scope = LoginThrottle.Scope


@dataclass(frozen=True)
class Lockout:
    scope: str
    until: datetime.datetime

    @property
    def message(self) -> str:
        minutes = max(1, int((self.until - clock.now()).total_seconds() // 60) + 1)
        said = {"until": f"{self.until:%H:%M}", "minutes": minutes}
        if self.scope == Scope.ACCOUNT:
            text = ngettext(
                "Too many failed logins for this account. Logins are refused until %(until)s UTC (about "
                "%(minutes)s minute). If you forgot your password, ask an administrator.",
                "Too many failed logins for this account. Logins are refused until %(until)s UTC (about "
                "%(minutes)s minutes). If you forgot your password, ask an administrator.",
                minutes,
            )
        else:
            text = ngettext(
                "Too many failed logins for your network address. Logins are refused until %(until)s UTC "
                "(about %(minutes)s minute). If you forgot your password, ask an administrator.",
                "Too many failed logins for your network address. Logins are refused until %(until)s UTC "
                "(about %(minutes)s minutes). If you forgot your password, ask an administrator.",
                minutes,
            )
        return text % said


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies (CUSTODIET_PROXY_COUNT) saw."""
    proxies = settings.CUSTODIET_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def tag(scope: str, value: str) -> str:
    """A keyed hash of a username or address (the key is the site's SECRET_KEY)."""
    return salted_hmac(
        f"custodiet.login-throttle.{scope}", value.strip().casefold(), algorithm="sha256"
    ).hexdigest()


def _limit(scope: str) -> int:
    if scope == Scope.ACCOUNT:
        return int(settings.CUSTODIET_LOGIN_FAILURES_PER_ACCOUNT)
    return int(settings.CUSTODIET_LOGIN_FAILURES_PER_ADDRESS)


def _cooloff() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.CUSTODIET_LOGIN_COOLOFF_MINUTES)


def login_lockout(*, username: str, address: str) -> Lockout | None:
    """The lockout in force for this username or address, if any."""
    now = clock.now()
    keys = [(Scope.ACCOUNT, tag(Scope.ACCOUNT, username)), (Scope.ADDRESS, tag(Scope.ADDRESS, address))]
    for scope, key in keys:
        row = LoginThrottle.objects.filter(scope=scope, key=key, locked_until__gt=now).first()
        if row is not None and row.locked_until is not None:
            return Lockout(scope=scope, until=row.locked_until)
    return None


def _count(scope: str, key: str, now: datetime.datetime) -> Lockout | None:
    for _attempt in range(2):
        try:
            with transaction.atomic():
                row = LoginThrottle.objects.select_for_update().filter(scope=scope, key=key).first()
                if row is None:
                    row = LoginThrottle(scope=scope, key=key, failures=0, window_started_at=now)
                if row.window_started_at + _cooloff() <= now and not (
                    row.locked_until and row.locked_until > now
                ):
                    row.failures, row.window_started_at, row.locked_until = 0, now, None
                row.failures += 1
                if row.failures >= _limit(scope):
                    row.locked_until = now + _cooloff()
                row.save()
                return Lockout(scope=scope, until=row.locked_until) if row.locked_until else None
        except IntegrityError:  # another worker created the row first: count again on it
            continue
    return None


def login_failed(*, username: str, address: str) -> Lockout | None:
    """Count one failure for the username and the address; the lockout it caused, if any."""
    now = clock.now()
    by_account = _count(Scope.ACCOUNT, tag(Scope.ACCOUNT, username), now)
    by_address = _count(Scope.ADDRESS, tag(Scope.ADDRESS, address), now)
    return by_account or by_address


def login_succeeded(*, username: str) -> None:
    LoginThrottle.objects.filter(scope=Scope.ACCOUNT, key=tag(Scope.ACCOUNT, username)).delete()


def login_unlock(*, username: str) -> int:
    """Lift an account's lockout (``custodiet users unlock``); the number of rows cleared."""
    deleted, _by_model = LoginThrottle.objects.filter(
        scope=Scope.ACCOUNT, key=tag(Scope.ACCOUNT, username)
    ).delete()
    return deleted
