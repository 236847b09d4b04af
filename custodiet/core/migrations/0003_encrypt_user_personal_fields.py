"""Encrypt users' e-mail, first and last name at rest (text columns holding enc1 tokens).

The schema change widens the columns to text; the data step seals every value
already there with the newest key (values already sealed are left alone, so it
can be run again). Backwards, it opens them and puts the plaintext back.
It needs the encryption keys of the settings (CUSTODIET_KEY_FILE or CUSTODIET_KEYS).
"""

from django.db import migrations

import custodiet.core.fields

COLUMNS = ("email", "first_name", "last_name")


def _rows(schema_editor, table):
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(quote(c) for c in COLUMNS)} FROM {quote(table)}")
        return cursor.fetchall()


def _write(schema_editor, table, pk, values):
    quote = schema_editor.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in values)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE id = %s", [*values.values(), pk])


def seal_existing(apps, schema_editor):
    from custodiet.core import crypto

    table = apps.get_model("core", "User")._meta.db_table
    for pk, *values in _rows(schema_editor, table):
        sealed = {
            column: crypto.seal((value or "").encode(), context=f"{table}.{column}")
            for column, value in zip(COLUMNS, values)
            if not crypto.is_token(value)
        }
        if sealed:
            _write(schema_editor, table, pk, sealed)


def open_existing(apps, schema_editor):
    from custodiet.core import crypto

    table = apps.get_model("core", "User")._meta.db_table
    for pk, *values in _rows(schema_editor, table):
        opened = {
            column: crypto.unseal(value, context=f"{table}.{column}").decode()
            for column, value in zip(COLUMNS, values)
            if crypto.is_token(value)
        }
        if opened:
            _write(schema_editor, table, pk, opened)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_entry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=custodiet.core.fields.EncryptedEmailField(
                blank=True, max_length=254, verbose_name="email address"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="first_name",
            field=custodiet.core.fields.EncryptedTextField(blank=True, max_length=150, verbose_name="first name"),
        ),
        migrations.AlterField(
            model_name="user",
            name="last_name",
            field=custodiet.core.fields.EncryptedTextField(blank=True, max_length=150, verbose_name="last name"),
        ),
        migrations.RunPython(seal_existing, open_existing, elidable=False),
    ]
