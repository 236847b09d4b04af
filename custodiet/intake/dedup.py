"""Near-duplicates: one story copied by several sites, truncated or under another header, counts once.

"One is a copy of the other" is containment, not similarity: a truncated copy
shares only part of the original's text, and a copy with another header or a
"read more" line at the end adds words the original lacks, so the Jaccard
similarity of the whole texts is the wrong measure. Each text is reduced to
fingerprints by winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest
hash in every window of ``WINDOW`` consecutive word shingles, which guarantees
that any passage of ``SHINGLE + WINDOW - 1`` words shared by two texts shares a
fingerprint. Two texts are near-duplicates when the fingerprints they share are
at least ``CONTAINMENT`` of the shorter one's.

Candidates are found through anchors: a hash of each two fingerprints that
follow each other in the text, standing for a passage of about ten words. A
common three-word phrase is shared by thousands of articles; a ten-word passage
only by copies and quotations. The database indexes the anchors, so a new
document finds its candidates with one query that touches few rows however many
documents there are, and the containment is then computed exactly from the
candidates' fingerprints (kept with each document). The work is linear in the
text's length.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from itertools import pairwise

SHINGLE = 3  # words per shingle: short, so that a lightly edited copy still shares most of them
WINDOW = 4  # shingles per winnowing window
CONTAINMENT = 0.5  # share of the shorter text's fingerprints found in the other: a copy of it
ANCHOR_SAMPLE = 4  # one anchor in this many is stored: a copy of a paragraph still shares several
MIN_ANCHORS = 8  # a text with fewer sampled anchors than this stores all of its anchors
MIN_SHARED = 3  # fewer shared fingerprints than this is never a copy (a common phrase)
_WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << 63) - 1  # fingerprints fit a signed 64-bit database integer


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big") & _MASK


def winnow(text: str) -> list[int]:
    """The winnowed fingerprints of a text's word shingles, in the order of the text (a repeat of the
    previous one left out)."""
    words = [word.casefold() for word in _WORD.findall(text)]
    if not words:
        return []
    if len(words) < SHINGLE:
        return [_hash(" ".join(words))]
    hashes = [_hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)]
    if len(hashes) <= WINDOW:
        return [min(hashes)]
    chosen: list[int] = []
    for start in range(len(hashes) - WINDOW + 1):
        smallest = min(hashes[start : start + WINDOW])
        if not chosen or chosen[-1] != smallest:
            chosen.append(smallest)
    return chosen


def fingerprints(text: str) -> list[int]:
    """The winnowed fingerprints of a text, sorted, without repeats."""
    return sorted(set(winnow(text)))


def anchors(ordered: list[int]) -> list[int]:
    """Hashes of two fingerprints that follow each other, the keys candidates are found by: one in
    ``ANCHOR_SAMPLE`` of them (chosen by value, so that copies choose the same), all for a short text."""
    if len(ordered) < 2:
        return sorted(set(ordered))
    every = {_hash(f"{first}:{second}") for first, second in pairwise(ordered)}
    sampled = {key for key in every if key % ANCHOR_SAMPLE == 0}
    return sorted(sampled if len(sampled) >= MIN_ANCHORS else every)


def pack(values: list[int]) -> bytes:
    """Fingerprints as stored with their document: eight bytes each, big-endian, in the order given."""
    return struct.pack(f">{len(values)}Q", *values)


def unpack(data: bytes) -> tuple[int, ...]:
    """The stored fingerprints of ``pack``, in their order: one C call, since a new document unpacks those
    of each of its candidates, and a loop over their bytes in Python was the dearest step of the search."""
    return struct.unpack(f">{len(data) // 8}Q", data)


def shared(mine: set[int], data: bytes) -> tuple[int, int]:
    """How many of a stored document's packed fingerprints (kept without repeats) are in ``mine``, and how
    many it has: counted without building a set of them."""
    theirs = unpack(data)
    return len(mine.intersection(theirs)), len(theirs)


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
