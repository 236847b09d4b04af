"""Pages of reports: the list, a report's record, the forms of each step of its life, the State's
response, public statements, overdue answers with reminders, the renderings (HTML, PDF, DOCX), and each
State's record of cooperation.

Who may do what is decided in custodiet.core.access and custodiet.reports.access: reading needs
VIEW_REPORTS or ANSWER_REPORTS, drafting and follow-up MANAGE_REPORTS, adoption and public statements
ADOPT_REPORTS, answering ANSWER_REPORTS (or MANAGE_REPORTS for a response received on paper). The report
itself is looked up through ``Report.objects.visible_to`` and its siblings, so a liaison gets 404 for
another State's report or one not yet transmitted. Published reports, public statements and the public
part of a State's record are open to everyone. The views only parse and call the services.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custodiet.core import clock
from custodiet.core.access import READ_REPORTS, RECORD_RESPONSES, Capability, can, public, require
from custodiet.core.errors import DomainError
from custodiet.core.pages import posted as _posted
from custodiet.reports import chart, forms, rendering, rules, selectors, services
from custodiet.reports.models import Item, Report
from custodiet.reports.rules import ReportStatus
from custodiet.treaties.models import State
from custodiet.visits.models import ImmediateObservation, Visit

PAGE_SIZE = 50

read_reports = require(*READ_REPORTS)
answer_reports = require(*RECORD_RESPONSES)
view_reports = require(Capability.VIEW_REPORTS)
manage_reports = require(Capability.MANAGE_REPORTS)
adopt_reports = require(Capability.ADOPT_REPORTS)


def _get(queryset: QuerySet[Report], pk: int) -> Report:
    return get_object_or_404(queryset.select_related("state", "body__instrument"), pk=pk)


def _form_page(
    request: HttpRequest,
    report: Report,
    form: django_forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], str],
    intro: str = "",
    submit: str = "Save",
) -> HttpResponse:
    """Show a form about a report; on a valid POST call ``save`` (a service) and go back to the report."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, message)
            return redirect("reports:report_detail", pk=report.pk)
    context = {"report": report, "form": form, "title": title, "intro": intro, "submit": submit}
    return render(request, "reports/report_form.html", context)


# -- the list and one report -------------------------------------------------------------------------


@read_reports
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    chosen = {
        "state": request.GET.get("state", "").strip().upper(),
        "status": request.GET.get("status", "").strip(),
    }
    reports = selectors.report_list(
        request.user,
        state=chosen["state"] or None,
        status=chosen["status"] if chosen["status"] in ReportStatus.values else None,
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "statuses": ReportStatus.choices,
        "today": clock.today(),
        "can_manage": can(request.user, Capability.MANAGE_REPORTS),
        "is_office": can(request.user, Capability.VIEW_REPORTS),
    }
    return render(request, "reports/report_list.html", context)


@read_reports
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.report_detail(request.user, pk)
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    today = clock.today()
    answerable = Report.objects.answerable_by(request.user).filter(pk=report.pk).exists()
    context = {
        "report": report,
        # Items the State has answered (from the prefetched responses): "not answered" would mislead.
        "answered_items": {
            answer.item_id for response in report.responses.all() for answer in response.answers.all()
        },
        "today": today,
        "response_state": rules.response_state(report.response_due, report.response_received_on, today),
        "is_office": can(request.user, Capability.VIEW_REPORTS),
        "can_manage": can(request.user, Capability.MANAGE_REPORTS),
        "can_adopt": can(request.user, Capability.ADOPT_REPORTS),
        "can_answer": answerable,
        "editable": report.status == ReportStatus.DRAFT and report.origin == rules.Origin.RECORDED,
        "next_steps": rules.TRANSITIONS.get(report.status, ()),
    }
    return render(request, "reports/report_detail.html", context)


# -- drafting -------------------------------------------------------------------------------------------


@manage_reports
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("visit", "").isdigit():
        initial["visit"] = int(request.GET["visit"])
    form = forms.CreateForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["visit"]:
                visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=data["visit"].pk)
                report = services.report_create_from_visit(visit=visit, title=data["title"], by=request.user)
            else:
                report = services.report_create(
                    body=data["body"],
                    state=data["state"],
                    title=data["title"],
                    introduction=data["introduction"],
                    by=request.user,
                )
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, f"Draft created with {report.items.count()} item(s).")
            return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form})


def _item_form_save(
    report: Report, request: HttpRequest, item: Item | None
) -> Callable[[dict[str, Any]], str]:
    def save(data: dict[str, Any]) -> str:
        fields = {
            "kind": data["kind"],
            "text": data["text"],
            "theme": data["theme"],
            "priority": data["priority"],
            "authority": data["authority"],
            "deadline": data["deadline"],
            "findings": list(data["findings"]),
            "places": list(data["places"]),
            "repeats": data["repeats"],
        }
        if item is None:
            added = services.item_add(report=report, by=request.user, **fields)
            return f"Item {added.number} added."
        services.item_update(item=item, by=request.user, **fields)
        return f"Item {item.number} saved."

    return save


@manage_reports
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    form = forms.ItemForm(_posted(request), report=report)
    return _form_page(
        request, report, form, title="Add an item", save=_item_form_save(report, request, None), submit="Add"
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    item = get_object_or_404(Item.objects.filter(report=report), pk=item_pk)
    initial = {
        "kind": item.kind,
        "text": item.text,
        "theme": item.theme,
        "priority": item.priority,
        "authority": item.authority,
        "deadline": item.deadline,
        "findings": list(item.findings.values_list("pk", flat=True)),
        "places": list(item.places.values_list("pk", flat=True)),
        "repeats": item.repeats_id,
    }
    form = forms.ItemForm(_posted(request), report=report, initial=initial)
    return _form_page(
        request, report, form, title=f"Edit item {item.number}", save=_item_form_save(report, request, item)
    )


@manage_reports
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    item = get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)
    try:
        services.item_remove(item=item, by=request.user)
    except DomainError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Item {item.number} removed; the items after it moved up.")
    return redirect("reports:report_detail", pk=report.pk)


# -- the committee's decision, transmission, deadline -----------------------------------------------------


@adopt_reports
@require_http_methods(["GET", "POST"])
def report_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.adoptable_by(request.user), pk)

    def save(data: dict[str, Any]) -> str:
        services.report_adopt(
            report=report,
            adopted_on=data["adopted_on"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"],
            voters=forms.lines(data["voters"]),
            by=request.user,
        )
        return "The report is adopted."

    return _form_page(
        request,
        report,
        forms.AdoptForm(_posted(request)),
        title="Record the committee's adoption",
        intro="The committee adopts the report by a majority of the votes cast; its items are then frozen.",
        save=save,
        submit="Adopt",
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def report_transmit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)

    def save(data: dict[str, Any]) -> str:
        services.report_transmit(
            report=report,
            transmitted_on=data["transmitted_on"],
            response_due=data["response_due"],
            by=request.user,
        )
        return f"The report is transmitted; the response is due on {report.response_due:%d %b %Y}."

    return _form_page(
        request,
        report,
        forms.TransmitForm(_posted(request)),
        title="Transmit the report to the State",
        intro="The report stays confidential (Art. 11(1) ECPT). The response is due six months later "
        "unless you set another date.",
        save=save,
        submit="Transmit",
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def report_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)

    def save(data: dict[str, Any]) -> str:
        services.report_set_response_due(
            report=report, response_due=data["response_due"], reason=data["reason"], by=request.user
        )
        return "The response's deadline is changed."

    return _form_page(
        request,
        report,
        forms.DeadlineForm(_posted(request), initial={"response_due": report.response_due}),
        title="Change the response's deadline",
        save=save,
    )


# -- the State's response and publication ----------------------------------------------------------------


@answer_reports
@require_http_methods(["GET", "POST"])
def response_record(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.answerable_by(request.user), pk)
    form = forms.ResponseForm(_posted(request), items=list(report.items.order_by("number")))

    def save(data: dict[str, Any]) -> str:
        answers = {
            number: services.Answer(text, documents) for number, (text, documents) in form.answers().items()
        }
        services.response_record(
            report=report,
            received_on=data["received_on"],
            reference=data["reference"],
            summary=data["summary"],
            answers=answers,
            by=request.user,
        )
        return "The response is recorded."

    return _form_page(
        request,
        report,
        form,
        title="Record the State's response",
        intro="Answer the items you can now; another response can follow.",
        save=save,
        submit="Submit the response",
    )


@answer_reports
@require_http_methods(["GET", "POST"])
def publication_request(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.answerable_by(request.user), pk)

    def save(data: dict[str, Any]) -> str:
        services.publication_request_record(
            report=report, requested_on=data["requested_on"], reference=data["reference"], by=request.user
        )
        return "The State's request to publish the report is recorded."

    return _form_page(
        request,
        report,
        forms.PublicationRequestForm(_posted(request)),
        title="Request publication",
        intro="Under Art. 11(2) ECPT the report is published, with the State's response, whenever the State "
        "requests it.",
        save=save,
        submit="Record the request",
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)

    def save(data: dict[str, Any]) -> str:
        services.report_publish(
            report=report,
            published_on=data["published_on"],
            publication_reference=data["publication_reference"],
            publication_url=data["publication_url"],
            by=request.user,
        )
        return "The report is published."

    return _form_page(
        request,
        report,
        forms.PublishForm(_posted(request)),
        title="Publish the report",
        intro="Only at the State's request (Art. 11(2) ECPT), and only if no text names a person on record "
        "(Art. 11(3)).",
        save=save,
        submit="Publish",
    )


# -- follow-up -------------------------------------------------------------------------------------------


@manage_reports
@require_http_methods(["GET", "POST"])
def item_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    item = get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)

    def save(data: dict[str, Any]) -> str:
        services.item_set_status(
            item=item, status=data["status"], set_on=data["set_on"], reason=data["reason"], by=request.user
        )
        return f"Item {item.number}: status recorded."

    return _form_page(
        request,
        report,
        forms.ItemStatusForm(_posted(request), initial={"status": item.status}),
        title=f"Implementation of item {item.number}",
        intro=item.text,
        save=save,
    )


@manage_reports
@require_POST
def report_remind(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    form = forms.ReminderForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        reminder = services.reminder_send(report=report, note=note, by=request.user)
    except DomainError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Reminder recorded; {reminder.recipients} liaison account(s) e-mailed.")
    if request.POST.get("next") == "overdue":
        return redirect("reports:overdue")
    return redirect("reports:report_detail", pk=report.pk)


@manage_reports
@require_POST
def observation_remind(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(
        ImmediateObservation.objects.filter(
            visit__in=Visit.objects.visible_to(request.user).values("pk")
        ).select_related("visit__state"),
        pk=pk,
    )
    form = forms.ReminderForm(request.POST)
    try:
        reminder = services.reminder_send(
            observation=observation,
            note=form.cleaned_data["note"] if form.is_valid() else "",
            by=request.user,
        )
    except DomainError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Reminder recorded; {reminder.recipients} liaison account(s) e-mailed.")
    return redirect("reports:overdue")


@read_reports
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    state = request.GET.get("state", "").strip().upper()
    lines = selectors.overdue(request.user, today=today, state=state or None)
    context = {
        "lines": lines,
        "today": today,
        "state": state,
        "can_manage": can(request.user, Capability.MANAGE_REPORTS),
    }
    return render(request, "reports/overdue.html", context)


# -- public statements -----------------------------------------------------------------------------------


@public
@require_safe
def statement_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "").strip().upper()
    context = {
        "statements": selectors.public_statements(state=state or None),
        "state": state,
        "can_decide": can(request.user, Capability.ADOPT_REPORTS),
    }
    return render(request, "reports/statement_list.html", context)


@adopt_reports
@require_http_methods(["GET", "POST"])
def statement_make(request: HttpRequest) -> HttpResponse:
    form = forms.StatementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.public_statement_make(by=request.user, **data)
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "The public statement is recorded.")
            return redirect("reports:statement_list")
    return render(request, "reports/statement_form.html", {"form": form})


# -- renderings ------------------------------------------------------------------------------------------


def _rendered(report: Report, fmt: str, *, public: bool) -> HttpResponse:
    document = rendering.assemble(report, public=public)
    name = rendering.file_name(report)
    if fmt == "pdf":
        response = HttpResponse(rendering.to_pdf(document), content_type="application/pdf")
    else:
        response = HttpResponse(
            rendering.to_docx(document),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@read_reports
@require_safe
def report_render(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    try:
        report = selectors.report_detail(request.user, pk)
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    if fmt != "html":
        return _rendered(report, fmt, public=False)
    document = rendering.assemble(report, public=False)
    return render(request, "reports/rendered.html", {"document": document, "report": report, "public": False})


@public
@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "").strip().upper()
    return render(
        request,
        "reports/published_list.html",
        {"reports": selectors.published_list(state=state or None), "state": state},
    )


@public
@require_safe
def published_detail(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    try:
        report = selectors.published_detail(pk)
    except Report.DoesNotExist:
        raise Http404("No such published report") from None
    if fmt != "html":
        return _rendered(report, fmt, public=True)
    document = rendering.assemble(report, public=True)
    return render(request, "reports/rendered.html", {"document": document, "report": report, "public": True})


# -- a State's record ------------------------------------------------------------------------------------


@public
@require_safe
def state_record(request: HttpRequest, code: str) -> HttpResponse:
    state = get_object_or_404(State, code=code.upper())
    record = selectors.state_record(state, request.user, today=clock.today())
    svg = chart.visits_chart(record.indicators) if record.indicators else None
    return render(request, "reports/state_record.html", {"record": record, "state": state, "chart": svg})


@view_reports
@require_safe
def state_indicators_csv(request: HttpRequest, code: str) -> HttpResponse:
    state = get_object_or_404(State, code=code.upper())
    result = selectors.indicators(state, today=clock.today())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cooperation-{state.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(["state", "indicator", "value"])
    for label, value in result.rows():
        writer.writerow([state.code, label, value])
    for year, kinds in result.visits_by_year.items():
        for kind, count in sorted(kinds.items()):
            writer.writerow([state.code, f"Visits in {year}: {kind}", count])
    return response
