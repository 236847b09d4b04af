"""Logs as one JSON object per line, for the machines that collect them.

Every record carries ``time`` (ISO 8601, UTC), ``level``, ``logger`` and
``message``, and the ``extra`` fields its caller gave (``job``, ``worker``...). A
request logged by gunicorn (``gunicorn.access``) carries ``method``, ``path``,
``status``, ``bytes``, ``duration_ms`` and ``remote``: the path only, never the
query string (a search for a person's name stays out of the logs), and none of
the request's headers (its cookies stay out too). Configured in
``custodiet.settings.LOGGING`` and, for gunicorn, in ``custodiet.ops.serving``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms", "h": "remote"}
ACCESS_FORMAT = "%(m)s %(U)s %(s)s"  # the message of an access record: no query string


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_record, record, message_dict)
        log_record["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        log_record["level"] = record.levelname
        log_record["logger"] = record.name
        log_record["message"] = record.getMessage()
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, name in ACCESS_FIELDS.items():
                value: Any = record.args.get(atom)
                if value not in (None, "-"):
                    log_record[name] = int(value) if name in ("status", "bytes", "duration_ms") else value
        # Put the four common fields first, whatever the order python-json-logger chose.
        ordered = {key: log_record.pop(key) for key in ("time", "level", "logger", "message")}
        remaining = dict(log_record)
        log_record.clear()
        log_record.update(ordered)
        log_record.update(remaining)
