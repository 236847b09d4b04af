"""The audit trail: written explicitly by services, checked by walking the hash chain.

``audit_record`` appends one entry inside the caller's transaction, so an entry
exists exactly when its change does. Each entry's hash is the SHA-256 of the
previous hash and a canonical JSON of its own fields; ``audit_verify`` recomputes
the chain and reports every entry that was edited, deleted or moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from custodiet.core.models import AuditEntry

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_label,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "detail": entry.detail,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(entry)).hexdigest()


def _target_parts(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def audit_record(
    *, actor: Any, verb: str, target: models.Model | None = None, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry; call it from the service, inside its transaction."""
    with transaction.atomic():
        last = AuditEntry.objects.select_for_update().order_by("-seq").only("seq", "hash").first()
        target_type, target_id = _target_parts(target)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            actor=actor if authenticated else None,
            actor_label=actor.get_username() if authenticated else "system",
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry_hash(entry, entry.prev_hash)
        entry.save()
        return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def _walk(entries: Iterable[AuditEntry]) -> Iterator[ChainBreak]:
    expected_seq, prev_hash = 1, GENESIS
    for entry in entries:
        if entry.seq != expected_seq:
            yield ChainBreak(entry.seq, f"expected entry #{expected_seq} here: entries are missing or moved")
        if entry.prev_hash != prev_hash:
            yield ChainBreak(entry.seq, "does not follow the entry before it (deleted or reordered entries)")
        if entry_hash(entry, entry.prev_hash) != entry.hash:
            yield ChainBreak(entry.seq, "its content does not match its hash (edited)")
        expected_seq, prev_hash = entry.seq + 1, entry.hash


def audit_verify(*, chunk: int = 2000) -> list[ChainBreak]:
    """Walk the whole chain in order; an empty list means it is intact."""
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk)
    return list(_walk(entries))
