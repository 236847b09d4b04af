"""The register's pages: what a reader sees, the forms, the import, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from custodiet.core.dates import shown_date
from custodiet.core.models import AuditEntry
from custodiet.ops.testing import run_queued_jobs
from custodiet.places.models import Place, PopulationRecord

pytestmark = pytest.mark.django_db
LIST_QUERIES = 7  # session, user, COUNT, the page, its latest figures, states, regions
DETAIL_QUERIES = 4  # session, user, the place with its state, its figures


@pytest.fixture
def reader(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("analyst", username="ana"))
    return client


def many_places(states: dict[str, Any], count: int, figures: int = 3) -> None:
    places = Place.objects.bulk_create(
        [
            Place(
                ref=f"RU-{index:05d}",
                name_local=f"Колония № {index}",
                name_en=f"Colony {index}",
                type="penal_colony",
                state=states["RU"],
                region=f"Region {index % 7}",
                capacity=100,
                search_text=f"ru-{index:05d} колония № {index} colony {index} region {index % 7}",
            )
            for index in range(count)
        ]
    )
    PopulationRecord.objects.bulk_create(
        [
            PopulationRecord(place=place, on=date(2020 + k, 1, 1), population=90 + 10 * k, source="s")
            for place in places
            for k in range(figures)
        ]
    )


class TestPlaceList:
    def test_it_lists_places_with_occupancy_on_a_date(self, reader: Any, make_place: Any) -> None:
        place = make_place(capacity=100)
        PopulationRecord.objects.create(place=place, on=date(2024, 1, 1), population=150, source="s")
        response = reader.get(reverse("places:place_list"), {"on": "2024-06-01"})
        text = response.content.decode()
        assert response.status_code == 200
        assert "SIZO-2 Butyrka" in text and "СИЗО-2 «Бутырка»" in text
        assert "150.0 %" in text and "figure of 1 January 2024" in text
        assert reverse("places:place_detail", args=[place.pk]) + "?on=2024-06-01" in text

    def test_occupancy_defaults_to_today(self, reader: Any, make_place: Any) -> None:
        make_place()
        text = reader.get(reverse("places:place_list")).content.decode()
        assert f"Occupancy on {shown_date(timezone.localdate())}" in text
        assert "no figure" in text

    def test_filters_by_state_type_region_and_text(self, reader: Any, make_place: Any, states: Any) -> None:
        make_place()
        make_place(
            ref="UA-1", name_local="Слідчий ізолятор", name_en="Kyiv SIZO", state=states["UA"], region="Kyiv"
        )
        make_place(
            ref="RU-PSY",
            name_local="Психиатрическая больница",
            name_en="Hospital",
            type="psychiatric",
            region="Tatarstan",
        )
        url = reverse("places:place_list")

        def refs(**params: str) -> set[str]:
            response = reader.get(url, params)
            return {place.ref for place, _ in response.context["rows"]}

        assert refs(state="UA") == {"UA-1"}
        assert refs(state="ukr") == {"UA-1"}
        assert refs(state="Ukraine") == {"UA-1"}  # a State by its name, as everywhere
        assert refs(state="Atlantis") == set()  # an unknown State matches no place
        assert refs(type="psychiatric") == {"RU-PSY"}
        assert refs(region="Tatarstan") == {"RU-PSY"}
        assert refs(q="бутырка") == {"RU-MOW-SIZO-2"}  # Cyrillic, any case, on SQLite too
        assert refs(q="БУТЫРКА sizo") == {"RU-MOW-SIZO-2"}
        assert refs(q="ua-1") == {"UA-1"}
        assert refs(type="nonsense") == {"RU-MOW-SIZO-2", "UA-1", "RU-PSY"}

    def test_yo_and_ie_are_the_same_letter_for_search(self, reader: Any, make_place: Any) -> None:
        make_place(ref="RU-ORE-IK-6", name_local="ИК-6 «Чёрный дельфин»", name_en="Black Dolphin")
        response = reader.get(reverse("places:place_list"), {"q": "черный"})
        assert [place.ref for place, _ in response.context["rows"]] == ["RU-ORE-IK-6"]

    def test_it_pages_by_50_after_the_last_row_shown_not_by_offset(self, reader: Any, states: Any) -> None:
        many_places(states, 120, figures=0)
        url = reverse("places:place_list")
        first = reader.get(url, {"state": "RU"})
        keyset = first.context["keyset"]
        assert len(first.context["rows"]) == 50 and keyset.at_start and not keyset.at_end
        second = reader.get(url, {"state": "RU", "after": keyset.next_cursor})
        third = reader.get(url, {"state": "RU", "after": second.context["keyset"].next_cursor})
        refs = [[place.ref for place, _ in page.context["rows"]] for page in (first, second, third)]
        assert [len(page) for page in refs] == [50, 50, 20] and third.context["keyset"].at_end
        every = [
            place.ref
            for place in Place.objects.filter(state__code="RU").order_by("name_en", "name_local", "id")
        ]
        assert refs[0] + refs[1] + refs[2] == every  # no row lost or shown twice
        back = reader.get(url, {"state": "RU", "before": third.context["keyset"].previous_cursor})
        assert [place.ref for place, _ in back.context["rows"]] == refs[1]
        last = reader.get(url, {"state": "RU", "last": "1"})
        assert [place.ref for place, _ in last.context["rows"]] == every[-50:]  # the last 50, not "page 3"
        text = second.content.decode()
        assert "120 places match" in text and "state=RU&amp;after=" in text and "state=RU&amp;before=" in text

    def test_a_page_link_that_cannot_be_read_gives_the_first_page_and_says_so(
        self, reader: Any, make_place: Any
    ) -> None:
        make_place()
        response = reader.get(reverse("places:place_list"), {"after": "not-a-cursor!"})
        assert response.status_code == 200 and "showing the first page" in response.content.decode()
        assert len(response.context["rows"]) == 1

    def test_a_bad_date_falls_back_to_today_with_a_message(self, reader: Any, make_place: Any) -> None:
        make_place()
        response = reader.get(reverse("places:place_list"), {"on": "yesterday"})
        assert response.status_code == 200 and "is not a date" in response.content.decode()

    def test_the_query_count_does_not_grow_with_the_register(
        self, reader: Any, states: Any, django_assert_num_queries: Any
    ) -> None:
        many_places(states, 3)
        with django_assert_num_queries(LIST_QUERIES):
            reader.get(reverse("places:place_list"))
        many_places_more = 150
        Place.objects.all().delete()
        many_places(states, many_places_more, figures=5)
        with django_assert_num_queries(LIST_QUERIES):
            response = reader.get(reverse("places:place_list"), {"q": "colony", "region": "Region 1"})
        assert response.status_code == 200

    def test_edit_links_only_for_editors(
        self, reader: Any, client: Any, make_place: Any, secretariat: Any
    ) -> None:
        make_place()
        assert reverse("places:place_import") not in reader.get(reverse("places:place_list")).content.decode()
        client.force_login(secretariat)
        assert reverse("places:place_import") in client.get(reverse("places:place_list")).content.decode()


class TestPlaceDetail:
    def test_it_shows_every_field_the_map_link_the_chart_and_the_history(
        self, reader: Any, make_place: Any
    ) -> None:
        place = make_place(
            capacity=1000,
            authority="FSIN",
            address="ул. Новослободская, 45",
            latitude="55.784",
            longitude="37.59",
            source="https://example.org/source",
            notes="A note",
        )
        PopulationRecord.objects.create(
            place=place, on=date(2019, 1, 1), population=1200, source="https://e.org/a"
        )
        PopulationRecord.objects.create(
            place=place, on=date(2020, 1, 1), population=900, capacity=850, source="b"
        )
        response = reader.get(reverse("places:place_detail", args=[place.pk]), {"on": "2019-06-01"})
        text = response.content.decode()
        assert response.status_code == 200
        for expected in (
            "SIZO-2 Butyrka",
            "СИЗО-2 «Бутырка»",
            "Pre-trial detention centre",
            "FSIN",
            "Moscow",
            "ул. Новослободская, 45",
            "1,000 places",
            "A note",
            'href="https://example.org/source"',
        ):
            assert expected in text
        assert "https://www.openstreetmap.org/?mlat=55.784&amp;mlon=37.59#map=16/55.784/37.59" in text
        assert "120.0 %" in text and "over capacity" in text and "figure of 1 January 2019" in text
        assert "<svg" in text and 'class="capacity"' in text and "<desc" in text
        assert "105.9 %" in text  # 900 / 850, the capacity recorded with the figure
        # The reader is an analyst: the register, but not the confidential visits and findings.
        assert 'id="place-record"' not in text

    def test_without_figures_or_capacity_it_says_so(self, reader: Any, make_place: Any) -> None:
        place = make_place()
        text = reader.get(reverse("places:place_detail", args=[place.pk])).content.decode()
        assert "No population figure is on record" in text and "<svg" not in text
        assert "not recorded" in text  # coordinates

    def test_an_unknown_place_is_404(self, reader: Any, states: Any) -> None:
        assert reader.get(reverse("places:place_detail", args=[999])).status_code == 404

    def test_the_query_count_does_not_grow_with_the_history(
        self, reader: Any, make_place: Any, django_assert_num_queries: Any
    ) -> None:
        place = make_place(capacity=100)
        url = reverse("places:place_detail", args=[place.pk])
        with django_assert_num_queries(DETAIL_QUERIES):
            reader.get(url)
        start = date(2000, 1, 1)
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    place=place, on=start + timedelta(days=7 * k), population=80 + k % 50, source="s"
                )
                for k in range(400)
            ]
        )
        with django_assert_num_queries(DETAIL_QUERIES):
            response = reader.get(url)
        assert response.context["history_cut"] and len(response.context["history"]) == 200
        assert "Show all" in response.content.decode()
        assert len(reader.get(url, {"history": "all"}).context["history"]) == 400


class TestForms:
    def test_create_a_place(self, editor: Any, states: Any) -> None:
        response = editor.post(
            reverse("places:place_create"),
            {
                "ref": "RU-NEW",
                "name_local": "Изолятор",
                "type": "police",
                "state": "RU",
                "latitude": "55.1",
                "longitude": "37.2",
            },
        )
        place = Place.objects.get(ref="RU-NEW")
        assert response.status_code == 302 and response["Location"] == reverse(
            "places:place_detail", args=[place.pk]
        )
        assert AuditEntry.objects.get().verb == "place.create"

    def test_errors_are_shown_and_nothing_is_saved(self, editor: Any, make_place: Any) -> None:
        make_place(ref="RU-1")
        response = editor.post(
            reverse("places:place_create"),
            {
                "ref": "RU-1",
                "name_local": "X",
                "type": "prison",
                "state": "RU",
                "capacity": "-3",
                "latitude": "55",
            },
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert "Ensure this value is greater than or equal to 1." in text
        assert "Give both latitude and longitude, or neither." in text
        response = editor.post(
            reverse("places:place_create"),
            {"ref": "RU-1", "name_local": "X", "type": "prison", "state": "RU"},
        )
        assert "already used by another place" in response.content.decode()
        assert Place.objects.count() == 1

    def test_edit_a_place(self, editor: Any, make_place: Any) -> None:
        place = make_place()
        form = editor.get(reverse("places:place_edit", args=[place.pk]))
        assert 'value="RU-MOW-SIZO-2"' in form.content.decode()
        data = {
            "ref": place.ref,
            "name_local": place.name_local,
            "name_en": "Butyrka",
            "type": "pre_trial",
            "state": "RU",
            "region": "Moscow",
            "capacity": "1847",
            "snapshot": form.context["form"].initial["snapshot"],
        }
        editor.post(reverse("places:place_edit", args=[place.pk]), data)
        place.refresh_from_db()
        assert (place.name_en, place.capacity) == ("Butyrka", 1847)
        entry = AuditEntry.objects.get()
        assert set(entry.detail) == {"version", "name_en", "capacity"}

    def test_record_a_figure_and_the_domain_error_is_shown(self, editor: Any, make_place: Any) -> None:
        place = make_place()
        url = reverse("places:population_add", args=[place.pk])
        data = {"on": "2024-01-01", "population": "2400", "source": "https://e.org"}
        assert editor.post(url, data).status_code == 302
        response = editor.post(url, {**data, "population": "2500"})
        assert "already recorded" in response.content.decode()
        assert editor.post(url, {**data, "population": "2500", "replace": "on"}).status_code == 302
        assert PopulationRecord.objects.get().population == 2500
        future = (timezone.localdate() + timedelta(days=2)).isoformat()
        assert "in the future" in editor.post(url, {**data, "on": future}).content.decode()


class TestImportPage:
    CSV = "ref,name_local,type,state\nRU-1,Изолятор,pre_trial,RU\nRU-2,Тюрьма,castle,ZZ\n"

    def upload(self, client: Any, text: str, **extra: str) -> Any:
        """Upload, see the job's page, let a worker run the job; the job's page afterwards."""
        file = SimpleUploadedFile("register.csv", text.encode("utf-8"), content_type="text/csv")
        response = client.post(reverse("places:place_import"), {"file": file, **extra})
        assert response.status_code == 302 and response["Location"].startswith("/jobs/")
        waiting = client.get(response["Location"]).content.decode()
        assert "Import of register.csv" in waiting and "Waiting for a worker" in waiting
        assert run_queued_jobs() == 1
        return client.get(response["Location"])

    def test_every_problem_is_shown_with_its_line_and_nothing_is_written(
        self, editor: Any, states: Any
    ) -> None:
        response = self.upload(editor, self.CSV)
        text = response.content.decode()
        assert "nothing was imported" in text
        assert "unknown type &#x27;castle&#x27;" in text and "unknown state &#x27;ZZ&#x27;" in text
        assert response.context["problems"][0][0] == 3
        assert Place.objects.count() == 0

    def test_a_dry_run_then_the_import_then_again(self, editor: Any, states: Any) -> None:
        good = self.CSV.splitlines()[0] + "\n" + self.CSV.splitlines()[1] + "\n"
        text = self.upload(editor, good, dry_run="on").content.decode()
        assert "would create 1" in text and Place.objects.count() == 0
        assert "created 1" in self.upload(editor, good).content.decode()
        assert "already holds everything" in self.upload(editor, good).content.decode()
        assert Place.objects.count() == 1

    def test_nothing_is_written_before_a_worker_runs_the_import(self, editor: Any, states: Any) -> None:
        good = self.CSV.splitlines()[0] + "\n" + self.CSV.splitlines()[1] + "\n"
        file = SimpleUploadedFile("register.csv", good.encode("utf-8"), content_type="text/csv")
        editor.post(reverse("places:place_import"), {"file": file})
        assert Place.objects.count() == 0
        run_queued_jobs()
        assert Place.objects.count() == 1

    def test_the_form_needs_a_file(self, editor: Any) -> None:
        response = editor.post(reverse("places:place_import"), {})
        assert "This field is required." in response.content.decode()
