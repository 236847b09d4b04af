"""The database triggers that keep each place's copy of its State's English name (``Place.state_name_en``).

The list's order (the State's English name, then the place's names) is served by
an index on the copy; the database keeps it right whatever writes (the
services, an import's ``bulk_create`` and ``bulk_update``, a reference data load
renaming a State, a restore). On PostgreSQL: a trigger before a place is written
sets it, one after a State is added or renamed passes the name on; migration
``places.0005`` creates them. On SQLite: triggers after a place is written and
after a State is added or renamed. SQLite refuses to rename a table while a
trigger names a table that does not exist, and Django rebuilds a table on SQLite
(a new one, the old dropped, the new renamed) for most changes of a field: so
these triggers are dropped before every ``migrate`` and written again, and every
copy refreshed, after it (``PlacesConfig.ready`` connects both), whatever the
apps whose tables the migrations rebuild.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

FILL = (
    "UPDATE places_place SET state_name_en = "
    "COALESCE((SELECT name_en FROM treaties_state WHERE treaties_state.id = places_place.state_id), '') "
    "WHERE state_name_en IS DISTINCT FROM "
    "COALESCE((SELECT name_en FROM treaties_state WHERE treaties_state.id = places_place.state_id), '')"
)
SQLITE_FILL = FILL.replace("IS DISTINCT FROM", "IS NOT")

# A place written with a name other than its State's gets its State's (the inner UPDATE does not fire the place's
# triggers again: recursive triggers are off); a State added or renamed gives its name to its places.
SQLITE_PLACE = """
CREATE TRIGGER IF NOT EXISTS places_state_name_{op} AFTER {op} ON places_place
FOR EACH ROW WHEN NEW.state_name_en IS NOT
    COALESCE((SELECT name_en FROM treaties_state WHERE id = NEW.state_id), '')
BEGIN
    UPDATE places_place
    SET state_name_en = COALESCE((SELECT name_en FROM treaties_state WHERE id = NEW.state_id), '')
    WHERE id = NEW.id;
END
"""
SQLITE_STATE = """
CREATE TRIGGER IF NOT EXISTS places_state_name_of_state_{op} AFTER {op} ON treaties_state
FOR EACH ROW
BEGIN
    UPDATE places_place SET state_name_en = NEW.name_en
    WHERE state_id = NEW.id AND state_name_en IS NOT NEW.name_en;
END
"""
OPERATIONS = ("INSERT", "UPDATE")
SQLITE_NAMES = [f"places_state_name_{op}" for op in OPERATIONS] + [
    f"places_state_name_of_state_{op}" for op in OPERATIONS
]

POSTGRES = [
    """
CREATE OR REPLACE FUNCTION places_place_state_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.state_name_en := COALESCE((SELECT name_en FROM treaties_state WHERE id = NEW.state_id), '');
    RETURN NEW;
END
$$
""",
    "DROP TRIGGER IF EXISTS places_state_name ON places_place",
    """
CREATE TRIGGER places_state_name BEFORE INSERT OR UPDATE ON places_place
FOR EACH ROW EXECUTE FUNCTION places_place_state_name()
""",
    """
CREATE OR REPLACE FUNCTION places_state_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE places_place SET state_name_en = NEW.name_en
    WHERE state_id = NEW.id AND state_name_en IS DISTINCT FROM NEW.name_en;
    RETURN NULL;
END
$$
""",
    "DROP TRIGGER IF EXISTS places_state_name_of_state ON treaties_state",
    """
CREATE TRIGGER places_state_name_of_state AFTER INSERT OR UPDATE OF name_en ON treaties_state
FOR EACH ROW EXECUTE FUNCTION places_state_renamed()
""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS places_state_name ON places_place",
    "DROP TRIGGER IF EXISTS places_state_name_of_state ON treaties_state",
    "DROP FUNCTION IF EXISTS places_place_state_name()",
    "DROP FUNCTION IF EXISTS places_state_renamed()",
]


def install(connection: BaseDatabaseWrapper) -> None:
    """Write the triggers and bring every place's copy up to date (only the places whose copy differs)."""
    if connection.vendor == "sqlite":
        statements = [SQLITE_PLACE.format(op=op) for op in OPERATIONS]
        statements += [SQLITE_STATE.format(op=op) for op in OPERATIONS]
        statements.append(SQLITE_FILL)
    elif connection.vendor == "postgresql":
        statements = [*POSTGRES, FILL]
    else:
        raise RuntimeError(f"places: no triggers written for {connection.vendor} to keep the list's order")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    statements = (
        [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_NAMES]
        if connection.vendor == "sqlite"
        else POSTGRES_DROP
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _has_the_copy(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database is migrated as far as the column (a migrate may stop before, or go back)."""
    tables = connection.introspection.table_names()
    if "places_place" not in tables or "treaties_state" not in tables:
        return False
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "places_place")
    return any(column.name == "state_name_en" for column in columns)


def before_migrate(*, using: str, **_: Any) -> None:
    """pre_migrate: on SQLite, out of the way of the tables the migrations may rebuild."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        remove(connection)


def after_migrate(*, using: str, **_: Any) -> None:
    """post_migrate: on SQLite, written again when the database has the column."""
    connection = connections[using]
    if connection.vendor == "sqlite" and _has_the_copy(connection):
        install(connection)


def connect() -> None:
    """Called once the models are ready (PlacesConfig.ready_calls): once a migrate, before and after it."""
    from django.apps import apps
    from django.db.models.signals import post_migrate, pre_migrate

    places = apps.get_app_config("places")
    pre_migrate.connect(before_migrate, sender=places, dispatch_uid="places_triggers_before_migrate")
    post_migrate.connect(after_migrate, sender=places, dispatch_uid="places_triggers_after_migrate")
