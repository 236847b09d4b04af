"""The four interface languages as a user meets them: the language the browser asks for, the header's switcher,
the language kept on the account, ``lang`` on the page, dates and numbers as each language writes them, and the
error pages in the reader's language."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the Russian and Ukrainian interface

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from custodiet.core.dates import shown_date
from custodiet.core.models import User

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("language", "log_in"),
    [("en", "Log in"), ("fr", "Se connecter"), ("ru", "Войти"), ("uk", "Увійти")],
)
def test_the_page_speaks_the_browsers_language_and_says_so(
    client: Client, language: str, log_in: str
) -> None:
    response = client.get(reverse("treaties:state_list"), headers={"accept-language": language})
    html = _html(response)
    assert f'<html lang="{language}">' in html
    assert f">{log_in}</a>" in html
    assert response.headers["Content-Language"] == language


def test_a_language_the_interface_lacks_falls_back_to_english(client: Client) -> None:
    html = _html(client.get(reverse("home"), headers={"accept-language": "de-DE,de;q=0.9"}))
    assert '<html lang="en">' in html and ">Log in</a>" in html


def test_the_switcher_is_a_plain_form_on_every_page(client: Client) -> None:
    html = _html(client.get(reverse("portal:search"), {"q": "torture"}))
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/search/?q=torture"' in html
    for code, name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html and name in html
    assert "onchange" not in html and "<script>" not in html  # no inline script: the CSP allows none


def test_the_switcher_changes_the_language_and_goes_back_to_the_page(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "uk", "next": "/treaties/"})
    assert response.status_code == 302 and response.headers["Location"] == "/treaties/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    html = _html(client.get("/treaties/", headers={"accept-language": "fr"}))  # the choice beats the browser
    assert '<html lang="uk">' in html and "Держави" in html


def test_the_switcher_ignores_an_unknown_language_and_an_outside_address(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response.headers["Location"]
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_answers_only_a_post(client: Client) -> None:
    assert client.get(reverse("set_language"), {"language": "fr"}).status_code == 405


def test_a_signed_in_users_choice_is_kept_on_the_account_and_followed_everywhere(
    client: Client, make_user: Any
) -> None:
    user = make_user("analyst")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ru"
    elsewhere = Client()  # another browser, asking for English, with no cookie
    elsewhere.force_login(user)
    html = _html(elsewhere.get(reverse("treaties:state_list"), headers={"accept-language": "en"}))
    assert '<html lang="ru">' in html and "Выйти" in html


def test_an_unknown_language_leaves_the_account_unchanged(client: Client, make_user: Any) -> None:
    user = make_user("analyst", language="fr")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_login_gives_the_browser_the_accounts_language(client: Client, make_user: Any) -> None:
    make_user("public", username="reader", language="fr")
    response = client.post(reverse("login"), {"username": "reader", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_a_user_without_a_choice_follows_the_browser(client: Client, make_user: Any) -> None:
    client.force_login(make_user("analyst"))
    assert User.objects.get(username="analyst").language == ""
    html = _html(client.get(reverse("treaties:state_list"), headers={"accept-language": "uk"}))
    assert '<html lang="uk">' in html


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "2 December 2026"),
        ("fr", "2 décembre 2026"),
        ("ru", "2 декабря 2026 г."),
        ("uk", "2 грудня 2026 р."),
    ],
)
def test_a_date_is_written_the_way_each_language_writes_it(language: str, written: str) -> None:
    with translation.override(language):
        assert shown_date(date(2026, 12, 2)) == written


@pytest.mark.parametrize(
    ("language", "written"), [("en", "4.5"), ("fr", "4,5"), ("ru", "4,5"), ("uk", "4,5")]
)
def test_a_decimal_is_written_the_way_each_language_writes_it(language: str, written: str) -> None:
    with translation.override(language):
        assert formats.localize(Decimal("4.5")) == written


def test_every_language_still_reads_the_date_pickers_iso_dates() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Rien à cette adresse"), ("uk", "Тут нічого немає"), ("ru", "Здесь ничего нет")],
)
def test_the_404_page_speaks_the_readers_language(client: Client, language: str, heading: str) -> None:
    response = client.get("/no/such/page/", headers={"accept-language": language})
    html = _html(response)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html and heading in html


def test_the_403_page_speaks_the_users_language(client: Client, make_user: Any) -> None:
    client.force_login(make_user("analyst", language="fr"))
    response = client.get(reverse("portal:timeline_publishing"))
    assert response.status_code == 403
    assert "Vous ne pouvez pas ouvrir cette page" in _html(response)


def test_the_menu_is_translated(client: Client) -> None:
    html = _html(client.get(reverse("home"), headers={"accept-language": "fr"}))
    assert ">Rechercher</a>" in html and ">Traités</a>" in html and ">États</a>" in html


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "Russian Federation"), ("fr", "Fédération de Russie"), ("ru", "Россия"), ("uk", "Росія")],
)
def test_a_state_is_named_in_the_readers_language(
    client: Client, reference_data: Any, language: str, name: str
) -> None:
    html = _html(
        client.get(reverse("treaties:state_detail", args=["RU"]), headers={"accept-language": language})
    )
    assert f"<h1>{name} " in html
    assert "Russian Federation" in html  # the recorded English name stays beside it


def test_the_list_of_states_names_them_in_the_readers_language_and_finds_them_so(
    client: Client, reference_data: Any
) -> None:
    listed = _html(client.get(reverse("treaties:state_list"), headers={"accept-language": "uk"}))
    assert ">Росія</a>" in listed
    found = _html(
        client.get(reverse("treaties:state_list"), {"q": "Росія"}, headers={"accept-language": "uk"})
    )
    assert reverse("treaties:state_detail", args=["RU"]) in found


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("fr", "Comité européen pour la prévention de la torture"),
        ("ru", "Европейский комитет по предупреждению пыток"),
        ("uk", "Європейський комітет з питань запобігання катуванням"),
    ],
)
def test_the_monitoring_bodies_are_named_in_the_readers_language(
    client: Client, reference_data: Any, language: str, name: str
) -> None:
    assert name in _html(client.get(reverse("home"), headers={"accept-language": language}))
    page = client.get(reverse("treaties:state_detail", args=["RU"]), headers={"accept-language": language})
    assert name in _html(page)


@pytest.mark.parametrize("language", ["fr", "ru", "uk"])
def test_the_api_answers_in_english_whatever_the_callers_language(
    client: Client, make_user: Any, language: str
) -> None:
    refused = client.get("/api/visits/", headers={"accept-language": language})
    assert refused.status_code in (401, 403)
    assert refused.json()["detail"] == "Authentication credentials were not provided."
    assert refused.headers["Content-Language"] == "en"
    user = make_user("secretariat", language=language)
    client.force_login(user)
    answered = client.get("/api/visits/?year=10000", headers={"accept-language": language})
    assert answered.status_code == 400
    assert answered.headers["Content-Language"] == "en"
    assert all(ord(letter) < 128 for letter in answered.content.decode())  # nothing Cyrillic, no accents
    page = client.get(reverse("treaties:state_list"), headers={"accept-language": "en"})
    assert f'<html lang="{language}">' in _html(page)  # the pages still follow the account's choice
