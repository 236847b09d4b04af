"""Keys and authenticated encryption: the keys live outside the database, the ciphertexts inside.

A key file holds one or more 256-bit master keys, newest first, one per line
(base64url). From each master key, HKDF-SHA256 derives separate keys for each
purpose, so that no key is used for two things:

- ``field``: AES-256-GCM for encrypted model fields (custodiet.core.fields);
- ``index``: HMAC-SHA256 for blind indexes (exact lookups on encrypted values);
- ``backup``: AES-256-GCM for encrypted backups (custodiet.core.backup);
- ``audit``: HMAC-SHA256 authenticating each entry of the audit trail (custodiet.core.audit), so that
  whoever can write the database but lacks the key cannot rewrite the trail and recompute its hashes;
- ``id``: a public 12-hex-digit key id, so that a value says which key sealed it.

A sealed value is the text token ``enc1:<key id>:<base64url(nonce | ciphertext | tag)>``.
The associated data binds it to its context (for a field, ``table.column``), so
a ciphertext moved to another column does not decrypt. The plaintext is padded
to a multiple of 32 bytes so that the token does not tell a name's exact length.
New values are sealed with the newest key; every key in the ring still opens the
values it sealed, which is what makes rotation (``custodiet keys rotate``)
resumable and an old key removable once nothing uses it.

This module needs no database and no settings to import; ``keyring()`` reads
the keys from Django's settings (``CUSTODIET_ENCRYPTION_KEYS``) when called.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from custodiet.core.private_files import private_file

KEY_BYTES = 32
NONCE_BYTES = 12
PAD_TO = 32
TOKEN_PREFIX = "enc1"  # noqa: S105 (the tokens' version marker, not a secret)
_TOKEN = re.compile(r"^enc1:([0-9a-f]{12}):([A-Za-z0-9_-]+)$")
KEY_FILE_HEADER = (
    "# Custodiet encryption keys, newest first, one per line.\n"
    "# Keep this file secret, readable by its owner only (chmod 600), and backed up\n"
    "# apart from the database: without it the encrypted data cannot be read.\n"
)


class CryptoError(Exception):
    """Something sealed cannot be opened, or a key cannot be used; the message says why."""


class KeyFileError(CryptoError):
    """A key file or key is missing, malformed or too widely readable."""


class UnknownKey(CryptoError):
    """The value was sealed with a key that is not in the key ring."""


class Tampered(CryptoError):
    """The value does not authenticate: it was altered, moved, or sealed for another place."""


def _derive(master: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=f"custodiet:{purpose}:v1".encode()
    ).derive(master)


@dataclass(frozen=True)
class Key:
    """One master key and the keys derived from it."""

    kid: str
    field_key: bytes = field(repr=False)
    index_key: bytes = field(repr=False)
    backup_key: bytes = field(repr=False)
    audit_key: bytes = field(repr=False)

    @classmethod
    def from_master(cls, master: bytes) -> Key:
        if len(master) != KEY_BYTES:
            raise KeyFileError(f"a key must be {KEY_BYTES} bytes, not {len(master)}")
        return cls(
            kid=_derive(master, "key-id")[:6].hex(),
            field_key=_derive(master, "field"),
            index_key=_derive(master, "index"),
            backup_key=_derive(master, "backup"),
            audit_key=_derive(master, "audit"),
        )


class Keyring:
    """The keys in use: the first seals new values, all of them open old ones."""

    def __init__(self, masters: Sequence[bytes]) -> None:
        if not masters:
            raise KeyFileError("the key ring is empty")
        self.keys = [Key.from_master(master) for master in masters]
        self._by_id = {key.kid: key for key in self.keys}
        if len(self._by_id) != len(self.keys):
            raise KeyFileError("the same key is listed twice")

    @property
    def newest(self) -> Key:
        return self.keys[0]

    @property
    def ids(self) -> list[str]:
        return [key.kid for key in self.keys]

    def get(self, kid: str) -> Key:
        try:
            return self._by_id[kid]
        except KeyError:
            raise UnknownKey(
                f"sealed with key {kid}, which is not in the key ring ({', '.join(self.ids)}); "
                "add that key back to the key file to read it"
            ) from None


@functools.lru_cache(maxsize=8)
def _keyring_for(masters: tuple[bytes, ...]) -> Keyring:
    return Keyring(masters)


def keyring() -> Keyring:
    """The key ring of the running site (settings.CUSTODIET_ENCRYPTION_KEYS, newest first)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    masters = tuple(getattr(settings, "CUSTODIET_ENCRYPTION_KEYS", ()) or ())
    if not masters:
        raise ImproperlyConfigured("CUSTODIET_ENCRYPTION_KEYS is empty: no key to encrypt with")
    return _keyring_for(masters)


# --- sealing values -------------------------------------------------------------------------------


def _pad(data: bytes) -> bytes:
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % PAD_TO)


def _unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise Tampered("the decrypted value has no valid padding")
    return stripped[:-1]


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _aad(kid: str, context: str) -> bytes:
    return f"{TOKEN_PREFIX}|{kid}|{context}".encode()


def seal(plaintext: bytes, *, context: str, ring: Keyring | None = None) -> str:
    """Encrypt with the newest key, bound to ``context`` (e.g. ``core_user.email``)."""
    key = (ring or keyring()).newest
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key.field_key).encrypt(nonce, _pad(plaintext), _aad(key.kid, context))
    return f"{TOKEN_PREFIX}:{key.kid}:{_b64encode(nonce + sealed)}"


def unseal(token: str, *, context: str, ring: Keyring | None = None) -> bytes:
    """Decrypt a token made by ``seal`` for the same context; raise CryptoError if it cannot be."""
    match = _TOKEN.match(token)
    if match is None:
        raise Tampered("not an encrypted value (expected enc1:<key id>:<data>)")
    kid, body = match.groups()
    key = (ring or keyring()).get(kid)
    try:
        raw = _b64decode(body)
    except (binascii.Error, ValueError):
        raise Tampered("the encrypted value is not valid base64") from None
    if len(raw) < NONCE_BYTES + 16:
        raise Tampered("the encrypted value is too short")
    try:
        padded = AESGCM(key.field_key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(kid, context))
    except InvalidTag:
        raise Tampered(
            f"the value does not authenticate for {context}: it was altered or belongs elsewhere"
        ) from None
    return _unpad(padded)


def token_key_id(value: object) -> str | None:
    """The key id of a sealed token, or None when the value is not one."""
    if not isinstance(value, str):
        return None
    match = _TOKEN.match(value)
    return match.group(1) if match else None


def is_token(value: object) -> bool:
    return token_key_id(value) is not None


# --- blind indexes -----------------------------------------------------------------------------------


def normalize_for_index(value: str) -> str:
    """Fold the differences a lookup should ignore: Unicode form, case, surrounding and repeated spaces."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str, *, context: str, key: Key | None = None) -> str:
    """A keyed HMAC of the normalized value, ``<key id>:<hex>``: equal values give equal indexes.

    It allows exact lookups without decrypting, and reveals only equality to
    someone without the key. ``context`` keeps indexes of different columns apart.
    """
    chosen = key or keyring().newest
    digest = hmac.new(
        chosen.index_key, f"{context}\x00{normalize_for_index(value)}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{chosen.kid}:{digest}"


def blind_index_candidates(value: str, *, context: str) -> list[str]:
    """The index of ``value`` under every key in the ring: look up with ``__in`` during a rotation."""
    return [blind_index(value, context=context, key=key) for key in keyring().keys]


def index_key_id(value: object) -> str | None:
    if isinstance(value, str) and ":" in value:
        return value.split(":", 1)[0]
    return None


# --- authenticating the audit trail ------------------------------------------------------------------


def audit_mac(digest: str, *, key: Key) -> str:
    """The HMAC-SHA256, under the key's audit key, of an audit entry's chained hash (hex)."""
    return hmac.new(
        key.audit_key, b"custodiet:audit:v2\x00" + digest.encode("ascii"), hashlib.sha256
    ).hexdigest()


def audit_mac_matches(digest: str, mac: str, *, key: Key) -> bool:
    return hmac.compare_digest(audit_mac(digest, key=key), mac)


# --- key files -------------------------------------------------------------------------------------


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def format_key(master: bytes) -> str:
    return base64.urlsafe_b64encode(master).decode("ascii")


def parse_key(text: str) -> bytes:
    try:
        master = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeyFileError("a key is not valid base64url (make one with `custodiet keys generate`)") from None
    if len(master) != KEY_BYTES:
        raise KeyFileError(f"a key must decode to {KEY_BYTES} bytes, not {len(master)}")
    return master


def keyfile_check_permissions(path: Path) -> None:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path} is readable or writable by others (mode {stat.S_IMODE(mode):o}); "
            f"it must be readable by its owner only: chmod 600 {path}"
        )


def keyfile_read(path: Path) -> list[bytes]:
    """The keys in a key file, newest first; refuses a file others may read."""
    if not path.is_file():
        raise KeyFileError(f"{path} does not exist: create it with `custodiet keys generate {path}`")
    keyfile_check_permissions(path)
    masters = [
        parse_key(line)
        for line in path.read_text(encoding="ascii").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not masters:
        raise KeyFileError(f"{path} holds no key")
    return masters


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a file created with mode 600, then move it into place."""
    with private_file(path) as handle:
        handle.write(text.encode("ascii"))


def keyfile_create(path: Path) -> str:
    """Create a new key file with one fresh key (mode 600); refuse to overwrite one. Returns the key id."""
    if path.exists():
        raise KeyFileError(f"{path} exists; refusing to overwrite a key file (use `custodiet keys add`)")
    path.parent.mkdir(parents=True, exist_ok=True)
    master = generate_key()
    _write_private(path, KEY_FILE_HEADER + format_key(master) + "\n")
    return Key.from_master(master).kid


def keyfile_add(path: Path) -> str:
    """Put a fresh key first in an existing key file (the next values are sealed with it)."""
    masters = keyfile_read(path)
    master = generate_key()
    _write_private(path, KEY_FILE_HEADER + "".join(format_key(m) + "\n" for m in [master, *masters]))
    return Key.from_master(master).kid


def keyfile_remove(path: Path, kid: str) -> None:
    """Remove one key (never the newest) from a key file."""
    masters = keyfile_read(path)
    ids = [Key.from_master(master).kid for master in masters]
    if kid not in ids:
        raise KeyFileError(f"{path} holds no key {kid} (it holds {', '.join(ids)})")
    if ids[0] == kid:
        raise KeyFileError(f"{kid} is the newest key, which seals new values; it cannot be retired")
    kept = [master for master, each in zip(masters, ids, strict=True) if each != kid]
    _write_private(path, KEY_FILE_HEADER + "".join(format_key(m) + "\n" for m in kept))


def key_file_generate(path: str) -> str:
    """Create a key file and say what to do with it; needs no settings (the CLI calls it before Django)."""
    target = Path(path)
    kid = keyfile_create(target)
    return (
        f"Created {target} with key {kid} (mode 600).\n"
        f"Set CUSTODIET_KEY_FILE={target.resolve()} and back the file up apart from the database: "
        "without it the encrypted data cannot be read."
    )
