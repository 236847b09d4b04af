"""Fixtures of the operations tests: a signed-in client for a role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def client_as(make_user: Any) -> Any:
    def sign_in(role: str, username: str | None = None) -> tuple[Client, Any]:
        user = make_user(role, username=username or f"ops-{role}")
        client = Client()
        client.force_login(user)
        return client, user

    return sign_in
