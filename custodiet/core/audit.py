"""The audit trail: written explicitly by services, checked by walking a keyed hash chain.

``audit_record`` appends one entry inside the caller's transaction, so an entry
exists exactly when its change does. Each entry's ``hash`` is the SHA-256 of the
previous entry's hash and a canonical JSON of every one of its own fields (the
actor's id included); its ``mac`` is an HMAC-SHA256 of that hash under the audit
key, derived from the newest encryption key (custodiet.core.crypto), which is
kept outside the database. Whoever can write the database but lacks the key can
edit an entry and recompute every later SHA-256, but not the codes: ``audit_verify``
recomputes the chain and each code, and reports every entry that was edited,
deleted, moved or re-hashed.

An entry authenticated by a key that has left the key ring cannot have its own
code checked, but the chain carries it: the first later entry whose code does
check commits to every hash before it. Entries written before the trail was
keyed (``version`` 1, no code) are covered the same way by the ``audit.keyed``
entry that migration ``core.0006`` appended after them.

The database refuses to change or delete entries (custodiet.core.audit_guard).
Deleting the newest entries leaves a shorter chain that still verifies: only a
head hash kept outside the database shows it, so ``custodiet audit verify``
prints the head (``SEQ:HASH``) for the operator to keep, and checks kept ones
with ``--anchor`` or ``--anchors FILE``. ``audit_read`` records a read of
confidential data. Details name records and people by id, never by name.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

from custodiet.core import clock, crypto
from custodiet.core.access import Actor, acting_user
from custodiet.core.audit_guard import guard_installed
from custodiet.core.models import AuditEntry

GENESIS = "0" * 64
UNKEYED, KEYED = 1, 2  # AuditEntry.version


def _canonical(entry: Any) -> bytes:
    """The entry's own fields as canonical JSON: version 1 (unkeyed, before the audit key) left the actor's
    id out; version 2 covers every field but the hash and the code themselves."""
    fields: dict[str, Any] = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_label,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "detail": entry.detail,
    }
    if entry.version != UNKEYED:
        fields.update(version=entry.version, actor_id=entry.actor_id, key_id=entry.key_id)
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: Any, prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(entry)).hexdigest()


def seal_entry(entry: Any, *, ring: crypto.Keyring | None = None) -> Any:
    """Fill in the key id, hash and code of an unsaved entry whose other fields (prev_hash too) are set.
    Takes any object with AuditEntry's fields, so that a migration can use its historical model."""
    key = (ring or crypto.keyring()).newest
    entry.version = KEYED
    entry.key_id = key.kid
    entry.hash = entry_hash(entry, entry.prev_hash)
    entry.mac = crypto.audit_mac(entry.hash, key=key)
    return entry


def _target_parts(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


# One append at a time: the key of the PostgreSQL advisory lock taken by every append (any 64-bit number
# that nothing else uses; "custodiet audit" in ASCII).
APPEND_LOCK = 0x637573746F646974


def _one_append_at_a_time() -> None:
    """Hold the trail's append lock until the transaction ends, so that no two appends read the same last
    entry (``SELECT ... FOR UPDATE`` of the newest row does not: the second waits, then re-reads that same
    row and inserts the same sequence number). SQLite needs none: its transactions begin IMMEDIATE
    (settings), so one writer at a time holds the database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])


def audit_record(
    *, actor: Actor, verb: str, target: models.Model | None = None, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry; call it from the service, inside its transaction."""
    with transaction.atomic():
        _one_append_at_a_time()
        last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
        target_type, target_id = _target_parts(target)
        user = acting_user(actor)
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
        seal_entry(entry)
        entry.save()
        return entry


@dataclass(frozen=True)
class ChainBreak:
    """A finding of ``audit_verify``: ``seq`` 0 is about the trail as a whole. A warning is a finding too
    (``custodiet audit verify`` exits non-zero on it): something that cannot be shown intact."""

    seq: int
    problem: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"entry #{self.seq}" if self.seq else "the trail"
        return f"{'warning: ' if self.warning else ''}{where}: {self.problem}"


@dataclass
class _Walk:
    """What the walk has learned so far."""

    expected_seq: int = 1
    prev_hash: str = GENESIS
    keyed_from: int = 0  # the first keyed entry
    authenticated: int = 0  # the newest entry whose code was checked and matched
    unchecked: int = 0  # the newest entry whose key is not in the ring
    last: int = 0
    missing_keys: Counter[str] | None = None


def _check_entry(entry: AuditEntry, walk: _Walk, ring: crypto.Keyring) -> Iterator[ChainBreak]:
    if entry.seq != walk.expected_seq:
        yield ChainBreak(entry.seq, f"expected entry #{walk.expected_seq} here: entries are missing or moved")
    if entry.prev_hash != walk.prev_hash:
        yield ChainBreak(entry.seq, "does not follow the entry before it (deleted or reordered entries)")
    if entry.version not in (UNKEYED, KEYED):
        yield ChainBreak(entry.seq, f"unknown version {entry.version}")
        return
    if entry_hash(entry, entry.prev_hash) != entry.hash:
        yield ChainBreak(entry.seq, "its content does not match its hash (edited)")
    if entry.version == UNKEYED:
        if walk.keyed_from:
            yield ChainBreak(
                entry.seq,
                f"carries no authentication code although the trail is keyed from #{walk.keyed_from}: "
                "rewritten by someone without the audit key",
            )
        return
    walk.keyed_from = walk.keyed_from or entry.seq
    if not entry.mac or not entry.key_id:
        yield ChainBreak(
            entry.seq, "carries no authentication code: rewritten by someone without the audit key"
        )
        return
    try:
        key = ring.get(entry.key_id)
    except crypto.UnknownKey:
        assert walk.missing_keys is not None
        walk.missing_keys[entry.key_id] += 1
        walk.unchecked = entry.seq
        return
    if crypto.audit_mac_matches(entry.hash, entry.mac, key=key):
        walk.authenticated = entry.seq
    else:
        yield ChainBreak(
            entry.seq,
            "its authentication code does not match: edited and re-hashed by someone without the audit key",
        )


def _walk(entries: Iterable[AuditEntry], ring: crypto.Keyring) -> Iterator[ChainBreak]:
    walk = _Walk(missing_keys=Counter())
    for entry in entries:
        yield from _check_entry(entry, walk, ring)
        walk.expected_seq, walk.prev_hash, walk.last = entry.seq + 1, entry.hash, entry.seq
    if not walk.last:
        return
    if not walk.keyed_from:
        yield ChainBreak(
            0,
            "no entry carries an authentication code: anyone who can write the database could have "
            "rewritten it (run `custodiet migrate`)",
            warning=True,
        )
    elif walk.unchecked > walk.authenticated:
        missing = ", ".join(sorted(walk.missing_keys or {}))
        yield ChainBreak(
            0,
            f"entries #{walk.authenticated + 1} to #{walk.unchecked} cannot be authenticated: their key "
            f"({missing or 'none'}) is not in the key ring; add it back to check them",
            warning=True,
        )


def audit_verify(*, chunk: int = 2000, ring: crypto.Keyring | None = None) -> list[ChainBreak]:
    """Walk the whole chain in order and check every code; an empty list means it is intact. Every
    finding counts, warnings included (a missing append-only guard, entries no key in the ring checks)."""
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk)
    findings = list(_walk(entries, ring or crypto.keyring()))
    if not guard_installed():
        findings.append(
            ChainBreak(
                0,
                "the database's append-only guard is missing: entries can be changed with plain SQL "
                "(run `custodiet migrate`, or reinstall it with custodiet.core.audit_guard.guard_install)",
                warning=True,
            )
        )
    return findings


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
        "actor_id": entry.actor_id,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "detail": entry.detail,
        "version": entry.version,
        "key_id": entry.key_id,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "mac": entry.mac,
    }
