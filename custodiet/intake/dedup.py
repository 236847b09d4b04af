"""Near-duplicates: one story copied by several sites, truncated or under another header, counts once.

"One is a copy of the other" is containment, not similarity: a truncated copy
shares only part of the original's text, and a copy with another header or a
"read more" line at the end adds words the original lacks, so the Jaccard
similarity of the whole texts is the wrong measure. Each text is reduced to
fingerprints by winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest
hash in every window of ``WINDOW`` consecutive word shingles, which guarantees
that any passage of ``SHINGLE + WINDOW - 1`` words shared by two texts shares a
fingerprint. Two texts are near-duplicates when the fingerprints they share are
at least ``CONTAINMENT`` of the shorter one's. Fingerprints are integers that the
database indexes, so a new document finds its candidates with one query,
however many documents there are; the work is linear in the text's length.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

SHINGLE = 3  # words per shingle: short, so that a lightly edited copy still shares most of them
WINDOW = 4  # shingles per winnowing window
CONTAINMENT = 0.5  # share of the shorter text's fingerprints found in the other: a copy of it
MIN_SHARED = 3  # fewer shared fingerprints than this is never a copy (a common phrase)
_WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << 63) - 1  # fingerprints fit a signed 64-bit database integer


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big") & _MASK


def fingerprints(text: str) -> list[int]:
    """The winnowed fingerprints of a text's word shingles, sorted, without repeats."""
    words = [word.casefold() for word in _WORD.findall(text)]
    if not words:
        return []
    if len(words) < SHINGLE:
        return [_hash(" ".join(words))]
    hashes = [_hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)]
    if len(hashes) <= WINDOW:
        return sorted({min(hashes)})
    chosen: set[int] = set()
    for start in range(len(hashes) - WINDOW + 1):
        chosen.add(min(hashes[start : start + WINDOW]))
    return sorted(chosen)


def containment(shared: int, mine: int, theirs: int) -> float:
    """The share of the shorter text's fingerprints that the other holds."""
    smaller = min(mine, theirs)
    return shared / smaller if smaller else 0.0


def is_copy(shared: int, mine: int, theirs: int) -> bool:
    return shared >= min(MIN_SHARED, mine, theirs) and containment(shared, mine, theirs) >= CONTAINMENT


def group_pairs(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """In memory, for tests and evaluation: each key's group (the first key whose text it copies)."""
    groups: dict[str, str] = {}
    seen: list[tuple[str, set[int]]] = []
    for key, text in texts:
        mine = set(fingerprints(text))
        group = key
        for other, theirs in seen:
            if is_copy(len(mine & theirs), len(mine), len(theirs)):
                group = groups[other]
                break
        groups[key] = group
        seen.append((key, mine))
    return groups
