"""The visit list pages by the last visit shown (keyset), not by OFFSET: every visit once, in order, at
any depth; the filters stay in the links."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.visits.models import Visit
from custodiet.visits.tests.test_queries import many_visits

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> list[str]:
    return [row["visit"].title for row in response.context["rows"]]


def test_every_visit_once_newest_first_through_the_next_links(
    client: Client, bodies: dict[str, Any], russia: Any, secretariat: Any
) -> None:
    many_visits(120, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(secretariat)
    url = reverse("visits:visit_list")
    pages, params = [], {"body": "CPT"}
    while True:
        response = client.get(url, params)
        pages.append(_titles(response))
        keyset = response.context["keyset"]
        if keyset.at_end:
            break
        params = {"body": "CPT", "after": keyset.next_cursor}
    assert [len(page) for page in pages] == [50, 50, 20]
    expected = list(Visit.objects.order_by("-planned_start", "-id").values_list("title", flat=True))
    assert [title for page in pages for title in page] == expected
    text = response.content.decode()
    assert "120 visits" in text and "body=CPT&amp;before=" in text
    last = client.get(url, {"body": "CPT", "last": "1"})
    assert _titles(last) == expected[-50:]  # the oldest 50, not the third page's 20
    back = client.get(url, {"body": "CPT", "before": response.context["keyset"].previous_cursor})
    assert _titles(back) == pages[1]


def test_a_broken_page_link_gives_the_first_page_with_a_message(
    client: Client, bodies: dict[str, Any], russia: Any, secretariat: Any
) -> None:
    many_visits(3, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(secretariat)
    response = client.get(reverse("visits:visit_list"), {"after": "WzFd"})  # a cursor of another list
    assert "showing the first page" in response.content.decode() and len(_titles(response)) == 3


def test_a_page_link_with_values_of_the_wrong_kind_gives_the_first_page(
    client: Client, bodies: dict[str, Any], russia: Any, secretariat: Any
) -> None:
    import base64

    many_visits(3, bodies=bodies, russia=russia, secretariat=secretariat)
    client.force_login(secretariat)
    forged = base64.urlsafe_b64encode(b'["not a date","x"]').decode().rstrip("=")
    response = client.get(reverse("visits:visit_list"), {"after": forged})
    assert response.status_code == 200 and "showing the first page" in response.content.decode()
    assert len(_titles(response)) == 3
