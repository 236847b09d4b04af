"""The register's order (the State's English name, then the place's names) across pages, with every filter, as
States are renamed and places move; and a page that reads its own rows, not the register."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from custodiet.ops.paging import keyset_page
from custodiet.places import selectors
from custodiet.places.models import Place
from custodiet.places.tests.test_views import LIST_QUERIES
from custodiet.treaties.models import State

pytestmark = pytest.mark.django_db

# France 50 (page 1 ends where France ends), Georgia 30 and Russia 20 (page 2 ends inside Russia), Russia 20 and
# Ukraine 5 (page 3, the last).
SIZES = {"FR": 50, "GE": 30, "RU": 40, "UA": 5}


@pytest.fixture
def reader(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("analyst", username="ana"))
    return client


def fill(states: dict[str, Any], sizes: dict[str, int], *, prefix: str = "P") -> None:
    """Places created in a shuffled order, with names that tie (the same English name, then the same local
    name too: the order ends with the id); half are police stations, for the type filter."""
    rows = [(code, number) for code, count in sizes.items() for number in range(count)]
    random.Random(7).shuffle(rows)
    Place.objects.bulk_create(  # no save(): the State's name is copied by the database's triggers
        [
            Place(
                ref=f"{prefix}-{code}-{number:03d}",
                name_en=f"Place {number // 3:03d}",
                name_local=f"Место {number // 2:03d}",
                type="police" if number % 2 else "pre_trial",
                state=states[code],
                region=f"{code} region {number % 3}",
                search_text=f"{prefix.lower()}-{code.lower()}-{number:03d} place {number // 3:03d}",
            )
            for code, number in rows
        ]
    )


def expected(*conditions: Q, **fields: Any) -> list[str]:
    """The list's order worked out here, from the State's name as the State table has it now."""
    places = Place.objects.filter(*conditions, **fields).select_related("state")
    return [
        place.ref for place in sorted(places, key=lambda p: (p.state.name_en, p.name_en, p.name_local, p.pk))
    ]


def flat(pages: list[list[str]]) -> list[str]:
    return list(itertools.chain.from_iterable(pages))


def every_page(reader: Any, **params: str) -> list[list[str]]:
    """The list read page after page through its "next" links."""
    pages: list[list[str]] = []
    extra: dict[str, str] = {}
    while True:
        response = reader.get(reverse("places:place_list"), {**params, **extra})
        assert response.status_code == 200
        keyset = response.context["keyset"]
        pages.append([place.ref for place, _ in response.context["rows"]])
        if keyset.at_end:
            return pages
        extra = {"after": keyset.next_cursor}


class TestOrderAcrossPages:
    def test_a_page_ends_between_two_states_and_inside_one(self, reader: Any, states: Any) -> None:
        fill(states, SIZES)
        pages = every_page(reader)
        every = expected()
        assert [len(page) for page in pages] == [50, 50, 25]
        assert flat(pages) == every  # no place lost, none shown twice, in the register's order
        assert {ref.split("-")[1] for ref in pages[0]} == {"FR"}  # France, all of it
        assert pages[1][29].startswith("P-GE-") and pages[1][30].startswith("P-RU-")
        assert pages[2][:20] == [ref for ref in every if ref.startswith("P-RU-")][20:]

    def test_back_and_last(self, reader: Any, states: Any) -> None:
        fill(states, SIZES)
        url = reverse("places:place_list")
        every = expected()
        first = reader.get(url).context["keyset"]
        second = reader.get(url, {"after": first.next_cursor}).context["keyset"]
        third = reader.get(url, {"after": second.next_cursor})
        back = reader.get(url, {"before": third.context["keyset"].previous_cursor})
        assert [place.ref for place, _ in back.context["rows"]] == every[50:100]
        last = reader.get(url, {"last": "1"})
        assert [place.ref for place, _ in last.context["rows"]] == every[-50:]
        before_last = reader.get(url, {"before": last.context["keyset"].previous_cursor})
        assert [place.ref for place, _ in before_last.context["rows"]] == every[25:75]

    @pytest.mark.parametrize(
        ("params", "conditions"),
        [
            ({"type": "police"}, Q(type="police")),
            (
                {"q": "PLACE 01"},
                Q(search_text__contains="place") & Q(search_text__contains="01"),
            ),  # each word
            ({"region": "RU region 1"}, Q(region="RU region 1")),
            ({"state": "GE", "type": "pre_trial"}, Q(state__code="GE", type="pre_trial")),
        ],
    )
    def test_with_each_filter(self, reader: Any, states: Any, params: Any, conditions: Any) -> None:
        fill(states, {code: count * 2 for code, count in SIZES.items()})
        pages = every_page(reader, **params)
        wanted = expected(conditions)
        assert wanted and flat(pages) == wanted
        assert all(len(page) == 50 for page in pages[:-1])

    def test_one_state_pages_by_its_own_index_and_refuses_the_registers_link(
        self, reader: Any, states: Any
    ) -> None:
        fill(states, {"RU": 120, "FR": 10})
        pages = every_page(reader, state="RU")
        assert flat(pages) == expected(state__code="RU") and len(pages) == 3
        whole = reader.get(reverse("places:place_list")).context["keyset"]
        response = reader.get(reverse("places:place_list"), {"state": "RU", "after": whole.next_cursor})
        assert "this page link is for another list" in response.content.decode()
        assert [place.ref for place, _ in response.context["rows"]] == pages[0]


class TestTheStatesNameOnThePlace:
    def test_a_state_renamed_moves_its_places(self, reader: Any, states: Any) -> None:
        fill(states, SIZES)
        france = State.objects.get(code="FR")
        france.name_en = "The French Republic"  # now after the Russian Federation, before Ukraine
        france.save()
        assert flat(every_page(reader)) == expected()
        State.objects.filter(code="GE").update(
            name_en="Zakartvelo"
        )  # a bulk write, as a reference data load may do
        pages = flat(every_page(reader))
        assert pages == expected() and pages[-30:] == expected(state__code="GE")
        assert set(Place.objects.filter(state__code="GE").values_list("state_name_en", flat=True)) == {
            "Zakartvelo"
        }

    def test_a_place_moved_to_another_state_moves_in_the_list(self, reader: Any, states: Any) -> None:
        fill(states, SIZES)
        moved = Place.objects.get(ref="P-FR-000")
        moved.state = states["UA"]
        moved.save()
        Place.objects.filter(ref="P-FR-001").update(state=states["GE"])
        assert Place.objects.get(ref="P-FR-001").state_name_en == "Georgia"
        pages = flat(every_page(reader))
        assert pages == expected()
        assert pages.index("P-FR-000") >= len(pages) - SIZES["UA"] - 1  # among Ukraine's places, at the end

    def test_a_place_saved_from_a_stale_copy_keeps_its_states_name(
        self, states: Any, make_place: Any
    ) -> None:
        place = make_place()
        stale = Place.objects.get(pk=place.pk)
        State.objects.filter(pk=states["RU"].pk).update(name_en="Russia")
        stale.capacity = 10
        stale.save()  # writes the old name it read: the database puts the State's back
        assert Place.objects.get(pk=place.pk).state_name_en == "Russia"

    def test_a_place_written_before_its_state_takes_the_name_when_the_state_comes(self, db: Any) -> None:
        """As a restore may write them, foreign keys checked at the end."""
        with connection.constraint_checks_disabled():
            Place.objects.create(ref="X-1", name_local="Место", type="police", state_id=9999)
            State.objects.create(id=9999, code="XA", code3="XAA", name_en="Atlantis", name_fr="Atlantide")
        assert Place.objects.get(ref="X-1").state_name_en == "Atlantis"


def page_instructions(user: Any, params: dict[str, str]) -> int:
    """SQLite virtual-machine instructions of the list's page query alone: a measure of the rows it reads."""
    filters = selectors.PlaceFilters.from_params(params)
    places = selectors.place_list(user=user, filters=filters)
    order = selectors.list_order(filters)
    middle = keyset_page(places, {}, order=order, per_page=places.count() // 2).next_cursor
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(tick, 10)
    try:
        keyset_page(places, {"after": middle}, order=order, per_page=50)
        keyset_page(places, {}, order=order, per_page=50)
    finally:
        raw.set_progress_handler(None, 10)
    return counted[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine instructions")
@pytest.mark.parametrize("params", [{}, {"state": "RU"}, {"type": "police"}])
def test_a_page_reads_its_rows_not_the_register(states: Any, make_user: Any, params: Any) -> None:
    """The first and the middle page cost the same with 11 times as many places (the whole register was read
    and sorted for each page before)."""
    user = make_user("analyst")
    fill(states, {code: count * 2 for code, count in SIZES.items()})
    small = page_instructions(user, params)
    fill(states, {code: count * 20 for code, count in SIZES.items()}, prefix="Q")
    large = page_instructions(user, params)
    assert large < small * 1.5, (small, large)


def test_the_query_count_does_not_grow_with_the_register_or_the_page(
    reader: Any, states: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("places:place_list")
    for prefix, size in (("A", 60), ("B", 240)):  # 240 places, then 1,200: every list has a second page
        fill(states, dict.fromkeys(SIZES, size), prefix=prefix)
        for params in ({}, {"type": "police"}, {"state": "RU"}):
            cursor = reader.get(url, params).context["keyset"].next_cursor
            with django_assert_num_queries(
                LIST_QUERIES + (1 if "state" in params else 0)
            ):  # finding the State
                assert reader.get(url, {**params, "after": cursor}).status_code == 200


def test_the_triggers_that_keep_the_states_name_are_in_the_database(db: Any) -> None:
    """Written by migration 0005 on PostgreSQL, after every migrate on SQLite (custodiet.places.triggers)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'places_state_name%'"
            )
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'places_state_name%'")
        names = {name for (name,) in cursor.fetchall()}
    wanted = (
        {"places_state_name_INSERT", "places_state_name_UPDATE"}
        | {"places_state_name_of_state_INSERT", "places_state_name_of_state_UPDATE"}
        if connection.vendor == "sqlite"
        else {"places_state_name", "places_state_name_of_state"}
    )
    assert names == wanted


class TestTheFiltersSuggestions:
    def test_regions_each_once_in_order_of_the_register_or_of_the_state(self, states: Any) -> None:
        fill(states, SIZES)
        Place.objects.filter(ref="P-UA-000").update(region="")  # no region: not suggested
        every = sorted(set(Place.objects.exclude(region="").values_list("region", flat=True)))
        assert selectors.regions() == every and len(every) == 12
        assert selectors.regions(limit=5) == every[:5]
        georgia = selectors.PlaceFilters.from_params({"state": "Georgia"})
        assert selectors.regions(filters=georgia) == ["GE region 0", "GE region 1", "GE region 2"]
        assert selectors.regions(filters=selectors.PlaceFilters.from_params({"state": "Atlantis"})) == []

    def test_states_those_with_places_in_name_order(self, states: Any) -> None:
        fill(states, {"UA": 1, "FR": 2})
        assert [state.code for state in selectors.states_with_places()] == ["FR", "UA"]


def test_the_states_filter_finds_the_page_by_the_states_id(states: Any, make_user: Any) -> None:
    """Filtered to a State by its id, a constant, the planners page through the index (state, names, id)."""
    filters = selectors.PlaceFilters.from_params({"state": "rus"})
    assert filters.state == "RU" and filters.state_id == states["RU"].pk
    sql = str(selectors.place_list(user=make_user("analyst"), filters=filters).query)
    assert f'"places_place"."state_id" = {states["RU"].pk}' in sql
