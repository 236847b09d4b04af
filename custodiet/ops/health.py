"""What ``/healthz`` checks: the database answers, the encryption keys open what they seal, a worker beats.

Each check gives a short status and no secret: a load balancer or a monitor reads
the HTTP status (200 when every check passes, 503 otherwise) and the JSON body
says which check failed. The checks are cheap (one query each, one seal and
unseal in memory), so the balancer may ask every few seconds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import connection

from custodiet.core import clock
from custodiet.core.crypto import keyring, seal, unseal
from custodiet.ops.worker import live_workers, stale_after

logger = logging.getLogger("custodiet.ops.health")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as problem:
        logger.exception("health: database")
        return Check("database", False, f"the database does not answer ({problem.__class__.__name__})")
    return Check("database", True, connection.vendor)


def check_keys() -> Check:
    try:
        ring = keyring()
        probe = b"custodiet health probe"
        if unseal(seal(probe, context="ops.health"), context="ops.health") != probe:
            return Check("keys", False, "a value sealed with the newest key does not open again")
    except Exception as problem:
        logger.exception("health: keys")
        return Check("keys", False, f"the encryption keys cannot be used ({problem.__class__.__name__})")
    return Check("keys", True, f"{len(ring.keys)} key(s)")


def check_worker() -> Check:
    try:
        workers = live_workers()
    except Exception as problem:
        logger.exception("health: worker")
        return Check(
            "worker", False, f"the workers' heartbeats cannot be read ({problem.__class__.__name__})"
        )
    if not workers:
        seconds = int(stale_after().total_seconds())
        return Check(
            "worker", False, f"no worker has beaten in the last {seconds} s: start `custodiet worker`"
        )
    age = (clock.now() - workers[0].beat_at).total_seconds()
    return Check("worker", True, f"{len(workers)} running, last beat {max(0, round(age))} s ago")


def health() -> list[Check]:
    return [check_database(), check_keys(), check_worker()]
