"""Writes to the standards app: loading the catalogue, recording measurements, writing findings.

Each function validates everything first and writes in one transaction, with an
audit entry for every row it creates: a refused measurement leaves nothing
behind. The evaluation itself is pure (``custodiet.standards.rules``, over the
values checked by ``custodiet.standards.measures``). Rows are saved with
``core.services.validated_save``: a broken constraint is a DomainError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, ensure_may_act, save_and_audit
from custodiet.places.models import Place, PlaceType, PopulationRecord
from custodiet.standards import measures, rules
from custodiet.standards.models import Finding, Measurement, Standard
from custodiet.visits.models import ItineraryStop, Visit

TEXT_LIMIT = 4000
LOCATION_LIMIT = 200


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def standards_load(*, entries: list[dict[str, Any]] | None = None) -> LoadSummary:
    """Load the catalogue (default: data/standards.json) into Standard; loading twice changes nothing.

    Every entry is checked before anything is written. Standards are never deleted:
    findings point at them.
    """
    entries = rules.read_catalogue() if entries is None else entries
    problems: list[str] = []
    specs: list[tuple[rules.StandardSpec, dict[str, Any]]] = []
    for entry in entries:
        try:
            spec = rules.spec_from_data(entry)
        except ValueError as problem:
            problems.append(str(problem))
            continue
        unknown = sorted(spec.place_types - set(PlaceType.values))
        if unknown:
            problems.append(f"standard {spec.code}: unknown place types {', '.join(unknown)}")
        specs.append((spec, entry))
    codes = [spec.code for spec, _data in specs]
    if len(set(codes)) != len(codes):
        problems.append("two standards share a code")
    if problems:
        raise DomainError("the catalogue was not loaded: " + "; ".join(problems))
    existing = {standard.code: standard for standard in Standard.objects.all()}
    created = updated = unchanged = 0
    for spec, entry in specs:
        fields = {
            "title": spec.title,
            "measure": spec.measure,
            "spec": entry,
            "source": spec.source,
            "source_url": spec.source_url,
        }
        standard = existing.get(spec.code)
        if standard is None:
            save_and_audit(
                Standard(code=spec.code, **fields), by=None, verb="standard.load", detail={"code": spec.code}
            )
            created += 1
        elif any(getattr(standard, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(standard, name, value)
            save_and_audit(standard, by=None, verb="standard.update", detail={"code": spec.code})
            updated += 1
        else:
            unchanged += 1
    return LoadSummary(created=created, updated=updated, unchanged=unchanged)


def visit_window(visit: Visit, today: date) -> tuple[date, date]:
    """The days on which a visit can have observed anything: its actual dates once started."""
    if visit.started_on is not None:
        return visit.started_on, visit.ended_on or today
    return visit.planned_start, visit.planned_end


def _visit_problems(*, visit: Visit, place: Place, on: date, by: Actor) -> list[str]:
    problems: list[str] = []
    ensure_may_act(
        Visit.objects.recordable_by(by),
        visit,
        _("You may not record on this visit: only the secretariat and its delegation may."),
    )
    if not ItineraryStop.objects.filter(visit=visit, place=place).exists():
        problems.append(_("%(place)s is not on this visit's itinerary") % {"place": place})
    today = clock.today()
    if on > today:
        problems.append(_("%(day)s is in the future") % {"day": shown_date(on)})
    else:
        start, end = visit_window(visit, today)
        if not start <= on <= end:
            problems.append(
                _("%(day)s is outside the visit's dates (%(start)s to %(end)s)")
                % {"day": shown_date(on), "start": shown_date(start), "end": shown_date(end)}
            )
    return problems


def _short(text: str, limit: int, what: str, problems: list[str]) -> str:
    text = text.strip()
    if len(text) > limit:
        problems.append(
            _("%(what)s is too long (%(length)d characters; at most %(limit)d)")
            % {"what": what, "length": len(text), "limit": limit}
        )
    return text


def population_on(place: Place, on: date) -> PopulationRecord | None:
    """The latest population figure on or before the date, if any was recorded."""
    return PopulationRecord.objects.filter(place=place, on__lte=on).order_by("-on").first()


def _checked_values(
    kind: str, values: dict[str, Any], *, place: Place, on: date, problems: list[str]
) -> dict[str, Any]:
    """The values, cleaned; what is wrong with them, and a cell that holds more people than the whole
    place did on that date, is added to ``problems``."""
    cleaned: dict[str, Any] = {}
    try:
        cleaned = measures.clean_values(kind, values)
    except measures.MeasurementRefused as refused:
        problems.extend(refused.problems)
        occupants = refused.valid.get("occupants")
    else:
        occupants = cleaned.get("occupants")
    if occupants is not None:
        figure = population_on(place, on)
        if figure is not None and occupants > figure.population:
            problems.append(
                _(
                    "%(people)s in one cell is more than the %(population)s the whole of %(place)s held on %(day)s"
                )
                % {
                    "people": ngettext("%(count)d person", "%(count)d people", occupants)
                    % {"count": occupants},
                    "population": figure.population,
                    "place": place,
                    "day": shown_date(figure.on),
                }
            )
    return cleaned


def _finding_of(measurement: Measurement, breach: rules.Breach, standard: Standard, *, by: Actor) -> Finding:
    """The finding of one breach of a standard by a measurement, saved with its audit entry."""
    finding = Finding(
        visit=measurement.visit,
        place=measurement.place,
        origin=Finding.Origin.STANDARD,
        measurement=measurement,
        standard=standard,
        location=measurement.location,
        observed_on=measurement.measured_on,
        observed=breach.observed,
        required=breach.required,
        unit=breach.unit,
        shortfall=breach.shortfall,
        text=breach.text,
    )
    detail = {"standard": breach.standard, "measurement": measurement.pk, "text": breach.text}
    return save_and_audit(finding, by=by, verb="finding.record", detail=detail)


@dataclass(frozen=True)
class MeasurementRecorded:
    measurement: Measurement
    findings: list[Finding]
    checked: list[str]  # the codes of the standards the measurement was checked against


@transaction.atomic
def measurement_record(
    *,
    visit: Visit,
    place: Place,
    kind: str,
    values: dict[str, Any],
    location: str,
    measured_on: date,
    by: Actor,
    note: str = "",
) -> MeasurementRecorded:
    """Store a measurement and one finding per standard it breaches; refuse it whole if anything is wrong.

    Refused (MeasurementRefused, a DomainError listing every problem; nothing written)
    when the place is not on the visit's itinerary, the date is in the future or
    outside the visit's dates, a value is impossible, the cell holds more people
    than the whole place held on that date (the latest population figure on or
    before it; none recorded, no check), or the catalogue is not loaded.
    """
    problems = _visit_problems(visit=visit, place=place, on=measured_on, by=by)
    location = _short(location, LOCATION_LIMIT, _("The location"), problems)
    note = _short(note, TEXT_LIMIT, _("The note"), problems)
    cleaned = _checked_values(kind, values, place=place, on=measured_on, problems=problems)
    standards = {standard.code: standard for standard in Standard.objects.filter(measure=kind)}
    if not problems and not Standard.objects.exists():
        problems.append(_("the catalogue of standards is not loaded (run `custodiet standards load`)"))
    if problems:
        raise measures.MeasurementRefused(problems)

    specs = [rules.spec_from_data(standard.spec) for standard in standards.values()]
    breaches = rules.evaluate(specs, kind, cleaned, place.type, where=location or str(place))
    measurement = Measurement(
        visit=visit,
        place=place,
        kind=kind,
        location=location,
        measured_on=measured_on,
        values=measures.json_values(cleaned),
        note=note,
        recorded_by=acting_user(by),
    )
    save_and_audit(
        measurement,
        by=by,
        verb="measurement.record",
        detail={
            "visit": visit.pk,
            "place": place.pk,
            "kind": kind,
            "location": location,
            "measured_on": measured_on.isoformat(),
            "values": measurement.values,
            "breaches": [breach.standard for breach in breaches],
        },
    )
    findings = [_finding_of(measurement, breach, standards[breach.standard], by=by) for breach in breaches]
    checked = [spec.code for spec in rules.applicable(specs, kind, place.type)]
    return MeasurementRecorded(measurement=measurement, findings=findings, checked=checked)


@transaction.atomic
def finding_write(
    *, visit: Visit, place: Place, text: str, location: str, observed_on: date, by: Actor
) -> Finding:
    """A finding the delegation establishes and words itself (no measurement, no standard)."""
    problems = _visit_problems(visit=visit, place=place, on=observed_on, by=by)
    location = _short(location, LOCATION_LIMIT, _("The location"), problems)
    text = _short(text, TEXT_LIMIT, _("The finding"), problems)
    if not text:
        problems.append(_("The finding needs a text: what the delegation established"))
    if problems:
        raise DomainError(_("The finding was refused: %(problems)s") % {"problems": "; ".join(problems)})
    finding = Finding(
        visit=visit,
        place=place,
        origin=Finding.Origin.DELEGATION,
        location=location,
        observed_on=observed_on,
        text=text,
    )
    detail = {"visit": visit.pk, "place": place.pk, "location": location, "text": text}
    return save_and_audit(finding, by=by, verb="finding.write", detail=detail)
