"""Two application servers on one PostgreSQL database, two editors saving one place at the same moment:
one save wins, the other editor is shown what changed with their own changes kept, and saving again
keeps both. The servers are real `custodiet serve` processes (gunicorn), as in the documented topology."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from custodiet.core.crypto import format_key
from custodiet.places.models import Place

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow_subprocess, pytest.mark.django_db(transaction=True)]


class FormReader(HTMLParser):
    """The fields of each POST form of a page, as a browser would send them back."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    @property
    def fields(self) -> dict[str, str]:
        """The edit form (the one that carries a snapshot)."""
        return next(form for form in self.forms if "snapshot" in form)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("method") == "post":
            self._in_form = True
            self.forms.append({})
        if not self._in_form:
            return
        form = self.forms[-1]
        if tag == "input" and "name" in found and found.get("type") != "checkbox":
            form[found["name"]] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = found["name"]
            form[self._textarea] = ""
        elif tag == "select":
            self._select = found["name"]
        elif tag == "option" and self._select and "selected" in found:
            form[self._select] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self._in_form:
            self.forms[-1][self._textarea] += data


class Browser:
    """One person's session against one server."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookies = {"sessionid": session}

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = response.read().decode()
        if response.status in (301, 302):
            text = f"redirected to {response.getheader('Location')}"
        conn.close()
        return response.status, text

    def form(self, path: str) -> dict[str, str]:
        status, page = self.request("GET", path)
        assert status == 200, page[:500]
        reader = FormReader()
        reader.feed(page)
        return reader.fields


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _serve(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="custodiet.settings",
        CUSTODIET_DATA_DIR=str(data_dir),
        CUSTODIET_DATABASE_URL=_database_url(),
        CUSTODIET_SECRET_KEY=settings.SECRET_KEY,
        CUSTODIET_KEYS=",".join(format_key(key) for key in settings.CUSTODIET_ENCRYPTION_KEYS),  # the suite's
        CUSTODIET_REQUIRE_2FA="false",
        CUSTODIET_DEBUG="true",
    )
    command = [
        sys.executable,
        "-m",
        "custodiet.cli",
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240  # generous: a loaded machine starts processes slowly
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode() if server.stderr else "the server stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start in 60 s")


def _session_of(user: Any) -> str:
    """A session made here, valid there: the servers run on the real clock, this test on the frozen one."""
    client = Client()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=datetime(2100, 1, 1, tzinfo=UTC))
    return key


def test_two_servers_two_editors_one_place_nothing_lost(make_user: Any, make_place: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the documented topology past one machine is PostgreSQL (tools/with_postgres.py)")
    place = make_place(capacity=1000)
    ports = [_free_port(), _free_port()]
    data_dir = Path(tempfile.mkdtemp())
    servers = [_serve(port, data_dir) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_for(port, server)
        anna = Browser(ports[0], _session_of(make_user("secretariat", username="anna")))
        boris = Browser(ports[1], _session_of(make_user("administrator", username="boris")))
        path = f"/places/{place.pk}/edit/"
        anna_form, boris_form = anna.form(path), boris.form(path)
        assert anna_form["snapshot"] and anna_form["name_en"] == "SIZO-2 Butyrka"
        with ThreadPoolExecutor(max_workers=2) as pool:
            saves = list(
                pool.map(
                    lambda job: job[0].request("POST", path, job[1]),
                    [
                        (anna, {**anna_form, "name_en": "Butyrka prison"}),
                        (boris, {**boris_form, "capacity": "1200"}),
                    ],
                )
            )
        statuses = sorted(status for status, _ in saves)
        assert statuses == [200, 302], [page[:300] for _, page in saves]
        loser, page = (anna, saves[0][1]) if saves[0][0] == 200 else (boris, saves[1][1])
        assert 'id="edit-conflict"' in page
        reader = FormReader()
        reader.feed(page)
        merged = reader.fields
        assert (merged["name_en"], merged["capacity"]) == ("Butyrka prison", "1200")
        status, _ = loser.request("POST", path, merged)
        assert status == 302
        place.refresh_from_db()
        assert (place.name_en, place.capacity, place.version) == ("Butyrka prison", 1200, 3)
        assert re.search("Butyrka prison", anna.request("GET", f"/places/{place.pk}/")[1])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    assert Place.objects.count() == 1
