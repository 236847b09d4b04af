# Written by hand: the table of the database cache named in settings.CACHES.

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The shared cache (settings.CACHES) is a table of this database: created with the schema, so that a
    # fresh install (`custodiet migrate`, `make demo`, a test database) has it without another command.
    # A cache that is not the database's (another backend named in CACHES) needs no table: nothing is done.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for options in settings.CACHES.values():
        table = options.get("LOCATION", "")
        backend = options.get("BACKEND", "")
        if table in existing and backend.endswith("db.DatabaseCache"):
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):

    dependencies = [
        ('treaties', '0005_treaty_data_version'),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, drop_cache_tables),
    ]
