"""Pages of the standards app: the public catalogue, recording a measurement or a finding, and
a visit's and a place's measurements and findings.

The catalogue is public knowledge: anyone may read it. Everything measured on a
visit is confidential: ``Capability.VIEW_VISITS`` to read it, objects through
``Visit.objects.visible_to`` (404 otherwise); ``Capability.RECORD_ON_VISITS`` and
``Visit.objects.recordable_by`` to record. Writes go through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from custodiet.core.access import Capability, public, require
from custodiet.core.errors import DomainError
from custodiet.core.pages import posted
from custodiet.places.models import Place, PlaceType
from custodiet.standards import rules, selectors
from custodiet.standards.forms import FindingForm, MeasurementForm
from custodiet.standards.links import visit_url
from custodiet.standards.measures import FIELDS, MeasurementRefused, plain
from custodiet.standards.models import MeasurementKind
from custodiet.standards.services import (
    MeasurementRecorded,
    finding_write,
    measurement_record,
)
from custodiet.visits.models import Visit

# A service call on a valid form: the level and text of the message to show on the visit's page.
Record = Callable[[dict[str, Any]], tuple[int, str]]


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
                "limit": plain(spec.limit) if spec.limit is not None else "",
                "places": [place_labels[code] for code in PlaceType.values if code in spec.place_types],
                "all_places": spec.place_types >= set(PlaceType.values),
            }
        )
    kinds = [
        {"kind": kind, "label": label, "fields": FIELDS[kind]} for kind, label in MeasurementKind.choices
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
    head = _("%(kind)s recorded at %(where)s.") % {"kind": measurement.get_kind_display(), "where": where}
    if result.findings:
        titles = "; ".join(
            finding.standard.title if finding.standard else finding.text for finding in result.findings
        )
        count = len(result.findings)
        found = ngettext("%(count)d finding: %(titles)s.", "%(count)d findings: %(titles)s.", count)
        return f"{head} {found % {'count': count, 'titles': titles}}"
    if result.checked:
        checked = len(result.checked)
        none = ngettext(
            "No standard was breached (%(count)d checked).",
            "No standard was breached (%(count)d checked).",
            checked,
        )
        return f"{head} {none % {'count': checked}}"
    applies = _(
        "No standard in the catalogue applies to this measurement at a %(type)s; no finding was made."
    ) % {"type": measurement.place.get_type_display().lower()}
    return f"{head} {applies}"


def _itinerary(visit: Visit) -> QuerySet[Place]:
    return Place.objects.filter(stops__visit=visit).distinct().order_by("name_en", "name_local")


def _record_page(
    request: HttpRequest,
    visit: Visit,
    form: Form,
    *,
    template: str,
    record: Record,
    context: dict[str, Any],
) -> HttpResponse:
    """A form that records on a visit: a valid POST calls ``record`` and goes to the visit's page with its
    message. Every problem the service finds is listed above the form (status 400) and nothing is recorded.

    Not ``core.pages.form_page``: a refused measurement lists each of its problems, and the message of a
    recorded one is a warning when it gave findings."""
    if request.method == "POST" and form.is_valid():
        try:
            level, message = record(form.cleaned_data)
        except DomainError as problem:
            reasons = problem.problems if isinstance(problem, MeasurementRefused) else [str(problem)]
            for reason in reasons:
                form.add_error(None, reason)
        else:
            messages.add_message(request, level, message)
            return redirect(visit_url(visit.pk))
    status = 400 if request.method == "POST" else 200
    page = {**context, "visit": visit, "form": form, "visit_url": visit_url(visit.pk)}
    return render(request, template, page, status=status)


@require(Capability.RECORD_ON_VISITS)
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Record a measurement; the kind is chosen first (?kind=...), its values second."""
    visit = get_object_or_404(Visit.objects.recordable_by(request.user), pk=visit_pk)
    places = _itinerary(visit)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind") or MeasurementKind.CELL_SPACE
    if kind not in FIELDS:
        kind = MeasurementKind.CELL_SPACE
    # No day filled in (it is asked for: a day of the visit put there would be recorded as if stated).
    form = MeasurementForm(
        posted(request), kind=kind, places=places, initial={"place": request.GET.get("place")}
    )

    def record(data: dict[str, Any]) -> tuple[int, str]:
        result = measurement_record(
            visit=visit,
            place=data["place"],
            kind=kind,
            values=form.values(),
            location=data["location"],
            measured_on=data["measured_on"],
            by=request.user,
            note=data["note"],
        )
        return (messages.WARNING if result.findings else messages.SUCCESS), _recorded_message(result)

    context = {
        "kind": kind,
        "kind_label": MeasurementKind(kind).label,
        "kinds": MeasurementKind.choices,
        "no_places": not places.exists(),
    }
    return _record_page(
        request, visit, form, template="standards/measurement_form.html", record=record, context=context
    )


@require(Capability.RECORD_ON_VISITS)
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Write a finding the delegation established itself (no measurement behind it)."""
    visit = get_object_or_404(Visit.objects.recordable_by(request.user), pk=visit_pk)
    places = _itinerary(visit)
    form = FindingForm(posted(request), places=places)

    def record(data: dict[str, Any]) -> tuple[int, str]:
        finding_write(
            visit=visit,
            place=data["place"],
            text=data["text"],
            location=data["location"],
            observed_on=data["observed_on"],
            by=request.user,
        )
        return messages.SUCCESS, _("The finding is recorded.")

    return _record_page(
        request,
        visit,
        form,
        template="standards/finding_form.html",
        record=record,
        context={"no_places": not places.exists()},
    )
