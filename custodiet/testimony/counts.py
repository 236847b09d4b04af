"""The figures of allegations, maintained: counts by cell kept in step with every change.

The figures page counts persons alleging ill-treatment (and their allegations) by type,
perpetrator, stage, place, period and State, over all the data or filtered by a State,
a place and a year. Counting 150,000 allegations on each request took over a second;
the page now reads ``AllegationCount`` rows instead, one per (scope, table, key).

Counts are changed in the transaction that changes what they count:

- an allegation saved or deleted (signals below, so every ORM path is covered, not only
  the services), and
- a person's consent that turns the use of the information on or off
  (``services.consent_record`` wraps its update in ``counting``).

Each change compares the cells of the person's counted allegations before and after it
(a person has a handful of allegations: two small queries), and adds the difference: an
allegation to each of its cells, and a person to a cell where they had none before. The
number of persons in a cell is therefore exact (distinct persons), not a sum.

``recount()`` (``custodiet testimony recount``) rebuilds every row from the allegations in
one transaction: after a bulk load that bypassed the ORM's signals, or to check that the
maintained counts are right (``--check``). Running it twice gives the same rows.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import product
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from custodiet.testimony.models import Allegation, AllegationCount, Person

logger = logging.getLogger("custodiet.testimony.counts")

# The dimensions one may count by: each is a column (or columns) in clear.
COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type",),
    "perpetrator": ("perpetrator",),
    "stage": ("stage",),
    "place": ("place_alleged_id",),
    "period": ("period_year", "period_quarter"),
    "year": ("period_year",),
    "state": ("interview__visit__state__code",),
}
# The tables kept: every single dimension, and the crossing the figures page shows.
TABLES: tuple[tuple[str, ...], ...] = (
    *((name,) for name in COLUMNS),
    ("type", "perpetrator"),
)
TOTAL = "total"
# The filters of the figures page, as columns; 0 in a scope means "any".
SCOPE_COLUMNS = {"state": "interview__visit__state_id", "place": "place_alleged_id", "year": "period_year"}

Cell = tuple[int, int, int, str, str]  # scope_state, scope_place, scope_year, table, key
_ROW = (
    "interview__person_id",
    "interview__visit__state_id",
    "interview__visit__state__code",
    "place_alleged_id",
    "period_year",
    "period_quarter",
    "type",
    "perpetrator",
    "stage",
)


def table_name(dimensions: Iterable[str]) -> str:
    return ",".join(dimensions)


def kept(dimensions: tuple[str, ...]) -> bool:
    """Whether the counts of this table are maintained (others are counted on request)."""
    return dimensions in TABLES


def key_part(dimension: str, values: tuple[Any, ...]) -> str:
    """One dimension's part of a cell's key: '' where the value is not known."""
    if dimension == "period":
        year, quarter = values
        return "" if year is None else f"{year}" if quarter is None else f"{year}-Q{quarter}"
    value = values[0]
    return "" if value is None else str(value)


def counted() -> QuerySet[Allegation]:
    """Allegations that may be counted: the person's latest consent allows the use of the information."""
    return Allegation.objects.filter(
        interview__person__in=Person.objects.filter(uses_information=True).values("pk")
    )


def _cells(row: dict[str, Any]) -> Iterator[Cell]:
    values = {
        "type": (row["type"],),
        "perpetrator": (row["perpetrator"],),
        "stage": (row["stage"],),
        "place": (row["place_alleged_id"],),
        "period": (row["period_year"], row["period_quarter"]),
        "year": (row["period_year"],),
        "state": (row["interview__visit__state__code"],),
    }
    keys = [(table_name(dims), "|".join(key_part(name, values[name]) for name in dims)) for dims in TABLES]
    keys.append((TOTAL, ""))
    states = (0, row["interview__visit__state_id"])
    places = (0, row["place_alleged_id"]) if row["place_alleged_id"] else (0,)
    years = (0, row["period_year"]) if row["period_year"] else (0,)
    for state, place, year in product(states, places, years):
        for table, key in keys:
            yield (state, place, year, table, key)


def person_cells(person_ids: Iterable[int]) -> dict[int, Counter[Cell]]:
    """For each person, how many of their counted allegations fall in each cell (one query)."""
    wanted = {pk for pk in person_ids if pk is not None}
    found: dict[int, Counter[Cell]] = {pk: Counter() for pk in wanted}
    if not wanted:
        return found
    rows = Allegation.objects.filter(
        interview__person_id__in=wanted, interview__person__uses_information=True
    ).values(*_ROW)
    for row in rows:
        found[row["interview__person_id"]].update(_cells(row))
    return found


def apply(before: dict[int, Counter[Cell]], after: dict[int, Counter[Cell]]) -> int:
    """Add to the counts the difference between two pictures of the same persons; cells changed."""
    changes: Counter[Cell] = Counter()
    persons: Counter[Cell] = Counter()
    for pk in set(before) | set(after):
        old, new = before.get(pk, Counter()), after.get(pk, Counter())
        for cell in set(old) | set(new):
            changes[cell] += new[cell] - old[cell]
            persons[cell] += (new[cell] > 0) - (old[cell] > 0)
    changed = 0
    for cell in sorted(set(changes) | set(persons)):
        if changes[cell] or persons[cell]:
            _add(cell, persons[cell], changes[cell])
            changed += 1
    return changed


def _add(cell: Cell, persons: int, allegations: int) -> None:
    state, place, year, table, key = cell
    where = {"scope_state": state, "scope_place": place, "scope_year": year, "table": table, "key": key}
    rows = AllegationCount.objects.filter(**where)
    if rows.update(persons=F("persons") + persons, allegations=F("allegations") + allegations):
        return
    if persons < 0 or allegations < 0:  # a count that was never written: only a recount can mend it
        logger.error("allegation counts out of step; run `custodiet testimony recount`", extra=where)
        return
    try:
        with transaction.atomic():
            AllegationCount.objects.create(**where, persons=persons, allegations=allegations)
    except IntegrityError:  # written meanwhile by another transaction: add to it
        rows.update(persons=F("persons") + persons, allegations=F("allegations") + allegations)


@contextmanager
def counting(person_ids: Iterable[int]) -> Iterator[None]:
    """Keep the counts right across a change to these persons' allegations or consent (in a transaction)."""
    ids = list(person_ids)
    with transaction.atomic():
        _lock(ids)
        before = person_cells(ids)
        yield
        apply(before, person_cells(ids))


# -- every ORM save and delete of an allegation or a person ---------------------------------------


def _persons_of(instance: Allegation) -> set[int]:
    ids = {instance.interview.person_id} if instance.interview_id else set()
    if instance.pk is not None and not instance._state.adding:
        ids.update(Allegation.objects.filter(pk=instance.pk).values_list("interview__person_id", flat=True))
    return ids


def _lock(ids: Iterable[int]) -> None:
    """Hold the persons' rows until the change commits: two changes to one person's allegations, at the
    same moment on PostgreSQL, would each count the person as new in a cell (SQLite writes one at a time)."""
    if transaction.get_connection().in_atomic_block:
        list(Person.objects.select_for_update().filter(pk__in=list(ids)).values_list("pk", flat=True))


def _remember(instance: Model, ids: set[int]) -> None:
    _lock(ids)
    instance._counts_before = person_cells(ids)  # type: ignore[attr-defined]


def _settle(instance: Model, ids: set[int]) -> None:
    before: dict[int, Counter[Cell]] | None = getattr(instance, "_counts_before", None)
    if before is None:
        return
    del instance._counts_before  # type: ignore[attr-defined]
    apply(before, person_cells(ids | set(before)))


@receiver(pre_save, sender=Allegation, dispatch_uid="testimony.counts.allegation.pre_save")
def _allegation_pre_save(sender: Any, instance: Allegation, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # a fixture or a restore brings its own counts
        _remember(instance, _persons_of(instance))


@receiver(post_save, sender=Allegation, dispatch_uid="testimony.counts.allegation.post_save")
def _allegation_post_save(sender: Any, instance: Allegation, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _settle(instance, {instance.interview.person_id})


@receiver(pre_delete, sender=Allegation, dispatch_uid="testimony.counts.allegation.pre_delete")
def _allegation_pre_delete(sender: Any, instance: Allegation, **kwargs: Any) -> None:
    _remember(instance, _persons_of(instance))


@receiver(post_delete, sender=Allegation, dispatch_uid="testimony.counts.allegation.post_delete")
def _allegation_post_delete(sender: Any, instance: Allegation, **kwargs: Any) -> None:
    _settle(instance, set())


@receiver(pre_save, sender=Person, dispatch_uid="testimony.counts.person.pre_save")
def _person_pre_save(sender: Any, instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.pk is not None and not instance._state.adding:
        _remember(instance, {instance.pk})


@receiver(post_save, sender=Person, dispatch_uid="testimony.counts.person.post_save")
def _person_post_save(sender: Any, instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _settle(instance, {instance.pk})


# -- reading and rebuilding -------------------------------------------------------------------------


def read(
    tables: Iterable[tuple[str, ...]], *, state: int = 0, place: int = 0, year: int = 0
) -> dict[str, dict[tuple[str, ...], tuple[int, int]]]:
    """The kept cells of these tables (and the total) in one scope: {table: {key: (persons, allegations)}}."""
    names = [table_name(dims) for dims in tables] + [TOTAL]
    found: dict[str, dict[tuple[str, ...], tuple[int, int]]] = {name: {} for name in names}
    rows = AllegationCount.objects.filter(
        scope_state=state, scope_place=place, scope_year=year, table__in=names, allegations__gt=0
    ).values_list("table", "key", "persons", "allegations")
    for table, key, persons, allegations in rows:
        found[table][tuple(key.split("|"))] = (persons, allegations)
    return found


def years() -> list[int]:
    """The years some counted allegation is said to have happened in, newest first."""
    return list(
        AllegationCount.objects.filter(
            scope_state=0, scope_place=0, scope_year__gt=0, table=TOTAL, allegations__gt=0
        )
        .order_by("-scope_year")
        .values_list("scope_year", flat=True)
    )


def _computed() -> Iterator[AllegationCount]:
    """Every cell, counted from the allegations (one GROUP BY query per scope and table)."""
    base = counted().order_by()
    for chosen in product((False, True), repeat=3):
        scope = [name for name, on in zip(SCOPE_COLUMNS, chosen, strict=True) if on]
        rows = base
        for name in scope:
            rows = rows.exclude(**{f"{SCOPE_COLUMNS[name]}__isnull": True})
        for dims in (*TABLES, ()):
            columns = [SCOPE_COLUMNS[name] for name in scope] + [c for name in dims for c in COLUMNS[name]]
            measures = {"persons": Count("interview__person", distinct=True), "allegations": Count("id")}
            results: Iterable[dict[str, Any]] = (
                cast(Iterable[dict[str, Any]], rows.values(*columns).annotate(**measures))
                if columns
                else [rows.aggregate(**measures)]
            )
            for row in results:
                if not row["allegations"]:
                    continue
                yield AllegationCount(
                    scope_state=row.get(SCOPE_COLUMNS["state"], 0) if "state" in scope else 0,
                    scope_place=row.get(SCOPE_COLUMNS["place"], 0) if "place" in scope else 0,
                    scope_year=row.get(SCOPE_COLUMNS["year"], 0) if "year" in scope else 0,
                    table=table_name(dims) if dims else TOTAL,
                    key="|".join(key_part(name, tuple(row[c] for c in COLUMNS[name])) for name in dims),
                    persons=row["persons"],
                    allegations=row["allegations"],
                )


def _as_dict(rows: Iterable[AllegationCount]) -> dict[Cell, tuple[int, int]]:
    return {
        (row.scope_state, row.scope_place, row.scope_year, row.table, row.key): (row.persons, row.allegations)
        for row in rows
        if row.allegations
    }


def recount(*, check_only: bool = False) -> dict[str, int]:
    """Rebuild the counts from the allegations (one transaction); or only say how many cells differ."""
    with transaction.atomic():
        fresh = _as_dict(_computed())
        kept_now = _as_dict(AllegationCount.objects.all())
        wrong = sum(1 for cell in set(fresh) | set(kept_now) if fresh.get(cell) != kept_now.get(cell))
        if not check_only and wrong:
            AllegationCount.objects.all().delete()
            AllegationCount.objects.bulk_create(
                (
                    AllegationCount(
                        scope_state=s, scope_place=p, scope_year=y, table=t, key=k, persons=n, allegations=a
                    )
                    for (s, p, y, t, k), (n, a) in fresh.items()
                ),
                batch_size=2_000,
            )
    return {"cells": len(fresh), "wrong": wrong}
