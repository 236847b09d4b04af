"""``custodiet backup``: an encrypted snapshot of the whole database, and its restoration.

    custodiet backup create /srv/backups/custodiet-2026-11-22.cbk
    custodiet backup restore /srv/backups/custodiet-2026-11-22.cbk [--force]

The file is encrypted with the backup key derived from the newest key of the
key file (see custodiet.core.backup): keep the key file, separately, as long as
the backups. ``restore`` needs a migrated, empty database (``--force`` empties one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.core.backup import BackupError, backup_create, backup_restore
from custodiet.core.crypto import CryptoError


class Command(BaseCommand):
    help = "Create an encrypted backup of the database, or restore one into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        create = sub.add_parser("create", help="Write an encrypted snapshot to PATH (never overwrites)")
        create.add_argument("path", type=Path)
        restore = sub.add_parser("restore", help="Load a backup into an empty, migrated database")
        restore.add_argument("path", type=Path)
        restore.add_argument(
            "--force", action="store_true", help="delete everything in the database first (all or nothing)"
        )

    def handle(self, *args: Any, action: str, path: Path, **options: Any) -> None:
        try:
            if action == "create":
                summary = backup_create(path=path)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Backed up {summary.objects} objects to {path}, encrypted with key {summary.key_id}."
                    )
                )
                self.stdout.write(f"audit head: {summary.audit_head}")
            else:
                if not path.is_file():
                    raise CommandError(f"{path} does not exist")
                summary = backup_restore(path=path, force=options["force"])
                self.stdout.write(self.style.SUCCESS(f"Restored {summary.objects} objects from {path}."))
                self.stdout.write(f"audit head of the backup: {summary.audit_head}")
        except (BackupError, CryptoError) as problem:
            raise CommandError(str(problem)) from problem
