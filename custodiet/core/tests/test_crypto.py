"""Sealing values, key files and key configuration: no database needed."""

import os
import stat
import tempfile
from pathlib import Path
from unittest import TestCase

from django.core.exceptions import ImproperlyConfigured

from custodiet.config import encryption_keys
from custodiet.core import crypto

OLD = crypto.Keyring([bytes(range(32))])
NEW = crypto.Keyring([bytes(range(1, 33)), bytes(range(32))])


class SealTests(TestCase):
    def test_a_value_opens_only_in_its_own_context(self) -> None:
        token = crypto.seal(b"Ivan Petrov", context="t.name", ring=OLD)
        self.assertTrue(token.startswith(f"enc1:{OLD.newest.kid}:"))
        self.assertNotIn("Ivan", token)
        self.assertEqual(crypto.unseal(token, context="t.name", ring=OLD), b"Ivan Petrov")
        with self.assertRaisesRegex(crypto.Tampered, "does not authenticate for t.other"):
            crypto.unseal(token, context="t.other", ring=OLD)

    def test_an_altered_token_is_refused(self) -> None:
        token = crypto.seal(b"secret", context="t.c", ring=OLD)
        body = token.rsplit(":", 1)[1]
        flipped = token[: -len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
        with self.assertRaises(crypto.Tampered):
            crypto.unseal(flipped, context="t.c", ring=OLD)
        with self.assertRaisesRegex(crypto.Tampered, "not an encrypted value"):
            crypto.unseal("Ivan", context="t.c", ring=OLD)

    def test_the_same_value_seals_differently_each_time(self) -> None:
        self.assertNotEqual(
            crypto.seal(b"x", context="t.c", ring=OLD), crypto.seal(b"x", context="t.c", ring=OLD)
        )

    def test_tokens_do_not_tell_short_names_apart_by_length(self) -> None:
        short = crypto.seal(b"Al", context="t.c", ring=OLD)
        longer = crypto.seal(b"Alexandra Ivanovna", context="t.c", ring=OLD)
        self.assertEqual(len(short), len(longer))

    def test_old_keys_open_what_they_sealed_and_the_newest_seals(self) -> None:
        token = crypto.seal(b"kept", context="t.c", ring=OLD)
        self.assertEqual(crypto.unseal(token, context="t.c", ring=NEW), b"kept")
        self.assertEqual(crypto.token_key_id(crypto.seal(b"x", context="t.c", ring=NEW)), NEW.newest.kid)

    def test_a_value_under_a_key_that_left_the_ring_names_the_key(self) -> None:
        token = crypto.seal(b"x", context="t.c", ring=NEW)
        with self.assertRaisesRegex(crypto.UnknownKey, f"sealed with key {NEW.newest.kid}"):
            crypto.unseal(token, context="t.c", ring=OLD)

    def test_blind_indexes_match_equal_values_only_and_depend_on_the_key(self) -> None:
        first = crypto.blind_index(" AB-123 ", context="t.i", key=OLD.newest)
        self.assertEqual(first, crypto.blind_index("ab-123", context="t.i", key=OLD.newest))
        self.assertNotEqual(first, crypto.blind_index("AB-124", context="t.i", key=OLD.newest))
        self.assertNotEqual(first, crypto.blind_index("AB-123", context="t.j", key=OLD.newest))
        self.assertNotEqual(first, crypto.blind_index("AB-123", context="t.i", key=NEW.newest))

    def test_derived_keys_are_distinct(self) -> None:
        key = OLD.newest
        self.assertEqual(len({key.field_key, key.index_key, key.backup_key}), 3)
        self.assertNotIn(bytes(range(32)), (key.field_key, key.index_key, key.backup_key))


class KeyFileTests(TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp())
        self.path = self.directory / "keys"

    def test_generate_add_and_retire(self) -> None:
        first = crypto.keyfile_create(self.path)
        self.assertEqual(stat.S_IMODE(self.path.stat().st_mode), 0o600)
        with self.assertRaisesRegex(crypto.KeyFileError, "refusing to overwrite"):
            crypto.keyfile_create(self.path)
        second = crypto.keyfile_add(self.path)
        ring = crypto.Keyring(crypto.keyfile_read(self.path))
        self.assertEqual(ring.ids, [second, first])
        with self.assertRaisesRegex(crypto.KeyFileError, "is the newest key"):
            crypto.keyfile_remove(self.path, second)
        crypto.keyfile_remove(self.path, first)
        self.assertEqual(crypto.Keyring(crypto.keyfile_read(self.path)).ids, [second])
        self.assertEqual(stat.S_IMODE(self.path.stat().st_mode), 0o600)

    def test_a_key_file_others_can_read_is_refused(self) -> None:
        crypto.keyfile_create(self.path)
        os.chmod(self.path, 0o644)
        with self.assertRaisesRegex(crypto.KeyFileError, "chmod 600"):
            crypto.keyfile_read(self.path)
        os.chmod(self.path, 0o620)
        with self.assertRaisesRegex(crypto.KeyFileError, "readable or writable by others"):
            crypto.keyfile_read(self.path)

    def test_settings_need_a_key_in_production_and_make_one_for_the_demo(self) -> None:
        with self.assertRaisesRegex(ImproperlyConfigured, "No encryption key: set CUSTODIET_KEY_FILE"):
            encryption_keys({}, debug=False, data_directory=self.directory)
        masters, path = encryption_keys({}, debug=True, data_directory=self.directory)
        self.assertEqual(path, self.directory / "custodiet.keys")
        self.assertEqual(len(masters), 1)
        self.assertEqual(encryption_keys({}, debug=True, data_directory=self.directory)[0], masters)

    def test_settings_read_a_named_file_or_inline_keys_loudly(self) -> None:
        crypto.keyfile_create(self.path)
        masters, path = encryption_keys(
            {"CUSTODIET_KEY_FILE": str(self.path)}, debug=False, data_directory=self.directory
        )
        self.assertEqual((len(masters), path), (1, self.path))
        with self.assertRaisesRegex(ImproperlyConfigured, "does not exist: create it with"):
            encryption_keys(
                {"CUSTODIET_KEY_FILE": "/nonexistent/k"}, debug=False, data_directory=self.directory
            )
        inline = f"{crypto.format_key(bytes(32))},{crypto.format_key(bytes(range(32)))}"
        masters, path = encryption_keys(
            {"CUSTODIET_KEYS": inline}, debug=False, data_directory=self.directory
        )
        self.assertEqual((masters, path), ([bytes(32), bytes(range(32))], None))
        with self.assertRaisesRegex(ImproperlyConfigured, "CUSTODIET_KEYS: a key must decode to 32 bytes"):
            encryption_keys({"CUSTODIET_KEYS": "c2hvcnQ="}, debug=False, data_directory=self.directory)
        with self.assertRaisesRegex(ImproperlyConfigured, "not both"):
            encryption_keys(
                {"CUSTODIET_KEYS": inline, "CUSTODIET_KEY_FILE": str(self.path)},
                debug=False,
                data_directory=self.directory,
            )
