"""Optimistic locking: two editors of one place never overwrite each other; the second is told what
changed and keeps their own changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.models import AuditEntry
from custodiet.places.locking import Snapshot
from custodiet.places.models import Place
from custodiet.places.services import places_import

pytestmark = pytest.mark.django_db


def _form(client: Client, place: Place) -> dict[str, Any]:
    """The edit form as the browser would post it back, unchanged."""
    response = client.get(reverse("places:place_edit", args=[place.pk]))
    form = response.context["form"]
    return {name: ("" if value is None else value) for name, value in form.initial.items()}


@pytest.fixture
def two_editors(make_user: Any) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(make_user("secretariat", username="anna"))
    second.force_login(make_user("administrator", username="boris"))
    return first, second


def test_the_second_editor_is_told_what_changed_and_both_changes_are_kept(
    two_editors: tuple[Client, Client], make_place: Any
) -> None:
    place = make_place(capacity=1000)
    anna, boris = two_editors
    url = reverse("places:place_edit", args=[place.pk])
    anna_form, boris_form = _form(anna, place), _form(boris, place)
    assert anna.post(url, {**anna_form, "name_en": "Butyrka prison"}).status_code == 302
    response = boris.post(url, {**boris_form, "capacity": "1200"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="edit-conflict"' in page and "anna" in page
    assert "Butyrka prison" in page and "SIZO-2 Butyrka" in page  # what it was, what it is now
    place.refresh_from_db()
    assert (place.name_en, place.capacity, place.version) == (
        "Butyrka prison",
        1000,
        2,
    )  # nothing of Boris yet
    merged = response.context["form"]
    assert merged.data["name_en"] == "Butyrka prison" and merged.data["capacity"] == "1200"
    assert boris.post(url, dict(merged.data)).status_code == 302
    place.refresh_from_db()
    assert (place.name_en, place.capacity, place.version) == ("Butyrka prison", 1200, 3)
    updates = AuditEntry.objects.filter(verb="place.update").order_by("seq")
    assert [entry.actor_label for entry in updates] == ["anna", "boris"]
    assert [entry.detail["version"] for entry in updates] == [2, 3]


def test_a_field_both_changed_keeps_the_second_editors_value_in_the_form_and_says_so(
    two_editors: tuple[Client, Client], make_place: Any
) -> None:
    place = make_place()
    anna, boris = two_editors
    url = reverse("places:place_edit", args=[place.pk])
    anna_form, boris_form = _form(anna, place), _form(boris, place)
    anna.post(url, {**anna_form, "region": "Moscow city"})
    response = boris.post(url, {**boris_form, "region": "Moskva"})
    assert "you both changed it" in response.content.decode()
    assert response.context["form"].data["region"] == "Moskva"
    assert Place.objects.get().region == "Moscow city"


def test_an_altered_form_is_refused_and_nothing_is_saved(editor: Client, make_place: Any) -> None:
    place = make_place()
    form = _form(editor, place)
    response = editor.post(
        reverse("places:place_edit", args=[place.pk]), {**form, "name_en": "X", "snapshot": "forged"}
    )
    assert "was altered" in response.content.decode()
    assert Place.objects.get().name_en == "SIZO-2 Butyrka"


def test_an_import_between_opening_and_saving_is_a_change_the_editor_is_told_of(
    editor: Client, make_place: Any
) -> None:
    place = make_place(capacity=1000)
    form = _form(editor, place)
    places_import(
        by=None,
        rows=[
            {
                "ref": place.ref,
                "name_local": place.name_local,
                "type": "pre_trial",
                "state": "RU",
                "capacity": 1500,
            }
        ],
    )
    response = editor.post(
        reverse("places:place_edit", args=[place.pk]), {**form, "notes": "Visited in 2024"}
    )
    assert response.status_code == 200 and "1500" in response.content.decode()
    assert Place.objects.get().notes == ""


def test_the_api_refuses_a_stale_version_with_409_and_what_changed(make_user: Any, make_place: Any) -> None:
    from rest_framework.test import APIClient

    place = make_place(capacity=1000)
    api = APIClient()
    api.force_authenticate(make_user("secretariat"))
    url = f"/api/places/{place.pk}/"
    assert api.get(url).json()["place"]["version"] == 1
    assert api.patch(url, {"capacity": 1100, "version": 1}, format="json").status_code == 200
    stale = api.patch(url, {"notes": "x", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["version"] == 2 and stale.json()["current"]["capacity"] == 1100
    assert Place.objects.get().notes == ""
    assert (
        api.patch(url, {"notes": "x"}, format="json").status_code == 200
    )  # no version: applies to the current


def test_a_snapshot_reads_back_and_refuses_tampering() -> None:
    token = Snapshot.of(4, {"capacity": 10, "name_en": "A"}).sign()
    assert Snapshot.read(token) == Snapshot(version=4, values={"capacity": "10", "name_en": "A"})
    with pytest.raises(ValueError, match="altered"):
        Snapshot.read(token[:-2] + "xx")
