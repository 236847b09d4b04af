"""Pages of reports: the list, a report's record, the forms of each step of its life, the State's
response, public statements, overdue answers with reminders, the renderings (HTML, PDF, DOCX), and each
State's record of cooperation.

Who may do what is declared in custodiet.core.access: reading needs VIEW_REPORTS or ANSWER_REPORTS,
drafting and follow-up MANAGE_REPORTS, adoption and public statements ADOPT_REPORTS, answering
ANSWER_REPORTS (or MANAGE_REPORTS for a response received on paper). The report itself is looked up
through ``Report.objects.visible_to`` and its siblings, so a liaison gets 404 for another State's report
or one not yet transmitted. Published reports, public statements and the public part of a State's record
are open to everyone. The views only parse and call the services; every form goes through the core's
``form_page`` (a refusal is shown on the same form, nothing saved). A State is named in the URL or a
filter as everywhere: "RU", "RUS" or its name.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custodiet.core import clock
from custodiet.core.access import READ_REPORTS, RECORD_RESPONSES, Capability, can, public, require
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError, NotFound
from custodiet.core.pages import acted, form_page, posted, saving
from custodiet.ops.paging import PARAMETERS as PAGING_PARAMETERS
from custodiet.ops.paging import KeysetPage, query_without_cursor
from custodiet.reports import chart, forms, frozen, rendering, rules, selectors, services
from custodiet.reports.models import Item, Report
from custodiet.reports.rules import ReportStatus
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import ImmediateObservation, Visit

PAGE_SIZE = 50

read_reports = require(*READ_REPORTS)
answer_reports = require(*RECORD_RESPONSES)
view_reports = require(Capability.VIEW_REPORTS)
manage_reports = require(Capability.MANAGE_REPORTS)
adopt_reports = require(Capability.ADOPT_REPORTS)
publish_reports = require(Capability.PUBLISH_REPORTS)

Save = Callable[[dict[str, Any]], str]


def _get(queryset: QuerySet[Report], pk: int) -> Report:
    return get_object_or_404(queryset.select_related("state", "body__instrument"), pk=pk)


def _readable(request: HttpRequest, pk: int) -> Report:
    """A report the user may read, with its whole record (404 for one outside the user's scope)."""
    try:
        return selectors.report_detail(request.user, pk)
    except Report.DoesNotExist:
        raise Http404("No such report") from None


def _item(request: HttpRequest, pk: int, item_pk: int) -> tuple[Report, Item]:
    """An item of a report the user manages (404 otherwise)."""
    report = _get(Report.objects.manageable_by(request.user), pk)
    return report, get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)


def _state(code: str) -> State:
    """The State the URL names ("RU", "RUS", "Russian Federation"), or a 404."""
    try:
        return resolve_state(code)
    except NotFound as unknown:
        raise Http404(str(unknown)) from None


def _report_form(
    request: HttpRequest,
    report: Report,
    form: django_forms.Form,
    *,
    title: str,
    save: Save,
    intro: str = "",
    submit: str = "",
) -> HttpResponse:
    """A form about a report (``core.pages.form_page``); success goes back to the report."""
    submit = submit or _("Save")
    return form_page(
        request,
        form,
        template="reports/report_form.html",
        save=save,
        done=reverse("reports:report_detail", args=[report.pk]),
        context={"report": report, "title": title, "intro": intro, "submit": submit},
    )


def _step_page(
    request: HttpRequest,
    report: Report,
    form: django_forms.Form,
    *,
    service: Callable[..., object],
    done: str | Callable[[Report], str],
    title: str,
    intro: str = "",
    submit: str = "",
) -> HttpResponse:
    """A step of the report's life whose form gives the service's arguments as they are."""
    save = saving(service, done, report=report, by=request.user)
    return _report_form(request, report, form, title=title, save=save, intro=intro, submit=submit)


def _remind(request: HttpRequest, **about: Any) -> None:
    """Send a reminder about a report or immediate observations; say how it went."""
    form = forms.ReminderForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""

    def send() -> str:
        reminder = services.reminder_send(note=note, by=request.user, **about)
        return ngettext(
            "Reminder recorded; %(count)s liaison account e-mailed.",
            "Reminder recorded; %(count)s liaison accounts e-mailed.",
            reminder.recipients,
        ) % {"count": reminder.recipients}

    acted(request, send)


def _state_filter(request: HttpRequest) -> str:
    """The ``?state=`` filter as typed (a code or a name; the selectors resolve it)."""
    return request.GET.get("state", "").strip()[:200]


# -- the list and one report -------------------------------------------------------------------------


@read_reports
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    chosen = {"state": _state_filter(request), "status": request.GET.get("status", "").strip()}
    page, count = selectors.report_page(
        request.user,
        request.GET,
        state=chosen["state"] or None,
        status=chosen["status"] if chosen["status"] in ReportStatus.values else None,
        per_page=PAGE_SIZE,
    )
    context = {
        "keyset": page,
        "count": count,  # one COUNT of the filtered reports: a few hundred a body, not a long scan
        "query_string": query_without_cursor(request.GET),
        "chosen": chosen,
        "statuses": ReportStatus.choices,
        "today": clock.today(),
        "can_manage": can(request.user, Capability.MANAGE_REPORTS),
        "is_office": can(request.user, Capability.VIEW_REPORTS),
        "policy": rendering.policy_for(request.user),  # the same policy as every rendering
    }
    return render(request, "reports/report_list.html", context)


@read_reports
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _readable(request, pk)
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
        "policy": rendering.policy_for(request.user),  # the same policy as every rendering
        "can_manage": can(request.user, Capability.MANAGE_REPORTS),
        "can_adopt": can(request.user, Capability.ADOPT_REPORTS),
        "can_publish": can(request.user, Capability.PUBLISH_REPORTS),
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
    form = forms.CreateForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        # Not form_page: where to go next is the report this creates.
        data = dict(form.cleaned_data)
        if data["visit"]:
            data["visit"] = get_object_or_404(Visit.objects.visible_to(request.user), pk=data["visit"].pk)
        try:
            report = services.report_draft(by=request.user, **data)
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            count = report.items.count()
            messages.success(
                request,
                ngettext("Draft created with %(count)s item.", "Draft created with %(count)s items.", count)
                % {"count": count},
            )
            return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form})


def _item_form_save(report: Report, request: HttpRequest, item: Item | None) -> Save:
    def save(data: dict[str, Any]) -> str:
        fields = {**data, "findings": list(data["findings"]), "places": list(data["places"])}
        if item is None:
            added = services.item_add(report=report, by=request.user, **fields)
            return _("Item %(number)s added.") % {"number": added.number}
        services.item_update(item=item, by=request.user, **fields)
        return _("Item %(number)s saved.") % {"number": item.number}

    return save


@manage_reports
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    form = forms.ItemForm(posted(request), report=report)
    return _report_form(
        request,
        report,
        form,
        title=_("Add an item"),
        save=_item_form_save(report, request, None),
        submit=_("Add"),
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report, item = _item(request, pk, item_pk)
    form = forms.ItemForm(posted(request), report=report, initial=forms.item_initial(item))
    return _report_form(
        request,
        report,
        form,
        title=_("Edit item %(number)s") % {"number": item.number},
        save=_item_form_save(report, request, item),
    )


@manage_reports
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report, item = _item(request, pk, item_pk)

    def remove() -> str:
        services.item_remove(item=item, by=request.user)
        return _("Item %(number)s removed; the items after it moved up.") % {"number": item.number}

    acted(request, remove)
    return redirect("reports:report_detail", pk=report.pk)


# -- the committee's decision, transmission, deadline -----------------------------------------------------


@adopt_reports
@require_http_methods(["GET", "POST"])
def report_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_page(
        request,
        _get(Report.objects.adoptable_by(request.user), pk),
        forms.AdoptForm(posted(request)),
        service=services.report_adopt,
        done=_("The report is adopted."),
        title=_("Record the committee's adoption"),
        intro=_(
            "The committee adopts the report by a majority of the votes cast; its items are then frozen."
        ),
        submit=_("Adopt"),
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def report_transmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_page(
        request,
        _get(Report.objects.manageable_by(request.user), pk),
        forms.TransmitForm(posted(request)),
        service=services.report_transmit,
        done=lambda report: (
            _("The report is transmitted; the response is due on %(day)s.")
            % {"day": shown_date(report.response_due)}
        ),
        title=_("Transmit the report to the State"),
        intro=_(
            "The report stays confidential (Art. 11(1) ECPT). The response is due six months later "
            "unless you set another date."
        ),
        submit=_("Transmit"),
    )


@manage_reports
@require_http_methods(["GET", "POST"])
def report_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    return _step_page(
        request,
        report,
        forms.DeadlineForm(posted(request), initial={"response_due": report.response_due}),
        service=services.report_set_response_due,
        done=_("The response's deadline is changed."),
        title=_("Change the response's deadline"),
    )


# -- the State's response and publication ----------------------------------------------------------------


@answer_reports
@require_http_methods(["GET", "POST"])
def response_record(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.answerable_by(request.user), pk)
    form = forms.ResponseForm(posted(request), items=list(report.items.order_by("number")))

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
        return _("The response is recorded.")

    return _report_form(
        request,
        report,
        form,
        title=_("Record the State's response"),
        intro=_("Answer the items you can now; another response can follow."),
        save=save,
        submit=_("Submit the response"),
    )


@answer_reports
@require_http_methods(["GET", "POST"])
def publication_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_page(
        request,
        _get(Report.objects.answerable_by(request.user), pk),
        forms.PublicationRequestForm(posted(request)),
        service=services.publication_request_record,
        done=_("The State's request to publish the report is recorded."),
        title=_("Request publication"),
        intro=_(
            "Under Art. 11(2) ECPT the report is published, with the State's response, whenever the State "
            "requests it."
        ),
        submit=_("Record the request"),
    )


@publish_reports
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_page(
        request,
        _get(Report.objects.manageable_by(request.user), pk),
        forms.PublishForm(posted(request)),
        service=services.report_publish,
        done=_("The report is published."),
        title=_("Publish the report"),
        intro=_(
            "Only at the State's request (Art. 11(2) ECPT), and only if no text names a person on record "
            "(Art. 11(3))."
        ),
        submit=_("Publish"),
    )


# -- follow-up -------------------------------------------------------------------------------------------


@manage_reports
@require_http_methods(["GET", "POST"])
def item_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    report, item = _item(request, pk, item_pk)

    return _report_form(
        request,
        report,
        forms.ItemStatusForm(posted(request), initial={"status": item.status}),
        title=_("Implementation of item %(number)s") % {"number": item.number},
        intro=item.text,
        save=saving(
            services.item_set_status,
            _("Item %(number)s: status recorded.") % {"number": item.number},
            item=item,
            by=request.user,
        ),
    )


@manage_reports
@require_POST
def report_remind(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(Report.objects.manageable_by(request.user), pk)
    _remind(request, report=report)
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
    _remind(request, observation=observation)
    return redirect("reports:overdue")


@read_reports
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    state = _state_filter(request)
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
    state = _state_filter(request)
    context = {
        "keyset": selectors.statement_page(request.GET, state=state or None, per_page=PAGE_SIZE),
        "query_string": query_without_cursor(request.GET),
        "state": state,
        "can_decide": can(request.user, Capability.ADOPT_REPORTS),
    }
    return render(request, "reports/statement_list.html", context)


@adopt_reports
@require_http_methods(["GET", "POST"])
def statement_make(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        forms.StatementForm(posted(request)),
        template="reports/statement_form.html",
        save=saving(services.public_statement_make, _("The public statement is recorded."), by=request.user),
        done="reports:statement_list",
    )


# -- renderings ------------------------------------------------------------------------------------------


def _rendered(report: Report, fmt: str, *, policy: rendering.Policy) -> HttpResponse:
    document = rendering.assemble(report, policy=policy)
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
    report = _readable(request, pk)
    policy = rendering.policy_for(request.user)  # what this reader may see, in every format
    if fmt != "html":
        return _rendered(report, fmt, policy=policy)
    document = rendering.assemble(report, policy=policy)
    return render(request, "reports/rendered.html", {"document": document, "report": report, "public": False})


@public
@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    state = _state_filter(request)
    context = {
        "keyset": selectors.published_page(request.GET, state=state or None, per_page=PAGE_SIZE),
        "query_string": query_without_cursor(request.GET),
        "state": state,
    }
    return render(request, "reports/published_list.html", context)


@public
@require_safe
def published_detail(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    if fmt == "pdf":  # the kept file, rendered once when published and checked before it is served
        found = Report.objects.published().select_related("body", "state").filter(pk=pk).first()
        kept = frozen.kept_pdf(found) if found is not None else None
        if found is not None and kept is not None:
            response = HttpResponse(kept, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{rendering.file_name(found)}.pdf"'
            return response
    try:
        report = selectors.published_detail(pk)
    except Report.DoesNotExist:
        raise Http404("No such published report") from None
    policy = rendering.POLICIES[rendering.Audience.PUBLIC]  # the public version, whoever asks
    if fmt == "pdf":
        frozen.freeze_later(report, by=None)  # none kept, or the file is gone: keep one for next time
    if fmt != "html":
        return _rendered(report, fmt, policy=policy)
    document = rendering.assemble(report, policy=policy)
    return render(request, "reports/rendered.html", {"document": document, "report": report, "public": True})


# -- a State's record ------------------------------------------------------------------------------------


def _list_links(page: KeysetPage, prefix: str, params: QueryDict) -> dict[str, str | None]:
    """The links between the pages of one of a page's lists, by its own cursor (``reports_after=``),
    keeping every other parameter, the other list's position included."""
    own = {prefix + name for name in PAGING_PARAMETERS}
    kept = [(key, value) for key, values in params.lists() if key not in own for value in values]

    def link(*cursor: tuple[str, str]) -> str:
        return "?" + urlencode([*kept, *((prefix + name, value) for name, value in cursor)])

    return {
        "first": None if page.at_start else link(),
        "previous": None
        if page.at_start or page.previous_cursor is None
        else link(("before", page.previous_cursor)),
        "next": None if page.at_end or page.next_cursor is None else link(("after", page.next_cursor)),
        "last": None if page.at_end else link(("last", "1")),
    }


@public
@require_safe
def state_record(request: HttpRequest, code: str) -> HttpResponse:
    state = _state(code)
    record = selectors.state_record(state, request.user, today=clock.today(), params=request.GET)
    svg = chart.visits_chart(record.indicators, state.shown_name) if record.indicators else None
    context = {
        "record": record,
        "state": state,
        "chart": svg,
        "published_pages": _list_links(record.published, "reports_", request.GET),
        "statement_pages": _list_links(record.statements, "statements_", request.GET),
    }
    return render(request, "reports/state_record.html", context)


@view_reports
@require_safe
def state_indicators_csv(request: HttpRequest, code: str) -> HttpResponse:
    state = _state(code)
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
