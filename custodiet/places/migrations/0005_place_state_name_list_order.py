"""The register's order from one index: each place carries its State's English name, kept by triggers.

The list is ordered by the State's English name, then the place's names. Read
through a join, that order made the database read and sort every place for each
page (no index on places can hold a column of another table). The name is now
copied onto the place and an index (state_name_en, name_en, name_local, id)
gives the order, so a page reads its own rows only. The copy is kept right by
the database itself, whatever writes it (the services, an import's bulk_create
or bulk_update, a reference data load renaming a State, a restore): on SQLite,
triggers after a place is inserted or updated and after a State is inserted or
renamed (written after every migrate: custodiet.places.triggers); on
PostgreSQL, a trigger before a place is written and one after a State is.
Written by hand after makemigrations.
"""

from django.db import migrations, models

from custodiet.places import triggers


def create_triggers(apps, schema_editor):
    """PostgreSQL: the triggers, and every place's copy filled. SQLite: the copies filled here; the triggers
    are written after every migrate (custodiet.places.triggers: SQLite would refuse to rebuild a table that
    a trigger names, as later migrations of this run may)."""
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(triggers.SQLITE_FILL)
    else:
        triggers.install(connection)


def drop_triggers(apps, schema_editor):
    triggers.remove(schema_editor.connection)


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
