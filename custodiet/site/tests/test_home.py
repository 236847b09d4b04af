"""The home page: public, and every link on it opens for whoever sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.core.access import ROLE_CAPABILITIES

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#?]*)"')


@pytest.mark.parametrize("caller", ["anonymous", *ROLE_CAPABILITIES])
def test_every_link_on_the_home_page_opens_for_the_caller(
    caller: str, make_user: Any, reference_data: Any
) -> None:
    client = Client()
    if caller != "anonymous":
        client.force_login(make_user(caller))
    home = client.get(reverse("home"))
    assert home.status_code == 200
    links = sorted(set(LINK.findall(home.content.decode())) - {"/accounts/login/", "/accounts/logout/"})
    assert "/treaties/states/RU/" in links
    for link in links:
        if link.startswith("/static/"):
            continue
        assert client.get(link).status_code == 200, f"{caller} is offered {link}"
