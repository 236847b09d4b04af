"""Treaty pages: the list of states, a state's record and coverage, instruments and their parties.

Treaty records are public: anyone may read these pages. A State is named in the
URL by its ISO code (RU, RUS) or its name, an instrument by its code, title or
alias (``selectors.resolve_state`` / ``resolve_instrument``); an unknown one is a
404. Each page runs a fixed number of queries, whatever the number of actions on
record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from custodiet.core import clock
from custodiet.core.access import public
from custodiet.core.errors import NotFound
from custodiet.core.pages import chosen_date
from custodiet.treaties import selectors
from custodiet.treaties.models import CommitteeMembership, Instrument, RecordNote, State, TreatyAction
from custodiet.treaties.presenters import chart_rows, committee_summary, coverage_dict, status_dict

Found = TypeVar("Found")


def _or_404(resolve: Callable[[str], Found], wanted: str) -> Found:
    """What a resolver finds for the URL's text; its NotFound becomes the page's 404."""
    try:
        return resolve(wanted)
    except NotFound as missing:
        raise Http404(str(missing)) from missing


def _matches(row: dict[str, Any], lowered: str) -> bool:
    """A state row answers a search by part of its English or French name, or by its whole code."""
    return (
        lowered in row["name_en"].lower()
        or lowered in row["name_fr"].lower()
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


@public
@require_safe
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    state: State = _or_404(selectors.resolve_state, code)
    on, date_error = chosen_date(request)
    today = clock.today()
    specs = selectors.instrument_specs()
    engine = selectors.engine_for_state(state, specs)
    bodies = selectors.bodies_for_state(state)
    instruments = sorted(
        (spec for spec in specs.values() if engine.actions(state.code, spec.code)),
        key=lambda spec: spec.adopted_on,
    )
    rows: list[dict[str, Any]] = [
        {
            "spec": spec,
            "today": status_dict(engine.status(state.code, spec.code, today, today=today)),
            "on": status_dict(engine.status(state.code, spec.code, on, today=today)),
        }
        for spec in instruments
    ]
    context = {
        "state": state,
        "on": on,
        "today": today,
        "date_error": date_error,
        "rows": rows,
        "warnings": [row for row in rows if row["today"]["domestic_denunciation_without_notification"]],
        "coverage": coverage_dict(engine.coverage(state.code, on, bodies, today=today)),
        "coverage_today": engine.coverage(state.code, today, bodies, today=today).summary,
        "timeline": TreatyAction.objects.filter(state=state)
        .select_related("instrument")
        .order_by("on", "id"),
        "notes": RecordNote.objects.filter(state=state).select_related("instrument"),
        "seats": CommitteeMembership.objects.filter(seat_state=state)
        .select_related("body")
        .order_by("-term_end"),
    }
    return render(request, "treaties/state_detail.html", context)


@public
@require_safe
def instrument_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "treaties/instrument_list.html", {"instruments": Instrument.objects.order_by("adopted_on")}
    )


@public
@require_safe
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument: Instrument = _or_404(selectors.resolve_instrument, code)
    on, date_error = chosen_date(request)
    specs = selectors.instrument_specs()
    spec = specs[instrument.code]
    engine = selectors.engine_for_instrument(instrument.code, specs)
    names = dict(State.objects.filter(code__in=engine.states(instrument.code)).values_list("code", "name_en"))
    rows = chart_rows(engine, instrument.code, on, today=clock.today(), names=names)
    parties = [row for row in rows if row.status.bound]
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
        "committee": committee,
    }
    return render(request, "treaties/instrument_detail.html", context)
