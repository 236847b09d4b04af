"""Pages of testimony: a visit's interviews, an interview's whole record (with the identity behind an
explicit, audited request), the forms that record interviews, allegations, examinations, consent and
reprisal risks, the persons at risk to check on in a State, and counts of allegations without identities.

Who may do what is decided once, in custodiet.core.access (``require``: anonymous visitors go to
the login page, a refused role gets 403) and in the QuerySet methods of custodiet.testimony.models
(an interview or visit the user may not read is a 404: its existence is not told). The core
middleware sends every testimony page with ``Cache-Control: no-store``. Reading an interview, a
visit's list of interviews, an identity or the persons at risk writes an audit entry. The views only
parse and call the selectors and services; every form is a ``custodiet.core.pages.form_page``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custodiet.core.access import Actor, Capability, View, can, require
from custodiet.core.errors import DomainError, NotFound
from custodiet.core.pages import acted, form_page, paginate, posted, query_without_page, saving
from custodiet.places.models import Place
from custodiet.testimony import forms, rules, selectors, services, taxonomy
from custodiet.testimony.models import Interview, ReprisalRisk
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import Visit

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

PAGE_SIZE = 50

view_interviews = require(Capability.VIEW_INTERVIEWS)
record_interviews = require(Capability.RECORD_INTERVIEWS)
view_identities = require(Capability.VIEW_IDENTITIES)
view_aggregates = require(Capability.VIEW_ALLEGATION_AGGREGATES)

Found = TypeVar("Found")


def recording_form(view: View) -> View:
    """A page that shows a recording form (GET) and records it (POST)."""
    return record_interviews(require_http_methods(["GET", "POST"])(view))


def visit_url(visit: Visit) -> str | None:
    """The visit's page, when the visits app serves one."""
    try:
        return reverse("visits:visit_detail", args=[visit.pk])
    except NoReverseMatch:
        return None


def _found(getter: Callable[[Actor, int], Found], user: Actor, pk: int, what: str) -> Found:
    """The record the selector finds for this user, or a 404 that does not say whether it exists."""
    try:
        return getter(user, pk)
    except ObjectDoesNotExist:
        raise Http404(f"No such {what}") from None


def _state_or_404(code: str) -> State:
    try:
        return resolve_state(code)
    except NotFound as problem:
        raise Http404(str(problem)) from None


# -- reading --------------------------------------------------------------------------------------


@view_interviews
@require_safe
def visit_interviews(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = _found(selectors.visit_for_interviews, request.user, visit_pk, "visit")
    page = paginate(request, selectors.interview_list(request.user, visit), PAGE_SIZE)
    rows = list(page.object_list)
    at_risk = selectors.persons_with_open_risks([interview.person_id for interview in rows])
    services.interview_list_read(visit=visit, by=request.user, shown=len(rows), page=page.number)
    labels = dict(taxonomy.choices(taxonomy.ALLEGATION_TYPES))
    context = {
        "visit": visit,
        "visit_url": visit_url(visit),
        "page": page,
        "query_string": query_without_page(request),
        "rows": [
            {
                "interview": interview,
                "types": sorted({str(labels[allegation.type]) for allegation in interview.allegations.all()}),
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
    interview = _found(selectors.interview_detail, request.user, pk, "interview")
    services.interview_read(interview=interview, by=request.user)
    return render(request, "testimony/interview_detail.html", _detail_context(request, interview))


@view_identities
@require_POST
def identity_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview page again, with the identity shown: only on this explicit POST, audited."""
    interview = _found(selectors.interview_detail, request.user, pk, "interview")
    try:
        identity = services.identity_reveal(person=interview.person, by=request.user)
    except DomainError:
        raise Http404("No such interview") from None
    services.interview_read(interview=interview, by=request.user)
    context = _detail_context(request, interview)
    context.update(identity=identity, revealed=True)
    return render(request, "testimony/interview_detail.html", context)


# -- recording ------------------------------------------------------------------------------------


@recording_form
def interview_record(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Record an interview; the service decides whether the pseudonym given names a person already met."""
    visit = _found(selectors.visit_for_recording, request.user, visit_pk, "visit")
    form = forms.InterviewForm(posted(request), visit=visit)
    recorded: list[Interview] = []

    def save(data: dict[str, Any]) -> str:
        recorded.append(
            services.interview_record(
                visit=visit,
                person=form.person_given(),
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
        )
        return _("Interview with %(code)s recorded.") % {"code": recorded[0].person.code}

    return form_page(
        request,
        form,
        template="testimony/interview_form.html",
        save=save,
        # The new interview's page: its URL is known only once saved, and form_page reads it only then.
        done=lazy(lambda: reverse("testimony:interview_detail", args=[recorded[0].pk]), str)(),
        context={"visit": visit, "visit_url": visit_url(visit), "languages": rules.COMMON_LANGUAGES},
    )


@dataclass(frozen=True)
class _Addition:
    """One of the forms on an interview's page: the form, the service that records it, and the words."""

    form: Callable[..., django_forms.Form]
    record: Callable[..., object]  # a service, called with interview=, by= and the form's cleaned data
    title: StrOrPromise
    submit: StrOrPromise
    done: StrOrPromise
    intro: StrOrPromise = ""
    form_takes_interview: bool = True  # the form offers choices from the interview (its places, doctors)


def _consent_record(*, interview: Interview, by: Actor, **data: Any) -> object:
    return services.consent_record(person=interview.person, interview=interview, by=by, **data)


ALLEGATION = _Addition(
    forms.AllegationForm,
    services.allegation_record,
    title=gettext_lazy("Record an allegation"),
    submit=gettext_lazy("Record the allegation"),
    done=gettext_lazy("Allegation recorded."),
    intro=gettext_lazy(
        "As the interviewee tells it. Exact dates, the description and the location detail are encrypted."
    ),
)
EXAMINATION = _Addition(
    forms.ExaminationForm,
    services.examination_record,
    title=gettext_lazy("Record a medical examination"),
    submit=gettext_lazy("Record the examination"),
    done=gettext_lazy("Medical examination recorded."),
    intro=gettext_lazy("By a doctor of the delegation. Injuries and medical notes are encrypted."),
)
CONSENT = _Addition(
    forms.ConsentForm,
    _consent_record,
    title=gettext_lazy("Record consent"),
    submit=gettext_lazy("Record consent"),
    done=gettext_lazy("Consent recorded; it replaces the earlier one, which stays in the history."),
    form_takes_interview=False,
)
REPRISAL_RISK = _Addition(
    forms.ReprisalForm,
    services.reprisal_flag,
    title=gettext_lazy("Flag a risk of reprisals"),
    submit=gettext_lazy("Flag the risk"),
    done=gettext_lazy("Risk of reprisals flagged: the person is on the list to check on at the next visit."),
    intro=gettext_lazy("The reason is encrypted. Add follow-up actions on the interview page."),
    form_takes_interview=False,
)


def _add_to_interview(request: HttpRequest, pk: int, addition: _Addition) -> HttpResponse:
    interview = _found(selectors.recordable_interview, request.user, pk, "interview")
    given = {"interview": interview} if addition.form_takes_interview else {}
    return form_page(
        request,
        addition.form(posted(request), **given),
        template="testimony/form.html",
        save=saving(addition.record, str(addition.done), interview=interview, by=request.user),
        done=reverse("testimony:interview_detail", args=[interview.pk]),
        context={
            "interview": interview,
            "title": addition.title,
            "submit": addition.submit,
            "intro": addition.intro,
        },
    )


def _addition_page(addition: _Addition) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of one of the interview's forms (an allegation, an examination, consent, a risk)."""

    @recording_form
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _add_to_interview(request, pk, addition)

    return view


allegation_record = _addition_page(ALLEGATION)
examination_record = _addition_page(EXAMINATION)
consent_record = _addition_page(CONSENT)
reprisal_flag = _addition_page(REPRISAL_RISK)


# -- follow-up of a risk of reprisals --------------------------------------------------------------


def _back_from_risk(request: HttpRequest, risk: ReprisalRisk) -> str:
    """Where to go once a risk is recorded on: the interview it was opened from, when the user may read
    it, else the persons at risk in the State."""
    interview = request.POST.get("interview", "")
    if interview.isdigit() and Interview.objects.visible_to(request.user).filter(pk=int(interview)).exists():
        return reverse("testimony:interview_detail", args=[int(interview)])
    return reverse("testimony:at_risk", args=[risk.person.state.code])


def _risk_form_page(
    request: HttpRequest,
    risk: ReprisalRisk,
    form: django_forms.Form,
    *,
    save: Callable[[dict[str, Any]], str],
    title: StrOrPromise,
    submit: StrOrPromise,
) -> HttpResponse:
    return form_page(
        request,
        form,
        template="testimony/form.html",
        save=save,
        done=lazy(lambda: _back_from_risk(request, risk), str)(),  # read only after a POST
        context={
            "risk": risk,
            "title": title,
            "submit": submit,
            "back": request.GET.get("interview") or request.POST.get("interview", ""),
        },
    )


@recording_form
def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _found(selectors.risk_for_recording, request.user, pk, "risk")

    return _risk_form_page(
        request,
        risk,
        forms.FollowUpForm(posted(request)),
        save=saving(services.reprisal_follow_up, _("Follow-up action recorded."), risk=risk, by=request.user),
        title=_("Follow-up for %(code)s") % {"code": risk.person.code},
        submit=_("Record the action"),
    )


@recording_form
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _found(selectors.follow_up_for_recording, request.user, pk, "follow-up")

    return _risk_form_page(
        request,
        follow_up.risk,
        forms.FollowUpDoneForm(posted(request)),
        save=saving(
            services.reprisal_follow_up_done,
            _("Follow-up recorded as done."),
            follow_up=follow_up,
            by=request.user,
        ),
        title=_("Follow-up done for %(code)s") % {"code": follow_up.risk.person.code},
        submit=_("Record"),
    )


@record_interviews
@require_POST
def reprisal_close(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _found(selectors.risk_for_recording, request.user, pk, "risk")

    def close() -> str:
        services.reprisal_close(risk=risk, by=request.user)
        return _("Risk for %(code)s closed.") % {"code": risk.person.code}

    acted(request, close)
    return redirect(_back_from_risk(request, risk))


# -- persons at risk and aggregates ----------------------------------------------------------------


@view_interviews
@require_safe
def at_risk(request: HttpRequest, state_code: str) -> HttpResponse:
    state = _state_or_404(state_code)
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


def _filter_state(request: HttpRequest, wanted: str) -> State | None:
    """The State to count in (code or name); an unknown one is ignored, with a word to say so."""
    if not wanted:
        return None
    try:
        return resolve_state(wanted)
    except NotFound as problem:
        messages.warning(request, _("%(problem)s The filter is ignored.") % {"problem": problem})
        return None


@view_aggregates
@require_safe
def aggregates(request: HttpRequest) -> HttpResponse:
    form = forms.AggregateFilterForm(request.GET or None)
    state = place = None
    year = None
    if form.is_valid():
        data = form.cleaned_data
        state = _filter_state(request, data["state"])
        place = Place.objects.filter(ref=data["place"].strip()).first() if data["place"] else None
        year = data["year"]
        if data["place"] and place is None:
            messages.warning(
                request,
                _("No place %(ref)s in the register: the filter is ignored.") % {"ref": data["place"]},
            )
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
        "states": sorted(
            ((state.code, state.shown_name) for state in selectors.states()), key=lambda pair: pair[1]
        ),
        "years": selectors.aggregate_years(),
        "chosen": {
            "state": state.code if state else "",
            "place": place.ref if place else "",
            "year": year or "",
        },
    }
    return render(request, "testimony/aggregates.html", context)
