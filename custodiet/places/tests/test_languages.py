"""The register in the reader's language: occupancy's words, the chart in words and the refusals; the API
still answers in English with ISO dates."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the pages in Russian

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from custodiet.places.models import PopulationRecord
from custodiet.places.occupancy import Occupancy
from custodiet.places.rules import figure_problems

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A request in Russian leaves Russian active in the thread: the next test starts in English."""
    yield
    translation.activate("en")


@pytest.fixture
def reader(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("analyst", username="ana"))
    return client


@pytest.fixture
def crowded(make_place: Any) -> Any:
    place = make_place(capacity=100)
    PopulationRecord.objects.create(place=place, on=date(2024, 1, 1), population=1500, source="s")
    return place


@pytest.mark.django_db
class TestInRussian:
    def test_the_list_gives_the_age_and_the_unknown_reason_in_russian(
        self, reader: Any, crowded: Any, make_place: Any
    ) -> None:
        make_place(ref="RU-2", name_local="ИВС")
        text = reader.get(reverse("places:place_list"), {"on": "2024-06-01"}, **RUSSIAN).content.decode()
        assert "данные на 1 января 2024 г., около 5 месяцев назад" in text
        assert "нет данных" in text  # the place with no figure: its short reason
        assert "1\xa0500 / 100" in text  # digits grouped as Russian groups them
        assert "about 5 months old" not in text and "no figure" not in text

    def test_the_place_page_gives_the_chart_in_words_in_russian(self, reader: Any, crowded: Any) -> None:
        text = reader.get(reverse("places:place_detail", args=[crowded.pk]), **RUSSIAN).content.decode()
        assert "Заполненность: SIZO-2 Butyrka, с 1 января 2024 г. по 1 января 2024 г.: 1 значение." in text
        assert "Максимум: 1\xa0500,0 % на 1 января 2024 г." in text
        assert "сверх вместимости" in text

    def test_a_refusal_is_said_in_the_active_language_with_its_date(self) -> None:
        with translation.override("ru"):
            [problem] = figure_problems(
                on=date(2099, 1, 1), population=1, source="s", today=date(2026, 11, 22)
            )
        assert problem == "дата данных (1 января 2099 г.) ещё не наступила"

    def test_occupancy_words_are_english_for_machines_and_russian_when_shown(self) -> None:
        result = Occupancy(date(2026, 11, 22), None, 100, None, "place")
        assert result.summary == "unknown: no population figure on or before 2026-11-22"
        with translation.override("ru"):
            assert result.summary == "unknown: no population figure on or before 2026-11-22"
            assert (
                result.summary.shown()
                == "неизвестно: нет данных о численности на 22 ноября 2026 г. или ранее"
            )


@pytest.mark.django_db
def test_the_api_answers_in_english_with_iso_dates_under_a_russian_browser(reader: Any, crowded: Any) -> None:
    url = reverse("places-api:place_detail", args=[crowded.pk])
    english = reader.get(url, {"on": "2024-06-01"}).json()
    russian = reader.get(url, {"on": "2024-06-01"}, **RUSSIAN).json()
    assert russian["occupancy"] == english["occupancy"]
    assert russian["occupancy"]["summary"] == (
        "1500.0 % (1,500 held for 100 places), figure of 2024-01-01, about 5 months old"
    )
