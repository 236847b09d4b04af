"""Pages of the register of places: the list, a place, forms to create and edit, figures, import.

Reading needs ``Capability.VIEW_PLACES``; every change needs
``Capability.EDIT_PLACES`` and goes through ``custodiet.places.services``.
The forms are shown with ``custodiet.core.pages.form_page``. The list and the
place page run a fixed number of queries whatever the size of the register and
of a place's history. All pages work without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core.access import Capability, require
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.pages import chosen_date, form_page, posted
from custodiet.ops.jobs import job_enqueue
from custodiet.ops.paging import keyset_page
from custodiet.places import selectors
from custodiet.places.chart import occupancy_chart
from custodiet.places.forms import ImportForm, PlaceForm, PopulationForm
from custodiet.places.jobs import IMPORT
from custodiet.places.locking import EditConflict, Snapshot, merged
from custodiet.places.models import Place
from custodiet.places.occupancy import occupancy_history, occupancy_on
from custodiet.places.rules import PlaceType
from custodiet.places.services import place_create, place_update, population_record

PAGE_SIZE = 50
HISTORY_ROWS = 200  # the newest figures shown in the table unless ?history=all


def _place_or_404(request: HttpRequest, pk: int) -> Place:
    try:
        return selectors.place_detail(user=request.user, pk=pk)
    except Place.DoesNotExist:
        raise Http404(_("No such place in the register")) from None


def _page_of(place: Place) -> str:
    return reverse("places:place_detail", args=[place.pk])


@require(Capability.VIEW_PLACES)
@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    on, date_error = chosen_date(request)
    filters = selectors.PlaceFilters.from_params(request.GET)
    places = selectors.place_list(user=request.user, filters=filters)
    keyset = keyset_page(places, request.GET, order=selectors.list_order(filters), per_page=PAGE_SIZE)
    rows = keyset.rows
    occupancy = selectors.occupancies(rows, on)
    asked_on = {"on": request.GET["on"]} if request.GET.get("on") else {}
    context: dict[str, Any] = {
        "keyset": keyset,
        "count": places.count(),
        "rows": [(place, occupancy[place.pk]) for place in rows],
        "filters": filters,
        "on": on,
        "date_error": date_error,
        "states": selectors.states_with_places(),
        "regions": selectors.regions(filters=filters),
        "types": PlaceType.choices,
        "query_string": urlencode({**filters.as_params(), **asked_on}),  # the filters as understood
        "on_query": urlencode(asked_on) if asked_on and not date_error else "",
    }
    return render(request, "places/place_list.html", context)


def place_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What a place's page shows of the place itself: the entry, occupancy on the chosen date, its history.

    The page (custodiet.site.views.place_detail) adds what other apps record about the place.
    """
    place = _place_or_404(request, pk)
    on, date_error = chosen_date(request)
    records = selectors.population_history(place)
    figures = selectors.figures_of(records)
    occupancy = occupancy_on(figures, place_capacity=place.capacity, on=on)
    points = occupancy_history(figures, place_capacity=place.capacity)
    name = place.name_en or place.name_local
    chart = occupancy_chart(
        points, title=_("Occupancy of %(place)s") % {"place": name}, chart_id=f"occupancy-{place.pk}"
    )
    history = list(zip(records, points, strict=True))[::-1]
    show_all = request.GET.get("history") == "all"
    return {
        "place": place,
        "on": on,
        "date_error": date_error,
        "occupancy": occupancy,
        "chart": mark_safe(chart),  # noqa: S308 - chart.py escapes every text it writes
        "history": history if show_all else history[:HISTORY_ROWS],
        "history_total": len(history),
        "history_cut": not show_all and len(history) > HISTORY_ROWS,
    }


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_create_view(request: HttpRequest) -> HttpResponse:
    created: list[Place] = []

    def save(data: dict[str, Any]) -> str:
        data.pop("snapshot", None)
        created.append(place_create(by=request.user, **data))
        return _("%(place)s was added to the register.") % {"place": created[0]}

    return form_page(
        request,
        PlaceForm(posted(request)),
        template="places/place_form.html",
        save=save,
        done=lambda: _page_of(created[0]),  # the new place's page, known once it is saved
        context={"place": None},
    )


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Not a form_page: when someone else saved the place since this form was opened, the form comes back
    merged (this editor's changes over what was saved) with what the other one changed
    (custodiet.places.locking)."""
    place = _place_or_404(request, pk)
    form = PlaceForm(posted(request), initial=PlaceForm.initial_for(place))
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = Snapshot.read(form.cleaned_data["snapshot"])
            place_update(
                place=place,
                by=request.user,
                changes=form.place_values(),
                expected_version=snapshot.version,
                started_from=snapshot.values,
            )
        except EditConflict as clash:
            conflict = clash
            values = PlaceForm.values_of(clash.current)
            data = merged(snapshot.values, values, form.place_values())
            form = PlaceForm({**data, "snapshot": Snapshot.of(clash.current.version, values).sign()})
            form.is_valid()
        except (DomainError, ValueError) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("%(place)s is saved.") % {"place": place})
            return redirect(_page_of(place))
    labels = {
        name: str(field.label or name.replace("_", " ").capitalize()) for name, field in form.fields.items()
    }
    rows = [(labels.get(change.name, change.name), change) for change in conflict.changes] if conflict else []
    return render(
        request,
        "places/place_form.html",
        {"form": form, "place": place, "conflict": conflict, "conflict_rows": rows},
    )


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def population_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_or_404(request, pk)

    def save(data: dict[str, Any]) -> str:
        population_record(place=place, by=request.user, **data)
        return _("The figure of %(day)s is recorded.") % {"day": shown_date(data["on"])}

    return form_page(
        request,
        PopulationForm(posted(request)),
        template="places/population_form.html",
        save=save,
        done=_page_of(place),
        context={"place": place},
    )


@require(Capability.EDIT_PLACES)
@require_http_methods(["GET", "POST"])
def place_import(request: HttpRequest) -> HttpResponse:
    """The file is checked and imported in the background (custodiet.places.jobs): the page sends the
    user to the job's page, which shows the progress, then the summary or every problem with its line."""
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        started = job_enqueue(
            IMPORT,
            by=request.user,
            title=f"Import of {upload.name}{' (dry run)' if dry_run else ''} into the register of places",
            arguments={"name": upload.name, "dry_run": dry_run},
            input=upload.read(),
            input_name=upload.name,
        )
        return redirect("ops:job_detail", started.pk)
    return render(request, "places/place_import.html", {"form": form})
