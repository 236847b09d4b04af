"""Whether the database holds every migration: a command that meets a database that lacks some says so in
one line (run ``custodiet migrate`` first) instead of a traceback about a missing table."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import ngettext


def lacking_migrations() -> str | None:
    """What the database lacks, said for the operator, or None when it holds every migration (or cannot
    be asked, which the caller's own error then says)."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return None
    finally:
        connection.close()
    if not pending:
        return None
    return ngettext(
        "the database lacks %(count)s migration (first: %(first)s): run `custodiet migrate` first",
        "the database lacks %(count)s migrations (first: %(first)s): run `custodiet migrate` first",
        len(pending),
    ) % {"count": len(pending), "first": pending[0][0]}
