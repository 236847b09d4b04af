"""The API against its OpenAPI schema, with schemathesis: calls generated from the schema, made in process
(WSGI, no network), as a signed-in role and as an anonymous caller, each response checked.

Used by the suite (``test_api_schema.py``: a short, seeded run on every ``make test``) and by the long
run of ``make bench`` (``bench/bench_api_schema.py``). Each operation is driven by Hypothesis with
``derandomize`` (the same calls for the same schema, every run) on the suite's frozen clock. Two checks
count: no server error (5xx), and every response inside the schema (its status code documented, its body
valid against the documented one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
SCHEMA_PATH = "/api/schema/?format=json"


@dataclass
class Stats:
    """What a run did: calls made, by status class, and every failed check (operation, check, message)."""

    calls: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def failed(self, check: str) -> list[tuple[str, str, str]]:
        return [failure for failure in self.failures if failure[1] == check]

    def summary(self) -> str:
        kinds = Counter(check for _, check, _ in self.failures)
        return (
            f"{self.calls} calls, {self.server_errors} server errors, failed checks: {dict(kinds) or 'none'}"
        )


@contextmanager
def connections_kept() -> Iterator[None]:
    """Calls through the WSGI application without closing the database connection at the end of each
    request (as Django's test client does): inside a test's transaction, PostgreSQL would lose the test's
    data and the connection with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def load_schema() -> Any:
    from custodiet.wsgi import application

    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)


def session_headers(user: Any | None) -> dict[str, Any]:
    """The headers of a browser session of ``user`` (None: anonymous), with a CSRF token that matches its
    cookie, as the pages' JavaScript-free forms and the API's session authentication expect."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    token = _get_new_csrf_string()
    cookies = {settings.CSRF_COOKIE_NAME: token}
    if user is not None:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        cookies[settings.SESSION_COOKIE_NAME] = store.session_key or ""
    return {"headers": {"X-CSRFToken": token}, "cookies": cookies}


def _label(operation: Any) -> str:
    return f"{operation.method.upper()} {operation.path}"


def run(
    schema: Any,
    callers: Iterable[tuple[str, dict[str, Any]]],
    *,
    examples: int,
    seed_value: int = 13,
    methods: Iterable[str] | None = None,
) -> Stats:
    """Every operation of ``schema`` (those of ``methods`` only, if given) called ``examples`` times per
    caller, each response checked; the failures are collected, not raised."""
    stats = Stats()
    wanted = {method.lower() for method in methods} if methods else None
    for result in schema.get_all_operations():
        operation = result.ok()
        if wanted is not None and operation.method.lower() not in wanted:
            continue
        for who, headers in callers:
            _run_operation(operation, who, headers, examples=examples, seed_value=seed_value, stats=stats)
    return stats


def _run_operation(
    operation: Any, who: str, headers: dict[str, Any], *, examples: int, seed_value: int, stats: Stats
) -> None:
    label = _label(operation)

    @seed(seed_value)
    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        response = case.call(headers=headers["headers"], cookies=headers["cookies"])
        stats.calls += 1
        stats.statuses[response.status_code] += 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check], headers=headers["headers"])
            except (Exception, BaseExceptionGroup) as failure:
                first = str(failure).strip().splitlines()
                message = " ".join(first[:6])[:400]
                stats.failures.append(
                    (f"{label} as {who}", check.__name__, f"{response.status_code}: {message}")
                )

    call()
