"""Middleware: the second factor before anything else, then a forced password change; security headers.

``TwoFactorRequiredMiddleware`` (after django_otp's OTPMiddleware) holds back
a signed-in session that has not passed its second factor: pages redirect to
the two-factor page, the API answers 403. A session needs the second factor
when its login said so (the user has an authenticator, or their role requires
one) or, with CUSTODIET_REQUIRE_2FA, when the role requires it or the request
is for the admin site. Only the login, logout and two-factor pages (and static
files) stay open.

``PasswordChangeRequiredMiddleware`` sends a user who logged in with a one-time
password to choose a new one first (the two-factor pages stay open to them).

``ConfidentialNoStoreMiddleware`` tells browsers and proxies to keep no copy
(``Cache-Control: no-store, private``) of every response but a public page for
an anonymous visitor: the back button, a shared computer or a proxy must not
show a confidential page to the next person. What is public is what the route
declared (custodiet.core.access); an undeclared route counts as confidential.

``UserLanguageMiddleware`` (after the authentication) speaks to a signed-in user in the language they chose
(``User.language``, kept by the header's switcher) on every device, whatever the browser asks for; the
anonymous visitor gets Django's choice (the language cookie, then the browser's Accept-Language).

``ContentSecurityPolicyMiddleware`` adds Content-Security-Policy and
Permissions-Policy headers (settings CUSTODIET_CONTENT_SECURITY_POLICY and
CUSTODIET_PERMISSIONS_POLICY).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from custodiet.core.access import declared_access
from custodiet.core.twofactor import SESSION_PENDING, role_requires_two_factor

TWO_FACTOR_PAGES = ("two_factor", "two_factor_enrol")


def _open_paths(*names: str) -> set[str]:
    return {reverse(name) for name in names}


def _is_static(request: HttpRequest) -> bool:
    return request.path.startswith("/" + str(settings.STATIC_URL).lstrip("/"))


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _is_static(request):
            return self.get_response(request)
        verified = getattr(user, "is_verified", None)
        if verified is not None and verified():
            return self.get_response(request)
        admin = request.path.startswith(reverse("admin:index"))
        needed = (
            bool(request.session.get(SESSION_PENDING))
            or role_requires_two_factor(user)
            or (admin and settings.CUSTODIET_REQUIRE_2FA)
        )
        if not needed or request.path in _open_paths("login", "logout", *TWO_FACTOR_PAGES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Two-factor authentication is required: log in on the web and enter your code."},
                status=403,
            )
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = _open_paths("password_change", "logout", *TWO_FACTOR_PAGES)
            if request.path not in allowed and not _is_static(request):
                return redirect("password_change")
        return self.get_response(request)


class ConfidentialNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_static(request):
            return response
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        access = declared_access(match.func, request.method or "GET") if match is not None else None
        public_page = access is not None and access.public
        if not public_page or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CUSTODIET_CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            if request.path.startswith(reverse("admin:index")):  # Django's change list has one inline <style>
                policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            response["Content-Security-Policy"] = policy
        permissions = getattr(settings, "CUSTODIET_PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response


class PageMethodsMiddleware:
    """No page takes PUT, PATCH or DELETE (nor any method but GET, HEAD, POST and OPTIONS): 405, once, for
    every page, whatever its view forgot to declare. The access check still comes first: a caller the
    route would refuse is left to the route, which refuses them (login page, 403) as it does for GET. The
    API (DRF answers 405 itself, after its permission check) and the admin site keep their own rules."""

    PAGE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method in self.PAGE_METHODS or request.path.startswith(("/api/", "/admin/")):
            return None
        access = declared_access(view, "GET")
        if access is not None and not access.allows(getattr(request, "user", None)):
            return None  # refused first by the route itself, as for any other method
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])


def _machine_reads(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith("/api/docs/")


class UserLanguageMiddleware:
    """The signed-in user's own language (``User.language``) over the cookie and the browser's; English for the
    API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _machine_reads(request.path):
            # The API answers in English whatever the caller's language: a program compares its words, and
            # its documentation says them in English (its browsable page, /api/docs/, is a page like others).
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
            return self.get_response(request)
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen and chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


# A NUL character escaped in JSON ("\u0000"), not preceded by an escaped backslash.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or any(
        "\x00" in value for values in request.GET.lists() for value in values[1]
    ):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body
        return b"\x00" in body or _JSON_NUL.search(body) is not None
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    return False


class NulCharacterMiddleware:
    """No field of the application holds a NUL character, and PostgreSQL cannot store or even compare one:
    a request carrying one (in its address, its query, a form field or a JSON string) is refused with a
    400 before any view reads it, on every back end alike, instead of a server error on PostgreSQL."""

    MESSAGE = "The request holds a NUL character (\\0), which no field accepts."

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            raise BadRequest(self.MESSAGE)
        return self.get_response(request)
