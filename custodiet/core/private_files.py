"""Files that only their owner may read, written all or nothing: key files and backups.

``private_file`` creates a hidden temporary file beside the target with mode 600 (never opening one
that exists), hands it to the caller, flushes it to disk and moves it into place; if anything fails
the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def private_file(path: Path, *, suffix: str = "tmp") -> Iterator[IO[bytes]]:
    """Write ``path`` through a temporary file (``.<name>.<random>.<suffix>``) readable by its owner alone.

    The temporary file takes ``path``'s place only once the block has finished and its bytes are on
    disk; an exception in the block (or an interruption) removes it and is raised again."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.{suffix}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
