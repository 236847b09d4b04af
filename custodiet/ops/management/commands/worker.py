"""``custodiet worker``: run the background jobs (imports, renderings, recounts) queued in the database.

Run one or more next to the web servers, on any machine that reaches the database.
It writes a heartbeat every few seconds (``/healthz`` reads it) and hands on the
tasks of a worker that died. SIGTERM (or Ctrl+C) lets the current job finish;
a second one stops it at once (the job then runs again on the next worker).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.ops.worker import CustodietWorker


class Command(SpokenCommand):
    help = gettext_lazy("Run the background worker: jobs queued by the pages, the API and the CLI.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help=_("Seconds between two looks at an empty queue.")
        )
        parser.add_argument("--batch", action="store_true", help=_("Run every queued job, then exit."))
        parser.add_argument("--max-jobs", type=int, default=None, help=_("Exit after this many jobs."))
        parser.add_argument(
            "--worker-id", default="", help=_("A unique name for this worker (default: random).")
        )

    def handle(
        self, *args: Any, interval: float, batch: bool, max_jobs: int | None, worker_id: str, **options: Any
    ) -> None:
        if interval < 0:
            raise CommandError(_("--interval must be zero or more"))
        if max_jobs is not None and max_jobs < 1:
            raise CommandError(_("--max-jobs must be at least 1"))
        if len(worker_id) > 64:
            raise CommandError(_("--worker-id must be at most 64 characters"))
        worker = CustodietWorker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_jobs,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        # The command spoke the operator's language; the jobs run as the site does (their records in English).
        with translation.override(settings.LANGUAGE_CODE):
            worker.run()
