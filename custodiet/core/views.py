"""Accounts: login with throttling and a second factor, logout, and the password change.

Login: password (``ThrottledAuthenticationForm``) -> the two-factor page, which
shows the enrolment (QR code, secret as text) to a user who must enrol and has
no authenticator yet, and asks the others for a code -> where they were going.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from custodiet.core.access import public, signed_in
from custodiet.core.audit import audit_record
from custodiet.core.forms import ThrottledAuthenticationForm, TokenForm
from custodiet.core.throttle import login_succeeded
from custodiet.core.twofactor import (
    SESSION_PENDING,
    has_confirmed_device,
    qr_code_svg,
    role_requires_two_factor,
    secret_as_text,
    two_factor_confirm,
    two_factor_needed_at_login,
    two_factor_pending_device,
    two_factor_verify,
)


class Login(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = False
    http_method_names = ["get", "head", "post"]  # a form: any other method is a 405, not the form again

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)  # django.contrib.auth.login: a new session key
        user = form.get_user()
        login_succeeded(username=user.get_username())
        second_factor = two_factor_needed_at_login(user)
        audit_record(
            actor=user,
            verb="auth.login",
            target=user,
            detail={"second_factor": "pending" if second_factor else "not required"},
        )
        if not second_factor:
            return _with_language(response, user.language)
        self.request.session[SESSION_PENDING] = True
        return _with_language(
            redirect(f"{reverse('two_factor')}?{urlencode({'next': self.get_success_url()})}"), user.language
        )


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    """At login, the account's language becomes the browser's too (it stays after logging out)."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(resolve_url("home"))


@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for a code, or send to the enrolment when the user has no authenticator yet."""
    following = _next_url(request)
    if getattr(request.user, "is_verified", lambda: False)():
        return HttpResponseRedirect(following)
    if not has_confirmed_device(request.user):
        return redirect(f"{reverse('two_factor_enrol')}?{urlencode({'next': following})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor_verify(request=request, token=form.cleaned_data["token"]) is not None:
            return HttpResponseRedirect(following)
        form.add_error("token", _("That code is not right, or was used already. Try the next one."))
    return render(request, "registration/two_factor.html", {"form": form, "next": following})


@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator secret, confirm it with a code, then show the backup codes once."""
    following = _next_url(request)
    if has_confirmed_device(request.user):
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': following})}")
    device = two_factor_pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": following})
        form.add_error(
            "token", _("That code does not match: check the time on your phone and try the next one.")
        )
    context = {
        "form": form,
        "next": following,
        "qr_svg": qr_code_svg(device),
        "secret": secret_as_text(device),
        "required": role_requires_two_factor(request.user),
    }
    return render(request, "registration/two_factor_enrol.html", context)


class Logout(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(actor=request.user, verb="auth.logout", target=request.user)
        return super().post(request, *args, **kwargs)


@public
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site logs in through the same throttled, two-factor login as every page."""
    query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
    return redirect(f"{reverse('login')}?{query}")


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> Any:
        response = super().form_valid(form)
        user = form.user
        if getattr(user, "must_change_password", False):
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(actor=user, verb="auth.password_change", target=user)
        return response


@public
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: Django's ``set_language`` (the cookie, back to the page), and for a
    signed-in user the choice kept on their account, so that every device speaks it (UserLanguageMiddleware)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
