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

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodiet.core.backup import BackupError, backup_create, backup_restore
from custodiet.core.cli_language import SpokenCommand
from custodiet.core.crypto import CryptoError


class Command(SpokenCommand):
    help = gettext_lazy("Create an encrypted backup of the database, or restore one into an empty database.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        create = sub.add_parser("create", help=_("Write an encrypted snapshot to PATH (never overwrites)"))
        create.add_argument("path", type=Path, help=_("the backup file to write"))
        restore = sub.add_parser("restore", help=_("Load a backup into an empty, migrated database"))
        restore.add_argument("path", type=Path, help=_("the backup file to read"))
        restore.add_argument(
            "--force", action="store_true", help=_("delete everything in the database first (all or nothing)")
        )

    def handle(self, *args: Any, action: str, path: Path, **options: Any) -> None:
        try:
            if action == "create":
                summary = backup_create(path=path)
                self.stdout.write(
                    self.style.SUCCESS(
                        ngettext(
                            "Backed up %(count)s object to %(path)s, encrypted with key %(key)s.",
                            "Backed up %(count)s objects to %(path)s, encrypted with key %(key)s.",
                            summary.objects,
                        )
                        % {"count": summary.objects, "path": path, "key": summary.key_id}
                    )
                )
                self.stdout.write(_("audit head: %(head)s") % {"head": summary.audit_head})
            else:
                if not path.is_file():
                    raise CommandError(_("%(path)s does not exist") % {"path": path})
                summary = backup_restore(path=path, force=options["force"])
                self.stdout.write(
                    self.style.SUCCESS(
                        ngettext(
                            "Restored %(count)s object from %(path)s.",
                            "Restored %(count)s objects from %(path)s.",
                            summary.objects,
                        )
                        % {"count": summary.objects, "path": path}
                    )
                )
                self.stdout.write(_("audit head of the backup: %(head)s") % {"head": summary.audit_head})
        except (BackupError, CryptoError) as problem:
            raise CommandError(str(problem)) from problem
