"""No delegation member's name in clear; members who leave are marked, not removed; an account's body.

- ``name`` becomes ``own_name``, encrypted (custodiet.core.fields), with a blind
  index that keeps a name once per delegation. A member linked to an account
  is named by the account's own (encrypted) record: the copy of the account's
  name that used to be written here is removed. The data step seals the other
  names with the newest key (values already sealed are left alone).
- ``left_on`` marks a member who left; their records stay.
- ``AccountBody``: the monitoring body an account works for.

Needs the encryption keys of the settings. Backwards, the names are opened and
put back in clear (the copies of accounts' names are not restored).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import custodiet.core.fields

TABLE = "visits_delegationmember"


def _rows(schema_editor, sql):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _write(schema_editor, pk, name, index):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET own_name = %s, own_name_index = %s WHERE id = %s", [name, index, pk]
        )


def seal_names(apps, schema_editor):
    from custodiet.core import crypto

    for pk, name, user_id in _rows(schema_editor, f"SELECT id, own_name, user_id FROM {TABLE}"):
        if crypto.is_token(name):
            continue
        plain = "" if user_id is not None else (name or "")
        index = crypto.blind_index(plain, context=f"{TABLE}.own_name_index") if plain else None
        _write(schema_editor, pk, crypto.seal(plain.encode(), context=f"{TABLE}.own_name"), index)


def open_names(apps, schema_editor):
    from custodiet.core import crypto

    for pk, name, _ in _rows(schema_editor, f"SELECT id, own_name, user_id FROM {TABLE}"):
        if crypto.is_token(name):
            plain = crypto.unseal(name, context=f"{TABLE}.own_name").decode()
            _write(schema_editor, pk, plain or f"member {pk}", None)


class Migration(migrations.Migration):
    dependencies = [
        ("treaties", "0001_initial"),
        ("visits", "0002_consent_reference_and_constraints"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="delegationmember", name="delegation_member_once"),
        migrations.RemoveConstraint(model_name="delegationmember", name="delegation_member_named"),
        migrations.RenameField(model_name="delegationmember", old_name="name", new_name="own_name"),
        migrations.AlterField(
            model_name="delegationmember",
            name="own_name",
            field=custodiet.core.fields.EncryptedTextField(
                blank=True, help_text="For someone without an account: their name, encrypted", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="delegationmember",
            name="own_name_index",
            field=custodiet.core.fields.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=80, null=True, source="own_name"
            ),
        ),
        migrations.AddField(
            model_name="delegationmember",
            name="left_on",
            field=models.DateField(
                blank=True, help_text="Left the delegation; the records they took part in are kept", null=True
            ),
        ),
        migrations.RunPython(seal_names, open_names, elidable=False),
        migrations.AlterModelOptions(name="delegationmember", options={"ordering": ["visit", "role", "id"]}),
        migrations.AddConstraint(
            model_name="delegationmember",
            constraint=models.UniqueConstraint(
                condition=models.Q(("own_name_index__isnull", False)),
                fields=("visit", "own_name_index"),
                name="delegation_name_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="delegationmember",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("user__isnull", False), ("own_name_index__isnull", False), _connector="OR"
                ),
                name="delegation_member_named_or_linked",
            ),
        ),
        migrations.CreateModel(
            name="AccountBody",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accounts",
                        to="treaties.monitoringbody",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_link",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
