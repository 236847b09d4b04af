"""Pages of the visits: the programme, a visit's whole record, and the forms that change it.

Who may do what is decided once, in custodiet.core.access: reading needs VIEW_VISITS,
planning and managing PLAN_VISITS, recording on a visit RECORD_ON_VISITS. The visit
itself is looked up through the selectors, so a delegation member gets 404 for a
visit they were not on. Every form is a plain POST with its CSRF token, shown by
``custodiet.core.pages.form_page``: errors and warnings come back as messages. The
views only parse and call the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, can, require
from custodiet.core.dates import shown_date, shown_moment
from custodiet.core.errors import DomainError, NotFound
from custodiet.core.pages import form_page, posted, saving
from custodiet.ops.paging import keyset_page, query_without_cursor
from custodiet.treaties.selectors import resolve_state
from custodiet.visits import forms, rules, selectors, services
from custodiet.visits.gate import GateDecision, PlanningRefused
from custodiet.visits.models import (
    AccessKind,
    DelegationMember,
    ImmediateObservation,
    ItineraryStop,
    Visit,
    VisitKind,
    VisitStatus,
)
from custodiet.visits.objections import objection_clause
from custodiet.visits.objections import shown as in_clause_words

PAGE_SIZE = 50


def problem_text(kind: str, count: int) -> str:
    """An access problem of a visit counted as the list shows it ("2 refusals"), in the reader's language."""
    if kind == "delayed":
        return ngettext("%(count)s delay", "%(count)s delays", count) % {"count": count}
    if kind == "refused":
        return ngettext("%(count)s refusal", "%(count)s refusals", count) % {"count": count}
    if kind == "documents_withheld":
        return ngettext("documents withheld %(count)s time", "documents withheld %(count)s times", count) % {
            "count": count
        }
    return ngettext("interview prevented %(count)s time", "interviews prevented %(count)s times", count) % {
        "count": count
    }


view_visits = require(Capability.VIEW_VISITS)
plan_visits = require(Capability.PLAN_VISITS)
record_on_visits = require(Capability.RECORD_ON_VISITS)
form_methods = require_http_methods(["GET", "POST"])


def _year(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2200 else None


@view_visits
@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    chosen = {name: request.GET.get(name, "").strip() for name in ("state", "body", "status", "kind", "year")}
    state, state_error = None, None
    if chosen["state"]:
        try:
            state = resolve_state(chosen["state"])
        except NotFound as problem:
            state_error = str(problem)
        else:
            chosen["state"] = state.code  # "RUS" or "Russian Federation" selects RU in the filter
    visits = selectors.visit_list(
        request.user,
        state=state,
        body=chosen["body"] or None,
        status=chosen["status"] if chosen["status"] in VisitStatus.values else None,
        kind=chosen["kind"] if chosen["kind"] in VisitKind.values else None,
        year=_year(chosen["year"]),
    )
    listed = visits.none() if state_error else visits
    keyset = keyset_page(listed, request.GET, order=selectors.LIST_ORDER, per_page=PAGE_SIZE)
    rows = keyset.rows
    problems = selectors.access_problems([visit.pk for visit in rows])
    context = {
        "keyset": keyset,
        "count": listed.count(),
        "query_string": query_without_cursor(request.GET),
        "rows": [
            {
                "visit": visit,
                "problems": [
                    (kind, problem_text(kind, count))
                    for kind, count in sorted(problems.get(visit.pk, {}).items())
                ],
            }
            for visit in rows
        ],
        "chosen": chosen,
        "state_error": state_error,
        "states": sorted(selectors.states(), key=lambda state: state.shown_name),
        "bodies": selectors.bodies().values_list("code", flat=True),
        "statuses": VisitStatus.choices,
        "kinds": VisitKind.choices,
        "can_plan": can(request.user, Capability.PLAN_VISITS),
    }
    return render(request, "visits/visit_list.html", context)


def visit_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What a visit's page shows of the visit itself: its record, and what the user may do on it.

    The page (custodiet.site.views.visit_detail) adds the findings and the interviews of other apps.
    """
    try:
        visit = selectors.visit_detail(request.user, pk)
    except Visit.DoesNotExist:
        raise Http404(_("No such visit")) from None
    today = clock.today()
    record = selectors.visit_record(visit, today=today)
    return {
        "visit": visit,
        "record": record,
        "today": today,
        "can_plan": can(request.user, Capability.PLAN_VISITS),
        "can_record": can(request.user, Capability.RECORD_ON_VISITS),
        "status_form": forms.StatusForm(visit=visit) if record.next_statuses else None,
        "access_labels": dict(AccessKind.choices),
        "visit_zone": visit.time_zone or "UTC",
    }


# -- planning ------------------------------------------------------------------------------------


def _through_gate(
    request: HttpRequest, act: Callable[[], services.PlanResult], *, refused: str
) -> tuple[services.PlanResult | None, GateDecision | None]:
    """Plan or change a visit: the result, or the gate's decision to show when the gate refused it (another
    refusal comes back as a message); the gate's warnings come back as messages."""
    try:
        result = act()
    except PlanningRefused as problem:
        messages.error(
            request, _("%(what)s: the treaty gate refused it (see why below).") % {"what": refused}
        )
        return None, problem.decision
    except DomainError as problem:
        messages.error(request, str(problem))
        return None, None
    # The visit's page shows the treaty basis and its warnings (under "Treaty basis"): only a warning it
    # leaves out (a window already past) comes back as a message, so that none is said twice.
    for note in result.warnings:
        if note.code == "past_window":
            messages.warning(request, note.text)
    return result, None


@plan_visits
@form_methods
def visit_plan(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(posted(request))
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
            result, decision = _through_gate(
                request,
                lambda: services.visit_plan(**data, by=request.user, today=today),
                refused=_("The visit cannot be planned"),
            )
            if result is not None:
                messages.success(request, _("Visit planned: %(visit)s.") % {"visit": result.visit})
                return redirect("visits:visit_detail", pk=result.visit.pk)
    return render(
        request,
        "visits/visit_plan.html",
        {"form": form, "decision": decision, "title": _("Plan a visit"), "visit": None},
    )


@plan_visits
@form_methods
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
    initial = {
        name: getattr(visit, name)
        for name in (
            "title",
            "kind",
            "planned_start",
            "planned_end",
            "consent_reference",
            "time_zone",
            "notes",
        )
    }
    form = forms.EditForm(posted(request), initial=initial)
    decision = None
    if request.method == "POST" and form.is_valid():
        result, decision = _through_gate(
            request,
            lambda: services.visit_update(visit=visit, by=request.user, **form.cleaned_data),
            refused=_("The visit cannot be changed"),
        )
        if result is not None:
            messages.success(request, _("The visit is saved."))
            return redirect("visits:visit_detail", pk=visit.pk)
        visit.refresh_from_db()
    return render(
        request,
        "visits/visit_plan.html",
        {"form": form, "decision": decision, "title": _("Edit %(visit)s") % {"visit": visit}, "visit": visit},
    )


# -- the record's forms ------------------------------------------------------------------------------


def _visit_form(
    request: HttpRequest,
    visit: Visit,
    form: django_forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], str],
    intro: str = "",
    submit: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form about a visit (the kit's form page, under the visit's breadcrumb); done: back to the visit."""
    return form_page(
        request,
        form,
        template="visits/visit_form.html",
        save=save,
        done=reverse("visits:visit_detail", args=[visit.pk]),
        context={
            "visit": visit,
            "title": title,
            "intro": intro,
            "submit": submit or _("Save"),
            **(extra or {}),
        },
    )


def _saving(
    request: HttpRequest, visit: Visit, service: Callable[..., Any], message: Callable[[Any], str]
) -> Callable[[dict[str, Any]], str]:
    """The form's ``save``: call ``service`` on the visit with the form's data (place ids made places of the
    visited State) and say what it recorded."""

    def save(data: dict[str, Any]) -> str:
        return message(service(visit=visit, by=request.user, **selectors.resolve_places(visit, data)))

    return save


def _recorded(what: str, moment: datetime, zone: str) -> str:
    """What a record form says it recorded: the kind of record and its moment in the visit's or place's zone."""
    return _("Recorded: %(what)s, %(when)s.") % {"what": what, "when": shown_moment(moment, zone)}


def _plannable(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(selectors.plannable(request.user), pk=pk)


def _recordable(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(selectors.recordable(request.user), pk=pk)


@plan_visits
@form_methods
def visit_status(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.StatusForm(posted(request), visit=visit),
        title=_("Change the visit's status"),
        intro=_(
            "Planned → notified → under way → completed; a visit may be cancelled until it is completed."
        ),
        save=_saving(
            request,
            visit,
            services.visit_set_status,
            lambda changed: (
                _("The visit is now %(status)s.")
                % {"status": rules.STATUS_LABELS.get(changed.status, changed.status)}
            ),
        ),
    )


@plan_visits
@form_methods
def delegation_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.DelegationForm(posted(request)),
        title=_("Add to the delegation"),
        save=_saving(
            request,
            visit,
            services.delegation_add,
            lambda member: _("%(member)s joins the delegation.") % {"member": member},
        ),
        submit=_("Add"),
    )


@plan_visits
@form_methods
def delegation_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    member = get_object_or_404(DelegationMember.objects.select_related("user"), pk=member_pk, visit=visit)
    shown = member.name

    def save(data: dict[str, Any]) -> str:
        services.delegation_remove(member=member, by=request.user)
        return _("%(member)s is no longer on the delegation.") % {"member": shown}

    return _visit_form(
        request,
        visit,
        django_forms.Form(posted(request)),
        title=_("Remove %(member)s from the delegation") % {"member": shown},
        intro=_(
            "Their account, if linked, loses access to this visit. Someone who interviewed, examined or "
            "interpreted cannot be removed (the records would lose who took them): mark them as having left."
        ),
        save=save,
        submit=_("Remove"),
        extra={"leave_url": reverse("visits:delegation_leave", args=[visit.pk, member.pk])},
    )


@plan_visits
@form_methods
def delegation_leave(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    member = get_object_or_404(DelegationMember.objects.select_related("user"), pk=member_pk, visit=visit)
    shown = member.name

    def save(data: dict[str, Any]) -> str:
        services.delegation_leave(member=member, on=data["left_on"], by=request.user)
        return _("%(member)s has left the delegation; the records they took part in keep them.") % {
            "member": shown
        }

    return _visit_form(
        request,
        visit,
        forms.LeaveForm(posted(request)),
        title=_("%(member)s leaves the delegation") % {"member": shown},
        intro=_(
            "The interviews, examinations and other records they took part in keep them; their account, "
            "if linked, no longer opens this visit."
        ),
        save=save,
        submit=_("Mark as having left"),
    )


@plan_visits
@form_methods
def itinerary_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.ItineraryForm(posted(request), visit=visit),
        title=_("Add a place to the itinerary"),
        intro=_("Places of %(state)s in the register.") % {"state": visit.state.shown_name},
        save=_saving(
            request,
            visit,
            services.itinerary_add,
            lambda stop: _("%(place)s is on the itinerary.") % {"place": stop.place},
        ),
        submit=_("Add"),
    )


def _stop_page(request: HttpRequest, pk: int, stop_pk: int, *, arriving: bool) -> HttpResponse:
    visit = _recordable(request, pk)
    stop = get_object_or_404(ItineraryStop.objects.select_related("place"), pk=stop_pk, visit=visit)
    stop.visit = visit

    def save(data: dict[str, Any]) -> str:
        if arriving:
            services.stop_arrive(stop=stop, at=data["at"], by=request.user)
            return _("Arrival at %(place)s recorded.") % {"place": stop.place}
        services.stop_depart(stop=stop, at=data["at"], by=request.user)
        return _("Departure from %(place)s recorded.") % {"place": stop.place}

    return _visit_form(
        request,
        visit,
        forms.MomentForm(posted(request)),
        title=(_("Arrival at %(place)s") if arriving else _("Departure from %(place)s"))
        % {"place": stop.place},
        save=save,
        submit=_("Record"),
    )


@record_on_visits
@form_methods
def stop_arrive(request: HttpRequest, pk: int, stop_pk: int) -> HttpResponse:
    return _stop_page(request, pk, stop_pk, arriving=True)


@record_on_visits
@form_methods
def stop_depart(request: HttpRequest, pk: int, stop_pk: int) -> HttpResponse:
    return _stop_page(request, pk, stop_pk, arriving=False)


@plan_visits
@form_methods
def notification_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.NotificationForm(posted(request), visit=visit),
        title=_("Record a notification"),
        intro=_(
            "What the State was told, and when: the visit itself, the places to be visited, or a place "
            "notified only on arrival (an unannounced visit to it)."
        ),
        save=_saving(
            request,
            visit,
            services.notification_record,
            lambda made: _recorded(made.get_subject_display(), made.notified_at, visit.time_zone),
        ),
    )


@record_on_visits
@form_methods
def access_event_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _recordable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.AccessEventForm(posted(request), visit=visit),
        title=_("Record an access event"),
        intro=_(
            "Access granted, delayed (say how long), refused, documents or registers withheld, or a private "
            "interview prevented."
        ),
        save=_saving(
            request,
            visit,
            services.access_event_record,
            lambda made: _recorded(
                made.get_kind_display(),
                made.occurred_at,
                (made.place and made.place.time_zone) or visit.time_zone,
            ),
        ),
        submit=_("Record"),
    )


@plan_visits
@form_methods
def objection_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    clause = objection_clause(visit.body.instrument.clauses if visit.body.instrument else None)
    if clause is None:
        messages.error(
            request,
            _("%(body)s visits under no treaty that lists grounds of objection: there is nothing to record.")
            % {"body": visit.body.code},
        )
        return redirect("visits:visit_detail", pk=visit.pk)
    return _visit_form(
        request,
        visit,
        forms.ObjectionForm(posted(request), visit=visit, clause=clause),
        title=_("Record an objection by the State"),
        intro=clause.shown_condition,
        save=_saving(
            request,
            visit,
            services.objection_record,
            lambda made: (
                _("Objection recorded: %(ground)s (%(article)s).")
                % {"ground": clause.shown_label(made.ground), "article": in_clause_words(made.article)}
                if made.on_allowed_ground
                else _("Objection recorded on a ground %(article)s does not allow: “%(ground)s”.")
                % {"article": in_clause_words(made.article), "ground": made.ground}
            ),
        ),
        extra={"clause": clause},
    )


@record_on_visits
@form_methods
def observation_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _recordable(request, pk)
    return _visit_form(
        request,
        visit,
        forms.ObservationForm(posted(request), visit=visit, today=clock.today()),
        title=_("Record immediate observations"),
        intro=_(
            "Observations communicated to the authorities at the end of the visit, and the deadline for the "
            "State's answer."
        ),
        save=_saving(
            request,
            visit,
            services.observation_record,
            lambda made: (
                _("Immediate observations recorded; the answer is due on %(day)s.")
                % {"day": shown_date(made.response_due)}
            ),
        ),
    )


@plan_visits
@form_methods
def observation_answer(request: HttpRequest, pk: int, observation_pk: int) -> HttpResponse:
    visit = _plannable(request, pk)
    observation = get_object_or_404(ImmediateObservation, pk=observation_pk, visit=visit)

    return _visit_form(
        request,
        visit,
        forms.AnswerForm(posted(request), initial={"received_on": clock.today()}),
        title=_("The State's answer to the observations of %(day)s")
        % {"day": shown_date(observation.communicated_on)},
        intro=_("The answer was due on %(day)s.") % {"day": shown_date(observation.response_due)},
        save=saving(
            services.observation_answer_record,
            _("The State's answer is recorded."),
            observation=observation,
            by=request.user,
        ),
        submit=_("Record"),
    )
