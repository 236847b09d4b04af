"""The people pages: who holds which role, an account's page, creating and changing accounts, and the
requests a second person decides.

Administrators (MANAGE_PEOPLE) create and change accounts; the secretariat
(APPROVE_ACCOUNT_CHANGES) approves or refuses what they asked for an account that
would see testimony, or a second-factor reset. Both read the list and export it.
A one-time password is shown once, in the answer to the request that issued it
(never in a message kept in the session), to whoever may hand it over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from custodiet.core.access import SEE_PEOPLE, Capability, can, require
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.models import User
from custodiet.core.pages import posted
from custodiet.core.people import selectors, services
from custodiet.core.people.forms import AccountChangeForm, AccountCreateForm, PeopleFilterForm, ReasonForm
from custodiet.core.people.parts import account_parts

see_people = require(*SEE_PEOPLE)
manage_people = require(Capability.MANAGE_PEOPLE)
approve_changes = require(Capability.APPROVE_ACCOUNT_CHANGES)


def _account(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


def _outcome(request: HttpRequest, outcome: services.Outcome) -> HttpResponse:
    """The page after a change: the one-time password, shown once, or back to the account."""
    if outcome.password:
        return render(
            request,
            "people/one_time_password.html",
            {"account": outcome.account, "password": outcome.password, "message": outcome.message},
        )
    messages.success(request, outcome.message)
    return redirect("people:person_detail", outcome.account.pk)


def _filtered(request: HttpRequest) -> tuple[PeopleFilterForm, list[selectors.PersonRow]]:
    form = PeopleFilterForm(request.GET or None)
    role, active = "", None
    if form.is_valid():
        role = form.cleaned_data["role"]
        active = {"yes": True, "no": False}.get(form.cleaned_data["active"])
    return form, selectors.rows(list(selectors.accounts(role=role or None, active=active)))


@see_people
@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    context = {
        "form": form,
        "rows": rows,
        "parts": account_parts(),
        "pending": selectors.pending_requests().count(),
        "can_manage": can(request.user, Capability.MANAGE_PEOPLE),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "people/person_list.html", context)


@see_people
@require_safe
def person_export(request: HttpRequest) -> HttpResponse:
    """Who holds which role, as CSV for an oversight board (the export is audited)."""
    _form, rows = _filtered(request)
    audit_record(
        actor=request.user, verb="people.export", detail={"rows": len(rows), "query": request.GET.dict()}
    )
    response = HttpResponse(selectors.export_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="custodiet-people.csv"'
    return response


@see_people
@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    row = selectors.rows(list(selectors.accounts().filter(pk=account.pk)))[0]
    context = {
        "account": row.account,
        "row": row,
        "parts": account_parts(),
        "requests": selectors.requests_about(account),
        "can_manage": can(request.user, Capability.MANAGE_PEOPLE) and account.pk != request.user.pk,
        "can_approve": can(request.user, Capability.APPROVE_ACCOUNT_CHANGES),
        "oneself": account.pk == request.user.pk,
        "reason_form": ReasonForm(),
    }
    return render(request, "people/person_detail.html", context)


def _account_form(
    request: HttpRequest,
    form: AccountCreateForm | AccountChangeForm,
    save: Callable[..., services.Outcome],
    *,
    title: str,
    account: User | None = None,
) -> HttpResponse:
    """The form of a new or changed account: on a valid POST ``save`` gets the answers every account has
    (role, names, e-mail, the apps' parts, the reason) and the manager; its outcome is shown, a refusal
    comes back on the form with nothing saved."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = save(
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                parts=form.parts(),
                reason=data["reason"],
                by=request.user,
            )
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            return _outcome(request, outcome)
    context = {"form": form, "title": title, **({"account": account} if account else {})}
    return render(request, "people/person_form.html", context)


@manage_people
def person_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(posted(request))
    return _account_form(
        request,
        form,
        lambda **answers: services.account_create(username=form.cleaned_data["username"], **answers),
        title=_("New account"),
    )


@manage_people
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    return _account_form(
        request,
        AccountChangeForm(posted(request), account=account),
        lambda **answers: services.account_update(account=account, **answers),
        title=_("Change %(name)s") % {"name": account.username},
        account=account,
    )


def _act(request: HttpRequest, pk: int, act: Any) -> HttpResponse:
    account = _account(pk)
    reason = ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    try:
        outcome = act(account, text)
    except DomainError as problem:
        messages.error(request, str(problem))
        return redirect("people:person_detail", account.pk)
    return _outcome(request, outcome)


@manage_people
@require_POST
def person_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "yes"
    return _act(
        request,
        pk,
        lambda account, _: services.account_set_active(account=account, active=active, by=request.user),
    )


def _reset_view(reset: Callable[..., Any]) -> Callable[[HttpRequest, int], HttpResponse]:
    """A manager's reset of one account (its password, its second factor): ``reset`` called with the
    account, the reason given and the manager; a refusal comes back as a message on the person's page."""

    @manage_people
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _act(
            request, pk, lambda account, reason: reset(account=account, reason=reason, by=request.user)
        )

    return view


person_password = _reset_view(services.account_password_reset)
person_second_factor = _reset_view(services.second_factor_reset_request)


# -- requests ----------------------------------------------------------------------------------------------


@see_people
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    context = {
        "requests": selectors.pending_requests(),
        "can_approve": can(request.user, Capability.APPROVE_ACCOUNT_CHANGES),
        "can_manage": can(request.user, Capability.MANAGE_PEOPLE),
    }
    return render(request, "people/request_list.html", context)


def _decide(request: HttpRequest, pk: int, decide: Any) -> HttpResponse:
    pending = selectors.request_by_id(pk)
    if pending is None:
        raise Http404("No such request")
    try:
        outcome = decide(pending)
    except DomainError as problem:
        messages.error(request, str(problem))
        return redirect(reverse("people:request_list"))
    return _outcome(request, outcome)


@approve_changes
@require_POST
def request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, lambda pending: services.request_approve(request=pending, by=request.user))


@approve_changes
@require_POST
def request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, lambda pending: services.request_refuse(request=pending, by=request.user))


@manage_people
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, lambda pending: services.request_withdraw(request=pending, by=request.user))
