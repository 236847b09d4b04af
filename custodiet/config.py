"""Reading Custodiet's settings from the environment, loudly.

Every value the deployment sets comes through these helpers, so that a bad value
stops start-up with a message that names the variable and says what it expected,
instead of surfacing later as a confusing error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_flag(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def relative_base(package_parent: Path, cwd: Path) -> Path:
    """Where a relative ``CUSTODIET_DATA_DIR`` (and its default, ``var``) is taken from: the project root
    in a source checkout (``make demo`` keeps its data in the checkout's ``var/``), the current directory
    for an installed package, whose parent folder is site-packages (a database and a key file there
    would go with the virtualenv, or fail where it is read-only)."""
    return package_parent if (package_parent / "pyproject.toml").is_file() else cwd


def data_dir(environ: Mapping[str, str] = os.environ, *, base: Path) -> Path:
    """The directory that holds the SQLite database and stored files.

    Relative paths are taken from ``base`` (``relative_base``); the directory is
    created if it is missing, and start-up stops if it cannot be written.
    """
    raw = environ.get("CUSTODIET_DATA_DIR", "var")
    if raw.strip() == "":
        raise ImproperlyConfigured("CUSTODIET_DATA_DIR is set but empty; unset it or give a directory")
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = base / path
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"CUSTODIET_DATA_DIR={raw!r} is a file, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"CUSTODIET_DATA_DIR={raw!r} cannot be created: {error.strerror}"
        ) from error
    if not os.access(path, os.W_OK):
        raise ImproperlyConfigured(f"CUSTODIET_DATA_DIR={raw!r} is not writable by this user")
    return path


def database_from_url(url: str) -> dict[str, Any]:
    """A Django DATABASES entry for a PostgreSQL URL; anything else is refused."""
    import dj_database_url

    scheme = urlsplit(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"CUSTODIET_DATABASE_URL must be a postgresql:// URL (got scheme {scheme or 'none'!r}); "
            "leave it unset to use the embedded SQLite database"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"CUSTODIET_DATABASE_URL cannot be read: {error}") from error
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            "CUSTODIET_DATABASE_URL names no database (postgresql://user@host:port/NAME)"
        )
    return config


def secret_key(environ: Mapping[str, str], *, debug: bool, data_directory: Path) -> str:
    """The secret key: from CUSTODIET_SECRET_KEY, or, outside production, a key file kept in the data dir."""
    raw = environ.get("CUSTODIET_SECRET_KEY")
    if raw is not None:
        if len(raw) < 50:
            raise ImproperlyConfigured("CUSTODIET_SECRET_KEY must be at least 50 characters long")
        # Django's deployment check (security.W009) warns of these; a server refuses to start with one.
        if len(set(raw)) < 5 or raw.startswith("django-insecure-"):
            raise ImproperlyConfigured(
                "CUSTODIET_SECRET_KEY is not random: use 50 or more random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))')"
            )
        return raw
    if not debug:
        raise ImproperlyConfigured("CUSTODIET_SECRET_KEY must be set when CUSTODIET_DEBUG is false")
    key_file = data_directory / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _env_number(
    name: str, environ: Mapping[str, str], read: Callable[[str], float], what: str
) -> float | None:
    """The variable's value read by ``read`` (None when unset or empty); unreadable stops start-up."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return read(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {raw!r}") from None


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ, *, minimum: int = 0) -> int:
    value = _env_number(name, environ, int, "a whole number")
    if value is None:
        return default
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return int(value)


HOURS_AT_MOST = 24 * 366  # a year: more is a typing error, and "inf" would overflow a timedelta


def env_hours(name: str, default: float, environ: Mapping[str, str] = os.environ, *, minimum: float) -> float:
    """A number of hours (``1.5`` allowed); an unreadable value, one below ``minimum`` or over a year
    stops start-up."""
    value = _env_number(name, environ, float, "a number of hours")
    if value is None:
        return default
    if not value >= minimum:  # NaN too
        raise ImproperlyConfigured(f"{name} must be at least {minimum} hours, not {value}")
    if value > HOURS_AT_MOST:  # inf too
        raise ImproperlyConfigured(f"{name} must be at most {HOURS_AT_MOST} hours (a year), not {value}")
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    """A logging level, in any case ("debug", "INFO"); another word stops start-up, naming the variable."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return level


KEY_FILE_NAME = "custodiet.keys"


def encryption_keys(
    environ: Mapping[str, str], *, debug: bool, data_directory: Path
) -> tuple[list[bytes], Path | None]:
    """The encryption keys (newest first) and the key file they came from, if any.

    Keys live outside the database: in the file named by CUSTODIET_KEY_FILE
    (made with ``custodiet keys generate PATH``; readable by its owner only) or
    in CUSTODIET_KEYS (comma-separated, newest first, for a secret manager).
    Production refuses to start without one. In DEBUG (the demo), with neither
    set, a key file is created in the data directory, beside the secret key.
    """
    from custodiet.core.crypto import KeyFileError, keyfile_create, keyfile_read, parse_key

    inline = environ.get("CUSTODIET_KEYS", "").strip()
    named = environ.get("CUSTODIET_KEY_FILE", "").strip()
    if inline and named:
        raise ImproperlyConfigured("Set CUSTODIET_KEY_FILE or CUSTODIET_KEYS, not both")
    if inline:
        try:
            return [parse_key(part.strip()) for part in inline.split(",") if part.strip()], None
        except KeyFileError as problem:
            raise ImproperlyConfigured(f"CUSTODIET_KEYS: {problem}") from problem
    if named:
        path = Path(named).expanduser()
    elif debug:
        path = data_directory / KEY_FILE_NAME
        if not path.exists():
            keyfile_create(path)
    else:
        raise ImproperlyConfigured(
            "No encryption key: set CUSTODIET_KEY_FILE to a key file made with "
            "`custodiet keys generate PATH` (or CUSTODIET_KEYS), kept apart from the database"
        )
    try:
        return keyfile_read(path), path
    except KeyFileError as problem:
        raise ImproperlyConfigured(f"CUSTODIET_KEY_FILE: {problem}") from problem
