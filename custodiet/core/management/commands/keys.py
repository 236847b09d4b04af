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
from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.core import crypto
from custodiet.core.keys import keys_rotate, keys_usage


def keys_generate(path: Path) -> str:
    try:
        return crypto.key_file_generate(str(path))
    except (crypto.KeyFileError, OSError) as problem:
        raise CommandError(str(problem)) from problem


class Command(BaseCommand):
    help = "Encryption keys: generate a key file, add a key, rotate every encrypted value, usage, retire."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        generate = sub.add_parser("generate", help="Create a new key file with one key (never overwrites)")
        generate.add_argument("path", type=Path)
        sub.add_parser("ensure", help="Create the configured key file if it is missing (the demo's)")
        add = sub.add_parser("add", help="Put a new key first in a key file (then restart and rotate)")
        add.add_argument("path", type=Path)
        rotate = sub.add_parser("rotate", help="Re-encrypt every encrypted value with the newest key")
        rotate.add_argument("--batch-size", type=int, default=500)
        sub.add_parser("status", help="The key ring, and how many stored values each key sealed")
        retire = sub.add_parser("retire", help="Remove an old key from a key file once nothing uses it")
        retire.add_argument("path", type=Path)
        retire.add_argument("kid", help="the key id, as `keys status` shows it")

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
                f"Added key {kid} first in {options['path']}. Restart the site, then run `custodiet keys rotate`."
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
            self.stdout.write("The keys come from CUSTODIET_KEYS; there is no key file to create.")
            return
        path = Path(path)
        if path.exists():
            crypto.keyfile_read(path)
            self.stdout.write(f"Key file: {path} (ring {', '.join(crypto.keyring().ids)})")
            return
        self.stdout.write(keys_generate(path))

    def _rotate(self, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        report = keys_rotate(batch_size=batch_size)
        for label in sorted(set(report.resealed) | set(report.reindexed)):
            self.stdout.write(
                f"{label}: {report.resealed[label]} values re-encrypted, {report.reindexed[label]} indexes recomputed"
            )
        self.stdout.write(self.style.SUCCESS(f"Every encrypted value is now under key {report.key_id}."))

    def _status(self) -> None:
        ring = crypto.keyring()
        usage = keys_usage()
        for position, kid in enumerate(ring.ids):
            counts = usage.get(kid, Counter[str]())
            role = "newest: seals new values" if position == 0 else "opens old values"
            self.stdout.write(f"{kid}  {role:26} {sum(counts.values()):>8} values  {dict(counts) or ''}")
        for stranger, counts in usage.items():
            if stranger not in ring.ids:
                self.stdout.write(
                    self.style.ERROR(f"{stranger}: {sum(counts.values())} values {dict(counts)}")
                )

    def _retire(self, path: Path, kid: str) -> None:
        in_use = sum(keys_usage().get(kid, {}).values())
        if in_use:
            raise CommandError(f"key {kid} still sealed {in_use} values: run `custodiet keys rotate` first")
        try:
            crypto.keyfile_remove(path, kid)
        except crypto.KeyFileError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Removed key {kid} from {path}. Keep a copy offline while old backups need it.")
