"""Writes to the register: imports all or nothing and idempotent, single edits, figures; each audited."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from custodiet.core.errors import DomainError, ImportRejected
from custodiet.core.models import AuditEntry
from custodiet.places.models import Place, PopulationRecord
from custodiet.places.services import place_create, place_update, places_import, population_record
from custodiet.places.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo_places.csv"
REGISTER = (
    "ref,name_local,name_en,type,authority,state,region,latitude,longitude,capacity,source,"
    "population,population_on,population_source\n"
    "RU-MOW-SIZO-1,СИЗО-1 «Матросская тишина»,SIZO-1,pre_trial,FSIN,RU,Moscow,55.792,37.697,,https://e.org/1,"
    "1700,2018-11-01,https://e.org/count\n"
    "RU-VLA-IK-2,ИК-2,IK-2 Pokrov,penal_colony,FSIN,RUS,Vladimir Oblast,55.904,39.184,794,https://e.org/2,,,\n"
    "UA-1,Слідчий ізолятор,,pre_trial,,Ukraine,,,,,,,,\n"
)


def import_text(text: str, by: Any = None, **options: Any) -> Any:
    return places_import(data=text.encode("utf-8"), name="register.csv", by=by, today=TODAY, **options)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestImport:
    def test_a_register_creates_places_and_their_figures(self, states: Any, secretariat: Any) -> None:
        summary = import_text(REGISTER, by=secretariat)
        assert (summary.created, summary.updated, summary.unchanged, summary.figures_created) == (3, 0, 0, 1)
        sizo = Place.objects.get(ref="RU-MOW-SIZO-1")
        assert sizo.state.code == "RU" and sizo.latitude is not None and sizo.capacity is None
        assert Place.objects.get(ref="UA-1").state.code == "UA"
        assert Place.objects.get(ref="RU-VLA-IK-2").capacity == 794
        assert sizo.population.get().population == 1700
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.actor) == ("place.import", secretariat)
        assert entry.detail["places"]["created"] == 3 and len(entry.detail["sha256"]) == 64

    def test_the_same_file_twice_changes_nothing(self, states: Any) -> None:
        import_text(REGISTER)
        stamps = dict(Place.objects.values_list("ref", "updated_at"))
        entries = AuditEntry.objects.count()
        summary = import_text(REGISTER)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
        assert (summary.figures_created, summary.figures_unchanged) == (0, 1)
        assert not summary.changed
        assert dict(Place.objects.values_list("ref", "updated_at")) == stamps
        assert AuditEntry.objects.count() == entries  # no entry when nothing changed
        assert PopulationRecord.objects.count() == 1

    def test_a_changed_row_updates_only_that_place_and_says_which_fields(self, states: Any) -> None:
        import_text(REGISTER)
        before = dict(Place.objects.values_list("ref", "updated_at"))
        summary = import_text(REGISTER.replace("794", "800").replace("IK-2 Pokrov", '"IK-2, Pokrov"'))
        assert (summary.updated, summary.unchanged) == (1, 2)
        assert summary.updated_fields == {"RU-VLA-IK-2": ["name_en", "capacity"]}
        after = dict(Place.objects.values_list("ref", "updated_at"))
        assert after["RU-VLA-IK-2"] > before["RU-VLA-IK-2"]
        assert after["UA-1"] == before["UA-1"]
        assert Place.objects.get(ref="RU-VLA-IK-2").search_text.startswith("ru-vla-ik-2 ик-2 ik-2, pokrov")

    def test_columns_left_out_of_the_file_are_left_alone(self, states: Any) -> None:
        import_text(REGISTER)
        summary = import_text("ref,name_local,type,state\nRU-VLA-IK-2,ИК-2,penal_colony,RU\n")
        assert summary.unchanged == 1
        place = Place.objects.get(ref="RU-VLA-IK-2")
        assert place.capacity == 794 and place.authority == "FSIN"

    def test_a_bad_file_writes_nothing_and_lists_every_problem(self, states: Any) -> None:
        import_text(REGISTER)
        snapshot = list(Place.objects.order_by("ref").values())
        bad = (
            REGISTER.replace("794", "-794")
            + "RU-NEW,Новое,,prison,,RU,,,,,,,,\nRU-BAD,Плохое,,jail,,ZZ,,,,,,,,\n"
        )
        with pytest.raises(ImportRejected) as caught:
            import_text(bad)
        assert [line for line, _ in caught.value.problems] == [3, 6, 6]
        assert list(Place.objects.order_by("ref").values()) == snapshot
        assert not Place.objects.filter(ref="RU-NEW").exists()

    def test_a_dry_run_reports_and_writes_nothing(self, states: Any) -> None:
        summary = import_text(REGISTER, commit=False)
        assert summary.dry_run and (summary.created, summary.figures_created) == (3, 1)
        assert "would create 3" in summary.describe() and "nothing was written" in summary.describe()
        assert Place.objects.count() == 0 and AuditEntry.objects.count() == 0

    def test_a_population_file_adds_and_corrects_figures(self, states: Any) -> None:
        import_text(REGISTER)
        population = (
            "ref,on,population,capacity,source\n"
            "RU-VLA-IK-2,2021-03-01,700,,https://e.org/a\n"
            "RU-VLA-IK-2,2022-03-01,820,800,https://e.org/b\n"
            "RU-MOW-SIZO-1,2018-11-01,1750,,https://e.org/count\n"
        )
        summary = import_text(population)
        assert (summary.kind, summary.figures_created, summary.figures_updated) == ("population", 2, 1)
        assert PopulationRecord.objects.get(place__ref="RU-MOW-SIZO-1").population == 1750
        assert PopulationRecord.objects.get(on=date(2022, 3, 1)).capacity == 800
        again = import_text(population)
        assert (again.figures_created, again.figures_updated, again.figures_unchanged) == (0, 0, 3)

    def test_a_population_file_for_unknown_places_is_refused(self, states: Any) -> None:
        with pytest.raises(ImportRejected) as caught:
            import_text("ref,on,population,source\nNOWHERE,2024-01-01,10,https://e.org\n")
        assert caught.value.problems == [
            (2, "no place with ref 'NOWHERE' in the register: import or create it first")
        ]
        assert PopulationRecord.objects.count() == 0

    def test_an_xlsx_register_imports_like_a_csv(self, states: Any) -> None:
        data = xlsx(
            [
                [
                    "ref",
                    "name_local",
                    "type",
                    "state",
                    "capacity",
                    "population",
                    "population_on",
                    "population_source",
                ],
                ["RU-1", "Колония", "Penal colony", "RU", 100, 130, datetime(2024, 5, 1), "https://e.org"],
            ]
        )
        summary = places_import(data=data, name="r.xlsx", by=None, today=TODAY)
        assert (summary.created, summary.figures_created) == (1, 1)
        assert places_import(data=data, name="r.xlsx", by=None, today=TODAY).unchanged == 1

    def test_rows_and_paths_are_accepted_too(self, states: Any, tmp_path: Path) -> None:
        summary = places_import(
            rows=[{"ref": "X", "name_local": "Y", "type": "police", "state": "FR"}], by=None, today=TODAY
        )
        assert summary.created == 1
        path = tmp_path / "r.csv"
        path.write_text(REGISTER, encoding="utf-8")
        assert places_import(path=path, by=None, today=TODAY).created == 3
        with pytest.raises(DomainError, match="no such file"):
            places_import(path=tmp_path / "missing.csv", by=None)

    def test_the_demo_register_imports_cleanly_and_idempotently(self, reference_data: Any) -> None:
        first = places_import(path=DEMO, by=None)
        assert first.created >= 8 and first.figures_created == 0
        assert Place.objects.filter(type="psychiatric").exists()
        second = places_import(path=DEMO, by=None)
        assert second.unchanged == first.created and not second.changed


class TestPlaceServices:
    def test_create_validates_saves_and_audits(self, states: Any, secretariat: Any) -> None:
        place = place_create(
            by=secretariat, ref=" RU-1 ", name_local="Изолятор", type="pre_trial", state=states["RU"]
        )
        assert place.ref == "RU-1" and place.search_text == "ru-1 изолятор"
        entry = AuditEntry.objects.get()
        assert (entry.verb, entry.target_id, entry.detail["state"]) == ("place.create", str(place.pk), "RU")

    def test_create_refuses_a_used_ref_and_bad_values(
        self, states: Any, secretariat: Any, make_place: Any
    ) -> None:
        make_place(ref="RU-1")
        with pytest.raises(DomainError, match="already used"):
            place_create(by=secretariat, ref="RU-1", name_local="X", type="prison", state=states["RU"])
        with pytest.raises(DomainError, match=r"unknown type 'castle'.*give both latitude"):
            place_create(
                by=secretariat, ref="RU-2", name_local="X", type="castle", state=states["RU"], latitude=1
            )
        assert AuditEntry.objects.count() == 0

    def test_update_saves_only_what_changed(self, states: Any, secretariat: Any, make_place: Any) -> None:
        place = make_place(capacity=100)
        stamp = place.updated_at
        place_update(place=place, by=secretariat, changes={"capacity": 100, "region": "Moscow"})
        assert AuditEntry.objects.count() == 0
        place_update(place=place, by=secretariat, changes={"capacity": 120, "state": states["UA"]})
        place.refresh_from_db()
        assert (place.capacity, place.state.code) == (120, "UA") and place.updated_at > stamp
        entry = AuditEntry.objects.get()
        assert entry.detail == {
            "version": 2,
            "capacity": {"from": 100, "to": 120},
            "state": {"from": "RU", "to": "UA"},
        }

    def test_update_refuses_and_leaves_the_object_as_it_was(
        self, states: Any, secretariat: Any, make_place: Any
    ) -> None:
        place = make_place(capacity=100)
        with pytest.raises(DomainError, match="at least 1"):
            place_update(place=place, by=secretariat, changes={"capacity": 0})
        assert place.capacity == 100
        make_place(ref="OTHER")
        with pytest.raises(DomainError, match="already used"):
            place_update(place=place, by=secretariat, changes={"ref": "OTHER"})
        assert place.ref == "RU-MOW-SIZO-2"


class TestPopulationRecord:
    def test_a_figure_is_recorded_and_audited_without_an_upper_bound(
        self, make_place: Any, secretariat: Any
    ) -> None:
        place = make_place(capacity=100)
        record = population_record(
            place=place,
            on=date(2024, 1, 1),
            population=450,
            source="https://e.org",
            by=secretariat,
            today=TODAY,
        )
        assert record.population == 450
        assert AuditEntry.objects.get().verb == "population.record"

    def test_it_refuses_future_dates_negative_figures_and_missing_sources(
        self, make_place: Any, secretariat: Any
    ) -> None:
        place = make_place()
        for on, population, source, message in (
            (date(2027, 1, 1), 10, "s", "in the future"),
            (date(2024, 1, 1), -1, "s", "negative"),
            (date(2024, 1, 1), 10, "  ", "needs its source"),
        ):
            with pytest.raises(DomainError, match=message):
                population_record(
                    place=place, on=on, population=population, source=source, by=secretariat, today=TODAY
                )
        assert PopulationRecord.objects.count() == 0

    def test_a_second_figure_for_a_date_needs_replace(self, make_place: Any, secretariat: Any) -> None:
        place = make_place()
        args = {"place": place, "on": date(2024, 1, 1), "by": secretariat, "today": TODAY}
        population_record(population=10, source="a", **args)
        assert population_record(population=10, source="a", **args).population == 10  # same: no change
        assert AuditEntry.objects.count() == 1
        with pytest.raises(DomainError, match="already recorded"):
            population_record(population=12, source="b", **args)
        population_record(population=12, source="b", replace=True, **args)
        assert PopulationRecord.objects.get().population == 12
        assert AuditEntry.objects.order_by("-seq").first().verb == "population.replace"
