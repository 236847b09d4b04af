"""Pages of the standards app: the public catalogue, recording a measurement or a finding, and
a visit's and a place's measurements and findings.

The catalogue is public knowledge: anyone may read it. Everything measured on a
visit is confidential: ``Capability.VIEW_VISITS`` to read it, objects through
``Visit.objects.visible_to`` (404 otherwise); ``Capability.RECORD_ON_VISITS`` and
``Visit.objects.recordable_by`` to record. Writes go through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core import clock
from custodiet.core.access import Capability, public, require
from custodiet.core.errors import DomainError
from custodiet.places.models import Place, PlaceType
from custodiet.standards import rules, selectors
from custodiet.standards.forms import FindingForm, MeasurementForm, default_day
from custodiet.standards.models import MeasurementKind
from custodiet.standards.services import (
    MeasurementRecorded,
    finding_write,
    measurement_record,
    visit_window,
)
from custodiet.visits.models import Visit


def visit_url(visit_pk: int) -> str:
    """The visit's page (the visits app's), or this app's record of the visit until that page exists."""
    try:
        return reverse("visits:visit_detail", args=[visit_pk])
    except NoReverseMatch:
        return reverse("standards:visit_record", args=[visit_pk])


@public
@require_safe
def standard_list(request: HttpRequest) -> HttpResponse:
    """The catalogue, grouped by what is measured, in the order of the shipped file; public."""
    place_labels = dict(PlaceType.choices)
    kind_order = {kind: index for index, kind in enumerate(MeasurementKind.values)}
    file_order = {spec.code: index for index, spec in enumerate(rules.catalogue())}
    standards = sorted(
        selectors.standard_list(),
        key=lambda row: (kind_order.get(row.measure, 99), file_order.get(row.code, 999), row.code),
    )
    groups: dict[str, dict[str, Any]] = {}
    for standard in standards:
        spec = rules.spec_from_data(standard.spec)
        group = groups.setdefault(
            standard.measure,
            {"kind": standard.measure, "label": standard.get_measure_display(), "standards": []},
        )
        group["standards"].append(
            {
                "standard": standard,
                "spec": spec,
                "limit": rules.plain(spec.limit) if spec.limit is not None else "",
                "places": [place_labels[code] for code in PlaceType.values if code in spec.place_types],
                "all_places": spec.place_types >= set(PlaceType.values),
            }
        )
    kinds = [
        {"kind": kind, "label": label, "fields": rules.FIELDS[kind]}
        for kind, label in MeasurementKind.choices
    ]
    return render(request, "standards/standard_list.html", {"groups": list(groups.values()), "kinds": kinds})


@require(Capability.VIEW_VISITS)
def visit_record(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """A visit's measurements and findings (the visit's own page includes the same partial)."""
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=visit_pk)
    record = selectors.visit_record(visit, request.user)
    return render(request, "standards/visit_record.html", {"visit": visit, "record": record})


@require(Capability.VIEW_VISITS)
def place_record(request: HttpRequest, place_pk: int) -> HttpResponse:
    """A place's measurements and findings over time, from the visits the user may see."""
    place = get_object_or_404(Place.objects.all(), pk=place_pk)
    record = selectors.place_record(place, request.user)
    return render(request, "standards/place_record.html", {"place": place, "record": record})


def _recorded_message(result: MeasurementRecorded) -> str:
    measurement = result.measurement
    where = measurement.location or str(measurement.place)
    head = f"{measurement.get_kind_display()} recorded at {where}."
    if result.findings:
        titles = "; ".join(
            finding.standard.title if finding.standard else finding.text for finding in result.findings
        )
        count = len(result.findings)
        return f"{head} {count} finding{'s' if count != 1 else ''}: {titles}."
    if result.checked:
        return f"{head} No standard was breached ({len(result.checked)} checked)."
    return (
        f"{head} No standard in the catalogue applies to this measurement at a "
        f"{measurement.place.get_type_display().lower()}; no finding was made."
    )


@require(Capability.RECORD_ON_VISITS)
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Record a measurement; the kind is chosen first (?kind=...), its values second."""
    visit = get_object_or_404(Visit.objects.recordable_by(request.user), pk=visit_pk)
    places = Place.objects.filter(stops__visit=visit).distinct().order_by("name_en", "name_local")
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind") or MeasurementKind.CELL_SPACE
    if kind not in rules.FIELDS:
        kind = MeasurementKind.CELL_SPACE
    today = clock.today()
    problems: list[str] = []
    if request.method == "POST":
        form = MeasurementForm(request.POST, kind=kind, places=places)
        if form.is_valid():
            try:
                result = measurement_record(
                    visit=visit,
                    place=form.cleaned_data["place"],
                    kind=kind,
                    values=form.values(),
                    location=form.cleaned_data["location"],
                    measured_on=form.cleaned_data["measured_on"],
                    by=request.user,  # type: ignore[arg-type]
                    note=form.cleaned_data["note"],
                )
            except rules.MeasurementRefused as refused:
                problems = refused.problems
            except DomainError as problem:
                problems = [str(problem)]
            else:
                level = messages.WARNING if result.findings else messages.SUCCESS
                messages.add_message(request, level, _recorded_message(result))
                return redirect(visit_url(visit.pk))
    else:
        start, end = visit_window(visit, today)
        form = MeasurementForm(
            kind=kind,
            places=places,
            initial={"measured_on": default_day(start, end, today), "place": request.GET.get("place")},
        )
    status = 400 if request.method == "POST" else 200
    context = {
        "visit": visit,
        "form": form,
        "kind": kind,
        "kind_label": MeasurementKind(kind).label,
        "kinds": MeasurementKind.choices,
        "problems": problems,
        "visit_url": visit_url(visit.pk),
        "no_places": not places.exists(),
    }
    return render(request, "standards/measurement_form.html", context, status=status)


@require(Capability.RECORD_ON_VISITS)
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Write a finding the delegation established itself (no measurement behind it)."""
    visit = get_object_or_404(Visit.objects.recordable_by(request.user), pk=visit_pk)
    places = Place.objects.filter(stops__visit=visit).distinct().order_by("name_en", "name_local")
    problems: list[str] = []
    if request.method == "POST":
        form = FindingForm(request.POST, places=places)
        if form.is_valid():
            try:
                finding_write(
                    visit=visit,
                    place=form.cleaned_data["place"],
                    text=form.cleaned_data["text"],
                    location=form.cleaned_data["location"],
                    observed_on=form.cleaned_data["observed_on"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except DomainError as problem:
                problems = [str(problem)]
            else:
                messages.success(request, "The finding is recorded.")
                return redirect(visit_url(visit.pk))
    else:
        today = clock.today()
        start, end = visit_window(visit, today)
        form = FindingForm(places=places, initial={"observed_on": default_day(start, end, today)})
    status = 400 if request.method == "POST" else 200
    context = {
        "visit": visit,
        "form": form,
        "problems": problems,
        "visit_url": visit_url(visit.pk),
        "no_places": not places.exists(),
    }
    return render(request, "standards/finding_form.html", context, status=status)
