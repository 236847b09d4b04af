"""Fixtures of the intake tests: the seed articles, a populated intake, the vocabulary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seeds_dir() -> Path:
    """CUSTODIET_SEEDS_DIR, else <repo>/../shared/seeds."""
    configured = os.environ.get("CUSTODIET_SEEDS_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed articles' directory; skipped when missing, except in CI where it must be there."""
    path = seeds_dir()
    if not path.is_dir() or not any(path.iterdir()):
        message = f"the seed articles are missing at {path} (set CUSTODIET_SEEDS_DIR)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seeded(reference_data: Any, seeds: Path) -> Any:
    """The five seed articles imported through the service, on the reference data."""
    from custodiet.intake.services import intake_add

    return intake_add(paths=[seeds])


@pytest.fixture
def analyst_client(client: Any, make_user: Any) -> Any:
    """The test client, signed in as an analyst (who may read and correct the intake)."""
    client.force_login(make_user("analyst"))
    return client


@pytest.fixture(scope="session")
def matcher() -> Any:
    """The intake's vocabulary of treaties and a few States, without the database."""
    from custodiet.intake.entities import Matcher, family_qualifiers, instrument_entities, state_entities

    states = [
        (code, code, ()) for code in ("RU", "UA", "PL", "DE", "FR", "US", "GB", "HU", "LT", "TR", "VE", "AM")
    ]
    return Matcher([*instrument_entities(), *state_entities(states)], family_qualifiers())
