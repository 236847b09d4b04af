"""Pages of the visits: the programme, a visit's whole record, and the forms that change it.

Who may do what is decided once, in custodiet.core.access: reading needs VIEW_VISITS,
planning and managing PLAN_VISITS, recording on a visit RECORD_ON_VISITS. The visit
itself is looked up through the selectors, so a delegation member gets 404 for a
visit they were not on. Every form is a plain POST with its CSRF token; errors and
warnings come back as messages. The views only parse and call the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, can, require
from custodiet.core.errors import DomainError
from custodiet.core.pages import posted as _posted
from custodiet.standards import selectors as standards_selectors
from custodiet.testimony import selectors as testimony_selectors
from custodiet.visits import forms, rules, selectors, services
from custodiet.visits.models import (
    AccessKind,
    DelegationMember,
    ImmediateObservation,
    ItineraryStop,
    Visit,
    VisitKind,
    VisitStatus,
)

PAGE_SIZE = 50
PROBLEM_LABELS = {
    "delayed": "delayed",
    "refused": "refused",
    "documents_withheld": "documents withheld",
    "interview_prevented": "interview prevented",
}

view_visits = require(Capability.VIEW_VISITS)
plan_visits = require(Capability.PLAN_VISITS)
record_on_visits = require(Capability.RECORD_ON_VISITS)


def _year(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2200 else None


@view_visits
@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    chosen = {
        "state": request.GET.get("state", "").strip().upper(),
        "body": request.GET.get("body", "").strip(),
        "status": request.GET.get("status", "").strip(),
        "kind": request.GET.get("kind", "").strip(),
        "year": request.GET.get("year", "").strip(),
    }
    visits = selectors.visit_list(
        request.user,
        state=chosen["state"] or None,
        body=chosen["body"] or None,
        status=chosen["status"] if chosen["status"] in VisitStatus.values else None,
        kind=chosen["kind"] if chosen["kind"] in VisitKind.values else None,
        year=_year(chosen["year"]),
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    problems = selectors.access_problems([visit.pk for visit in rows])
    context = {
        "page": page,
        "rows": [
            {
                "visit": visit,
                "problems": [
                    (kind, PROBLEM_LABELS[kind], count)
                    for kind, count in sorted(problems.get(visit.pk, {}).items())
                ],
            }
            for visit in rows
        ],
        "chosen": chosen,
        "states": selectors.states().values_list("code", "name_en"),
        "bodies": selectors.bodies().values_list("code", flat=True),
        "statuses": VisitStatus.choices,
        "kinds": VisitKind.choices,
        "can_plan": can(request.user, Capability.PLAN_VISITS),
    }
    return render(request, "visits/visit_list.html", context)


@view_visits
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        visit = selectors.visit_detail(request.user, pk)
    except Visit.DoesNotExist:
        raise Http404("No such visit") from None
    today = clock.today()
    record = selectors.visit_record(visit, today=today)
    context = {
        "visit": visit,
        "record": record,
        "today": today,
        "can_plan": can(request.user, Capability.PLAN_VISITS),
        "can_record": can(request.user, Capability.RECORD_ON_VISITS),
        "status_form": forms.StatusForm(visit=visit) if record.next_statuses else None,
        "access_labels": dict(AccessKind.choices),
        "standards_record": standards_selectors.visit_record(visit, request.user),
        "may_read_interviews": testimony_selectors.may_read_interviews(request.user, visit),
        "may_record_interviews": testimony_selectors.may_record_on(request.user, visit),
    }
    return render(request, "visits/visit_detail.html", context)


# -- planning ------------------------------------------------------------------------------------


def _warn(request: HttpRequest, warnings: tuple[rules.GateNote, ...]) -> None:
    for note in warnings:
        messages.warning(request, note.text)


@plan_visits
@require_http_methods(["GET", "POST"])
def visit_plan(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(_posted(request))
    decision = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        today = clock.today()
        if "check" in request.POST:
            decision = selectors.planning_decision(
                body=data["body"],
                state=data["state"],
                start=data["planned_start"],
                end=data["planned_end"],
                today=today,
                consent_reference=data["consent_reference"],
            )
        else:
            try:
                result = services.visit_plan(
                    body=data["body"],
                    state=data["state"],
                    kind=data["kind"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    title=data["title"],
                    notes=data["notes"],
                    consent_reference=data["consent_reference"],
                    by=request.user,
                    today=today,
                )
            except rules.PlanningRefused as refused:
                decision = refused.decision
                messages.error(
                    request, "The visit cannot be planned: the treaty gate refused it (see why below)."
                )
            except DomainError as problem:
                messages.error(request, str(problem))
            else:
                _warn(request, result.warnings)
                messages.success(request, f"Visit planned: {result.visit}.")
                return redirect("visits:visit_detail", pk=result.visit.pk)
    return render(
        request,
        "visits/visit_plan.html",
        {"form": form, "decision": decision, "title": "Plan a visit", "visit": None},
    )


@plan_visits
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    initial = {
        name: getattr(visit, name)
        for name in ("title", "kind", "planned_start", "planned_end", "consent_reference", "notes")
    }
    form = forms.EditForm(_posted(request), initial=initial)
    decision = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.visit_update(visit=visit, by=request.user, **form.cleaned_data)
        except rules.PlanningRefused as refused:
            decision = refused.decision
            messages.error(
                request, "The visit cannot be changed: the treaty gate refused it (see why below)."
            )
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            _warn(request, result.warnings)
            messages.success(request, "The visit is saved.")
            return redirect("visits:visit_detail", pk=visit.pk)
        visit.refresh_from_db()
    return render(
        request,
        "visits/visit_plan.html",
        {"form": form, "decision": decision, "title": f"Edit {visit}", "visit": visit},
    )


# -- the record's forms ------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    visit: Visit,
    form: django_forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], str],
    intro: str = "",
    submit: str = "Save",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form about a visit; on a valid POST call ``save`` (a service) and go back to the visit."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except DomainError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, message)
            return redirect("visits:visit_detail", pk=visit.pk)
    context = {
        "visit": visit,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit,
        **(extra or {}),
    }
    return render(request, "visits/visit_form.html", context)


@plan_visits
@require_http_methods(["GET", "POST"])
def visit_status(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    form = forms.StatusForm(_posted(request), visit=visit)

    def save(data: dict[str, Any]) -> str:
        services.visit_set_status(
            visit=visit, status=data["status"], on=data["on"], reason=data["reason"], by=request.user
        )
        return f"The visit is now {visit.get_status_display().lower()}."

    return _form_page(
        request,
        visit,
        form,
        title="Change the visit's status",
        intro="Planned → notified → under way → completed; a visit may be cancelled until it is completed.",
        save=save,
    )


@plan_visits
@require_http_methods(["GET", "POST"])
def delegation_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    form = forms.DelegationForm(_posted(request))

    def save(data: dict[str, Any]) -> str:
        member = services.delegation_add(
            visit=visit,
            name=data["name"],
            role=data["role"],
            expertise=data["expertise"],
            user=data["user"],
            by=request.user,
        )
        return f"{member} joins the delegation."

    return _form_page(request, visit, form, title="Add to the delegation", save=save, submit="Add")


@plan_visits
@require_http_methods(["GET", "POST"])
def delegation_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    member = get_object_or_404(DelegationMember, pk=member_pk, visit=visit)
    form = django_forms.Form(_posted(request))

    def save(data: dict[str, Any]) -> str:
        services.delegation_remove(member=member, by=request.user)
        return f"{member.name} is no longer on the delegation."

    return _form_page(
        request,
        visit,
        form,
        title=f"Remove {member.name} from the delegation",
        intro="Their account, if linked, loses access to this visit.",
        save=save,
        submit="Remove",
    )


@plan_visits
@require_http_methods(["GET", "POST"])
def itinerary_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    form = forms.ItineraryForm(_posted(request), visit=visit)

    def save(data: dict[str, Any]) -> str:
        [place] = services.places_by_id(visit, [data["place"]])
        services.itinerary_add(visit=visit, place=place, planned_on=data["planned_on"], by=request.user)
        return f"{place} is on the itinerary."

    return _form_page(
        request,
        visit,
        form,
        title="Add a place to the itinerary",
        intro=f"Places of {visit.state} in the register.",
        save=save,
        submit="Add",
    )


def _stop_page(request: HttpRequest, pk: int, stop_pk: int, *, arriving: bool) -> HttpResponse:
    visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
    stop = get_object_or_404(ItineraryStop.objects.select_related("place"), pk=stop_pk, visit=visit)
    stop.visit = visit
    form = forms.MomentForm(_posted(request))

    def save(data: dict[str, Any]) -> str:
        if arriving:
            services.stop_arrive(stop=stop, at=data["at"], by=request.user)
            return f"Arrival at {stop.place} recorded."
        services.stop_depart(stop=stop, at=data["at"], by=request.user)
        return f"Departure from {stop.place} recorded."

    return _form_page(
        request,
        visit,
        form,
        title=f"{'Arrival at' if arriving else 'Departure from'} {stop.place}",
        save=save,
        submit="Record",
    )


@record_on_visits
@require_http_methods(["GET", "POST"])
def stop_arrive(request: HttpRequest, pk: int, stop_pk: int) -> HttpResponse:
    return _stop_page(request, pk, stop_pk, arriving=True)


@record_on_visits
@require_http_methods(["GET", "POST"])
def stop_depart(request: HttpRequest, pk: int, stop_pk: int) -> HttpResponse:
    return _stop_page(request, pk, stop_pk, arriving=False)


@plan_visits
@require_http_methods(["GET", "POST"])
def notification_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    form = forms.NotificationForm(_posted(request), visit=visit)

    def save(data: dict[str, Any]) -> str:
        notification = services.notification_record(
            visit=visit,
            subject=data["subject"],
            notified_at=data["notified_at"],
            places=services.places_by_id(visit, data["places"]),
            addressee=data["addressee"],
            note=data["note"],
            by=request.user,
        )
        return f"Recorded: {notification}."

    return _form_page(
        request,
        visit,
        form,
        title="Record a notification",
        intro="What the State was told, and when: the visit itself, the places to be visited, or a place "
        "notified only on arrival (an unannounced visit to it).",
        save=save,
    )


@record_on_visits
@require_http_methods(["GET", "POST"])
def access_event_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
    form = forms.AccessEventForm(_posted(request), visit=visit)

    def save(data: dict[str, Any]) -> str:
        place = services.places_by_id(visit, [data["place"]])[0] if data["place"] else None
        event = services.access_event_record(
            visit=visit,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            place=place,
            delay_minutes=data["delay_minutes"],
            description=data["description"],
            by=request.user,
        )
        return f"Recorded: {event}."

    return _form_page(
        request,
        visit,
        form,
        title="Record an access event",
        intro="Access granted, delayed (say how long), refused, documents or registers withheld, or a private "
        "interview prevented.",
        save=save,
        submit="Record",
    )


@plan_visits
@require_http_methods(["GET", "POST"])
def objection_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    clause = rules.objection_clause(visit.body.instrument.clauses if visit.body.instrument else None)
    if clause is None:
        messages.error(
            request,
            f"{visit.body.code} visits under no treaty that lists grounds of objection: there is nothing to record.",
        )
        return redirect("visits:visit_detail", pk=visit.pk)
    form = forms.ObjectionForm(_posted(request), visit=visit, clause=clause)

    def save(data: dict[str, Any]) -> str:
        place = services.places_by_id(visit, [data["place"]])[0] if data["place"] else None
        objection = services.objection_record(
            visit=visit,
            ground=data["ground"],
            raised_on=data["raised_on"],
            place=place,
            period_start=data["period_start"],
            period_end=data["period_end"],
            explanation=data["explanation"],
            by=request.user,
        )
        return f"Objection recorded: {clause.label(objection.ground)} ({objection.article})."

    return _form_page(
        request,
        visit,
        form,
        title="Record an objection by the State",
        intro=clause.condition,
        save=save,
        extra={"clause": clause},
    )


@record_on_visits
@require_http_methods(["GET", "POST"])
def observation_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
    today = clock.today()
    form = forms.ObservationForm(_posted(request), visit=visit, today=today)

    def save(data: dict[str, Any]) -> str:
        place = services.places_by_id(visit, [data["place"]])[0] if data["place"] else None
        observation = services.observation_record(
            visit=visit,
            communicated_on=data["communicated_on"],
            text=data["text"],
            response_due=data["response_due"],
            place=place,
            by=request.user,
        )
        return f"Immediate observations recorded; the answer is due on {observation.response_due:%d %B %Y}."

    return _form_page(
        request,
        visit,
        form,
        title="Record immediate observations",
        intro="Observations communicated to the authorities at the end of the visit, and the deadline for the "
        "State's answer.",
        save=save,
    )


@plan_visits
@require_http_methods(["GET", "POST"])
def observation_answer(request: HttpRequest, pk: int, observation_pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    observation = get_object_or_404(ImmediateObservation, pk=observation_pk, visit=visit)
    form = forms.AnswerForm(_posted(request), initial={"received_on": clock.today()})

    def save(data: dict[str, Any]) -> str:
        services.observation_answer_record(
            observation=observation, received_on=data["received_on"], by=request.user
        )
        return "The State's answer is recorded."

    return _form_page(
        request,
        visit,
        form,
        title=f"The State's answer to the observations of {observation.communicated_on:%d %B %Y}",
        intro=f"The answer was due on {observation.response_due:%d %B %Y}.",
        save=save,
        submit="Record",
    )
