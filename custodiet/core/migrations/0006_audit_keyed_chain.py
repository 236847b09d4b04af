"""The audit trail is keyed: each entry carries an HMAC of its hash under the audit key.

The entries already written keep what they are (``version`` 1, no code: they were
hashed without the actor's id) and are never rewritten, since re-keying them
would also launder any earlier tampering. Instead, when the trail is not empty, an
``audit.keyed`` entry is appended after them, keyed: it names the unkeyed head,
and its code commits to every hash before it, so from now on an edit anywhere in
the old entries is detected as well. Needs the encryption keys of the settings.

On SQLite, adding columns rebuilds the table, which drops the append-only
triggers: they are lifted first and installed again at the end (the SQL is
frozen in migration 0004). Backwards, the columns go; the keyed entries then no
longer verify, so a trail is not meant to go back.
"""

import importlib

from django.db import migrations, models

guard = importlib.import_module("custodiet.core.migrations.0004_audit_append_only")  # the frozen trigger SQL


def remove_guard(apps, schema_editor):
    guard.remove(apps, schema_editor)


def install_guard(apps, schema_editor):
    guard.install(apps, schema_editor)


def seal_unkeyed_entries(apps, schema_editor):
    from custodiet.core import clock
    from custodiet.core.audit import seal_entry

    AuditEntry = apps.get_model("core", "AuditEntry")
    last = AuditEntry.objects.order_by("-seq").first()
    if last is None or last.version != 1:
        return
    entry = AuditEntry(
        seq=last.seq + 1,
        at=clock.now(),
        actor=None,
        actor_label="system",
        verb="audit.keyed",
        target_type="",
        target_id="",
        detail={"unkeyed_entries": AuditEntry.objects.count(), "unkeyed_head": f"{last.seq}:{last.hash}"},
        prev_hash=last.hash,
    )
    seal_entry(entry)
    entry.save()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_login_throttle"),
    ]

    operations = [
        migrations.RunPython(remove_guard, install_guard),
        migrations.AddField(
            model_name="auditentry",
            name="version",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="1: written before the trail was keyed (no code); 2: keyed"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="version",
            field=models.PositiveSmallIntegerField(
                default=2, help_text="1: written before the trail was keyed (no code); 2: keyed"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                blank=True, default="", help_text="The key whose audit key made the code", max_length=12
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="mac",
            field=models.CharField(
                blank=True, default="", help_text="HMAC-SHA256 of the hash under the audit key", max_length=64
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seal_unkeyed_entries, migrations.RunPython.noop),
        migrations.RunPython(install_guard, remove_guard),
    ]
