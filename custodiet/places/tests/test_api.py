"""The register's REST API: list with filters and occupancy, detail with history, writes, the schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.places.models import Place, PopulationRecord

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def reader(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("committee_member", username="cm"))
    return client


def test_the_list_is_paginated_filtered_and_carries_occupancy(
    reader: Any, make_place: Any, states: Any
) -> None:
    place = make_place(capacity=100)
    PopulationRecord.objects.create(place=place, on=date(2024, 1, 1), population=130, source="s")
    make_place(ref="UA-1", name_local="Ізолятор", state=states["UA"])
    data = reader.get(reverse("places-api:place_list"), {"on": "2024-02-01", "state": "RU"}).json()
    assert data["count"] == 1 and data["on"] == "2024-02-01"
    [row] = data["results"]
    assert (row["ref"], row["state"], row["type_label"]) == (
        "RU-MOW-SIZO-2",
        "RU",
        "Pre-trial detention centre",
    )
    assert row["occupancy"]["percent"] == 130.0 and row["occupancy"]["level"] == "over"
    assert row["occupancy"]["figure_on"] == "2024-01-01" and row["occupancy"]["age_days"] == 31
    page = reader.get(reverse("places-api:place_list"), {"limit": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    assert reader.get(reverse("places-api:place_list"), {"on": "soon"}).status_code == 400


def test_the_list_query_count_is_fixed(reader: Any, make_place: Any, django_assert_num_queries: Any) -> None:
    for index in range(30):
        place = make_place(ref=f"R-{index}", capacity=10)
        PopulationRecord.objects.create(place=place, on=date(2024, 1, 1), population=index, source="s")
    with django_assert_num_queries(5):  # session, user, COUNT, the page, its latest figures
        reader.get(reverse("places-api:place_list"))


def _walk(reader: Any, params: dict[str, Any], link: str = "next") -> list[str]:
    refs, answer = [], reader.get(reverse("places-api:place_list"), params).json()
    while True:
        refs += [row["ref"] for row in answer["results"]]
        if not answer[link]:
            return refs
        assert "offset" not in answer[link]
        answer = reader.get(answer[link]).json()


def test_following_the_links_reads_the_register_once_in_its_order_with_its_filters(
    reader: Any, make_place: Any, states: Any
) -> None:
    for index in range(5):
        make_place(ref=f"RU-{index}", name_en=f"Colony {index % 2}")  # names shared: the id breaks ties
        make_place(ref=f"UA-{index}", name_local=f"Колонія {index}", name_en="", state=states["UA"])
    everything = [
        row["ref"] for row in reader.get(reverse("places-api:place_list"), {"limit": 500}).json()["results"]
    ]
    assert len(everything) == 10
    assert _walk(reader, {"limit": 3}) == everything
    assert (
        _walk(reader, {"limit": 3, "last": 1}, link="previous")
        == everything[7:] + everything[4:7] + everything[1:4] + everything[:1]
    )
    russian = _walk(reader, {"limit": 2, "state": "RUS"})
    assert russian == [ref for ref in everything if ref.startswith("RU-")]
    first = reader.get(
        reverse("places-api:place_list"), {"limit": 2, "state": "RU", "on": "2024-01-01"}
    ).json()
    assert "state=RU" in first["next"] and "on=2024-01-01" in first["next"] and first["on"] == "2024-01-01"
    assert reader.get(reverse("places-api:place_list"), {"after": "garbled"}).status_code == 400


def test_a_deep_page_of_the_register_costs_what_the_first_does(
    reader: Any, make_place: Any, django_assert_num_queries: Any
) -> None:
    for index in range(12):
        make_place(ref=f"R-{index}")
    first = reader.get(reverse("places-api:place_list"), {"limit": 2}).json()
    deep = reader.get(reader.get(reader.get(first["next"]).json()["next"]).json()["next"]).json()["next"]
    with django_assert_num_queries(5):  # session, user, COUNT, the page, its latest figures
        reader.get(deep)


def test_the_detail_has_occupancy_and_history(reader: Any, make_place: Any) -> None:
    place = make_place(capacity=100, latitude="55.784", longitude="37.59")
    PopulationRecord.objects.create(place=place, on=date(2023, 1, 1), population=80, source="a")
    PopulationRecord.objects.create(
        place=place, on=date(2024, 1, 1), population=120, capacity=110, source="b"
    )
    data = reader.get(reverse("places-api:place_detail", args=[place.pk]), {"on": "2023-06-01"}).json()
    assert data["place"]["latitude"] == "55.784000"
    assert data["occupancy"]["percent"] == 80.0 and data["occupancy"]["capacity_from"] == "place"
    assert [(row["on"], row["capacity_in_force"], row["percent"]) for row in data["population"]] == [
        ("2023-01-01", 100, 80.0),
        ("2024-01-01", 110, 109.1),
    ]
    assert reader.get(reverse("places-api:place_detail", args=[999])).status_code == 404


def test_create_validates_and_audits(editor: Any, states: Any) -> None:
    url = reverse("places-api:place_list")
    payload = {
        "ref": "RU-NEW",
        "name_local": "Отдел полиции",
        "type": "police",
        "state": "rus",
        "capacity": 12,
    }
    response = editor.post(url, payload, content_type=JSON)
    assert response.status_code == 201 and response.json()["state"] == "RU"
    assert AuditEntry.objects.get().verb == "place.create"
    again = editor.post(url, payload, content_type=JSON)
    assert again.status_code == 400 and "already used" in again.json()["detail"]
    bad = editor.post(
        url, {**payload, "ref": "X", "state": "Atlantis", "type": "castle", "latitude": 91}, content_type=JSON
    )
    assert bad.status_code == 400 and {"state", "type", "latitude"} <= set(bad.json())
    half = editor.post(url, {**payload, "ref": "Y", "latitude": 50}, content_type=JSON)
    assert half.status_code == 400 and "both latitude and longitude" in half.json()["detail"]
    assert Place.objects.count() == 1


def test_patch_changes_only_the_given_fields(editor: Any, make_place: Any) -> None:
    place = make_place(capacity=100, authority="FSIN")
    url = reverse("places-api:place_detail", args=[place.pk])
    response = editor.patch(url, {"capacity": 150}, content_type=JSON)
    assert response.status_code == 200 and response.json()["capacity"] == 150
    place.refresh_from_db()
    assert (place.capacity, place.authority) == (150, "FSIN")
    assert AuditEntry.objects.get().detail == {"version": 2, "capacity": {"from": 100, "to": 150}}


def test_population_figures(editor: Any, make_place: Any) -> None:
    place = make_place()
    url = reverse("places-api:population_add", args=[place.pk])
    figure = {"on": "2024-01-01", "population": 3000, "source": "https://e.org"}
    assert editor.post(url, figure, content_type=JSON).status_code == 201
    assert editor.post(url, figure, content_type=JSON).status_code == 200  # the same figure: nothing changes
    conflict = editor.post(url, {**figure, "population": 3100}, content_type=JSON)
    assert conflict.status_code == 400 and "already recorded" in conflict.json()["detail"]
    assert (
        editor.post(url, {**figure, "population": 3100, "replace": True}, content_type=JSON).status_code
        == 200
    )
    assert editor.post(url, {**figure, "on": "2999-01-01"}, content_type=JSON).status_code == 400
    assert editor.post(url, {**figure, "population": -1}, content_type=JSON).status_code == 400
    assert PopulationRecord.objects.get().population == 3100


def test_the_schema_documents_the_endpoints(reader: Any) -> None:
    schema = reader.get("/api/schema/").content.decode()
    for path in ("/api/places/", "/api/places/{id}/", "/api/places/{id}/population/"):
        assert path in schema
    assert "PaginatedPlaceList" in schema and "PlaceDetail" in schema and "PopulationInput" in schema


def test_a_state_is_named_by_code_alpha3_or_name_as_everywhere(
    editor: Any, make_place: Any, states: Any
) -> None:
    make_place()
    make_place(ref="UA-1", name_local="Ізолятор", state=states["UA"])
    url = reverse("places-api:place_list")
    for wanted in ("RU", "rus", "Russian Federation", "fédération de russie"):
        data = editor.get(url, {"state": wanted}).json()
        assert [row["ref"] for row in data["results"]] == ["RU-MOW-SIZO-2"], wanted
    assert editor.get(url, {"state": "Atlantis"}).json()["count"] == 0  # an unknown State matches no place
    payload = {"ref": "UA-2", "name_local": "Ізолятор", "type": "prison", "state": "Ukraine"}
    created = editor.post(url, payload, content_type=JSON)
    assert created.status_code == 201 and created.json()["state"] == "UA"
    unknown = editor.post(url, {**payload, "ref": "X", "state": "Atlantis"}, content_type=JSON)
    assert unknown.status_code == 400 and "No State is known as 'Atlantis'" in unknown.json()["state"][0]


def test_a_figure_no_place_holds_is_refused_not_a_server_error(editor: Any, make_place: Any) -> None:
    """Past what the database keeps, a number failed as a 500 (3,000,000,000 on PostgreSQL); no place
    holds a million people, so a larger figure is a typing error, refused by the API, the pages, the
    service and the import alike."""
    from custodiet.places.importing import integer

    place = make_place()
    url = reverse("places-api:population_add", args=[place.pk])
    for number in (3_000_000_000, 10**20, 1_000_001):
        figure = {"on": "2024-01-01", "population": number, "source": "https://e.org"}
        assert editor.post(url, figure, content_type=JSON).status_code == 400
        created = {"ref": "RU-BIG", "name_local": "X", "type": "police", "state": "RU", "capacity": number}
        assert editor.post(reverse("places-api:place_list"), created, content_type=JSON).status_code == 400
    page = editor.post(
        reverse("places:population_add", args=[place.pk]),
        {"on": "2024-01-01", "population": "99999999999999999999", "source": "x"},
    )
    assert page.status_code == 200 and "less than or equal to 1000000" in page.content.decode()
    assert not PopulationRecord.objects.exists() and not Place.objects.filter(ref="RU-BIG").exists()
    for cell in ("99999999999999999999", 10**20, 1_000_001):
        with pytest.raises(ValueError, match="more than any place holds"):
            integer(cell, "capacity")
    assert integer("1 000 000", "capacity") == 1_000_000
