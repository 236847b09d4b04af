"""Load test: `custodiet serve` (gunicorn) on loopback under 50, 100 and 200 concurrent clients.

Each client is a signed-in secretariat user in a closed loop (no think time): it
reads the place list, a place's page, the visit list and /healthz, and writes
(a place changed through the API, which also writes an audit entry, and now and
then a login, which writes the session and an audit entry). The server runs as
in production: DEBUG off, behind an emulated TLS proxy (X-Forwarded-Proto),
`custodiet worker` beside it. Run once on SQLite and once on PostgreSQL (a
throwaway server from tools/with_postgres.py). Figures go to bench/out/load.md and
into BENCHMARKS.md between the load markers.

At every level one large intake import runs at the same time (the issue's "one
large intake import"): a news document of about BENCH_IMPORT_KB kilobytes (650 by
default, the size that made every login fail before part B), a different one for
each level, given to `custodiet intake add` in a process of its own as soon as the
clients start. BENCH_IMPORT_COMMAND replaces that command (e.g. "intake add
/path/big.html"); BENCH_IMPORT_COMMAND=none runs without an import. Requests whose
time overlaps the import's are reported apart: the slowest write and login while
it ran, against the same level's requests outside it. Beside the clients, a probe asks for the bare
Django page (the login form) twice a second: its latency is the queue and the CPUs alone, no lock.

    python bench/bench_load.py                 # both databases, 50/100/200 clients, 60 s each, twice
    BENCH_SECONDS=10 BENCH_LEVELS=50 python bench/bench_load.py --sqlite-only
    BENCH_SECONDS=20 BENCH_PASSES=1 python bench/bench_load.py --postgres-only

Each level runs twice by default (BENCH_PASSES=2): 50, 100, 200 clients, each followed by its import, then
200, 100, 50 again without one; a level's throughput is both windows together. A run drifts (the data the
imports and the writes add, the machine itself: one quiet run measured 50.8 requests a second at 50 clients
first, another 63.0 at 50 clients last), and going up and down again gives every level the same share of it.

Before each level the run waits until the machine's CPUs are idle again (BENCH_SETTLE_IDLE, 0.8 by default),
so that no level's window opens while the level before's import is still being counted.

Requests are sent only to 127.0.0.1; every loop is bounded in time and stops by itself.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import secrets
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
LEVELS = [int(level) for level in os.environ.get("BENCH_LEVELS", "50,100,200").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
PASSES = int(os.environ.get("BENCH_PASSES", "2"))  # 2: the levels up, then down again (ABBA), without imports
WORKERS = int(os.environ.get("BENCH_WORKERS", "0")) or None  # default: custodiet serve's own
PLACES = int(os.environ.get("BENCH_PLACES", "2000"))
WRITE_SHARE = float(os.environ.get("BENCH_WRITE_SHARE", "0.20"))  # 1.0: every client only writes
PASSWORD = "bench-password-" + secrets.token_hex(8)
SECTION = os.environ.get("BENCH_SECTION", "load")  # the markers of this run's part of BENCHMARKS.md
MARK_BEGIN, MARK_END = f"<!-- {SECTION}:begin -->", f"<!-- {SECTION}:end -->"
TITLE = os.environ.get("BENCH_TITLE", "Load test: serving under concurrent clients (issue 14)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CUSTODIET_DATA_DIR=str(data_dir),
        CUSTODIET_DEBUG="false",
        CUSTODIET_SECRET_KEY=secrets.token_urlsafe(64),
        CUSTODIET_KEY_FILE=str(data_dir / "bench.keys"),
        CUSTODIET_ALLOWED_HOSTS="127.0.0.1",
        CUSTODIET_SSL_REDIRECT="false",
        CUSTODIET_REQUIRE_2FA="false",
        CUSTODIET_PROXY_COUNT="1",
        CUSTODIET_LOGIN_FAILURES_PER_ADDRESS="100000",
        CUSTODIET_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="custodiet.settings",
    )
    return env


def custodiet(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(BIN / "custodiet"), *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"custodiet {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


SETUP = """
from django.contrib.auth.hashers import make_password
from custodiet.core.models import User
hashed = make_password("{password}")  # once: hashing is slow by design
User.objects.bulk_create(
    User(username=f"bench-{{number}}", password=hashed, role="secretariat") for number in range({clients})
)
"""


IMPORT_KB = int(os.environ.get("BENCH_IMPORT_KB", "650"))
MONTHS = "January February March April May June July August September October November December".split()
STATES = ["Poland", "Hungary", "Latvia", "Lithuania", "Estonia", "Finland", "Turkey", "Armenia", "Russia"]
TEMPLATES = [
    "{state} signed the Convention against Torture on {day}.",
    "The parliament of {state} approved the bill on {day}, the ministry said.",
    "{state} ratified the Optional Protocol in {year}.",
    "Officials in {state} spoke about the treaty on {day}.",
    "Rights groups criticised the step and called on the government to reconsider.",
    "Detainees may lose a safeguard if the committee can no longer visit places of detention.",
    "{state} announced on {day} that it would withdraw from the European Convention.",
]


def import_document(level: int, folder: Path) -> Path:
    """A long news document for one level (its own seed: a second import is not a duplicate)."""
    rng = random.Random(f"import-{level}")
    paragraphs, size = [], 0
    while size < IMPORT_KB * 1024:
        sentences = []
        for _ in range(8):
            day = f"{rng.randrange(1, 29)} {MONTHS[rng.randrange(12)]} {rng.randrange(1990, 2026)}"
            sentences.append(
                rng.choice(TEMPLATES).format(
                    state=rng.choice(STATES), day=day, year=rng.randrange(1990, 2026)
                )
            )
        paragraph = "<p>" + " ".join(sentences) + f" (ref. {rng.getrandbits(64):x})</p>"
        paragraphs.append(paragraph)
        size += len(paragraph.encode())
    path = folder / f"import-{level}.html"
    path.write_text(
        "<!doctype html><html lang='en'><head><title>Treaty watch: the long record</title>"
        "<meta name='date' content='2026-11-20'></head><body><article><h1>Treaty watch</h1>"
        + "\n".join(paragraphs)
        + "</article></body></html>",
        encoding="utf-8",
    )
    return path


def prepare(env: dict[str, str], clients: int) -> None:
    custodiet(env, "keys", "generate", env["CUSTODIET_KEY_FILE"])
    custodiet(env, "migrate", "--no-input", "-v", "0")
    custodiet(env, "treaty", "load-reference")
    register = Path(env["CUSTODIET_DATA_DIR"]) / "register.csv"
    rows = ["ref,name_local,name_en,type,state,region,capacity,population,population_on,population_source"]
    rows += [
        f"RU-B-{number:05d},Колония {number},Colony {number},penal_colony,RU,Region {number % 40},"
        f"{500 + number % 300},{400 + number % 350},2025-01-01,https://example.org/{number}"
        for number in range(PLACES)
    ]
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")
    custodiet(env, "places", "import", str(register))
    custodiet(env, "shell", "-c", SETUP.format(clients=clients, password=PASSWORD))
    custodiet(env, "collectstatic", "--no-input", "-v", "0")


@dataclass
class Sample:
    kind: str  # read, write, login
    seconds: float
    ok: bool
    status: int
    started: float = 0.0  # time.monotonic() when it was sent


@dataclass
class Client:
    port: int
    username: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: str | None = None, content_type: str = ""
    ) -> tuple[int, str]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "10.0.0.1",
            "Cookie": "; ".join(f"{key}={value}" for key, value in self.cookies.items()),
        }
        if method != "GET":
            headers.update(
                {
                    "Origin": origin,
                    "Referer": origin + path,
                    "X-CSRFToken": self.cookies.get("__Host-custodiet-csrf", ""),
                }
            )
            if content_type:
                headers["Content-Type"] = content_type
        try:
            conn.request(method, path, body=body.encode() if body else None, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def login(self) -> int:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urlencode(
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token[1] if token else "",
            }
        )
        status, _ = self.request("POST", "/accounts/login/", body, "application/x-www-form-urlencoded")
        return status


def client_loop(
    client: Client, place_ids: list[int], until: float, samples: list[Sample], lock: threading.Lock
) -> None:
    rng = random.Random(client.username)
    while time.monotonic() < until:
        roll = rng.random()
        place = rng.choice(place_ids)
        if roll < 0.02 and WRITE_SHARE < 1:
            kind, call = "login", client.login
            expected = (302,)
        elif roll < 0.02 + WRITE_SHARE:
            kind = "write"
            body = json.dumps({"notes": f"checked by {client.username} {rng.random():.6f}"})

            def call(place=place, body=body):
                return client.request("PATCH", f"/api/places/{place}/", body, "application/json")[0]

            expected = (200,)
        else:
            kind = "read"
            path = rng.choice(["/places/", f"/places/{place}/", "/visits/", "/places/?state=RU&q=colony"])
            call = lambda path=path: client.request("GET", path)[0]  # noqa: E731
            expected = (200,)
        started = time.monotonic()
        try:
            status = call()
        except OSError:
            status = 0
        elapsed = time.monotonic() - started
        with lock:
            samples.append(Sample(kind, elapsed, status in expected, status, started))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


SIGNED_IN: list[Client] = []  # clients signed in by an earlier level keep their session
SETUP_LOGIN_ERRORS: list[int] = []  # statuses of logins that failed while the clients signed in


def sign_in(port: int, clients: int) -> list[Client]:
    """Enough signed-in clients for a level, logging in (eight at a time) only those not yet signed in."""
    fresh = [Client(port, f"bench-{number}") for number in range(len(SIGNED_IN), clients)]
    for _attempt in range(3):  # a login refused by a server error is counted, then tried again
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda person: person.login(), fresh))
        failed = [person for person, status in zip(fresh, statuses, strict=True) if status != 302]
        SETUP_LOGIN_ERRORS.extend(status for status in statuses if status != 302)
        SIGNED_IN.extend(person for person in fresh if person not in failed)
        fresh = failed
        if not fresh:
            break
    if fresh:
        raise SystemExit(f"{len(fresh)} clients could not log in (first: {fresh[0].username})")
    return SIGNED_IN[:clients]


IMPORT_CAP = float(os.environ.get("BENCH_IMPORT_CAP", "240"))  # seconds the clients go on while it runs
SETTLE_IDLE = float(os.environ.get("BENCH_SETTLE_IDLE", "0.8"))  # share of CPU idle before a level starts
SETTLE_CAP = float(os.environ.get("BENCH_SETTLE_CAP", "120"))  # seconds at most spent waiting for it


def cpu_idle_share(seconds: float = 2.0) -> float | None:
    """The share of every CPU's time spent idle over the next `seconds` (Linux's /proc/stat); None elsewhere."""

    def read() -> tuple[int, int]:
        values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return values[3] + values[4], sum(values)  # idle and iowait, everything

    try:
        before = read()
        time.sleep(seconds)
        after = read()
    except (OSError, ValueError, IndexError):
        return None
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total else None


def settle() -> tuple[float, float | None]:
    """Wait until the machine is idle again (the previous level's import and the jobs it queued are done).

    Every level then starts from the same state: otherwise a level's throughput window opens while the
    worker still counts what the level before imported, and the later (larger) levels pay for it."""
    began = time.monotonic()
    idle = cpu_idle_share()
    while idle is not None and idle < SETTLE_IDLE and time.monotonic() - began < SETTLE_CAP:
        idle = cpu_idle_share()
    return time.monotonic() - began, idle


def run_clients(people: list[Client], place_ids: list[int], until: float) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    lock = threading.Lock()
    started = time.monotonic()
    threads = [
        threading.Thread(target=client_loop, args=(person, place_ids, until, samples, lock))
        for person in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.monotonic() - started


class BareProbe:
    """The bare Django page (the login form: no query, no lock) asked for twice a second beside the clients.

    It waits in the same queue for a web worker and the same CPUs as every request, but for no lock: when
    a write is slow and this page is as slow, the machine (or the queue) is the cause, not the database."""

    def __init__(self, port: int) -> None:
        self.client = Client(port, "bare-probe")
        self.samples: list[Sample] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                status = self.client.request("GET", "/accounts/login/")[0]
            except OSError:
                status = 0
            self.samples.append(Sample("bare", time.monotonic() - started, status == 200, status, started))
            self.stop.wait(0.5)

    def __enter__(self) -> BareProbe:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=120)


WINDOWS: dict[
    int, tuple[list[Sample], float, list[Sample]]
] = {}  # each level's first window, kept for its second


def window_figures(samples: list[Sample], wall: float, bare_samples: list[Sample]) -> dict[str, object]:
    """Throughput and latencies of the clients' window(s) without an import, and the bare page's beside them."""
    bare = [s.seconds for s in bare_samples]
    by_kind = {kind: [s.seconds for s in samples if s.kind == kind] for kind in ("read", "write", "login")}
    return {
        "requests": len(samples),
        "throughput": len(samples) / wall,
        "p50_ms": 1000 * statistics.median([s.seconds for s in samples]) if samples else 0.0,
        "p99_ms": 1000 * percentile([s.seconds for s in samples], 0.99),
        "read_p50_ms": 1000 * statistics.median(by_kind["read"]) if by_kind["read"] else 0.0,
        "write_p50_ms": 1000 * statistics.median(by_kind["write"]) if by_kind["write"] else 0.0,
        "write_p99_ms": 1000 * percentile(by_kind["write"], 0.99),
        "write_max_ms": 1000 * max(by_kind["write"], default=0.0),
        "login_max_ms": 1000 * max(by_kind["login"], default=0.0),
        "writes": len(by_kind["write"]),
        "logins": len(by_kind["login"]),
        "bare_p50_ms": 1000 * statistics.median(bare) if bare else 0.0,
        "bare_max_ms": 1000 * max(bare, default=0.0),
    }


def run_window(
    port: int, clients: int, place_ids: list[int]
) -> tuple[list[Sample], float, list[Sample], float, float | None]:
    """SECONDS of the level's clients alone, from an idle machine, with the bare-page probe beside them."""
    people = sign_in(port, clients)
    settled_after, idle = settle()
    with BareProbe(port) as quiet:
        samples, wall = run_clients(people, place_ids, time.monotonic() + SECONDS)
    return samples, wall, quiet.samples, settled_after, idle


def run_level(port: int, clients: int, place_ids: list[int]) -> dict[str, object]:
    """SECONDS of clients alone (the throughput), then the same clients while an import runs, to its end."""
    samples, wall, quiet, settled_after, idle = run_window(port, clients, place_ids)
    WINDOWS[clients] = (samples, wall, quiet)
    people = SIGNED_IN[:clients]
    busy_samples: list[Sample] = []
    import_ok, import_seconds = True, 0.0
    importer = start_import(clients)
    with BareProbe(port) as loud:
        if importer is not None:
            process, watcher, ended = importer
            began = time.monotonic()
            # The clients stop when the import ends: every request of this phase overlapped it.
            busy_samples = run_import_phase(people, place_ids, watcher, began + IMPORT_CAP)
            watcher.join(timeout=600)
            import_ok = process.returncode == 0
            import_seconds = (ended[0] if ended else time.monotonic()) - began
    bare_busy = [s.seconds for s in loud.samples]
    busy = {kind: [s.seconds for s in busy_samples if s.kind == kind] for kind in ("write", "login")}
    errors = [s for s in samples + busy_samples + quiet + loud.samples if not s.ok]
    errors += [Sample("login", 0.0, False, status) for status in SETUP_LOGIN_ERRORS]
    SETUP_LOGIN_ERRORS.clear()
    return {
        "clients": clients,
        "settled_after_s": settled_after,
        "idle_before": idle,
        **window_figures(samples, wall, quiet),
        "throughput_by_pass": [len(samples) / wall],
        "errors": len(errors),
        "error_statuses": sorted({s.status for s in errors}),
        "import": importer is not None,
        "import_ok": import_ok,
        "import_seconds": import_seconds,
        "import_requests": len(busy_samples),
        "during_import": {kind: len(values) for kind, values in busy.items()},
        "write_max_during_import_ms": 1000 * max(busy["write"], default=0.0),
        "login_max_during_import_ms": 1000 * max(busy["login"], default=0.0),
        "write_p99_during_import_ms": 1000 * percentile(busy["write"], 0.99),
        "write_p50_during_import_ms": 1000 * statistics.median(busy["write"]) if busy["write"] else 0.0,
        "bare_p50_during_import_ms": 1000 * statistics.median(bare_busy) if bare_busy else 0.0,
        "bare_max_during_import_ms": 1000 * max(bare_busy, default=0.0),
    }


def run_level_again(port: int, result: dict[str, object], place_ids: list[int]) -> None:
    """The level's second window, on the way back down (no import): its figures are both windows together,
    so that a drift over the run (data written, caches, the machine) weighs on every level alike."""
    clients = int(result["clients"])  # type: ignore[call-overload]
    samples, wall, quiet, _settled, _idle = run_window(port, clients, place_ids)
    first, first_wall, first_quiet = WINDOWS[clients]
    errors = [s for s in samples + quiet if not s.ok]
    errors += [Sample("login", 0.0, False, status) for status in SETUP_LOGIN_ERRORS]
    SETUP_LOGIN_ERRORS.clear()
    result.update(window_figures(first + samples, first_wall + wall, first_quiet + quiet))
    result["throughput_by_pass"] = [*result["throughput_by_pass"], len(samples) / wall]  # type: ignore[misc]
    result["errors"] = int(result["errors"]) + len(errors)  # type: ignore[call-overload]
    result["error_statuses"] = sorted({*result["error_statuses"], *(s.status for s in errors)})  # type: ignore[misc]


def run_import_phase(
    people: list[Client], place_ids: list[int], watcher: threading.Thread, cap: float
) -> list[Sample]:
    """The clients' loop while the import runs: each client stops at the import's end (or at the cap)."""
    samples: list[Sample] = []
    lock = threading.Lock()

    def loop(person: Client) -> None:
        while watcher.is_alive() and time.monotonic() < cap:
            client_loop(person, place_ids, min(cap, time.monotonic() + 1.0), samples, lock)

    threads = [threading.Thread(target=loop, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def start_import(level: int) -> tuple[subprocess.Popen[bytes], threading.Thread, list[float]] | None:
    """Start the level's import in a process of its own; a thread notes the moment it ends."""
    command = os.environ.get("BENCH_IMPORT_COMMAND", "").strip()
    env = json.loads(os.environ["BENCH_ENV_JSON"]) if os.environ.get("BENCH_ENV_JSON") else dict(os.environ)
    if command.lower() == "none":
        return None
    if not command:
        document = import_document(level, Path(env["CUSTODIET_DATA_DIR"]))
        command = f"intake add {shlex.quote(str(document))}"
    log = open(Path(env["CUSTODIET_DATA_DIR"]) / f"import-{level}.log", "wb")
    process = subprocess.Popen(
        [str(BIN / "custodiet"), *shlex.split(command)], env=env, stdout=log, stderr=log
    )
    ended: list[float] = []

    def watch() -> None:
        process.wait()
        ended.append(time.monotonic())
        log.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    return process, watcher, ended


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("custodiet serve stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("custodiet serve did not start")


def run_database(label: str) -> list[dict[str, object]]:
    data_dir = Path(tempfile.mkdtemp(prefix="custodiet-load-"))
    env = environment(data_dir)
    os.environ["BENCH_ENV_JSON"] = json.dumps(env)
    prepare(env, max(LEVELS))
    port = free_port()
    serve = [
        str(BIN / "custodiet"),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-access-log",
        "--skip-collectstatic",
    ]
    if WORKERS:
        serve += ["--workers", str(WORKERS)]
    log = open(data_dir / "server.log", "wb")
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=log)
    worker = subprocess.Popen([str(BIN / "custodiet"), "worker"], env=env, stdout=log, stderr=log)
    SIGNED_IN.clear()
    try:
        wait_for(port, server)
        ids = Client(port, "bench-0")
        ids.login()
        _status, text = ids.request("GET", "/api/places/?limit=500")
        place_ids = [row["id"] for row in json.loads(text)["results"]]
        results = []
        for clients in LEVELS:
            result = run_level(port, clients, place_ids)
            result["database"] = label
            results.append(result)
            print(json.dumps(result), flush=True)
        if PASSES > 1:  # back down: 50, 100, 200, then 200, 100, 50 (each level once early and once late)
            for result in results[::-1]:
                run_level_again(port, result, place_ids)
                print(
                    json.dumps({key: result[key] for key in ("clients", "throughput", "throughput_by_pass")}),
                    flush=True,
                )
        locked = (data_dir / "server.log").read_text(errors="replace").count("database is locked")
        for result in results:
            result["locked_in_log"] = locked
        return results
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=60)
        log.close()


def markdown(results: list[dict[str, object]], workers: int) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    lines = [
        f"`bench/bench_load.py`, {date.today().isoformat()}, on {machine}. `custodiet serve` with {workers} gunicorn "
        f"sync workers ({'set by BENCH_WORKERS' if WORKERS else 'its default here'}), SQLite busy timeout "
        f"{os.environ.get('CUSTODIET_SQLITE_TIMEOUT', '60')} s, DEBUG off, behind an emulated TLS proxy, `custodiet worker` beside it; "
        f"{PLACES:,} places; each level runs {SECONDS:g} s of closed-loop clients (no think time)"
        + (
            f", twice: the levels up then down again ({', '.join(map(str, LEVELS + LEVELS[::-1]))}), each level's "
            "figures both windows together, so that a drift over the run weighs on every level alike"
            if PASSES > 1
            else ""
        )
        + "; every client a "
        "signed-in secretariat account: "
        + (
            "every request a write (a place changed through the API, with its audit entry)"
            if WRITE_SHARE >= 1
            else f"{100 - 2 - 100 * WRITE_SHARE:.0f} % reads (place list, a place, the visit list, a search), "
            f"{100 * WRITE_SHARE:.0f} % writes (a place changed through the API, with its audit entry), 2 % logins"
        )
        + f". The baseline is the {LEVELS[0]}-client level of the same database in the same run.",
        "",
        f"| database | clients | requests | req/s | req/s each window | vs {LEVELS[0]} clients | errors | p50 | p99 | write p99 | slowest write | slowest login | bare page p50 / slowest |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base: dict[object, float] = {}
    for result in results:
        base.setdefault(result["database"], float(result["throughput"]))  # type: ignore[arg-type]
        ratio = float(result["throughput"]) / base[result["database"]]  # type: ignore[arg-type]
        lines.append(
            f"| {result['database']} | {result['clients']} | {result['requests']:,} | {float(result['throughput']):.1f} | "  # type: ignore[arg-type]
            + " / ".join(f"{float(rate):.1f}" for rate in result.get("throughput_by_pass", []))  # type: ignore[attr-defined]
            + " | "
            f"{ratio:.2f}x | {result['errors']} | {float(result['p50_ms']):.0f} ms | {float(result['p99_ms']):.0f} ms | "  # type: ignore[arg-type]
            f"{float(result['write_p99_ms']):.0f} ms | {float(result['write_max_ms']):.0f} ms | {float(result['login_max_ms']):.0f} ms | "  # type: ignore[arg-type]
            f"{float(result.get('bare_p50_ms', 0)):.0f} / {float(result.get('bare_max_ms', 0)):.0f} ms |"  # type: ignore[arg-type]
        )
    locked = {result["database"]: result.get("locked_in_log", 0) for result in results}
    settled = [result for result in results if "settled_after_s" in result]
    if settled:
        lines += [
            "",
            f"Before each level the run waited until the CPUs were at least {100 * SETTLE_IDLE:.0f} % idle over 2 s "
            f"(at most {SETTLE_CAP:g} s; the level before's import and the jobs it queued done): "
            + "; ".join(
                f"{r['database']} {r['clients']} clients {float(r['settled_after_s']):.0f} s"  # type: ignore[arg-type]
                + (
                    f" ({100 * float(r['idle_before']):.0f} % idle)"
                    if r.get("idle_before") is not None
                    else ""
                )  # type: ignore[arg-type]
                for r in settled
            )
            + ".",
        ]
    lines += [
        "",
        '"database is locked" in the server\'s log: '
        + ", ".join(f"{db} {n}" for db, n in locked.items())
        + ".",
    ]
    imported = [result for result in results if result.get("import")]
    if not imported:
        lines += ["", "No import ran during this run (BENCH_IMPORT_COMMAND=none)."]
        return "\n".join(lines) + "\n"
    command = os.environ.get("BENCH_IMPORT_COMMAND", "").strip() or (
        f"`custodiet intake add` of a {IMPORT_KB} KB HTML news document (a new one at each level)"
    )
    lines += [
        "",
        f"Then, at each level, the same clients went on while an import ran, until it ended: {command}. "
        "Their writes and logins against the level's own (above, no import):",
        "",
        "| database | clients | import | its time | requests during it | writes | write p50 / p99 during it | "
        "slowest write during it | slowest write without | slowest login during it | slowest login without | "
        "bare page p50 / slowest during it |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in imported:
        during = result["during_import"]
        lines.append(
            f"| {result['database']} | {result['clients']} | {'done' if result['import_ok'] else '**failed**'} | "
            f"{float(result['import_seconds']):.1f} s | {result['import_requests']:,} | {during['write']} | "  # type: ignore[index,arg-type]
            f"{float(result['write_p50_during_import_ms']):.0f} / {float(result['write_p99_during_import_ms']):.0f} ms | "  # type: ignore[arg-type]
            f"{float(result['write_max_during_import_ms']):.0f} ms | {float(result['write_max_ms']):.0f} ms | "  # type: ignore[arg-type]
            f"{float(result['login_max_during_import_ms']):.0f} ms | {float(result['login_max_ms']):.0f} ms | "  # type: ignore[arg-type]
            f"{float(result.get('bare_p50_during_import_ms', 0)):.0f} / {float(result.get('bare_max_during_import_ms', 0)):.0f} ms |"  # type: ignore[arg-type]
        )
    return "\n".join(lines) + "\n"


def write_out(text: str) -> None:
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / f"{SECTION}.md").write_text(text, encoding="utf-8")
    if os.environ.get("BENCH_WRITE", "1") == "0":  # a trial run: bench/out only
        return
    benchmarks = ROOT / "BENCHMARKS.md"
    current = benchmarks.read_text(encoding="utf-8")
    block = f"{MARK_BEGIN}\n{text}{MARK_END}"
    if MARK_BEGIN in current and MARK_END in current:
        head, rest = current.split(MARK_BEGIN, 1)
        current = head + block + rest.split(MARK_END, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n## {TITLE}\n\n" + block + "\n"
    benchmarks.write_text(current, encoding="utf-8")


def main() -> int:
    if "--database-run" in sys.argv:  # inside tools/with_postgres.py: one database, results as JSON
        label = "PostgreSQL" if os.environ.get("CUSTODIET_DATABASE_URL") else "SQLite"
        results = run_database(label)
        (Path(sys.argv[sys.argv.index("--database-run") + 1])).write_text(json.dumps(results))
        return 0
    results_file = Path(tempfile.mkdtemp()) / "results.json"
    env = {key: value for key, value in os.environ.items() if key != "CUSTODIET_DATABASE_URL"}
    results: list[dict[str, object]] = []
    if "--postgres-only" not in sys.argv:
        subprocess.run([sys.executable, __file__, "--database-run", str(results_file)], env=env, check=True)
        results = json.loads(results_file.read_text())
    if "--sqlite-only" not in sys.argv:
        pg_file = results_file.with_name("pg.json")
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "with_postgres.py"),
                "--",
                sys.executable,
                __file__,
                "--database-run",
                str(pg_file),
            ],
            env=env,
            check=True,
        )
        if pg_file.exists():
            results += json.loads(pg_file.read_text())
    sys.path.insert(0, str(ROOT))
    from custodiet.ops.serving import default_workers

    write_out(markdown(results, WORKERS or default_workers()))
    print((HERE / "out" / f"{SECTION}.md").read_text())
    failed = [r for r in results if r["errors"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
