"""The audit trail: written explicitly by services, checked by walking the hash chain.

``audit_record`` appends one entry inside the caller's transaction, so an entry
exists exactly when its change does. Each entry's hash is the SHA-256 of the
previous hash and a canonical JSON of its own fields; ``audit_verify`` recomputes
the chain and reports every entry that was edited, deleted or moved.

The database refuses to change or delete entries (custodiet.core.audit_guard).
Deleting the newest entries leaves a shorter chain that still verifies: only a
head hash kept outside the database shows it, so ``custodiet audit verify``
prints the head (``SEQ:HASH``) for the operator to keep, and checks a kept one
with ``--anchor``. ``audit_read`` records a read of confidential data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.models import AuditEntry, User

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
    *, actor: Actor, verb: str, target: models.Model | None = None, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry; call it from the service, inside its transaction."""
    with transaction.atomic():
        last = AuditEntry.objects.select_for_update().order_by("-seq").only("seq", "hash").first()
        target_type, target_id = _target_parts(target)
        user = actor if isinstance(actor, User) and actor.is_authenticated else None
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=clock.now(),
            actor=user,
            actor_label=user.get_username() if user is not None else "system",
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


def audit_read(*, actor: Actor, target: models.Model, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Record that ``actor`` read a confidential record: verb ``<model>.read``, e.g. ``interview.read``."""
    return audit_record(actor=actor, verb=f"{target._meta.model_name}.read", target=target, detail=detail)


@dataclass(frozen=True)
class Anchor:
    """A point of the chain (``SEQ:HASH``) kept outside the database, to detect a cut-off tail."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, _, digest = text.strip().partition(":")
        if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"an anchor is SEQ:HASH, e.g. 42:{'0' * 64}; not {text!r}")
        return cls(int(seq), digest)


def audit_head() -> Anchor | None:
    """The newest entry, as an anchor to keep elsewhere; None when the trail is empty."""
    last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
    return Anchor(last.seq, last.hash) if last else None


def audit_check_anchor(anchor: Anchor) -> ChainBreak | None:
    """None when the entry the anchor names is still there with the same hash."""
    entry = AuditEntry.objects.filter(seq=anchor.seq).only("seq", "hash").first()
    if entry is None:
        head = audit_head()
        newest = f"the newest is #{head.seq}" if head else "the trail is empty"
        return ChainBreak(
            anchor.seq, f"the anchored entry is missing ({newest}): entries were cut off the end"
        )
    if entry.hash != anchor.hash:
        return ChainBreak(anchor.seq, "the anchored entry's hash differs: the trail was rewritten up to here")
    return None


def audit_entries(
    *, target: str | None = None, actor: str | None = None, verb: str | None = None
) -> models.QuerySet[AuditEntry]:
    """Entries in order, filtered by target (``app.model`` or ``app.model:pk``), actor label and verb prefix."""
    entries = AuditEntry.objects.order_by("seq")
    if target:
        target_type, _, target_id = target.partition(":")
        entries = entries.filter(target_type=target_type.lower())
        if target_id:
            entries = entries.filter(target_id=target_id)
    if actor:
        entries = entries.filter(actor_label=actor)
    if verb:
        entries = entries.filter(verb__startswith=verb)
    return entries


def entry_as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_label,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }
