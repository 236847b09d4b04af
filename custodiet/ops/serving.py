"""``custodiet serve``: gunicorn in front of Custodiet, configured once, here.

Workers default to ``2 x CPUs + 1`` (gunicorn's own advice), at most 16, or
``CUSTODIET_WEB_WORKERS``. The application is loaded once in the master process
(``preload_app``), which then builds the OpenAPI schema (``custodiet.ops.schema``)
before forking, so that every worker starts with it. Access and error logs are
one JSON object per line (``custodiet.ops.logs``). A worker that takes longer than
``timeout`` on one request is restarted; each worker is also replaced after about
``max_requests`` requests, which bounds the memory a leak could take.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

from custodiet.ops.logs import ACCESS_FORMAT

MAX_DEFAULT_WORKERS = 16


def default_workers(cpus: int | None = None) -> int:
    cpus = cpus if cpus is not None else (os.cpu_count() or 1)
    return max(2, min(2 * cpus + 1, MAX_DEFAULT_WORKERS))


def log_config(level: str = "INFO") -> dict[str, Any]:
    """gunicorn's own loggers (access, error) through the same JSON formatter as the application's."""
    formatter = getattr(settings, "CUSTODIET_LOG_FORMAT", "json")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "custodiet.ops.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def gunicorn_options(
    *,
    bind: str,
    workers: int,
    threads: int = 1,
    timeout: int = 60,
    max_requests: int = 2000,
    access_log: bool = True,
) -> dict[str, Any]:
    """The settings ``custodiet serve`` gives gunicorn (printed by ``custodiet serve --print-config``)."""
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "max_requests": max_requests,
        "max_requests_jitter": max(1, max_requests // 10),
        "preload_app": True,
        "proc_name": "custodiet",
        "accesslog": "-" if access_log else None,
        "access_log_format": ACCESS_FORMAT,
        "logconfig_dict": log_config(),
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }
    return options


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type information
    """gunicorn, given its settings as a mapping and Django's WSGI application."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if value is not None:
                self.cfg.set(name, value)
        self.cfg.set("when_ready", _when_ready)
        self.cfg.set("post_fork", _post_fork)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def _when_ready(server: Any) -> None:
    """In the master, before the first fork: build what every worker shares, then let go of the database."""
    from django.db import connections

    from custodiet.ops.schema import warm_schema

    warm_schema()
    connections.close_all()  # a connection opened here must not be shared by the forked workers


def _post_fork(server: Any, worker: Any) -> None:
    from django.db import connections

    connections.close_all()  # each worker opens its own
