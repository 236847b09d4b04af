"""The error pages: styled, with the menu, and the 500 page even when the request's context cannot be made."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from custodiet.site import errors

pytestmark = pytest.mark.django_db


def _menu(html: str) -> bool:
    return '<nav aria-label="Main">' in html and 'href="/search/"' in html


def test_a_missing_page_is_the_styled_404_with_the_menu(client: Client) -> None:
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Nothing here" in html and _menu(html) and "site.css" in html
    assert 'role="search"' in html


def test_a_refusal_is_the_styled_403_that_says_why(client: Client, make_user: Any) -> None:
    client.force_login(make_user("analyst"))
    page = client.get(reverse("portal:timeline_publishing"))
    assert page.status_code == 403
    html = page.content.decode()
    assert "You may not open this page" in html and _menu(html)
    assert "Only the secretariat and administrators decide which timelines are published." in html


def test_a_bad_request_is_the_styled_400(rf: RequestFactory) -> None:
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    page = errors.bad_request(request, Exception("bad"))
    assert page.status_code == 400 and "could not be understood" in page.content.decode()


def test_the_500_page_has_the_menu(rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    page = errors.server_error(request)
    html = page.content.decode()
    assert page.status_code == 500 and "Something went wrong on our side" in html and _menu(html)


def _failing_processor(request: Any) -> dict[str, Any]:
    raise RuntimeError("the database is gone")


def test_the_500_page_renders_when_a_context_processor_fails(rf: RequestFactory, settings: Any) -> None:
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "custodiet.site.tests.test_errors._failing_processor",
                ],
            },
        }
    ]
    page = errors.server_error(rf.get("/"))
    assert page.status_code == 500
    html = page.content.decode()
    assert (
        "Something went wrong on our side" in html
        and "site.css" in html
        and 'href="/accounts/login/"' in html
    )


@override_settings(DEBUG=False)
def test_an_exception_in_a_view_gives_the_styled_500(client: Client, monkeypatch: Any) -> None:
    from custodiet.portal import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("broken")

    monkeypatch.setattr(views.selectors, "published_timelines", broken)
    client.raise_request_exception = False
    page = client.get(reverse("portal:timeline_list"))
    assert page.status_code == 500 and "Something went wrong on our side" in page.content.decode()
