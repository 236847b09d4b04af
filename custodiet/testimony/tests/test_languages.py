"""The testimony pages in the reader's language (issue 16): the words, the labels of the taxonomy, the dates as
each language writes them and ``lang`` on the page; what a role may see does not change with the language.
And the day of a consent is asked for, never assumed (issue 13)."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the pages in Russian and Ukrainian

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from custodiet.testimony.models import Consent, ReprisalFollowUp
from custodiet.testimony.tests.conftest import ACCOUNT, NAME, REGISTRY, Record, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    """A request leaves its language active in the thread: the next test starts without it."""
    yield
    translation.deactivate()


def page(client: Client, url: str, language: str, **kwargs: Any) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_interview_reads_in_russian(client: Client, world: World, record: Record) -> None:
    client.force_login(world.users["delegation_on"])
    body = page(client, reverse("testimony:interview_detail", args=[record.interview.pk]), "ru")
    assert '<html lang="ru"' in body
    assert "Беседа с" in body and "Конфиденциально." in body
    assert "Физическое жестокое обращение" in body  # the taxonomy's label, not "Physical ill-treatment"
    assert "В полицейском задержании" in body and "Вполне соответствует" in body
    assert "21 ноября 2026" in body  # the day consent was given, as Russian writes it
    assert "Риск: Высокий" in body and "к следующему посещению" in body
    assert "русский" in body  # the language of the interview, named in Russian (ISO 639's names)
    for english in ("The person", "Allegations", "Medical examinations", "Physical ill-treatment", "Nov"):
        assert english not in body, english
    assert ACCOUNT in body  # the account stays in the words the person used
    assert NAME not in body and REGISTRY not in body  # the identity only on an explicit request


def test_the_interviews_of_a_visit_read_in_ukrainian(client: Client, world: World, record: Record) -> None:
    client.force_login(world.users["delegation_on"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    response = client.get(reverse("testimony:visit_interviews", args=[world.visit.pk]))
    body = response.content.decode()
    assert '<html lang="uk"' in body and response["Content-Language"] == "uk"
    assert "Конфіденційні бесіди" in body and "Фізичне жорстоке поводження" in body
    assert "під загрозою" in body and "Росія" in body  # the State in Ukrainian
    assert "листопада 2026" in body  # the visit's first day, as Ukrainian writes it
    assert "Private interviews" not in body and "Persons at risk" not in body
    assert ACCOUNT not in body and NAME not in body


def test_the_figures_read_in_french_and_hide_small_counts_in_french(
    client: Client, world: World, record: Record
) -> None:
    client.force_login(world.users["analyst"])
    body = page(client, reverse("testimony:aggregates"), "fr")
    assert '<html lang="fr"' in body
    assert "Allégations de mauvais traitements en chiffres" in body
    assert "moins de 3" in body and "fewer than" not in body  # one person alleging: hidden, in French
    assert "Type de mauvais traitements × Auteurs présumés" in body
    assert ACCOUNT not in body and record.person.code not in body


def test_a_role_refused_in_another_language_is_refused_all_the_same(
    client: Client, world: World, record: Record
) -> None:
    url = reverse("testimony:interview_detail", args=[record.interview.pk])
    client.force_login(world.users["analyst"])
    refused = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
    assert refused.status_code == 403
    client.force_login(world.users["delegation_off"])  # another visit's delegation: not told it exists
    hidden = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert hidden.status_code == 404
    for response in (refused, hidden):
        body = response.content.decode()
        assert ACCOUNT not in body and record.person.code not in body and NAME not in body


def test_a_refusal_of_the_rules_is_said_in_the_readers_language(
    client: Client, world: World, record: Record
) -> None:
    client.force_login(world.users["delegation_on"])
    url = reverse("testimony:follow_up_record", args=[record.risk.pk])
    before = ReprisalFollowUp.objects.count()
    response = client.post(
        url,
        {"action": "visit him", "due_on": "2026-12-01", "due_at_next_visit": "on"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200  # the form again, with the refusal, and nothing recorded
    assert ReprisalFollowUp.objects.count() == before
    assert (
        "Un suivi est à faire lors de la prochaine visite ou à une date, pas les deux."
        in response.content.decode()
    )


def test_the_consent_form_starts_without_a_day_and_asks_for_it(
    client: Client, world: World, record: Record
) -> None:
    client.force_login(world.users["delegation_on"])
    url = reverse("testimony:consent_record", args=[record.interview.pk])
    form = page(client, url, "en")
    field = form[form.index('name="given_on"') :]
    assert "value=" not in field[: field.index(">")]
    before = Consent.objects.count()
    response = client.post(url, {"use_information": "on"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200  # the form again, with the question
    assert "Укажите день, когда было дано согласие" in response.content.decode()
    assert Consent.objects.count() == before
