"""Run a command against a throwaway PostgreSQL server started on a loopback port.

    python tools/with_postgres.py -- pytest -q

Finds Debian's server binaries (/usr/lib/postgresql/*/bin), creates a cluster
in a temporary directory, starts it on a free port bound to 127.0.0.1, sets
CUSTODIET_DATABASE_URL for the command, and removes everything afterwards.
``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` user (the tests keep running as root and connect over TCP).

Where PostgreSQL is missing, the run is skipped with a message, unless
CUSTODIET_REQUIRE_POSTGRES=1 (as in CI), where it fails.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HOW = "install Debian's PostgreSQL server (apt-get install postgresql) to run the suite on PostgreSQL too"


def find_bin() -> Path | None:
    if explicit := os.environ.get("PG_BIN"):
        return Path(explicit)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: with_postgres.py -- COMMAND...", file=sys.stderr)
        return 2
    required = os.environ.get("CUSTODIET_REQUIRE_POSTGRES") == "1"
    pg_bin = find_bin()
    as_root = os.geteuid() == 0
    runner: list[str] = []
    if as_root:
        try:
            pwd.getpwnam("postgres")
            runner = ["runuser", "-u", "postgres", "--"]
        except KeyError:
            pg_bin = None
    if pg_bin is None:
        message = f"PostgreSQL tests SKIPPED: no PostgreSQL server found; {HOW}."
        if required:
            print(
                f"error: PostgreSQL is required here (CUSTODIET_REQUIRE_POSTGRES=1). {HOW}.", file=sys.stderr
            )
            return 1
        print(message)
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="custodiet-pg-"))
    data = workdir / "data"
    if as_root:
        shutil.chown(workdir, user="postgres", group="postgres")
    port = free_port()
    log = workdir / "server.log"
    try:
        subprocess.run(
            [
                *runner,
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [*runner, str(pg_bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "custodiet"],
            check=True,
        )
        env = dict(os.environ, CUSTODIET_DATABASE_URL=f"postgresql://postgres@127.0.0.1:{port}/custodiet")
        print(f"PostgreSQL {pg_bin.parent.name} running on 127.0.0.1:{port}", flush=True)
        return subprocess.run(argv, env=env, check=False).returncode
    except subprocess.CalledProcessError as failure:
        print(f"error: could not start PostgreSQL ({failure}); see {log}", file=sys.stderr)
        if log.exists():
            print(log.read_text()[-2000:], file=sys.stderr)
        return 1
    finally:
        if data.exists():
            subprocess.run(
                [*runner, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
