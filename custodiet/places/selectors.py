"""Reads of the register: who may see it, the filtered list, occupancy for a page of places, a history.

Every page, endpoint and command reads places through these functions, so the
access rule and the query plan are decided once. The list costs a fixed number
of queries whatever the size of the register: one COUNT over places (no join),
one page of places with their state, and one query for the latest figures of
that page only, each found through the (place, on) unique index. Its order (the
State's English name, then the place's names) is an index's: the State's name is
copied onto each place by database triggers (custodiet.places.triggers), so a page reads
its own rows from the index, not every place to sort them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from custodiet.core.access import Actor, Capability, can
from custodiet.ops.paging import Order
from custodiet.places.models import Place, PopulationRecord
from custodiet.places.occupancy import Figure, Occupancy, occupancy_on
from custodiet.places.rules import place_type_of, search_terms
from custodiet.treaties.models import State
from custodiet.treaties.selectors import find_state

LIST_FIELDS = (
    "id",
    "ref",
    "name_local",
    "name_en",
    "type",
    "authority",
    "region",
    "capacity",
    "state__code",
    "state__name_en",
    "state__name_fr",  # State.shown_name in French
    "state_name_en",  # the list's order (a page link names the last row's)
    "version",
)


# The list's order, total (it ends with the primary key) for keyset paging (custodiet.ops.paging), served by the
# place_list_by_state index; the State's English name is the place's copy, kept by triggers (Place.state_name_en).
LIST_ORDER: Order = (("state_name_en", False), ("name_en", False), ("name_local", False), ("id", False))
# The same order within one State, served by the place_list_order index (state, name_en, name_local, id).
STATE_LIST_ORDER: Order = LIST_ORDER[1:]


def places_visible_to(user: Actor) -> QuerySet[Place]:
    """Every place for the roles that may read the register; none for anyone else."""
    if not can(user, Capability.VIEW_PLACES):
        return Place.objects.none()
    return Place.objects.all()


@dataclass(frozen=True)
class PlaceFilters:
    state: str = ""  # the alpha-2 code of the State asked for, or the text asked for when no State has it
    state_id: int | None = (
        None  # that State's, when one has it: the list filters by it, a constant to the planner
    )
    type: str = ""  # a PlaceType code
    region: str = ""
    query: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PlaceFilters:
        """From a query string. A State may be named as everywhere ("RU", "RUS", "Russian Federation");
        an unknown State matches no place, an unknown type filters nothing."""
        raw_type = str(params.get("type", "")).strip()
        raw_state = str(params.get("state", "")).strip()[:200]
        state = find_state(raw_state) if raw_state else None
        return cls(
            state=state.code if state is not None else raw_state,
            state_id=state.pk if state is not None else None,
            type=(place_type_of(raw_type) or "") if raw_type else "",
            region=str(params.get("region", "")).strip()[:200],
            query=str(params.get("q", "")).strip()[:200],
        )

    @property
    def active(self) -> bool:
        return bool(self.state or self.type or self.region or self.query)

    def as_params(self) -> dict[str, str]:
        params = {"state": self.state, "type": self.type, "region": self.region, "q": self.query}
        return {key: value for key, value in params.items() if value}


def place_list(*, user: Actor, filters: PlaceFilters | None = None) -> QuerySet[Place]:
    """The filtered register, ordered by state and name, with each place's state in the same query."""
    filters = filters or PlaceFilters()
    places = places_visible_to(user).select_related("state").only(*LIST_FIELDS)
    if filters.state_id is not None:  # the index (state, name_en, name_local, id) gives the page in order
        places = places.filter(state_id=filters.state_id)
    elif filters.state:
        places = places.filter(state__code=filters.state)  # an unknown State's text matches no code
    if filters.type:
        places = places.filter(type=filters.type)
    if filters.region:
        places = places.filter(region=filters.region)  # exact, through the region index
    for word in search_terms(filters.query):
        places = places.filter(search_text__contains=word)
    return places


def list_order(filters: PlaceFilters) -> Order:
    """The keyset order of the list as filtered: within one State its name is the same for every row, and the
    index that starts with the State finds the page (a page link of the whole register does not fit it)."""
    return STATE_LIST_ORDER if filters.state else LIST_ORDER


def place_detail(*, user: Actor, pk: int) -> Place:
    """One place with its state; raises Place.DoesNotExist when absent or not visible."""
    return places_visible_to(user).select_related("state").get(pk=pk)


def latest_figures(place_ids: Sequence[int], on: date) -> dict[int, Figure]:
    """The latest figure on or before ``on`` for each of a page of places, in one query."""
    if not place_ids:
        return {}
    latest = PopulationRecord.objects.filter(place=OuterRef("pk"), on__lte=on).order_by("-on")
    rows = (
        Place.objects.filter(pk__in=list(place_ids))
        .order_by()
        .annotate(
            figure_on=Subquery(latest.values("on")[:1]),
            figure_population=Subquery(latest.values("population")[:1]),
            figure_capacity=Subquery(latest.values("capacity")[:1]),
        )
        .values_list("pk", "figure_on", "figure_population", "figure_capacity")
    )
    return {
        pk: Figure(on=on_, population=population, capacity=capacity)
        for pk, on_, population, capacity in rows
        if on_ is not None
    }


def occupancies(places: Iterable[Place], on: date) -> dict[int, Occupancy]:
    """Occupancy on a date for each place of a page (one query)."""
    listed = list(places)
    figures = latest_figures([place.pk for place in listed], on)
    return {
        place.pk: occupancy_on(
            [figures[place.pk]] if place.pk in figures else [], place_capacity=place.capacity, on=on
        )
        for place in listed
    }


def population_history(place: Place) -> list[PopulationRecord]:
    """Every figure of a place, oldest first (one query through the (place, on) index)."""
    return list(PopulationRecord.objects.filter(place=place).order_by("on"))


def figures_of(records: Iterable[PopulationRecord]) -> list[Figure]:
    return [
        Figure(on=record.on, population=record.population, capacity=record.capacity, source=record.source)
        for record in records
    ]


def states_with_places() -> QuerySet[State]:
    """The states that have at least one place, for the filter: one index probe a State, not a read of
    every place."""
    return State.objects.filter(Exists(Place.objects.filter(state=OuterRef("pk")))).order_by("name_en")


# The distinct regions in order, each found by one search of the region index for the next one after the last
# ("loose index scan"): PostgreSQL (before 18) would otherwise read every place to find a hundred regions.
NEXT_REGIONS = """
WITH RECURSIVE found(region) AS (
    SELECT MIN(region) FROM places_place WHERE region > ''
    UNION ALL
    SELECT (SELECT MIN(later.region) FROM places_place AS later WHERE later.region > found.region)
    FROM found WHERE found.region IS NOT NULL
)
SELECT region FROM found WHERE region IS NOT NULL LIMIT %s
"""


def regions(*, filters: PlaceFilters | None = None, limit: int = 500) -> list[str]:
    """The distinct regions on record, for the filter's suggestions: of the State filtered for (its places,
    through the State's index), or of the whole register (through the region index, one search a region)."""
    filters = filters or PlaceFilters()
    if not filters.state:
        with connection.cursor() as cursor:
            cursor.execute(NEXT_REGIONS, [limit])
            return [region for (region,) in cursor.fetchall()]
    places = Place.objects.exclude(region="")
    if filters.state_id is not None:
        places = places.filter(state_id=filters.state_id)
    else:
        places = places.filter(state__code=filters.state)  # an unknown State's text: none
    return list(places.order_by("region").values_list("region", flat=True).distinct()[:limit])
