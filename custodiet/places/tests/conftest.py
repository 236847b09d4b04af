"""Fixtures of the places tests: a few states (fast, without the full reference data), places, users."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

TODAY = date(2026, 11, 22)


@pytest.fixture
def states(db: Any) -> dict[str, Any]:
    """Four states, enough for the register's tests; `reference_data` loads all 249 when needed."""
    from custodiet.treaties.models import State

    rows = [
        ("RU", "RUS", "Russian Federation", "Fédération de Russie"),
        ("UA", "UKR", "Ukraine", "Ukraine"),
        ("FR", "FRA", "France", "France"),
        ("GE", "GEO", "Georgia", "Géorgie"),
    ]
    return {
        code: State.objects.create(code=code, code3=code3, name_en=name_en, name_fr=name_fr)
        for code, code3, name_en, name_fr in rows
    }


@pytest.fixture
def make_place(states: dict[str, Any]) -> Any:
    from custodiet.places.models import Place

    def make(ref: str = "RU-MOW-SIZO-2", **fields: Any) -> Place:
        values = {
            "name_local": "СИЗО-2 «Бутырка»",
            "name_en": "SIZO-2 Butyrka",
            "type": "pre_trial",
            "state": states["RU"],
            "region": "Moscow",
            **fields,
        }
        return Place.objects.create(ref=ref, **values)

    return make


@pytest.fixture
def secretariat(make_user: Any) -> Any:
    return make_user("secretariat", username="sec")


@pytest.fixture
def editor(client: Any, secretariat: Any) -> Any:
    """A client signed in as the secretariat, who may change the register."""
    client.force_login(secretariat)
    return client
