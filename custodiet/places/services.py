"""Writes to the register of places: create, edit, record a population figure, import a file.

Every function validates with ``custodiet.places.rules``, writes in one
transaction, and appends one audit entry when, and only when, something
changed. An import writes every row or nothing; importing the same file again
changes nothing (no ``updated_at`` churn, no audit entry).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.models import AuditEntry
from custodiet.core.zones import check_zone, default_zone
from custodiet.places.importing import (
    PLACE_FIELDS,
    POPULATION,
    FigureRow,
    ParsedImport,
    PlaceRow,
    Progress,
    parse_table,
    read_table,
    table_from_records,
)
from custodiet.places.locking import EditConflict, changes_since
from custodiet.places.models import Place, PopulationRecord
from custodiet.places.rules import (
    PlaceValues,
    capacity_problems,
    figure_problems,
    place_problems,
    place_type_of,
)
from custodiet.treaties.models import State
from custodiet.treaties.services import state_lookup

EDITABLE = ("ref", *PLACE_FIELDS)  # every field of a place that a person sets
CHUNK = 500  # rows per IN (...) query, well under SQLite's variable limit


def _audit_value(value: Any) -> Any:
    if isinstance(value, State):
        return value.code
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else format(value.normalize(), "f")
    return value


def _refuse(problems: Sequence[str]) -> None:
    if problems:
        raise DomainError("; ".join(problems))


def _values(place: Place) -> PlaceValues:
    return PlaceValues(
        ref=place.ref,
        name_local=place.name_local,
        type=place.type,
        state=place.state.code,
        name_en=place.name_en,
        authority=place.authority,
        region=place.region,
        address=place.address,
        latitude=place.latitude,
        longitude=place.longitude,
        capacity=place.capacity,
        source=place.source,
        notes=place.notes,
    )


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _ref_used(ref: str) -> str:
    return gettext("the ref %(ref)s is already used by another place") % {"ref": repr(ref)}


def _problems_of(place: Place, *, check_ref: bool = True) -> list[str]:
    """What the rules refuse in a place about to be saved, and its ref if another place holds it."""
    problems = place_problems(_values(place))
    if check_ref and place.ref and Place.objects.filter(ref=place.ref).exclude(pk=place.pk).exists():
        problems.append(_ref_used(place.ref))
    return problems


def _save_place(place: Place, *, update_fields: list[str] | None = None) -> None:
    """Save a checked place; a race for its ref (the unique index) is refused like a ref found used."""
    try:
        with transaction.atomic():
            place.save(update_fields=update_fields)
    except IntegrityError:
        raise DomainError(_ref_used(place.ref)) from None


@transaction.atomic
def place_create(
    *,
    by: Actor,
    ref: str,
    name_local: str,
    type: str,
    state: State,
    name_en: str = "",
    authority: str = "",
    region: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    capacity: int | None = None,
    source: str = "",
    notes: str = "",
    time_zone: str = "",
) -> Place:
    """Add a place to the register; refuses a used ref and anything the rules refuse. Its time zone is the
    one given, else its State's where the State has only one (custodiet.core.zones)."""
    place = Place(
        time_zone=check_zone(time_zone) if time_zone.strip() else default_zone(state.code),
        ref=ref.strip(),
        name_local=name_local.strip(),
        type=place_type_of(type) or type,
        state=state,
        name_en=name_en.strip(),
        authority=authority.strip(),
        region=region.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        capacity=capacity,
        source=source.strip(),
        notes=notes.strip(),
    )
    _refuse(_problems_of(place))
    _save_place(place)
    audit_record(
        actor=by,
        verb="place.create",
        target=place,
        detail={name: _audit_value(getattr(place, name)) for name in EDITABLE},
    )
    return place


@transaction.atomic
def place_update(
    *,
    place: Place,
    by: Actor,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    started_from: Mapping[str, str] | None = None,
) -> Place:
    """Change some fields of a place; no write and no audit entry when nothing differs.

    The place is read again, locked, inside the transaction. With ``expected_version``
    (the version the editor opened), a place saved by someone else since is refused
    with an ``EditConflict`` listing what they changed (``started_from``: the values the
    editor saw, as ``locking.plain`` gives them) and nothing is written. Each change
    raises the version by one.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"place_update cannot change {sorted(unknown)}")
    current = Place.objects.select_for_update(of=("self",)).select_related("state").get(pk=place.pk)
    if expected_version is not None and current.version != expected_version:
        values = {name: getattr(current, name) for name in EDITABLE}
        last = last_change(current)
        raise EditConflict(
            current=current,
            changes=changes_since(started_from or {}, values, changes),
            by=last.actor_label if last else "",
            at=last.at if last else None,
        )
    before = {name: getattr(current, name) for name in changes}
    for name, value in changes.items():
        if name == "type":
            value = place_type_of(value) or value
        setattr(current, name, _clean_text(value))
    changed = [name for name in changes if getattr(current, name) != before[name]]
    if not changed:
        return place
    problems = _problems_of(current, check_ref="ref" in changed)
    _refuse(problems)
    current.version += 1
    _save_place(current, update_fields=[*changed, "version", "updated_at"])
    audit_record(
        actor=by,
        verb="place.update",
        target=current,
        detail={
            "version": current.version,
            **{
                name: {"from": _audit_value(before[name]), "to": _audit_value(getattr(current, name))}
                for name in changed
            },
        },
    )
    for name in (*changed, "version", "updated_at", "search_text"):
        setattr(place, name, getattr(current, name))
    return place


def last_change(place: Place) -> AuditEntry | None:
    """The newest audit entry of a change to the place (who saved it last, and when)."""
    return (
        AuditEntry.objects.filter(
            target_type=place._meta.label_lower, target_id=str(place.pk), verb="place.update"
        )
        .order_by("-seq")
        .first()
    )


@transaction.atomic
def population_record(
    *,
    place: Place,
    on: date,
    population: int,
    source: str,
    by: Actor,
    capacity: int | None = None,
    replace: bool = False,
    today: date | None = None,
) -> PopulationRecord:
    """Record how many people a place held on a date (no upper bound: overcrowding is recorded as is).

    A figure already recorded for that date is corrected only with ``replace``;
    recording the same figure again changes nothing.
    """
    today = clock.today_or(today)
    source = source.strip()
    problems = figure_problems(on=on, population=population, source=source, today=today)
    problems += capacity_problems(capacity, name=gettext("the capacity on that date"))
    _refuse(problems)
    existing = PopulationRecord.objects.select_for_update().filter(place=place, on=on).first()
    if existing is not None:
        if (existing.population, existing.capacity, existing.source) == (population, capacity, source):
            return existing
        if not replace:
            raise DomainError(
                gettext(
                    "a figure for %(day)s is already recorded (%(number)s held, source: %(source)s); choose to "
                    "replace it to correct it"
                )
                % {
                    "day": shown_date(on),
                    "number": number_format(existing.population, force_grouping=True),
                    "source": existing.source,
                }
            )
        before = {"population": existing.population, "capacity": existing.capacity, "source": existing.source}
        existing.population, existing.capacity, existing.source = population, capacity, source
        existing.save(update_fields=["population", "capacity", "source"])
        audit_record(
            actor=by,
            verb="population.replace",
            target=existing,
            detail={"place": place.ref, "on": on, "from": before, "to": _figure_detail(existing)},
        )
        return existing
    record = PopulationRecord(place=place, on=on, population=population, capacity=capacity, source=source)
    record.save()
    audit_record(
        actor=by,
        verb="population.record",
        target=record,
        detail={"place": place.ref, "on": on, **_figure_detail(record)},
    )
    return record


def _figure_detail(record: PopulationRecord) -> dict[str, Any]:
    return {"population": record.population, "capacity": record.capacity, "source": record.source}


# -- import ----------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    kind: str
    rows: int
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    figures_created: int = 0
    figures_updated: int = 0
    figures_unchanged: int = 0
    created_refs: list[str] = field(default_factory=list)
    updated_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.figures_created or self.figures_updated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "places": {"created": self.created, "updated": self.updated, "unchanged": self.unchanged},
            "figures": {
                "created": self.figures_created,
                "updated": self.figures_updated,
                "unchanged": self.figures_unchanged,
            },
            "created_refs": self.created_refs,
            "updated_fields": self.updated_fields,
        }

    def describe(self) -> str:
        rows = f"{self.rows} row{'s' if self.rows != 1 else ''} read. "
        would = self.dry_run
        places = (
            f"Places: {'would create' if would else 'created'} {self.created}, "
            f"{'update' if would else 'updated'} {self.updated}; {self.unchanged} unchanged. "
        )
        figures = (
            f"Population figures: {'would add' if would else 'added'} {self.figures_created}, "
            f"{'correct' if would else 'corrected'} {self.figures_updated}; {self.figures_unchanged} unchanged."
        )
        text = rows + ("" if self.kind == POPULATION else places) + figures
        return text + (" Dry run: nothing was written." if would else "")


def places_import(
    *,
    by: Actor,
    path: Path | None = None,
    data: bytes | None = None,
    name: str = "",
    rows: Sequence[Mapping[str, Any]] | None = None,
    commit: bool = True,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a register or a population file (CSV or XLSX): every row, or nothing.

    Give one of ``path``, ``data`` (the file's bytes, with its ``name``) or
    ``rows`` (mappings of column to value, numbered from line 2). Raises
    ``ImportRejected`` with every problem as (line, reason); ``commit=False``
    checks everything and reports what would change without writing. The file is read
    and checked before the write transaction begins, so that a large file does not hold
    the database's write lock while it is read; ``progress`` is told as lines are read.
    """
    if sum(item is not None for item in (path, data, rows)) != 1:
        raise ValueError("give exactly one of path, data or rows")
    if path is not None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DomainError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise DomainError(f"{path}: a directory, not a file") from None
        name = name or path.name
    if rows is not None:
        table = table_from_records(list(rows))
        digest_source = json.dumps(list(rows), default=str, sort_keys=True).encode()
    else:
        assert data is not None
        table = read_table(data, name=name)
        digest_source = data
    parsed = parse_table(table, state_lookup=state_lookup(), today=clock.today_or(today), progress=progress)
    with transaction.atomic():
        summary = _apply(parsed, commit=commit)
        if commit and summary.changed:
            audit_record(
                actor=by,
                verb="place.import",
                detail={
                    "file": name,
                    "sha256": hashlib.sha256(digest_source).hexdigest(),
                    **summary.as_dict(),
                },
            )
    return summary


def _existing_places(refs: Sequence[str], *, lock: bool = False) -> dict[str, Place]:
    """The places of the file already in the register; ``lock``: locked until the transaction ends
    (PostgreSQL's row locks), so that an edit saved meanwhile waits, then finds its version raised."""
    found: dict[str, Place] = {}
    places = Place.objects.select_for_update(of=("self",)) if lock else Place.objects.all()
    for start in range(0, len(refs), CHUNK):
        for place in places.select_related("state").filter(ref__in=refs[start : start + CHUNK]):
            found[place.ref] = place
    return found


def _apply(parsed: ParsedImport, *, commit: bool) -> ImportSummary:
    summary = ImportSummary(kind=parsed.kind, rows=parsed.rows, dry_run=not commit)
    refs = sorted({row.values.ref for row in parsed.places} | {figure.ref for figure in parsed.figures})
    existing = _existing_places(refs, lock=commit)
    if parsed.kind == POPULATION:
        missing = [
            (figure.line, f"no place with ref {figure.ref!r} in the register: import or create it first")
            for figure in parsed.figures
            if figure.ref not in existing
        ]
        if missing:
            raise ImportRejected(missing)
    states = {
        state.code: state
        for state in State.objects.filter(code__in={row.values.state for row in parsed.places})
    }
    new_places, changed_places = _diff_places(parsed.places, existing, states, summary)
    places_by_ref = {**existing, **{place.ref: place for place in new_places}}
    figure_fields = ["population", "source"]
    if parsed.kind == POPULATION and "capacity" in parsed.columns:
        figure_fields.append("capacity")
    new_figures, changed_figures = _diff_figures(parsed.figures, places_by_ref, figure_fields, summary)
    if not commit:
        return summary
    now = clock.now()
    try:
        with transaction.atomic():
            for place in new_places:
                place.refresh_search_text()
            Place.objects.bulk_create(new_places, batch_size=CHUNK)
            if changed_places:
                touched = sorted({name for fields in summary.updated_fields.values() for name in fields})
                for place in changed_places:
                    place.updated_at = now
                    place.version += 1
                    place.refresh_search_text()
                Place.objects.bulk_update(
                    changed_places, [*touched, "version", "updated_at", "search_text"], batch_size=CHUNK
                )
            for record in new_figures:
                record.place_id = record.place.pk
            PopulationRecord.objects.bulk_create(new_figures, batch_size=CHUNK)
            if changed_figures:
                PopulationRecord.objects.bulk_update(changed_figures, figure_fields, batch_size=CHUNK)
    except IntegrityError as error:
        raise DomainError(
            gettext("the register changed while the file was being imported; nothing was written (%(error)s)")
            % {"error": error}
        ) from None
    return summary


def _set_differences(record: Place | PopulationRecord, wanted: Mapping[str, Any]) -> list[str]:
    """Set on the record (in memory) the wanted values that differ; the names of those fields."""
    changed = [name for name, value in wanted.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, wanted[name])
    return changed


def _diff_places(
    rows: Sequence[PlaceRow],
    existing: Mapping[str, Place],
    states: Mapping[str, State],
    summary: ImportSummary,
) -> tuple[list[Place], list[Place]]:
    new_places: list[Place] = []
    changed_places: list[Place] = []
    for row in rows:
        wanted = {name: getattr(row.values, name) for name in PLACE_FIELDS if name in row.columns}
        wanted["state"] = states[row.values.state]
        place = existing.get(row.values.ref)
        if place is None:
            new_places.append(Place(ref=row.values.ref, time_zone=default_zone(row.values.state), **wanted))
            summary.created += 1
            summary.created_refs.append(row.values.ref)
            continue
        changed = _set_differences(place, wanted)  # its state came with it (_existing_places)
        if not changed:
            summary.unchanged += 1
            continue
        changed_places.append(place)
        summary.updated += 1
        summary.updated_fields[place.ref] = changed
    return new_places, changed_places


def _diff_figures(
    figures: Sequence[FigureRow],
    places_by_ref: Mapping[str, Place],
    figure_fields: Sequence[str],
    summary: ImportSummary,
) -> tuple[list[PopulationRecord], list[PopulationRecord]]:
    known_ids = [place.pk for ref, place in places_by_ref.items() if place.pk is not None]
    on_dates = sorted({figure.on for figure in figures})
    recorded: dict[tuple[int, date], PopulationRecord] = {}
    if figures and known_ids:
        for start in range(0, len(known_ids), CHUNK):
            for first in range(0, len(on_dates), CHUNK):
                for record in PopulationRecord.objects.filter(
                    place_id__in=known_ids[start : start + CHUNK], on__in=on_dates[first : first + CHUNK]
                ):
                    recorded[(record.place_id, record.on)] = record
    new_figures: list[PopulationRecord] = []
    changed_figures: list[PopulationRecord] = []
    for figure in figures:
        place = places_by_ref[figure.ref]
        found = recorded.get((place.pk, figure.on)) if place.pk is not None else None
        if found is None:
            new_figures.append(
                PopulationRecord(
                    place=place,
                    on=figure.on,
                    population=figure.population,
                    capacity=figure.capacity,
                    source=figure.source,
                )
            )
            summary.figures_created += 1
            continue
        wanted = {"population": figure.population, "source": figure.source, "capacity": figure.capacity}
        if not _set_differences(found, {name: wanted[name] for name in figure_fields}):
            summary.figures_unchanged += 1
            continue
        changed_figures.append(found)
        summary.figures_updated += 1
    return new_figures, changed_figures
