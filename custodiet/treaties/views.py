"""Treaty pages: the list of states, a state's record and coverage, instruments and their parties.

Treaty records are public: anyone may read these pages. Each page runs a fixed
number of queries, whatever the number of actions on record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from custodiet.core import clock
from custodiet.core.access import public
from custodiet.core.dates import parse_query_date
from custodiet.treaties import selectors
from custodiet.treaties.models import CommitteeMembership, Instrument, RecordNote, State, TreatyAction
from custodiet.treaties.presenters import coverage_dict, status_dict
from custodiet.treaties.rules import reelections_allowed


def chosen_date(request: HttpRequest) -> tuple[date, str | None]:
    """The ``?on=`` date, or today; a bad value falls back to today with a message to show."""
    today = clock.today()
    raw = request.GET.get("on", "").strip()
    if not raw:
        return today, None
    try:
        return parse_query_date(raw), None
    except ValueError as problem:
        return today, f"{problem}; showing today instead."


@public
@require_safe
def state_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    states = selectors.states_with_actions()
    if query:
        lowered = query.lower()
        states = [
            row
            for row in states
            if lowered in row["name_en"].lower()
            or lowered in row["name_fr"].lower()
            or lowered == row["code"].lower()
        ]
    return render(request, "treaties/state_list.html", {"states": states, "query": query})


@public
@require_safe
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    state = State.objects.filter(code=code.upper()).first()
    if state is None:
        raise Http404("No such state")
    on, date_error = chosen_date(request)
    today = clock.today()
    specs = selectors.instrument_specs()
    engine = selectors.engine_for_state(state, specs)
    instruments = [spec for spec in specs.values() if engine.actions(state.code, spec.code)]
    rows = [
        {
            "spec": spec,
            "today": status_dict(engine.status(state.code, spec.code, today, today=today)),
            "on": status_dict(engine.status(state.code, spec.code, on, today=today)),
        }
        for spec in sorted(instruments, key=lambda item: item.adopted_on)
    ]
    coverage = coverage_dict(engine.coverage(state.code, on, selectors.bodies_for_state(state), today=today))
    coverage_today = engine.coverage(state.code, today, selectors.bodies_for_state(state), today=today)
    timeline = TreatyAction.objects.filter(state=state).select_related("instrument").order_by("on", "id")
    context: dict[str, Any] = {
        "state": state,
        "on": on,
        "today": today,
        "date_error": date_error,
        "rows": rows,
        "warnings": [row for row in rows if row["today"]["domestic_denunciation_without_notification"]],
        "coverage": coverage,
        "coverage_today": coverage_today.summary,
        "timeline": timeline,
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
    instrument = Instrument.objects.filter(code=code.upper()).first()
    if instrument is None:
        raise Http404("No such instrument")
    on, date_error = chosen_date(request)
    today = clock.today()
    specs = selectors.instrument_specs()
    spec = specs[instrument.code]
    engine = selectors.engine_for_instrument(instrument.code, specs)
    names = dict(State.objects.filter(code__in=engine.states(instrument.code)).values_list("code", "name_en"))
    rows = []
    for state_code in engine.states(instrument.code):
        actions = engine.actions(state_code, instrument.code)
        status = engine.status(state_code, instrument.code, on, today=today)
        by_kind = {action.kind: action for action in actions}
        consent = next(
            (
                a
                for a in actions
                if a.kind
                in (
                    "ratification",
                    "acceptance",
                    "approval",
                    "accession",
                    "succession",
                    "definitive_signature",
                )
            ),
            None,
        )
        rows.append(
            {
                "code": state_code,
                "name": names.get(state_code, state_code),
                "signature": by_kind.get("signature"),
                "consent": consent,
                "denunciation": by_kind.get("denunciation"),
                "status": status,
                "uncertain": any(a.confidence in ("uncertain", "disputed") for a in actions)
                or status.uncertain,
            }
        )
    rows.sort(key=lambda row: row["name"])
    parties = [row for row in rows if row["status"].bound]
    committee = None
    if spec.committee is not None:
        times, article = reelections_allowed(spec, on)
        committee = {
            "rules": spec.committee,
            "seats": len(parties) if spec.committee.seats == "one_per_party" else spec.committee.seats,
            "reelections": times,
            "reelection_article": article,
            "recorded": CommitteeMembership.objects.filter(body__code=spec.committee.body)
            .select_related("seat_state")
            .order_by("seat_state__name_en"),
        }
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
