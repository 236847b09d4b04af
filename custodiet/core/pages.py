"""The interface kit of the pages: one way to show a form, act on a POST, read a date parameter and page a list.

Every app's views use these, so that a form behaves the same everywhere: a GET
shows it, a valid POST calls a service, a DomainError comes back as a message
on the same form (nothing saved), success goes to the record with a message.
Templates: ``core/_field.html``, ``core/_form_errors.html``,
``core/_form_fields.html``, ``core/_pagination.html``, ``core/_date_form.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.dates import parse_query_date
from custodiet.core.errors import DomainError

Save = Callable[[dict[str, Any]], str]


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST (even an empty one, so that it is validated), None on GET."""
    return request.POST if request.method == "POST" else None


def saving(service: Callable[..., Any], said: str | Callable[[Any], str], **about: Any) -> Save:
    """The ``save`` of a form whose answers are ``service``'s own arguments: ``service(**about, **answers)``
    (``about``: the record the form is about and ``by=``, the user), then the message ``said``, or
    ``said(what the service returned)`` where the message tells of the record as saved."""

    def save(data: dict[str, Any]) -> str:
        made = service(**about, **data)
        return said(made) if callable(said) else said

    return save


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    template: str,
    save: Save,
    done: str | Callable[[], str],
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (a service call that returns the message to show)
    and go to ``done`` (a URL, or a function that gives it once saved: a new record's own page).
    A DomainError is shown on the same form and nothing is saved."""
    if request.method == "POST" and form.is_valid() and acted(request, lambda: save(form.cleaned_data)):
        return redirect(done() if callable(done) else done)
    return render(request, template, {**(context or {}), "form": form})


def acted(request: HttpRequest, act: Callable[[], str]) -> bool:
    """Do what the user asked (``act``: a service call that returns the message to show) and say so;
    a DomainError is shown instead, nothing done. True when it was done: a POST action without a form
    of its own (remove, withdraw, close) then goes back to the page it came from either way."""
    try:
        message = act()
    except DomainError as problem:
        messages.error(request, str(problem))
        return False
    messages.success(request, message)
    return True


def chosen_date(request: HttpRequest, name: str = "on") -> tuple[date, str | None]:
    """The ``?on=`` date, or today; a bad value falls back to today with a message to show."""
    today = clock.today()
    raw = request.GET.get(name, "")
    if not raw.strip():
        return today, None
    try:
        return parse_query_date(raw), None
    except ValueError as problem:
        return today, _("%(problem)s; showing today instead.") % {"problem": problem}


def paginate(request: HttpRequest, items: Sequence[Any] | Any, per_page: int) -> Page:  # type: ignore[type-arg]
    """The page of ``items`` that ``?page=`` asks for (the first or last one when it is out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The list's other parameters, to keep in the links between its pages (``core/_pagination.html``)."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()
