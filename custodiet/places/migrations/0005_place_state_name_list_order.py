"""The register's order from one index: each place carries its State's English name, kept by triggers.

The list is ordered by the State's English name, then the place's names. Read
through a join, that order made the database read and sort every place for each
page (no index on places can hold a column of another table). The name is now
copied onto the place and an index (state_name_en, name_en, name_local, id)
gives the order, so a page reads its own rows only. The copy is kept right by
the database itself, whatever writes it (the services, an import's bulk_create
or bulk_update, a reference data load renaming a State, a restore): on SQLite,
triggers after a place is inserted or updated and after a State is inserted or
renamed; on PostgreSQL, a trigger before a place is written and one after a
State is. Written by hand after makemigrations.
"""

from django.db import migrations, models

FILL = (
    "UPDATE places_place SET state_name_en = "
    "COALESCE((SELECT name_en FROM treaties_state WHERE treaties_state.id = places_place.state_id), '')"
)

# SQLite: a place written with a name other than its State's gets its State's (the inner UPDATE does not fire
# the place's triggers again: recursive triggers are off); a State added or renamed gives its name to its places.
SQLITE = [
    """
CREATE TRIGGER places_state_name_{op} AFTER {op} ON places_place
FOR EACH ROW WHEN NEW.state_name_en IS NOT
    COALESCE((SELECT name_en FROM treaties_state WHERE id = NEW.state_id), '')
BEGIN
    UPDATE places_place
    SET state_name_en = COALESCE((SELECT name_en FROM treaties_state WHERE id = NEW.state_id), '')
    WHERE id = NEW.id;
END
""".format(op=op)
    for op in ("INSERT", "UPDATE")
] + [
    """
CREATE TRIGGER places_state_name_of_state_{op} AFTER {op} ON treaties_state
FOR EACH ROW
BEGIN
    UPDATE places_place SET state_name_en = NEW.name_en
    WHERE state_id = NEW.id AND state_name_en IS NOT NEW.name_en;
END
""".format(op=op)
    for op in ("INSERT", "UPDATE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "places_state_name_INSERT",
        "places_state_name_UPDATE",
        "places_state_name_of_state_INSERT",
        "places_state_name_of_state_UPDATE",
    )
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


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE
    elif vendor == "postgresql":
        statements = POSTGRES
    else:
        raise RuntimeError(f"places: no triggers written for {vendor} to keep the list's order")
    for statement in statements:
        schema_editor.execute(statement)
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0004_place_time_zone'),
        ('treaties', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='place',
            name='state_name_en',
            field=models.CharField(blank=True, default='', editable=False, help_text="The State's English name, copied by database triggers on every write of a place or a State: the list's order, served by an index", max_length=120),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.AlterModelOptions(
            name='place',
            options={'ordering': ['state_name_en', 'name_en', 'name_local', 'id']},
        ),
        migrations.AddIndex(
            model_name='place',
            index=models.Index(fields=['state_name_en', 'name_en', 'name_local', 'id'], name='place_list_by_state'),
        ),
    ]
