"""Pages of testimony: a visit's interviews, an interview's whole record (with the identity behind an
explicit, audited request), the forms that record interviews, allegations, examinations, consent and
reprisal risks, the persons at risk to check on in a State, and counts of allegations without identities.

Who may do what is decided once, in custodiet.core.access (``require``: anonymous visitors go to
the login page, a refused role gets 403) and in the QuerySet methods of custodiet.testimony.models
(an interview or visit the user may not read is a 404: its existence is not told). Every page of
testimony is sent with ``Cache-Control: no-store``. Reading an interview, a visit's list of
interviews, an identity or the persons at risk writes an audit entry. The views only parse and call
the selectors and services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custodiet.core.access import Capability, can, require
from custodiet.core.errors import DomainError
from custodiet.core.pages import posted as _posted
from custodiet.places.models import Place
from custodiet.testimony import forms, selectors, services, taxonomy
from custodiet.testimony.models import Interview, ReprisalFollowUp, ReprisalRisk
from custodiet.treaties.models import State
from custodiet.visits.models import Visit

PAGE_SIZE = 50

view_interviews = require(Capability.VIEW_INTERVIEWS)
record_interviews = require(Capability.RECORD_INTERVIEWS)
view_identities = require(Capability.VIEW_IDENTITIES)
view_aggregates = require(Capability.VIEW_ALLEGATION_AGGREGATES)


def visit_url(visit: Visit) -> str | None:
    """The visit's page, when the visits app serves one."""
    try:
        return reverse("visits:visit_detail", args=[visit.pk])
    except NoReverseMatch:
        return None


def _visit_or_404(getter: Callable[[Any, int], Visit], user: Any, pk: int) -> Visit:
    try:
        return getter(user, pk)
    except Visit.DoesNotExist:
        raise Http404("No such visit") from None


def _interview_or_404(getter: Callable[[Any, int], Interview], user: Any, pk: int) -> Interview:
    try:
        return getter(user, pk)
    except Interview.DoesNotExist:
        raise Http404("No such interview") from None


# -- reading --------------------------------------------------------------------------------------


@view_interviews
@require_safe
def visit_interviews(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = _visit_or_404(selectors.visit_for_interviews, request.user, visit_pk)
    page = Paginator(selectors.interview_list(request.user, visit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    at_risk = selectors.persons_with_open_risks([interview.person_id for interview in rows])
    services.interview_list_read(visit=visit, by=request.user, shown=len(rows), page=page.number)
    labels = dict(taxonomy.choices(taxonomy.ALLEGATION_TYPES))
    context = {
        "visit": visit,
        "visit_url": visit_url(visit),
        "page": page,
        "rows": [
            {
                "interview": interview,
                "types": sorted({labels[allegation.type] for allegation in interview.allegations.all()}),
                "allegations": len(interview.allegations.all()),
                "at_risk": interview.person_id in at_risk,
            }
            for interview in rows
        ],
        "can_record": can(request.user, Capability.RECORD_INTERVIEWS)
        and selectors.may_record_on(request.user, visit),
    }
    return render(request, "testimony/visit_interviews.html", context)


def _detail_context(request: HttpRequest, interview: Interview) -> dict[str, Any]:
    person = interview.person
    consents = list(person.consents.all())
    may_record = (
        can(request.user, Capability.RECORD_INTERVIEWS)
        and Interview.objects.recordable_by(request.user).filter(pk=interview.pk).exists()
    )
    return {
        "interview": interview,
        "visit": interview.visit,
        "visit_url": visit_url(interview.visit),
        "person": person,
        "consent": consents[0] if consents else None,
        "consents": consents,
        "risks": list(person.reprisal_risks.all()),
        "allegations": list(interview.allegations.all()),
        "examinations": list(interview.examinations.all()),
        "interviewers": list(interview.interviewers.all()),
        "may_reveal": selectors.may_see_identity(request.user, person),
        "may_record": may_record,
        "consistency_help": {term.code: term.explanation for term in taxonomy.CONSISTENCY_SCALE},
        "identity": None,
        "revealed": False,
    }


@view_interviews
@require_safe
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview_or_404(selectors.interview_detail, request.user, pk)
    services.interview_read(interview=interview, by=request.user)
    return render(request, "testimony/interview_detail.html", _detail_context(request, interview))


@view_identities
@require_POST
def identity_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview page again, with the identity shown: only on this explicit POST, audited."""
    interview = _interview_or_404(selectors.interview_detail, request.user, pk)
    try:
        identity = services.identity_reveal(person=interview.person, by=request.user)
    except DomainError:
        raise Http404("No such interview") from None
    services.interview_read(interview=interview, by=request.user)
    context = _detail_context(request, interview)
    context.update(identity=identity, revealed=True)
    return render(request, "testimony/interview_detail.html", context)


# -- recording ------------------------------------------------------------------------------------


@record_interviews
@require_http_methods(["GET", "POST"])
def interview_record(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = _visit_or_404(selectors.visit_for_recording, request.user, visit_pk)
    form = forms.InterviewForm(_posted(request), visit=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person: Any
        if data["person_code"]:
            person = selectors.person_by_code(request.user, data["person_code"], state_id=visit.state_id)
            if person is None:
                form.add_error(
                    "person_code", f"No person {data['person_code']} among those met in {visit.state}."
                )
        else:
            person = services.NewPerson(
                identity=services.IdentityDetails(
                    name=data["name"],
                    born_on=data["born_on"],
                    registry_number=data["registry_number"],
                    other_identifying=data["other_identifying"],
                ),
                consent=services.ConsentDetails(
                    use_information=data["use_information"],
                    be_named=data["be_named"],
                    be_contacted_again=data["be_contacted_again"],
                ),
            )
        if person is not None:
            try:
                interview = services.interview_record(
                    visit=visit,
                    person=person,
                    place=data["place"],
                    held_at=data["held_at"],
                    language=data["language"],
                    interviewers=list(data["interviewers"]),
                    interpreter=data["interpreter"],
                    private=data["private"],
                    within_hearing=data["within_hearing"],
                    account=data["account"],
                    by=request.user,
                )
            except DomainError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, f"Interview with {interview.person.code} recorded.")
                return redirect("testimony:interview_detail", pk=interview.pk)
    context = {"form": form, "visit": visit, "visit_url": visit_url(visit)}
    return render(request, "testimony/interview_form.html", context)


def _interview_form_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[Any],
    title: str,
    submit: str,
    save: Callable[[Interview, dict[str, Any]], Any],
    done: str,
    intro: str = "",
    pass_interview: bool = True,
) -> HttpResponse:
    interview = _interview_or_404(selectors.recordable_interview, request.user, pk)
    kwargs = {"interview": interview} if pass_interview else {}
    form = form_class(_posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(interview, form.cleaned_data)
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, done)
            return redirect("testimony:interview_detail", pk=interview.pk)
    context = {"form": form, "interview": interview, "title": title, "submit": submit, "intro": intro}
    return render(request, "testimony/form.html", context)


@record_interviews
@require_http_methods(["GET", "POST"])
def allegation_record(request: HttpRequest, pk: int) -> HttpResponse:
    def save(interview: Interview, data: dict[str, Any]) -> Any:
        return services.allegation_record(interview=interview, by=request.user, **data)

    return _interview_form_page(
        request,
        pk,
        form_class=forms.AllegationForm,
        title="Record an allegation",
        submit="Record the allegation",
        save=save,
        done="Allegation recorded.",
        intro="As the interviewee tells it. Exact dates, the description and the location detail are encrypted.",
    )


@record_interviews
@require_http_methods(["GET", "POST"])
def examination_record(request: HttpRequest, pk: int) -> HttpResponse:
    def save(interview: Interview, data: dict[str, Any]) -> Any:
        return services.examination_record(interview=interview, by=request.user, **data)

    return _interview_form_page(
        request,
        pk,
        form_class=forms.ExaminationForm,
        title="Record a medical examination",
        submit="Record the examination",
        save=save,
        done="Medical examination recorded.",
        intro="By a doctor of the delegation. Injuries and medical notes are encrypted.",
    )


@record_interviews
@require_http_methods(["GET", "POST"])
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    def save(interview: Interview, data: dict[str, Any]) -> Any:
        return services.consent_record(person=interview.person, interview=interview, by=request.user, **data)

    return _interview_form_page(
        request,
        pk,
        form_class=forms.ConsentForm,
        title="Record consent",
        submit="Record consent",
        save=save,
        done="Consent recorded; it replaces the earlier one, which stays in the history.",
        pass_interview=False,
    )


@record_interviews
@require_http_methods(["GET", "POST"])
def reprisal_flag(request: HttpRequest, pk: int) -> HttpResponse:
    def save(interview: Interview, data: dict[str, Any]) -> Any:
        return services.reprisal_flag(interview=interview, by=request.user, **data)

    return _interview_form_page(
        request,
        pk,
        form_class=forms.ReprisalForm,
        title="Flag a risk of reprisals",
        submit="Flag the risk",
        save=save,
        done="Risk of reprisals flagged: the person is on the list to check on at the next visit.",
        intro="The reason is encrypted. Add follow-up actions on the interview page.",
        pass_interview=False,
    )


def _back_to_risk(request: HttpRequest, risk: ReprisalRisk) -> HttpResponse:
    interview = request.POST.get("interview", "")
    if interview.isdigit() and Interview.objects.visible_to(request.user).filter(pk=int(interview)).exists():
        return redirect("testimony:interview_detail", pk=int(interview))
    return redirect("testimony:at_risk", state_code=risk.person.state.code)


def _risk_form_page(
    request: HttpRequest, risk: ReprisalRisk, form: Any, *, title: str, submit: str
) -> HttpResponse:
    context = {
        "form": form,
        "risk": risk,
        "title": title,
        "submit": submit,
        "back": request.GET.get("interview") or request.POST.get("interview", ""),
    }
    return render(request, "testimony/form.html", context)


@record_interviews
@require_http_methods(["GET", "POST"])
def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        risk = selectors.risk_for_recording(request.user, pk)
    except ReprisalRisk.DoesNotExist:
        raise Http404("No such risk") from None
    form = forms.FollowUpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reprisal_follow_up(
                risk=risk,
                action=data["action"],
                due_at_next_visit=data["due_at_next_visit"],
                due_on=data["due_on"],
                by=request.user,
            )
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Follow-up action recorded.")
            return _back_to_risk(request, risk)
    return _risk_form_page(
        request, risk, form, title=f"Follow-up for {risk.person.code}", submit="Record the action"
    )


@record_interviews
@require_http_methods(["GET", "POST"])
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        follow_up = selectors.follow_up_for_recording(request.user, pk)
    except ReprisalFollowUp.DoesNotExist:
        raise Http404("No such follow-up") from None
    form = forms.FollowUpDoneForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reprisal_follow_up_done(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Follow-up recorded as done.")
            return _back_to_risk(request, follow_up.risk)
    return _risk_form_page(
        request,
        follow_up.risk,
        form,
        title=f"Follow-up done for {follow_up.risk.person.code}",
        submit="Record",
    )


@record_interviews
@require_POST
def reprisal_close(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        risk = selectors.risk_for_recording(request.user, pk)
    except ReprisalRisk.DoesNotExist:
        raise Http404("No such risk") from None
    try:
        services.reprisal_close(risk=risk, by=request.user)
    except DomainError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Risk for {risk.person.code} closed.")
    return _back_to_risk(request, risk)


# -- persons at risk and aggregates ----------------------------------------------------------------


@view_interviews
@require_safe
def at_risk(request: HttpRequest, state_code: str) -> HttpResponse:
    state = get_object_or_404(State, code=state_code.upper())
    place_ref = request.GET.get("place", "").strip()
    place = Place.objects.filter(ref=place_ref, state=state).first() if place_ref else None
    rows = selectors.persons_to_check(request.user, state, place=place)
    services.at_risk_list_read(state=state, by=request.user, shown=len(rows))
    context = {
        "state": state,
        "rows": rows,
        "place": place,
        "place_ref": place_ref,
        "can_record": can(request.user, Capability.RECORD_INTERVIEWS),
    }
    return render(request, "testimony/at_risk.html", context)


@view_aggregates
@require_safe
def aggregates(request: HttpRequest) -> HttpResponse:
    form = forms.AggregateFilterForm(request.GET or None)
    state = place = None
    year = None
    if form.is_valid():
        data = form.cleaned_data
        state = State.objects.filter(code=data["state"].upper()).first() if data["state"] else None
        place = Place.objects.filter(ref=data["place"].strip()).first() if data["place"] else None
        year = data["year"]
        if data["place"] and place is None:
            messages.warning(request, f"No place {data['place']} in the register: the filter is ignored.")
    report = selectors.allegation_report(
        [("type",), ("perpetrator",), ("stage",), ("place",), ("period",), ("type", "perpetrator")],
        state=state,
        place=place,
        year=year,
    )
    context = {
        "report": report,
        "state": state,
        "place": place,
        "year": year,
        "states": selectors.states().values_list("code", "name_en"),
        "years": selectors.aggregate_years(),
        "chosen": {
            "state": state.code if state else "",
            "place": place.ref if place else "",
            "year": year or "",
        },
    }
    return render(request, "testimony/aggregates.html", context)
