"""Treaty pages: the list of States, a State's record and coverage, instruments and their parties, every
State's coverage on a date (with a chart over the years), what changed between two dates, and the
secretariat's form to record a notification of denunciation.

Treaty records are public: anyone may read these pages; recording a notification needs
``treaties.edit``. A State is named in the URL by its ISO code (RU, RUS) or its name, an
instrument by its code, title or alias (``selectors.resolve_state`` / ``resolve_instrument``); an
unknown one is a 404. Each page runs a fixed number of queries, whatever the number of acts on
record. What the engine says on the State, instrument and coverage pages is kept per version of the
treaty data, day asked and today (``custodiet.treaties.kept``): a page computes it once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, can, public, require
from custodiet.core.dates import parse_query_date
from custodiet.core.errors import NotFound
from custodiet.core.pages import chosen_date, form_page, posted
from custodiet.core.templatetags.custodiet_dates import day
from custodiet.ops.paging import keyset_page, query_without_cursor
from custodiet.treaties import kept, selectors, services, world
from custodiet.treaties.forms import NotificationForm
from custodiet.treaties.models import CommitteeMembership, Instrument, RecordNote, State, TreatyAction
from custodiet.treaties.presenters import changes_dict, committee_summary

Found = TypeVar("Found")


def _or_404(resolve: Callable[[str], Found], wanted: str) -> Found:
    """What a resolver finds for the URL's text; its NotFound becomes the page's 404."""
    try:
        return resolve(wanted)
    except NotFound as missing:
        raise Http404(str(missing)) from missing


def _matches(row: dict[str, Any], lowered: str) -> bool:
    """A state row answers a search by part of its English or French name, its name in the interface's
    language, or by its whole code."""
    return (
        lowered in row["name_en"].lower()
        or lowered in row["name_fr"].lower()
        or lowered in row["shown_name"].lower()
        or lowered in (row["code"].lower(), row["code3"].lower())
    )


@public
@require_safe
def state_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    states = selectors.states_with_actions()
    if query:
        states = [row for row in states if _matches(row, query.lower())]
    return render(request, "treaties/state_list.html", {"states": states, "query": query})


TIMELINE_PER_PAGE = 100  # acts of a State shown at once on its page
TIMELINE_COLUMNS = (  # what the timeline shows of each act (treaties/state_detail.html)
    "on",
    "precision",
    "effective_on",
    "kind",
    "detail",
    "until",
    "note",
    "confidence",
    "source",
    "instrument__short_title",
)


def _short(text: str, limit: int) -> str:
    """``text|truncatechars:limit``, without the Truncator for a text that fits (most sources do)."""
    return unicodedata.normalize("NFC", text) if len(text) <= limit else truncatechars(text, limit)


def _shown_act(action: TreatyAction) -> dict[str, Any]:
    """One act of the timeline as its row shows it, written here rather than by a dozen template filters a
    row: a page of 100 acts rendered in a fraction of the time (the output is the same)."""
    if action.precision == "month":
        on = date_filter(action.on, "YEAR_MONTH_FORMAT")
    elif action.precision == "year":
        on = date_filter(action.on, "Y")
    else:
        on = day(action.on)
    linked = action.source[:4] == "http"
    return {
        "on": on,
        "effective": day(action.effective_on)
        if action.effective_on and action.effective_on != action.on
        else "",
        "instrument": action.instrument.short_title,
        "kind": action.get_kind_display(),
        "detail": action.detail,
        "until": day(action.until) if action.until else "",
        "note": _short(action.note, 300) if action.note else "",
        "settled": action.confidence in ("certain", "sourced"),
        "confidence": action.get_confidence_display(),
        "source": action.source,
        "linked": linked,
        "source_short": _short(action.source, 48 if linked else 160),
    }


@public
@require_safe
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    state: State = _or_404(selectors.resolve_state, code)
    on, date_error = chosen_date(request)
    today = clock.today()
    answers = kept.state_answers(state, on, today)  # the engine's, kept per version of the treaty data
    rows = answers["rows"]
    timeline = keyset_page(  # paged: a State with thousands of recorded acts costs what one with fifty does
        TreatyAction.objects.filter(state=state)
        .select_related("instrument")
        .only(*TIMELINE_COLUMNS),  # not the instruments' clauses, a JSON document read for each row
        request.GET,
        order=(("on", False), ("id", False)),
        per_page=TIMELINE_PER_PAGE,
    )
    context = {
        "state": state,
        "on": on,
        "today": today,
        "date_error": date_error,
        "rows": rows,
        "warnings": [  # once per treaty: an amending protocol that follows its treaty shares its card
            row
            for row in rows
            if row["today"]["domestic_denunciation_without_notification"] and not row["spec"].part_of
        ],
        "coverage": answers["coverage"],
        "coverage_today": answers["coverage_today"],
        "may_record": can(request.user, Capability.EDIT_TREATIES),
        "timeline": [_shown_act(action) for action in timeline.rows],
        "keyset": timeline,
        "query_string": query_without_cursor(request.GET),
        "notes": RecordNote.objects.filter(state=state).select_related("instrument"),
        "seats": CommitteeMembership.objects.filter(seat_state=state)
        .select_related("body")
        .order_by("-term_end"),
    }
    return render(request, "treaties/state_detail.html", context)


@public
@require_safe
def instrument_list(request: HttpRequest) -> HttpResponse:
    charts = {chart.instrument.code: chart for chart in selectors.charts()}
    instruments = [
        {"instrument": row, "chart": charts.get(row.code)}
        for row in Instrument.objects.order_by("adopted_on")
    ]
    return render(request, "treaties/instrument_list.html", {"instruments": instruments})


@public
@require_safe
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument: Instrument = _or_404(selectors.resolve_instrument, code)
    on, date_error = chosen_date(request)
    answers = kept.instrument_answers(instrument.code, on, clock.today())  # kept per version of the data
    spec, rows, chart = answers["spec"], answers["rows"], answers["chart"]
    parties = [row for row in rows if row.status["answer"] == "bound"]
    committee = None
    if spec.committee is not None:
        recorded = (
            CommitteeMembership.objects.filter(body__code=spec.committee.body)
            .select_related("seat_state")
            .order_by("seat_state__name_en")
        )
        committee = {**committee_summary(spec, len(parties), on), "recorded": recorded}
    context = {
        "instrument": instrument,
        "spec": spec,
        "on": on,
        "date_error": date_error,
        "rows": rows,
        "parties": parties,
        "uncertain": [row for row in rows if row.status["answer"] == "uncertain"],
        "chart": chart,
        "chart_complete": chart is not None and chart.covers(on),
        "unverified": sum(1 for row in rows if row.unverified),
        "committee": committee,
    }
    return render(request, "treaties/instrument_detail.html", context)


@public
@require_safe
def coverage_world(request: HttpRequest) -> HttpResponse:
    """Every State on a date: which bodies may visit (yes, uncertain, unknown, no), and the years' chart."""
    on, date_error = chosen_date(request)
    context = {"on": on, "date_error": date_error, **kept.coverage_answer(on, clock.today())}
    return render(request, "treaties/coverage_world.html", context)


def _asked_date(request: HttpRequest, name: str, default: date) -> tuple[date, str | None]:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default, None
    try:
        return parse_query_date(raw), None
    except ValueError as problem:
        return default, f"{name}: {problem}; showing {default.isoformat()} instead."


@public
@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """What changed between two dates, for one State (``?state=``) or for every State."""
    today = clock.today()
    end, end_error = _asked_date(request, "to", today)
    start, start_error = _asked_date(request, "from", date(end.year - 1, 1, 1))
    errors = [error for error in (start_error, end_error) if error]
    if end <= start:
        errors.append(f"The second date must come after the first; showing {start.year - 1} to {start}.")
        start, end = date(start.year - 1, start.month, 1), start
    names = selectors.state_names()
    wanted = request.GET.get("state", "").strip()
    state = _or_404(selectors.resolve_state, wanted) if wanted else None
    if state is not None:
        engine = selectors.engine_for_state(state)
        found = [
            world.state_changes(
                engine, state.code, selectors.bodies_for_state(state), start, end, today=today
            )
        ]
    else:
        engine = selectors.engine_for_all()
        found = world.world_changes(engine, engine.all_states(), selectors.international_bodies(), start, end)
    context = {
        "start": start,
        "end": end,
        "errors": errors,
        "state": state,
        "found": [changes_dict(item, names) for item in found],
    }
    return render(request, "treaties/changes.html", context)


@require(Capability.EDIT_TREATIES)
def notification_new(request: HttpRequest, code: str) -> HttpResponse:
    """The secretariat records the day the depositary received a notification of denunciation."""
    state: State = _or_404(selectors.resolve_state, code)
    specs = selectors.instrument_specs()
    choices = [
        (row.code, f"{row.short_title} ({row.code})")
        for row in Instrument.objects.filter(actions__state=state).distinct().order_by("adopted_on")
        if specs[row.code].denunciation is not None
    ]
    form = NotificationForm(posted(request), instruments=choices)

    def save(data: dict[str, Any]) -> str:
        instrument = Instrument.objects.get(code=data["instrument"])
        status = services.notification_received(
            state=state, instrument=instrument, given=data, by=request.user
        )
        return _("Notification recorded. %(title)s, today: %(summary)s.") % {
            "title": instrument.short_title,
            "summary": status.summary.shown(),
        }

    return form_page(
        request,
        form,
        template="treaties/notification_form.html",
        save=save,
        done=reverse("treaties:state_detail", args=[state.code]),
        context={"state": state},
    )
