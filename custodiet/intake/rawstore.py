"""The raw bytes of every imported document, kept content-addressed in the data directory.

A document's bytes (for a JSON line, the line) are written once under
``<CUSTODIET_DATA_DIR>/intake/raw/ab/cd/<sha256>``, so that the pipeline can read
them again after its rules improve (``custodiet intake reprocess``). Writing is
atomic (a temporary file renamed into place); the same bytes are never written
twice. A blob whose document was never stored (its import failed) is harmless:
nothing points to it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings

from custodiet.intake.sources import sha256_of


def root() -> Path:
    return Path(settings.DATA_DIR) / "intake" / "raw"


def path_of(sha256: str) -> Path:
    if len(sha256) != 64 or any(char not in "0123456789abcdef" for char in sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return root() / sha256[:2] / sha256[2:4] / sha256


def put(data: bytes) -> str:
    """Keep ``data``; return its SHA-256 (its address)."""
    sha256 = sha256_of(data)
    target = path_of(sha256)
    if target.exists():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def get(sha256: str) -> bytes | None:
    """The bytes kept under ``sha256``, or None when none are (a document imported before they were kept)."""
    try:
        data = path_of(sha256).read_bytes()
    except FileNotFoundError:
        return None
    if sha256_of(data) != sha256:
        raise ValueError(f"the raw bytes kept under {sha256} do not match their hash")
    return data
