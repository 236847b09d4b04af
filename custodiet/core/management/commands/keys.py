"""``custodiet keys``: encryption key files, rotation and usage.

    custodiet keys generate /etc/custodiet/keys   # a new key file (mode 600); works before settings load
    custodiet keys ensure                         # the configured key file exists (demo: var/custodiet.keys)
    custodiet keys add /etc/custodiet/keys        # put a new key first: new values are sealed with it
    custodiet keys rotate [--batch-size 500]      # re-seal every value under the newest key (resumable)
    custodiet keys status                         # how many values each key sealed
    custodiet keys retire /etc/custodiet/keys KID # remove an old key, refused while any value needs it

A rotation is: ``add`` (then restart the site so that it seals with the new
key), ``rotate``, ``status`` (nothing left under the old key), ``retire``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core import crypto
from custodiet.core.cli_language import SpokenCommand
from custodiet.core.keys import keys_rotate, keys_usage


def keys_generate(path: Path) -> str:
    try:
        return crypto.key_file_generate(str(path))
    except (crypto.KeyFileError, OSError) as problem:
        raise CommandError(str(problem)) from problem


class Command(SpokenCommand):
    help = gettext_lazy(
        "Encryption keys: generate a key file, add a key, rotate every encrypted value, usage, retire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        generate = sub.add_parser("generate", help=_("Create a new key file with one key (never overwrites)"))
        generate.add_argument("path", type=Path, help=_("the key file"))
        sub.add_parser("ensure", help=_("Create the configured key file if it is missing (the demo's)"))
        add = sub.add_parser("add", help=_("Put a new key first in a key file (then restart and rotate)"))
        add.add_argument("path", type=Path, help=_("the key file"))
        rotate = sub.add_parser("rotate", help=_("Re-encrypt every encrypted value with the newest key"))
        rotate.add_argument(
            "--batch-size", type=int, default=500, help=_("values per transaction (default 500)")
        )
        sub.add_parser("status", help=_("The key ring, and how many stored values each key sealed"))
        retire = sub.add_parser("retire", help=_("Remove an old key from a key file once nothing uses it"))
        retire.add_argument("path", type=Path, help=_("the key file"))
        retire.add_argument("kid", help=_("the key id, as `keys status` shows it"))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(keys_generate(options["path"]))
        elif action == "ensure":
            self._ensure()
        elif action == "add":
            try:
                kid = crypto.keyfile_add(options["path"])
            except crypto.KeyFileError as problem:
                raise CommandError(str(problem)) from problem
            self.stdout.write(
                _("Added key %(key)s first in %(path)s. Restart the site, then run `custodiet keys rotate`.")
                % {"key": kid, "path": options["path"]}
            )
        elif action == "rotate":
            self._rotate(options["batch_size"])
        elif action == "status":
            self._status()
        elif action == "retire":
            self._retire(options["path"], options["kid"])

    def _ensure(self) -> None:
        path = settings.CUSTODIET_KEY_FILE
        if path is None:
            self.stdout.write(_("The keys come from CUSTODIET_KEYS; there is no key file to create."))
            return
        path = Path(path)
        if path.exists():
            crypto.keyfile_read(path)
            self.stdout.write(
                _("Key file: %(path)s (ring %(keys)s)")
                % {"path": path, "keys": ", ".join(crypto.keyring().ids)}
            )
            return
        self.stdout.write(keys_generate(path))

    def _rotate(self, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1"))
        report = keys_rotate(batch_size=batch_size)
        for label in sorted(set(report.resealed) | set(report.reindexed)):
            self.stdout.write(
                _("%(label)s: %(values)s values re-encrypted, %(indexes)s indexes recomputed")
                % {"label": label, "values": report.resealed[label], "indexes": report.reindexed[label]}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Every encrypted value is now under key %(key)s.") % {"key": report.key_id})
        )

    def _status(self) -> None:
        ring = crypto.keyring()
        usage = keys_usage()
        for position, kid in enumerate(ring.ids):
            counts = usage.get(kid, Counter[str]())
            role = _("newest: seals new values") if position == 0 else _("opens old values")
            values = _("%(count)s values") % {"count": f"{sum(counts.values()):>8}"}
            self.stdout.write(f"{kid}  {role:26} {values}  {dict(counts) or ''}")
        for stranger, counts in usage.items():
            if stranger not in ring.ids:
                self.stdout.write(
                    self.style.ERROR(
                        _("%(key)s: %(count)s values %(where)s")
                        % {"key": stranger, "count": sum(counts.values()), "where": dict(counts)}
                    )
                )

    def _retire(self, path: Path, kid: str) -> None:
        in_use = sum(keys_usage().get(kid, {}).values())
        if in_use:
            raise CommandError(
                _("key %(key)s still sealed %(count)s values: run `custodiet keys rotate` first")
                % {"key": kid, "count": in_use}
            )
        try:
            crypto.keyfile_remove(path, kid)
        except crypto.KeyFileError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            _("Removed key %(key)s from %(path)s. Keep a copy offline while old backups need it.")
            % {"key": kid, "path": path}
        )
