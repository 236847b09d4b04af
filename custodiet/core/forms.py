"""Forms of the core and the widgets every app's forms share.

The login form counts failures and writes the audit trail; ``DateInput`` and
``DateTimeInput`` are the browser's own pickers, used by every form with a date.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodiet.core.audit import audit_record
from custodiet.core.models import User
from custodiet.core.throttle import client_address, login_failed, login_lockout, tag


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refused while the account or address is locked out; every outcome is audited."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        address = client_address(self.request) if self.request is not None else "unknown"
        account = User.objects.filter(username=username).first()
        detail = {"client": tag("address", address)[:16]}
        if lockout := login_lockout(username=username, address=address):
            audit_record(
                actor=None,
                verb="auth.login_refused",
                target=account,
                detail={**detail, "locked": lockout.scope},
            )
            raise ValidationError(lockout.message, code="locked_out")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            lockout = login_failed(username=username, address=address)
            audit_record(
                actor=None,
                verb="auth.login_failed",
                target=account,
                detail={**detail, **({"locked": lockout.scope} if lockout else {})},
            )
            if lockout:
                raise ValidationError(lockout.message, code="locked_out")
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
    )


def asked(choices: Any, prompt: Any = None) -> list[tuple[str, str]]:
    """A list's choices with an empty first one, so that nothing is chosen until the user chooses: a
    required field then asks for the answer instead of recording its first option as a fact."""
    return [("", prompt or _("— choose —")), *list(choices)]


class DateInput(forms.DateInput):
    """The browser's date picker, with the value written as it expects it (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed, the local time of the place (or visit) it is about: kept naive, so that
    the service reads it in that place's time zone (custodiet.core.zones.in_zone), not the server's."""

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            try:
                result = timezone.make_naive(result)
            except OverflowError:  # 0001-01-01T00:00+14:00 has no UTC moment a datetime can hold
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (local time, to the minute)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
