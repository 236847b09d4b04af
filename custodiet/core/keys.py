"""Key rotation and key usage: every encrypted value of every model, found through the app registry.

``keys_rotate`` re-seals each value that is not under the newest key, and
recomputes blind indexes, in batches of rows, one transaction per batch. Each
value names its key, so a rotation that stops half-way is finished by running
it again, and nothing is lost meanwhile: the old key still opens what it
sealed. When ``keys_usage`` shows no value left under an old key, that key can
be removed from the key file (``custodiet keys retire``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction

from custodiet.core import crypto
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.fields import (
    BlindIndexField,
    EncryptedField,
    Sealed,
    blind_index_fields,
    encrypted_fields,
    sealed_values,
)


def models_with_encrypted_fields() -> list[type[models.Model]]:
    """Every concrete model with an encrypted field or a blind index (multi-table parents included once)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if encrypted_fields(model) or blind_index_fields(model):
            found.append(model)
    return found


@dataclass
class RotationReport:
    key_id: str
    resealed: Counter[str] = field(default_factory=Counter)
    reindexed: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.resealed.values()) + sum(self.reindexed.values())


def _batches(model: type[models.Model], names: list[str], size: int) -> Iterator[list[tuple[Any, ...]]]:
    last_pk: Any = None
    while True:
        with sealed_values():
            rows = model._base_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values_list("pk", *names)[:size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1][0]


def _rotate_row(
    row: tuple[Any, ...],
    sealed_fields: list[EncryptedField],
    indexes: list[BlindIndexField],
    names: list[str],
    ring: crypto.Keyring,
) -> tuple[dict[str, Any], list[str], list[str]]:
    values = dict(zip(names, row[1:], strict=True))
    newest = ring.newest
    changes: dict[str, Any] = {}
    resealed, reindexed = [], []
    plaintext: dict[str, Any] = {}

    def opened(each: EncryptedField) -> Any:
        if each.attname not in plaintext:
            token = values[each.attname]
            plaintext[each.attname] = (
                None if token is None else each.decode(crypto.unseal(token, context=each.context, ring=ring))
            )
        return plaintext[each.attname]

    for each in sealed_fields:
        token = values[each.attname]
        if token is not None and crypto.token_key_id(token) != newest.kid:
            changes[each.attname] = Sealed(
                crypto.seal(each.encode(opened(each)), context=each.context, ring=ring)
            )
            resealed.append(each.name)
    by_attname = {each.attname: each for each in sealed_fields}
    for index in indexes:
        current = values[index.attname]
        if current is not None and crypto.index_key_id(current) != newest.kid:
            source = _source_field(index)
            if source.attname in by_attname:
                source_value = opened(by_attname[source.attname])
            else:  # an index over a plain field
                source_value = values.get(source.attname)
            changes[index.attname] = index.compute(source_value, key=newest)
            reindexed.append(index.name)
    return changes, resealed, reindexed


def _source_field(index: BlindIndexField) -> models.Field[Any, Any]:
    """The concrete field a blind index is computed from."""
    field = index.model._meta.get_field(index.source)
    if not isinstance(field, models.Field):
        raise TypeError(f"{index.model._meta.label}.{index.source} is not a concrete field")
    return field


def keys_rotate(
    *,
    by: Actor = None,
    batch_size: int = 500,
    progress: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-seal every value and blind index under the newest key; safe to stop and run again."""
    ring = crypto.keyring()
    report = RotationReport(key_id=ring.newest.kid)
    for model in models_with_encrypted_fields():
        sealed_fields = encrypted_fields(model)
        indexes = blind_index_fields(model)
        needed = {each.attname for each in sealed_fields}
        for index in indexes:
            needed.add(_source_field(index).attname)
        names = sorted(needed | {index.attname for index in indexes})
        label = model._meta.label
        for batch in _batches(model, names, batch_size):
            with transaction.atomic(), sealed_values():
                for row in batch:
                    changes, resealed, reindexed = _rotate_row(row, sealed_fields, indexes, names, ring)
                    if changes:
                        model._base_manager.filter(pk=row[0]).update(**changes)
                    report.resealed[label] += len(resealed)
                    report.reindexed[label] += len(reindexed)
            if progress:
                progress(label, len(batch))
    audit_record(
        actor=by,
        verb="keys.rotate",
        detail={
            "key": report.key_id,
            "resealed": dict(report.resealed),
            "reindexed": dict(report.reindexed),
        },
    )
    return report


def keys_usage() -> dict[str, Counter[str]]:
    """For each key id, how many stored values (by model) it sealed or indexed; 'unknown' for strangers."""
    usage: dict[str, Counter[str]] = {}
    ring_ids = set(crypto.keyring().ids)
    for model in models_with_encrypted_fields():
        sealed_fields = encrypted_fields(model)
        indexes = blind_index_fields(model)
        names = [each.attname for each in sealed_fields] + [index.attname for index in indexes]
        for batch in _batches(model, names, 2000):
            for row in batch:
                for name, value in zip(names, row[1:], strict=True):
                    kid = (
                        crypto.token_key_id(value)
                        if name in {f.attname for f in sealed_fields}
                        else crypto.index_key_id(value)
                    )
                    if kid is None:
                        continue
                    bucket = kid if kid in ring_ids else f"{kid} (not in the key ring)"
                    usage.setdefault(bucket, Counter())[model._meta.label] += 1
    return usage
