"""``custodiet jobs``: the background jobs from the command line.

custodiet jobs list                  # the newest jobs, their state and progress
custodiet jobs probe --wait 30       # queue a probe and wait for a worker to run it (exit 1 if none does)
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodiet.core.cli_language import SpokenCommand
from custodiet.ops.jobs import job_enqueue
from custodiet.ops.models import Job, JobState


class Command(SpokenCommand):
    help = gettext_lazy("List the background jobs, or check that a worker runs them.")

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        listing = commands.add_parser("list", help=_("The newest jobs."))
        listing.add_argument("--limit", type=int, default=20, help=_("How many jobs (default 20)."))
        probe = commands.add_parser("probe", help=_("Queue a probe job and wait until a worker has run it."))
        probe.add_argument("--wait", type=float, default=30.0, help=_("Seconds to wait (default 30)."))
        probe.add_argument("--seconds", type=float, default=0.0, help=_("How long the probe itself takes."))

    def handle(self, *args: Any, command: str, **options: Any) -> None:
        if command == "list":
            for job in Job.objects.select_related("started_by")[: max(1, options["limit"])]:
                progress = f"{job.progress_done}/{job.progress_total}" if job.progress_total else ""
                who = job.started_by.username if job.started_by else _("system")
                state = str(job.get_state_display())
                self.stdout.write(f"{job.pk}  {state:<9}  {progress:>11}  {who:<16}  {job.title}")
            return
        job = job_enqueue(
            "ops.probe", by=None, title="Worker probe", arguments={"seconds": options["seconds"]}
        )
        deadline = time.monotonic() + options["wait"]
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.2)
        if job.state != JobState.SUCCEEDED:
            raise CommandError(
                _(
                    "the probe %(job)s is %(state)s after %(seconds)s s: "
                    "is `custodiet worker` running against this database?"
                )
                % {"job": job.pk, "state": job.get_state_display().lower(), "seconds": f"{options['wait']:g}"}
            )
        self.stdout.write(self.style.SUCCESS(_("a worker ran the probe %(job)s") % {"job": job.pk}))
