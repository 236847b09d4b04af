"""The error pages: 400, 403, 404 and 500, in the site's layout with its menu.

Django's own handlers render 400 and 500 without the request (no menu, no account); these render every
page with it, so that a person who lands on one can go on from it. The 500 page is rendered with the
request if that works, and else alone (no context processor, no database): whatever broke the page
must not break the page that says so. A 403 says why (the refusal of the capability the page asked
for); a 404 says what was not found only where the view said it in words.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger("custodiet.site")


def _said(exception: Exception | None) -> str:
    """The message a view gave its refusal or its 404, if it gave one in words."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    return exception.args[0]


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": _said(exception)}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    said = _said(exception)
    reason = "" if said.startswith(("Resolver404", "{")) else said
    return render(request, "404.html", {"reason": reason, "path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page that says something broke must not break: render it alone
        logger.exception("the 500 page could not be rendered with the request; rendered alone")
        return HttpResponseServerError(loader.get_template("500.html").render({}))
