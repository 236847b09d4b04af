"""Fixtures shared by the whole suite: a frozen clock, reference data, users by role, a headless browser.

The clock: every test starts at ``FROZEN_AT`` whatever the real date is, and time
runs on from there (``tick``), so sessions, throttles and one-time codes behave
as they do in use. A test that needs another moment calls ``clock.move_to(...)``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

# The suite's "now", fixed: the tests were written around this date. Nothing in the suite may
# depend on the real date; `make test-future` runs the suite with the system clock years ahead.
FROZEN_AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server


@pytest.fixture(scope="session", autouse=True)
def _frozen_clock_for_the_session() -> Iterator[time_machine.Traveller]:
    """Travel once for the whole session, so that session-scoped fixtures see the suite's date too."""
    with time_machine.travel(FROZEN_AT, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def clock(_frozen_clock_for_the_session: time_machine.Traveller) -> time_machine.Traveller:
    """The clock at ``FROZEN_AT`` when each test starts; ``clock.move_to(moment)`` to go elsewhere."""
    _frozen_clock_for_the_session.move_to(FROZEN_AT)
    return _frozen_clock_for_the_session


@pytest.fixture(autouse=True)
def _interface_language_reset() -> Iterator[None]:
    """Each test starts and ends in English: a request's language stays active in the thread that served
    it (the test client runs in the test's thread), and would turn the next test's messages French."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def reference_data(db: Any) -> Any:
    """States, instruments, bodies and the Russian Federation's record, as `make demo` loads them."""
    from custodiet.treaties.services import reference_load

    return reference_load()


@pytest.fixture
def make_user(db: Any) -> Any:
    from custodiet.core.models import User

    def make(role: str, username: str | None = None, **extra: Any) -> User:
        return User.objects.create_user(
            username=username or role, password="a-long-test-password", role=role, **extra
        )

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; skipped where it is missing (but never in CI)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: `make test` should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture(autouse=True)
def _audit_trail_emptied_before_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush, which the append-only audit guard would refuse on SQLite.

    For those tests only, the audit entries are removed first, with the guard
    lifted for that one transaction (custodiet.core.audit_guard.suspended).
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional and "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")  # set up first, so that it is torn down after this
    yield
    if transactional:
        from custodiet.core.audit_guard import suspended
        from custodiet.core.models import AuditEntry

        with suspended():
            AuditEntry.objects.all().delete()
