"""The visit pages and the place page in the interface's other languages: a reader whose browser asks for
French, Russian or Ukrainian gets the page in it (words, plurals, dates as that language writes them, the
State's name, ``lang``), the treaty gate and the forms answer in it, and nothing of the confidential record
is shown to someone who may not see it whatever language they ask for."""

# ruff: noqa: RUF001, RUF003  # Cyrillic letters and typographic dashes are the point
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.places.models import PopulationRecord
from custodiet.visits.models import DelegationMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client: Client, secretariat: Any) -> Client:
    client.force_login(secretariat)
    return client


def page(client: Client, url: str, language: str, data: dict[str, Any] | None = None) -> str:
    response = client.get(url, data or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    text = response.content.decode()
    assert f'<html lang="{language}"' in text
    return text


def test_the_visit_list_in_russian(office: Client, visit: Any) -> None:
    text = page(office, reverse("visits:visit_list"), "ru")
    assert "<h1>Посещения</h1>" in text and "Запланировать посещение" in text
    assert "1 посещение" in text  # the plural form of 1
    assert "Россия" in text  # the State named in Russian, not "Russian Federation"
    assert (
        "17 ноября 2026 г." in text and "27 ноября 2026 г." in text
    )  # the planned days, as Russian writes them
    assert 'data-status="planned">Запланировано<' in text
    for english in ("Plan a visit", "Filter the visits", "Russian Federation</td>", "November"):
        assert english not in text


def test_the_visit_list_counts_access_problems_in_ukrainian(
    office: Client, notified_visit: Any, places: Any, secretariat: Any
) -> None:
    from custodiet.visits.services import access_event_record
    from custodiet.visits.tests.conftest import local

    for hour in (10, 11, 12):
        access_event_record(
            visit=notified_visit,
            kind="refused",
            place=places[0],
            occurred_at=local(notified_visit.planned_start, hour),
            by=secretariat,
        )
    text = page(office, reverse("visits:visit_list"), "uk")
    assert "3 відмови" in text  # 2–4: the second of the three Ukrainian forms
    assert "refusal" not in text


def test_the_visit_page_in_ukrainian(
    office: Client, notified_visit: Any, places: Any, secretariat: Any
) -> None:
    from custodiet.visits.services import itinerary_add

    itinerary_add(visit=notified_visit, place=places[0], planned_on=None, by=secretariat)
    text = page(office, reverse("visits:visit_detail", args=[notified_visit.pk]), "uk")
    for words in ("Договірна підстава", "Делегація", "Маршрут", "Негайні зауваження", "Заперечення держави"):
        assert words in text
    assert "Повідомлено" in text  # the status, from the model's choices
    assert "Намір здійснити візит" in text  # the notification's subject
    # the headline: the right is uncertain (the domestic denunciation law), said with the State and the day
    assert "Договірне право CPT відвідати державу Росія 17 листопада 2026 р. невизначене" in text
    assert (
        "ст. 9(1) ЄКЗК: Лише за виняткових обставин" in text
    )  # the objection clause in the reader's language
    assert "р.." not in text  # a sentence that ends on a date ends on the abbreviation's point, not two
    for english in ("Treaty basis", "Immediate observations", "Itinerary", "Intention to visit", "November"):
        assert english not in text


def test_the_place_page_in_french(office: Client, places: Any, today: Any) -> None:
    place = places[0]
    place.capacity = 1200
    place.save()
    PopulationRecord.objects.create(place=place, on=today - timedelta(days=10), population=1350, source="s")
    text = page(office, reverse("places:place_detail", args=[place.pk]), "fr")
    for words in (
        "Fiche du registre",
        "Capacité officielle",
        "Historique de la population",
        "Taux d'occupation au",
    ):
        assert words in text
    assert "22 novembre 2026" in text and "12 novembre 2026" in text  # the day asked about, the figure's day
    assert "Fédération de Russie" in text
    for english in ("Register entry", "Population history", "Official capacity", "November"):
        assert english not in text


def test_the_treaty_gate_answers_in_russian(office: Client, bodies: Any) -> None:
    form = {
        "body": bodies["CPT"].pk,
        "state": "RU",
        "kind": "ad_hoc",
        "planned_start": "2026-12-01",
        "planned_end": "2026-12-10",
        "time_zone": "Europe/Moscow",
        "check": "1",
    }
    response = office.post(reverse("visits:visit_plan"), form, HTTP_ACCEPT_LANGUAGE="ru")
    text = response.content.decode()
    assert 'id="gate-result"' in text and '<html lang="ru"' in text
    assert "может посетить государство Россия с 1 декабря 2026 г. по 10 декабря 2026 г." in text
    assert "Предупреждение:" in text and "Warning:" not in text
    assert (
        "Государство Россия одобрило денонсацию" in text
    )  # the gate names the State in the reader's language
    assert "Проверить договорное основание" in text


def test_a_refusal_of_the_rules_comes_in_french_and_changes_nothing(office: Client, visit: Any) -> None:
    response = office.post(
        reverse("visits:delegation_add", args=[visit.pk]),
        {"name": "", "role": "expert", "expertise": ""},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    text = response.content.decode()
    assert "Indiquez le nom du membre ou associez un compte." in text
    assert not DelegationMember.objects.filter(visit=visit).exists()


def test_another_language_opens_nothing_more(client: Client, users: Any, visit: Any) -> None:
    """A State liaison asking in Russian is refused the programme and the visit as in English."""
    client.force_login(users["state_liaison"])
    for url in (reverse("visits:visit_list"), reverse("visits:visit_detail", args=[visit.pk])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code in (403, 404)
        assert visit.title not in response.content.decode()


def test_the_objection_form_in_russian_gives_the_conventions_own_grounds(office: Client, visit: Any) -> None:
    text = page(office, reverse("visits:objection_record", args=[visit.pk]), "ru")
    assert "Основания, допускаемые ст. 9(1) ЕКПП:" in text
    for ground in ("Национальная оборона", "Общественная безопасность", "Состояние здоровья лица"):
        assert ground in text
    assert "Лишь в исключительных обстоятельствах" in text  # the clause's condition
    for english in ("National defence", "Art. 9(1) ECPT", "Only in exceptional circumstances"):
        assert english not in text
