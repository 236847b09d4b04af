"""Near-duplicate detection: the same story on several sites counts as one source.

A document's text becomes a MinHash signature (datasketch) over word shingles.
Signatures are cut into bands (locality-sensitive hashing): two documents that
share a band are candidates, and candidates whose estimated Jaccard similarity
reaches the threshold are near-duplicates. Band keys are plain strings so that
the database can index them, which keeps memory flat however many documents
have been imported; ``NearDuplicateIndex`` does the same in memory with
datasketch's MinHashLSH for pure use and tests.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 x 4 = 128; a pair at Jaccard 0.8 shares a band with probability ~1.0, at 0.3 ~0.23
SHINGLE = 4  # words per shingle
THRESHOLD = 0.7  # estimated Jaccard similarity from which two texts are the same story
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> Any:
    """The datasketch MinHash of a text's word shingles."""
    from datasketch import MinHash  # lazily, like every heavy library of the intake: start-up speed

    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    items = list(shingles(text))
    if items:
        minhash.update_batch(items)
    return minhash


def to_bytes(minhash: Any) -> bytes:
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def from_bytes(data: bytes) -> Any:
    import numpy  # lazily (start-up speed), with datasketch
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM, seed=1, hashvalues=numpy.frombuffer(data, dtype="<u8").astype(numpy.uint64)
    )


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    import numpy  # lazily: start-up speed

    first = numpy.frombuffer(a, dtype="<u8")
    second = numpy.frombuffer(b, dtype="<u8")
    return float(numpy.count_nonzero(first == second)) / float(len(first))


def band_keys(data: bytes) -> list[str]:
    """One short key per band of a stored signature; equal keys make two documents candidates."""
    width = 8 * ROWS
    return [
        f"{band:02d}" + hashlib.blake2b(data[band * width : (band + 1) * width], digest_size=8).hexdigest()
        for band in range(BANDS)
    ]


@dataclass
class NearDuplicateIndex:
    """In-memory grouping of near-duplicates (MinHashLSH), for a batch held in memory."""

    threshold: float = THRESHOLD
    _lsh: Any = None
    _group: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH  # lazily: start-up speed

        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def add(self, key: str, text: str) -> str:
        """Index ``text`` under ``key``; return the key of its group (the first document of it)."""
        minhash = signature(text)
        matches = sorted(self._lsh.query(minhash), key=lambda other: list(self._group).index(other))
        self._lsh.insert(key, minhash)
        group = self._group[matches[0]] if matches else key
        self._group[key] = group
        return group

    def group_of(self, key: str) -> str:
        return self._group[key]
