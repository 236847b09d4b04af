"""The names of the members who voted on a report's adoption are encrypted at rest.

The column becomes text holding an enc1 token (custodiet.core.fields); the data
step seals every list already there with the newest key (values already sealed
are left alone). Backwards, the lists are opened and put back as JSON. Needs the
encryption keys of the settings.
"""

import json

from django.db import migrations

import custodiet.core.fields

TABLE = "reports_report"
CONTEXT = f"{TABLE}.voters"


def _rows(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, voters FROM {TABLE}")
        return cursor.fetchall()


def _write(schema_editor, pk, value):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET voters = %s WHERE id = %s", [value, pk])


def seal_voters(apps, schema_editor):
    from custodiet.core import crypto

    for pk, value in _rows(schema_editor):
        if crypto.is_token(value):
            continue
        names = json.loads(value) if isinstance(value, str) and value else (value or [])
        plain = json.dumps(names, ensure_ascii=False, sort_keys=True).encode("utf-8")
        _write(schema_editor, pk, crypto.seal(plain, context=CONTEXT))


def open_voters(apps, schema_editor):
    from custodiet.core import crypto

    for pk, value in _rows(schema_editor):
        if crypto.is_token(value):
            _write(schema_editor, pk, crypto.unseal(value, context=CONTEXT).decode("utf-8"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="voters",
            field=custodiet.core.fields.EncryptedJSONField(
                blank=True,
                default=list,
                help_text="The members who voted, by name; empty where only counts are known",
            ),
        ),
        migrations.RunPython(seal_voters, open_voters, elidable=False),
    ]
