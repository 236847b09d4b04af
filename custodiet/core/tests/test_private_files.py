"""Private files are written all or nothing, readable by their owner alone, never over a leftover."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path
from unittest import TestCase

from custodiet.core.private_files import private_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class PrivateFileTests(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())

    def test_the_file_appears_whole_with_mode_600_and_no_temporary_left(self) -> None:
        target = self.folder / "keys.txt"
        with private_file(target) as handle:
            handle.write(b"secret\n")
            self.assertFalse(target.exists())  # nothing at the target until the block is done
        self.assertEqual(target.read_bytes(), b"secret\n")
        self.assertEqual(_mode(target), 0o600)
        self.assertEqual(list(self.folder.iterdir()), [target])

    def test_a_failure_leaves_the_old_file_and_no_temporary(self) -> None:
        target = self.folder / "keys.txt"
        target.write_bytes(b"old\n")
        with self.assertRaises(RuntimeError), private_file(target, suffix="partial") as handle:
            handle.write(b"half")
            self.assertEqual([p.suffix for p in self.folder.glob(".keys.txt.*")], [".partial"])
            raise RuntimeError("interrupted")
        self.assertEqual(target.read_bytes(), b"old\n")
        self.assertEqual(list(self.folder.iterdir()), [target])

    def test_it_replaces_an_existing_file(self) -> None:
        target = self.folder / "keys.txt"
        target.write_bytes(b"old\n")
        target.chmod(0o644)
        with private_file(target) as handle:
            handle.write(b"new\n")
        self.assertEqual((target.read_bytes(), _mode(target)), (b"new\n", 0o600))
