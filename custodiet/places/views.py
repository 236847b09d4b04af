"""Pages of the register of places: the list, a place, forms to create and edit, figures, import.

Reading needs ``Capability.VIEW_PLACES``; every change needs
``Capability.EDIT_PLACES`` and goes through ``custodiet.places.services``.
The list and the place page run a fixed number of queries whatever the size of
the register and of a place's history. All pages work without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, can, require
from custodiet.core.dates import parse_query_date
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.pages import posted as _posted
from custodiet.places import selectors
from custodiet.places.chart import occupancy_chart
from custodiet.places.forms import ImportForm, PlaceForm, PopulationForm
from custodiet.places.models import Place
from custodiet.places.occupancy import occupancy_history, occupancy_on
from custodiet.places.rules import PlaceType
from custodiet.places.services import place_create, place_update, places_import, population_record
from custodiet.standards.selectors import place_record
from custodiet.visits.selectors import visits_for_place

PAGE_SIZE = 50
HISTORY_ROWS = 200  # the newest figures shown in the table unless ?history=all
VISITS_SHOWN = 20  # the most recent visits on the place page


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


def _place_or_404(request: HttpRequest, pk: int) -> Place:
    try:
        return selectors.place_detail(user=request.user, pk=pk)
    except Place.DoesNotExist:
        raise Http404("No such place in the register") from None


@require(Capability.VIEW_PLACES)
@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    on, date_error = chosen_date(request)
    filters = selectors.PlaceFilters.from_params(request.GET)
    paginator = Paginator(selectors.place_list(user=request.user, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    occupancy = selectors.occupancies(rows, on)
    keep = {**filters.as_params(), **({"on": request.GET["on"]} if request.GET.get("on") else {})}
    context: dict[str, Any] = {
        "page": page,
        "rows": [(place, occupancy[place.pk]) for place in rows],
        "filters": filters,
        "on": on,
        "date_error": date_error,
        "states": selectors.states_with_places(),
        "regions": selectors.regions(state=filters.state),
        "types": PlaceType.choices,
        "query_string": urlencode(keep),
        "on_query": urlencode({"on": request.GET["on"]}) if request.GET.get("on") and not date_error else "",
    }
    return render(request, "places/place_list.html", context)


@require(Capability.VIEW_PLACES)
@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_or_404(request, pk)
    on, date_error = chosen_date(request)
    records = selectors.population_history(place)
    figures = selectors.figures_of(records)
    occupancy = occupancy_on(figures, place_capacity=place.capacity, on=on)
    points = occupancy_history(figures, place_capacity=place.capacity)
    name = place.name_en or place.name_local
    chart = occupancy_chart(points, title=f"Occupancy of {name}", chart_id=f"occupancy-{place.pk}")
    history = list(zip(records, points, strict=True))[::-1]
    show_all = request.GET.get("history") == "all"
    context: dict[str, Any] = {
        "place": place,
        "on": on,
        "date_error": date_error,
        "occupancy": occupancy,
        "chart": mark_safe(chart),  # noqa: S308 - chart.py escapes every text it writes
        "history": history if show_all else history[:HISTORY_ROWS],
        "history_total": len(history),
        "history_cut": not show_all and len(history) > HISTORY_ROWS,
    }
    if can(request.user, Capability.VIEW_VISITS):
        context["visits"] = visits_for_place(place, request.user, limit=VISITS_SHOWN)
        context["visits_limit"] = VISITS_SHOWN
        context["standards_record"] = place_record(place, request.user)
    return render(request, "places/place_detail.html", context)


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_create_view(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            place = place_create(by=request.user, **form.cleaned_data)
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{place} was added to the register.")
            return redirect("places:place_detail", pk=place.pk)
    return render(request, "places/place_form.html", {"form": form, "place": None})


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_or_404(request, pk)
    form = PlaceForm(_posted(request), initial=PlaceForm.initial_for(place))
    if request.method == "POST" and form.is_valid():
        try:
            place_update(place=place, by=request.user, changes=form.cleaned_data)
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{place} is saved.")
            return redirect("places:place_detail", pk=place.pk)
    return render(request, "places/place_form.html", {"form": form, "place": place})


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def population_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_or_404(request, pk)
    form = PopulationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            population_record(place=place, by=request.user, **form.cleaned_data)
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"The figure of {form.cleaned_data['on'].isoformat()} is recorded.")
            return redirect("places:place_detail", pk=place.pk)
    return render(request, "places/population_form.html", {"form": form, "place": place})


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "problems": None, "summary": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        try:
            summary = places_import(data=upload.read(), name=upload.name, by=request.user, commit=not dry_run)
        except ImportRejected as rejected:
            context["problems"] = rejected.problems
            context["file_name"] = upload.name
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            context["summary"] = summary
            context["file_name"] = upload.name
    return render(request, "places/place_import.html", context)
