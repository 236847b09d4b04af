"""Serving: /healthz, the schema built once under concurrent first requests, static files from the
application, JSON logs, and the settings `custodiet serve` gives gunicorn."""

from __future__ import annotations

import io
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from custodiet.ops.logs import ACCESS_FORMAT, JsonFormatter
from custodiet.ops.models import WorkerBeat
from custodiet.ops.schema import forget_schema
from custodiet.ops.serving import default_workers
from custodiet.ops.worker import beat

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_the_keys_and_a_worker_answer(client: Client) -> None:
    beat("w1")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "keys": True,
        "worker": True,
    }


def test_a_health_check_over_plain_http_is_answered_when_everything_else_is_redirected(
    client: Client,
) -> None:
    """A load balancer asks /healthz over HTTP; with the redirect to HTTPS of production on, it still gets
    the answer (200 or 503), not a 301 it would read as healthy or as down."""
    beat("w1")
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 301
        assert client.get("/healthz/x").status_code == 301


def test_healthz_fails_without_a_living_worker_and_says_so(client: Client) -> None:
    assert client.get("/healthz").status_code == 503
    beat("w1")
    WorkerBeat.objects.update(beat_at=WorkerBeat.objects.get().beat_at - timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "custodiet worker" in response.json()["checks"]["worker"]["detail"]


def test_healthz_fails_when_the_keys_cannot_seal(client: Client) -> None:
    beat("w1")
    with override_settings(CUSTODIET_ENCRYPTION_KEYS=[]):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["keys"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_tells_no_secret(client: Client) -> None:
    beat("w1")
    text = client.get("/healthz").content.decode()
    for secret in ("key_file", "SECRET", "password", "sqlite3"):
        assert secret not in text


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_for_the_schema_all_get_it(live_server: Any) -> None:
    forget_schema()

    def fetch(_: int) -> tuple[int, bytes]:
        with urlopen(f"{live_server.url}/api/schema/?format=json", timeout=60) as response:  # noqa: S310
            return response.status, response.read()

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fetch, range(16)))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    assert "/api/places/" in json.loads(answers[0][1])["paths"]


def test_static_files_are_served_by_the_application(client: Client) -> None:
    response = client.get("/static/custodiet/site.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_a_log_record_is_one_json_object_per_line_and_an_access_record_keeps_no_query_or_cookie() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("gunicorn.access.test")
    access.name = "gunicorn.access"
    access.addHandler(handler)
    access.propagate = False
    access.setLevel(logging.INFO)
    atoms = {
        "m": "GET",
        "U": "/testimony/",
        "q": "q=Ivanov",
        "s": "200",
        "B": 512,
        "M": 14,
        "h": "10.0.0.9",
        "{cookie}i": "sessionid=abc",
    }
    access.info(ACCESS_FORMAT, atoms)
    ops = logging.getLogger("custodiet.ops.test")
    ops.addHandler(handler)
    ops.propagate = False
    ops.warning("job failed\nsecond line", extra={"job": "j-1"})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    request, failure = (json.loads(line) for line in lines)
    assert request["message"] == "GET /testimony/ 200"
    assert (request["method"], request["path"], request["status"], request["duration_ms"]) == (
        "GET",
        "/testimony/",
        200,
        14,
    )
    assert "Ivanov" not in lines[0] and "sessionid" not in lines[0]
    assert (
        failure["level"] == "WARNING"
        and failure["job"] == "j-1"
        and failure["message"] == "job failed\nsecond line"
    )
    assert list(failure)[:4] == ["time", "level", "logger", "message"]


def test_serve_runs_gunicorn_with_a_worker_count_fit_for_the_machine() -> None:
    assert default_workers(1) == 3 and default_workers(2) == 5 and default_workers(64) == 16
    out = io.StringIO()
    call_command("serve", "--print-config", "--bind", "127.0.0.1:9999", stdout=out)
    config = json.loads(out.getvalue())
    assert config["bind"] == ["127.0.0.1:9999"]
    assert config["workers"] == default_workers()
    assert config["preload_app"] is True and config["worker_class"] == "sync"
    assert config["logconfig_dict"]["formatters"]["json"]["()"] == "custodiet.ops.logs.JsonFormatter"


def test_serve_takes_its_worker_count_from_the_environment_and_refuses_a_bad_one(monkeypatch: Any) -> None:
    monkeypatch.setenv("CUSTODIET_WEB_WORKERS", "7")
    out = io.StringIO()
    call_command("serve", "--print-config", stdout=out)
    assert json.loads(out.getvalue())["workers"] == 7
    monkeypatch.setenv("CUSTODIET_WEB_WORKERS", "many")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="CUSTODIET_WEB_WORKERS"):
        call_command("serve", "--print-config", stdout=io.StringIO())
