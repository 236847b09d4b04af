"""The audit trail becomes append-only in the database, and accounts that acted cannot be deleted.

Triggers refuse UPDATE and DELETE on core_auditentry (SQLite and PostgreSQL;
the SQL is frozen here, the same as custodiet.core.audit_guard at the time).
On SQLite, a later migration that alters this table rebuilds it and drops the
triggers: such a migration must install them again (a test checks they exist).
An entry's actor is PROTECTed: deleting a user who acted would have to change
their entries, which the trail refuses; deactivate the account instead.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MESSAGE = "the audit trail is append-only: entries cannot be changed or deleted"
SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
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
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def _run(schema_editor, by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in by_vendor:
        raise RuntimeError(f"no append-only audit guard for {vendor}: use SQLite or PostgreSQL")
    for statement in by_vendor[vendor]:
        schema_editor.execute(statement, params=None)  # the PL/pgSQL holds a literal %


def install(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})


def remove(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_encrypt_user_personal_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_entries",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(install, remove),
    ]
