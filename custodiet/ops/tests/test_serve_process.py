"""`custodiet serve` as production runs it (DEBUG off): gunicorn starts, the static files come from the
application with names that carry their content's hash and a year of caching, the schema is served,
and each request is logged as one JSON line without its query string."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow_subprocess


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, body


def test_serve_in_production_mode(tmp_path: Path) -> None:
    directory = Path(tempfile.mkdtemp())
    keys = directory / "keys"
    env = dict(
        os.environ,
        CUSTODIET_DATA_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="custodiet.settings",
        CUSTODIET_DEBUG="false",
        CUSTODIET_SECRET_KEY=secrets.token_urlsafe(64),
        CUSTODIET_KEY_FILE=str(keys),
        CUSTODIET_ALLOWED_HOSTS="127.0.0.1",
        CUSTODIET_SSL_REDIRECT="false",
    )
    env.pop("CUSTODIET_DATABASE_URL", None)
    run = [sys.executable, "-m", "custodiet.cli"]
    subprocess.run([*run, "keys", "generate", str(keys)], env=env, check=True, capture_output=True)  # noqa: S603
    refused = subprocess.run([*run, "serve"], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert refused.returncode != 0 and "custodiet migrate" in refused.stderr  # an empty database
    subprocess.run([*run, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    port = _free_port()
    log = directory / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [*run, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env, stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 300  # a loaded CI machine starts gunicorn slowly
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    status, _, page = _get(port, "/treaties/states/?q=secret-search")
                    break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
            assert status == 200
            stylesheet = re.search(rb'href="(/static/custodiet/site\.[0-9a-f]{12}\.css)"', page)
            assert stylesheet, "the stylesheet's name carries its hash"
            status, headers, css = _get(port, stylesheet[1].decode())
            assert status == 200 and css and "max-age=315360000" in headers.get("cache-control", "")
            status, _, schema = _get(port, "/api/schema/?format=json")
            assert status == 200 and "/api/places/" in json.loads(schema)["paths"]
            assert _get(port, "/healthz")[0] == 503  # no worker runs beside it here
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "gunicorn.access"]
    treaty = next(line for line in requests if line["path"] == "/treaties/states/")
    assert treaty["status"] == 200 and treaty["method"] == "GET" and "duration_ms" in treaty
    assert "secret-search" not in log.read_text()
