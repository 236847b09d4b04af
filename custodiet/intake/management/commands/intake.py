"""``custodiet intake``: import documents, show timelines, read documents again, export, evaluate.

    custodiet intake add PATH... [--json]     files, directories, or - for standard input
    custodiet intake timeline [EVENT] [--json]
    custodiet intake reprocess [--json]       every stored document again, from its raw bytes
    custodiet intake recount                  the events an import cut short left waiting for their recount
    custodiet intake export --json [--output FILE]
    custodiet intake evaluate CORPUS [--json] against a labelled corpus; changes nothing

``add`` and ``reprocess`` show a progress bar on standard error and a summary on
standard output. ``timeline`` prints a table, or JSON. ``evaluate`` prints, per
language and overall, the measures of ``custodiet.intake.evaluation``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from custodiet.core.cli_language import SpokenCommand
from custodiet.intake import selectors
from custodiet.intake.models import Event
from custodiet.intake.notes import said_again
from custodiet.intake.selectors import Timeline
from custodiet.intake.services import Outcome, events_recount, intake_add
from custodiet.intake.sources import iter_files


class Command(SpokenCommand):
    help = gettext_lazy(
        "Open-source intake: import documents, show timelines, read documents again, export, evaluate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add", help=_("Import text, HTML and JSON Lines files, directories, or - (stdin)")
        )
        add.add_argument("paths", nargs="+", help=_("files or directories; - reads standard input"))
        add.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
        timeline = sub.add_parser(
            "timeline", help=_("An event's timeline; without EVENT, the list of events")
        )
        timeline.add_argument("event", nargs="?", type=int, help=_("the event's number"))
        timeline.add_argument("--json", action="store_true", help=_("print JSON"))
        sub.add_parser(
            "recount", help=_("Recount the events an import cut short left waiting (safe to rerun)")
        )
        again = sub.add_parser("reprocess", help=_("Read every stored document again with the current rules"))
        again.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
        export = sub.add_parser("export", help=_("Every document and every event's timeline, as JSON"))
        export.add_argument("--json", action="store_true", help=_("JSON (the only format)"))
        export.add_argument("--output", help=_("write to this file instead of standard output"))
        evaluate = sub.add_parser("evaluate", help=_("Measure the intake against a labelled corpus"))
        evaluate.add_argument("corpus", help=_("a directory with articles.jsonl (and events.json)"))
        evaluate.add_argument(
            "--json", action="store_true", help=_("print the measures and each article as JSON")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self.add(options["paths"], as_json=options["json"])
        elif action == "reprocess":
            self.reprocess(as_json=options["json"])
        elif action == "recount":
            count = events_recount()
            self.stdout.write(
                ngettext("%(count)s event recounted", "%(count)s events recounted", count) % {"count": count}
            )
        elif action == "export":
            self.export(options.get("output"))
        elif action == "evaluate":
            self.evaluate(options["corpus"], as_json=options["json"])
        else:
            self.timeline(options.get("event"), as_json=options["json"])

    def reprocess(self, *, as_json: bool) -> None:
        from custodiet.intake.models import Document
        from custodiet.intake.reprocess import intake_reprocess

        console = Console(file=sys.stderr)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=as_json and not console.is_terminal,
        ) as progress:
            task = progress.add_task(_("reading again"), total=Document.objects.count())
            result = intake_reprocess(progress=lambda _document: progress.advance(task))
        summary = {
            "read": result.read,
            "events": result.events,
            "missing_raw_bytes": result.missing,
            "failed": [{"origin": origin, "reason": reason} for origin, reason in result.failed],
        }
        if as_json:
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            ngettext(
                "%(read)s read again, %(count)s event", "%(read)s read again, %(count)s events", result.events
            )
            % {"read": result.read, "count": result.events}
        )
        for origin in result.missing:
            self.stdout.write(
                "  "
                + _("not read again (its raw bytes are not kept; import it again): %(origin)s")
                % {"origin": origin}
            )
        for origin, reason in result.failed:
            self.stdout.write(
                "  " + _("not read again: %(origin)s: %(reason)s") % {"origin": origin, "reason": reason}
            )

    def export(self, output: str | None) -> None:
        from custodiet.intake.reprocess import export

        if output is None:
            export(cast(IO[str], self.stdout))
            return
        try:
            with Path(output).open("w", encoding="utf-8") as file:
                count = export(file)
        except OSError as error:
            raise CommandError(
                _("cannot write %(path)s: %(problem)s") % {"path": output, "problem": error.strerror or error}
            ) from error
        self.stdout.write(
            ngettext(
                "%(count)s document written to %(path)s", "%(count)s documents written to %(path)s", count
            )
            % {"count": count, "path": output}
        )

    def evaluate(self, corpus: str, *, as_json: bool) -> None:
        from custodiet.intake.evaluation import OVERALL, CorpusError, run

        try:
            result = run(Path(corpus))
        except CorpusError as problem:
            raise CommandError(str(problem)) from problem
        if as_json:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        console = Console(file=cast(IO[str], self.stdout), width=160)
        table = Table(title=_("Intake against %(corpus)s") % {"corpus": corpus})
        for column in (
            _("language"),
            _("articles"),
            _("language id"),
            _("grouping recall"),
            _("grouping precision"),
            _("dated steps found"),
            _("dates no source states"),
            _("near-duplicate pairs found"),
        ):
            table.add_column(column, justify="right")
        measures = result["measures"]
        for language in [*(k for k in measures if k != OVERALL), OVERALL]:
            m = measures[language]
            table.add_row(
                language,
                str(m["articles"]),
                _percent(m["language_accuracy"]),
                _percent(m["grouping_recall"]),
                _percent(m["grouping_precision"]),
                _("%(share)s of %(count)s")
                % {"share": _percent(m["dated_steps_found"]), "count": m["dated_steps"]},
                _("%(share)s of %(count)s")
                % {"share": _percent(m["unstated_dates"]), "count": m["dated_facts"]},
                _("%(share)s of %(count)s (%(wrong)s wrong)")
                % {
                    "share": _percent(m["duplicate_pairs_found"]),
                    "count": m["duplicate_pairs"],
                    "wrong": m["duplicate_pairs_wrong"],
                },
                style="bold" if language == OVERALL else "",
            )
        console.print(table)
        for origin, reason in result["skipped"].items():
            console.print(
                _("skipped %(origin)s: %(reason)s") % {"origin": origin, "reason": reason}, markup=False
            )

    def add(self, paths: list[str], *, as_json: bool) -> None:
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        total = 0
        for given in paths:
            path = Path(given)
            total += sum(1 for _ in iter_files(path)) if path.is_dir() else 1
        console = Console(file=sys.stderr)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=as_json and not console.is_terminal,
        ) as progress:
            task = progress.add_task(_("importing"), total=total or None)
            seen: set[str] = set()

            def advance(outcome: Outcome) -> None:
                # JSON Lines files hold many documents: advance once per input file.
                head = (
                    outcome.origin.rsplit(":", 1)[0]
                    if outcome.origin.rsplit(":", 1)[-1].isdigit()
                    else outcome.origin
                )
                if head not in seen:
                    seen.add(head)
                    progress.advance(task)

            summary = intake_add(paths=paths, stdin=stdin, progress=advance)
        result = {
            "added": summary.added,
            "unchanged": summary.unchanged,
            "skipped": [{"origin": o.origin, "reason": o.reason} for o in summary.skipped],
            "events": sorted(summary.events),
        }
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
            return
        counts = {"added": summary.added, "unchanged": summary.unchanged, "skipped": len(summary.skipped)}
        said = _("%(added)s added, %(unchanged)s unchanged, %(skipped)s skipped") % counts
        if summary.events:
            said += "; " + _("events updated: %(events)s") % {
                "events": ", ".join(str(e) for e in sorted(summary.events))
            }
        self.stdout.write(said)
        for outcome in summary.skipped:
            self.stdout.write(
                "  "
                + _("skipped %(origin)s: %(reason)s") % {"origin": outcome.origin, "reason": outcome.reason}
            )

    def timeline(self, number: int | None, *, as_json: bool) -> None:
        # Django's OutputWrapper writes like a text file; rich's annotation asks for IO[str].
        self.console = Console(file=cast(IO[str], self.stdout), width=160, soft_wrap=False)
        if number is None:
            self.events(as_json=as_json)
            return
        try:
            event = selectors.event_list().get(pk=number)
        except Event.DoesNotExist as missing:
            raise CommandError(
                _("No event number %(number)s; `custodiet intake timeline` lists them.") % {"number": number}
            ) from missing
        timeline = selectors.event_timeline(event)
        if as_json:
            self.stdout.write(json.dumps(selectors.timeline_as_dict(timeline), indent=2, ensure_ascii=False))
            return
        self.print_timeline(timeline)

    def events(self, *, as_json: bool) -> None:
        events = list(selectors.event_list())
        if as_json:
            rows = [
                {
                    "id": e.pk,
                    "title": e.title,
                    "documents": e.document_count,
                    "sources": e.source_count,
                    "contradictions": e.contradiction_count,
                }
                for e in events
            ]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        table = Table(title=_("Events"))
        for column in ("#", _("Event"), _("Documents"), _("Sources"), _("Contradictions")):
            table.add_column(column)
        for e in events:
            table.add_row(
                str(e.pk), e.title, str(e.document_count), str(e.source_count), str(e.contradiction_count)
            )
        self.console.print(table)

    def print_timeline(self, timeline: Timeline) -> None:
        event = timeline.event
        table = Table(
            title=_("%(event)s: %(documents)s documents, %(sources)s independent sources")
            % {"event": event.title, "documents": event.document_count, "sources": event.source_count}
        )
        for column in (_("Date / number"), _("What"), _("Sources"), _("Status"), _("Quoted")):
            table.add_column(column, overflow="fold")
        for finding in timeline.findings:
            for index, reading in enumerate(finding.readings):
                style = "red" if finding.contradiction else ("green" if finding.corroborated else "")
                shown = reading.best.shown() + (" " + _("(inferred)") if reading.inferred else "")
                quotes = "; ".join(f"“{c.quote}” [#{c.document}]" for c in reading.claims)
                what = finding.label + (
                    "" if finding.subject == event.instrument_code else f" [{finding.subject}]"
                )
                table.add_row(
                    shown,
                    what if index == 0 else "  " + _("(other reading)"),
                    str(reading.sources),
                    finding.status,
                    quotes,
                    style=style,
                )
        self.console.print(table)
        for row in timeline.effects:
            self.console.print(
                "[bold]"
                + _("Legal effect")
                + "[/bold]: "
                + _("the source says it %(claim)s: %(verdict)s")
                % {"claim": row.check.claim, "verdict": row.check.verdict.upper()}
            )
            if row.check.rule:
                self.console.print(
                    "  "
                    + _("Rule (%(article)s): %(rule)s")
                    % {"article": row.check.article, "rule": row.check.rule}
                )
            for reason in row.check.reasons:  # in the command's language (custodiet/intake/notes.py)
                self.console.print(f"  - {said_again(reason)[0]}")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"
