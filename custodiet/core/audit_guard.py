"""The database refuses to change or delete audit entries: triggers on core_auditentry.

Installed by migration ``core.0004_audit_append_only`` on SQLite and PostgreSQL.
An UPDATE or DELETE of an entry fails with IntegrityError, whatever issued it:
the ORM, a bulk update, raw SQL. Whoever can drop triggers (the database owner)
can still rewrite the table; that is caught by ``custodiet audit verify``, the
hash chain, and the head hash the operator keeps elsewhere (``--anchor``).

``suspended()`` lifts the guard inside one transaction, for the two operations
that must remove entries: restoring a backup over a database (``backup restore
--force``) and the test suite's cleanup. The guard is back when the block ends,
whether it committed or rolled back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

TABLE = "core_auditentry"
MESSAGE = "the audit trail is append-only: entries cannot be changed or deleted"

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]
POSTGRES_INSTALL = [
    "CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation'; "
    "END $$",
    f"DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE}",
    f"CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    raise NotImplementedError(f"no append-only guard for {vendor}: Custodiet runs on SQLite or PostgreSQL")


def guard_install(connection: Any = default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def guard_remove(connection: Any = default_connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)


def guard_installed(connection: Any = default_connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
            return bool(cursor.fetchone()[0] == 2)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'core_auditentry_append_only' AND tgenabled <> 'D'"
        )
        return bool(cursor.fetchone()[0] == 1)


@contextlib.contextmanager
def suspended(connection: Any = default_connection) -> Iterator[None]:
    """Lift the guard for the length of one transaction (restore --force, test cleanup)."""
    with transaction.atomic(using=connection.alias):
        guard_remove(connection)
        yield
        guard_install(connection)
