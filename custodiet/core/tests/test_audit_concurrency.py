"""Appends to the audit trail from several connections at once: every one gets its own place in the chain.

On PostgreSQL two transactions appending at the same moment used to read the same newest entry and
insert the same sequence number (the second failed on the unique index: a 500 under load). The append
is now serialised (custodiet.core.audit, ``_one_append_at_a_time``); on SQLite the IMMEDIATE
transactions serialise writers already.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from custodiet.core.audit import audit_record, audit_verify
from custodiet.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)
THREADS, EACH = 6, 15


def test_concurrent_appends_all_land_in_one_unbroken_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the suite's SQLite database is in memory, shared between threads without waiting: the "
            "PostgreSQL pass runs this (a SQLite file serialises writers with IMMEDIATE transactions)"
        )
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def append(worker: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                with transaction.atomic():
                    audit_record(actor=None, verb="bench.write", detail={"worker": worker, "n": n})
        except BaseException as problem:
            failures.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert AuditEntry.objects.count() == THREADS * EACH
    assert audit_verify() == []
