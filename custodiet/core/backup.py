"""Encrypted backups of the whole database, and their restoration into an empty one.

A backup is every row of every model (Django's serializers, in dependency
order, natural keys for content types and permissions), as JSON lines,
compressed with zlib and encrypted in 1 MiB frames with AES-256-GCM under the
backup key derived from the newest master key. It is the same format whether
the database is SQLite or PostgreSQL, and a backup of one restores into the other.

    CUSTODIET-BACKUP-1\\n
    {"key": "<key id>", "nonce": "<8 bytes hex>", ...}\\n        the header, authenticated by every frame
    [4-byte length][frame] ...                                   the last frame is marked final

Each frame's nonce is the header's prefix and the frame's number, and its
associated data is the header, the number and the final mark: frames cannot be
reordered, dropped, or cut off the end without the restore noticing. A backup
opens only with the key that made it; a different key fails with a clear error.
Encrypted field values stay sealed inside the backup: they are copied as
tokens, never decrypted (custodiet.core.fields.sealed_values).

The snapshot is taken in one transaction (REPEATABLE READ on PostgreSQL; on
SQLite, writers wait for the backup). A restore is one transaction too: all or
nothing, into a database with no rows (``force`` empties it first), and the
audit chain of the copy verifies as the original did.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import secrets
import struct
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from custodiet.core import clock, crypto
from custodiet.core.access import Actor
from custodiet.core.audit import audit_head, audit_record
from custodiet.core.audit_guard import suspended
from custodiet.core.fields import encrypted_fields, sealed_values
from custodiet.core.private_files import private_file

MAGIC = b"CUSTODIET-BACKUP-1\n"
FRAME = 1 << 20
FORMAT = 1
# Rebuilt by migrate (content types, permissions) or of no use in a copy (sessions, login counters, the
# treaty data's version token, which the restore's own writes replace).
NOT_BACKED_UP = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "core.loginthrottle",
    "treaties.treatydataversion",
}


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    objects: int
    key_id: str
    audit_head: str | None


# --- the encrypted container --------------------------------------------------------------------------


class _SealingWriter(io.RawIOBase):
    """Collects plaintext and writes it out in authenticated frames; ``close`` writes the final one."""

    def __init__(self, out: IO[bytes], key: crypto.Key, created: str) -> None:
        self.out = out
        self.aead = AESGCM(key.backup_key)
        self.prefix = secrets.token_bytes(8)
        header = {"format": FORMAT, "key": key.kid, "nonce": self.prefix.hex(), "created": created}
        self.header = json.dumps(header, sort_keys=True).encode() + b"\n"
        out.write(MAGIC + self.header)
        self.buffer = bytearray()
        self.counter = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        while len(self.buffer) >= FRAME:
            self._frame(bytes(self.buffer[:FRAME]), final=False)
            del self.buffer[:FRAME]
        return len(data)

    def _frame(self, plaintext: bytes, *, final: bool) -> None:
        nonce = self.prefix + struct.pack(">I", self.counter)
        aad = MAGIC + self.header + struct.pack(">I?", self.counter, final)
        sealed = self.aead.encrypt(nonce, plaintext, aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.counter += 1

    def close(self) -> None:
        if not self.closed:
            self._frame(bytes(self.buffer), final=True)
            self.buffer.clear()
        super().close()


def _open_frames(handle: IO[bytes], ring: crypto.Keyring) -> Iterator[bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BackupError("this is not a Custodiet backup (or one of a version this site cannot read)")
    header = handle.readline(4096)
    try:
        meta = json.loads(header)
        kid, prefix = meta["key"], bytes.fromhex(meta["nonce"])
    except (ValueError, KeyError, TypeError):
        raise BackupError("the backup's header is damaged") from None
    try:
        key = ring.get(kid)
    except crypto.UnknownKey:
        raise BackupError(
            f"this backup was encrypted with key {kid}, which is not in this site's key ring "
            f"({', '.join(ring.ids)}): restore it with the key file that made it"
        ) from None
    aead = AESGCM(key.backup_key)
    counter = 0
    while True:
        size_bytes = handle.read(4)
        if len(size_bytes) < 4:
            raise BackupError("the backup is truncated: its final frame is missing")
        (size,) = struct.unpack(">I", size_bytes)
        sealed = handle.read(size)
        if len(sealed) < size:
            raise BackupError("the backup is truncated in the middle of a frame")
        nonce = prefix + struct.pack(">I", counter)
        for final in (False, True):
            try:
                plaintext = aead.decrypt(nonce, sealed, MAGIC + header + struct.pack(">I?", counter, final))
                break
            except InvalidTag:
                continue
        else:
            raise BackupError(
                f"frame {counter} of the backup does not decrypt with key {kid}: "
                "the file was altered, or the key with that id is not the one that made it"
            )
        yield plaintext
        counter += 1
        if final:
            if handle.read(1):
                raise BackupError("the backup has data after its final frame")
            return


# --- what is backed up ---------------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in NOT_BACKED_UP
        and not model._meta.proxy
        and model._meta.managed
        and model._meta.swapped is None
    ]


def applied_migrations(connection: Any) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TypeError("binary values are serialized by their field")
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _lines(connection: Any, chunk: int) -> Iterator[dict[str, Any]]:
    yield {
        "custodiet_backup": FORMAT,
        "vendor": connection.vendor,
        "migrations": applied_migrations(connection),
    }
    count = 0
    field_keys: set[str] = set()
    for model in backed_up_models():
        sealed_names = [each.attname for each in encrypted_fields(model)]
        last_pk: Any = None
        while True:
            rows = model._base_manager.using(connection.alias).order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows[:chunk])
            if not batch:
                break
            last_pk = batch[-1].pk
            for record in serializers.serialize("python", batch, use_natural_foreign_keys=True):
                for name in sealed_names:
                    if (kid := crypto.token_key_id(record["fields"].get(name))) is not None:
                        field_keys.add(kid)
                count += 1
                yield record
    head = audit_head()
    yield {
        "end": True,
        "objects": count,
        "audit_head": str(head) if head else None,
        "field_keys": sorted(field_keys),
    }


def backup_create(
    *, path: Path, by: Actor = None, using: str = DEFAULT_DB_ALIAS, chunk: int = 1000
) -> BackupSummary:
    """Write an encrypted snapshot of the whole database to ``path`` (mode 600; never overwritten)."""
    if path.exists():
        raise BackupError(f"{path} exists; choose a new file name (a backup never overwrites a file)")
    connection = connections[using]
    key = crypto.keyring().newest
    audit_record(actor=by, verb="backup.create", detail={"file": path.name, "key": key.kid})
    created = clock.now().isoformat()
    objects, head = 0, None
    with private_file(path, suffix="partial") as out:
        writer = _SealingWriter(out, key, created)
        compressor = zlib.compressobj(6)
        with transaction.atomic(using=using), sealed_values():
            outermost = connection.in_atomic_block and len(connection.savepoint_ids) == 0
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for line in _lines(connection, chunk):
                if line.get("end"):
                    objects, head = line["objects"], line["audit_head"]
                writer.write(compressor.compress(json.dumps(line, default=_encode).encode() + b"\n"))
        writer.write(compressor.flush())
        writer.close()
    return BackupSummary(path=path, objects=objects, key_id=key.kid, audit_head=head)


# --- restoring -----------------------------------------------------------------------------------------


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    ring = crypto.keyring()
    decompressor = zlib.decompressobj()
    pending = b""
    with path.open("rb") as handle:
        for frame in _open_frames(handle, ring):
            try:
                pending += decompressor.decompress(frame)
            except zlib.error:
                raise BackupError("the backup decrypts but does not decompress: it is damaged") from None
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                yield json.loads(raw)
    pending += decompressor.flush()
    if pending.strip():
        yield json.loads(pending)


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The models that hold rows (an empty list: the database is empty enough to restore into)."""
    return [model._meta.label for model in backed_up_models() if model._base_manager.using(using).exists()]


def database_wipe(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row that a restore would bring back, and sessions, with the audit guard lifted.

    DELETE rather than TRUNCATE: foreign keys are checked when the transaction
    commits, by which time every table is empty.
    """
    connection = connections[using]
    tables = set()
    extra = [apps.get_model("sessions", "Session"), apps.get_model("core", "LoginThrottle")]
    for model in [*backed_up_models(), *extra]:
        tables.add(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                tables.add(m2m.remote_field.through._meta.db_table)
    quote = connection.ops.quote_name
    with suspended(connection), connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (table names from the app registry)


def _objects(lines: Iterable[dict[str, Any]], summary: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for line in lines:
        if "custodiet_backup" in line:
            continue
        if line.get("end"):
            summary.update(line)
            continue
        yield line


def backup_restore(
    *, path: Path, by: Actor = None, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupSummary:
    """Load a backup into an empty database, all or nothing; ``force`` empties a non-empty one first."""
    connection = connections[using]
    lines = _read_lines(path)
    try:
        first = next(lines)
    except StopIteration:
        raise BackupError("the backup is empty") from None
    if first.get("custodiet_backup") != FORMAT:
        raise BackupError("the backup's first line is not a Custodiet backup header")
    here = applied_migrations(connection)
    if first["migrations"] != here:
        missing = sorted(
            {f"{a}.{n}" for a, ns in first["migrations"].items() for n in ns}
            - {f"{a}.{n}" for a, ns in here.items() for n in ns}
        )
        extra = sorted(
            {f"{a}.{n}" for a, ns in here.items() for n in ns}
            - {f"{a}.{n}" for a, ns in first["migrations"].items() for n in ns}
        )
        raise BackupError(
            "the database's migrations differ from the backup's: migrate this database to the same state "
            f"first (missing here: {', '.join(missing) or 'none'}; not in the backup: {', '.join(extra) or 'none'})"
        )
    summary: dict[str, Any] = {}
    with transaction.atomic(using=using), sealed_values():
        if force:
            database_wipe(using=using)
        elif holding := database_is_empty(using):
            raise BackupError(
                f"the database is not empty ({', '.join(holding[:5])}{' ...' if len(holding) > 5 else ''} hold rows): "
                "restore into a freshly migrated database, or pass --force to replace everything in it"
            )
        deferred = []
        touched: set[type[models.Model]] = set()
        with connection.constraint_checks_disabled():
            for restored in serializers.deserialize(
                "python", _objects(lines, summary), using=using, handle_forward_references=True
            ):
                restored.save(using=using)
                touched.add(type(restored.object))
                if restored.deferred_fields:
                    deferred.append(restored)
            for restored in deferred:
                restored.save_deferred_fields(using=using)
        if not summary.get("end"):
            raise BackupError("the backup ends before its closing line: it is incomplete")
        ring_ids = set(crypto.keyring().ids)
        if unknown := sorted(set(summary.get("field_keys", [])) - ring_ids):
            raise BackupError(
                f"the backup holds values sealed with key(s) {', '.join(unknown)}, which this key ring lacks: "
                "add them to the key file first, or those values could not be read"
            )
        connection.check_constraints(table_names=[model._meta.db_table for model in touched])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                cursor.execute(statement)
        restored_head = audit_head()
        if (str(restored_head) if restored_head else None) != summary.get("audit_head"):
            raise BackupError("the restored audit trail does not end where the backup's did")
        audit_record(
            actor=by,
            verb="backup.restore",
            detail={
                "file": path.name,
                "objects": summary["objects"],
                "audit_head": summary.get("audit_head"),
            },
        )
    return BackupSummary(
        path=path, objects=summary["objects"], key_id="", audit_head=summary.get("audit_head")
    )
