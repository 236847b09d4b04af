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

from django.core.management.base import BaseCommand, CommandError, CommandParser
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

from custodiet.intake import selectors
from custodiet.intake.models import Event
from custodiet.intake.selectors import Timeline
from custodiet.intake.services import Outcome, events_recount, intake_add
from custodiet.intake.sources import iter_files


class Command(BaseCommand):
    help = "Open-source intake: import documents (add) and show an event's timeline (timeline)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Import text, HTML and JSON Lines files, directories, or - (stdin)")
        add.add_argument("paths", nargs="+", help="files or directories; - reads standard input")
        add.add_argument("--json", action="store_true", help="print the summary as JSON")
        timeline = sub.add_parser("timeline", help="An event's timeline; without EVENT, the list of events")
        timeline.add_argument("event", nargs="?", type=int, help="the event's number")
        timeline.add_argument("--json", action="store_true", help="print JSON")
        sub.add_parser("recount", help="Recount the events an import cut short left waiting (safe to rerun)")
        again = sub.add_parser("reprocess", help="Read every stored document again with the current rules")
        again.add_argument("--json", action="store_true", help="print the summary as JSON")
        export = sub.add_parser("export", help="Every document and every event's timeline, as JSON")
        export.add_argument("--json", action="store_true", help="JSON (the only format)")
        export.add_argument("--output", help="write to this file instead of standard output")
        evaluate = sub.add_parser("evaluate", help="Measure the intake against a labelled corpus")
        evaluate.add_argument("corpus", help="a directory with articles.jsonl (and events.json)")
        evaluate.add_argument(
            "--json", action="store_true", help="print the measures and each article as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self.add(options["paths"], as_json=options["json"])
        elif action == "reprocess":
            self.reprocess(as_json=options["json"])
        elif action == "recount":
            count = events_recount()
            self.stdout.write(f"{count} event{'' if count == 1 else 's'} recounted")
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
            task = progress.add_task("reading again", total=Document.objects.count())
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
        self.stdout.write(f"{result.read} read again, {result.events} events")
        for origin in result.missing:
            self.stdout.write(f"  not read again (its raw bytes are not kept; import it again): {origin}")
        for origin, reason in result.failed:
            self.stdout.write(f"  not read again: {origin}: {reason}")

    def export(self, output: str | None) -> None:
        from custodiet.intake.reprocess import export

        if output is None:
            export(cast(IO[str], self.stdout))
            return
        try:
            with Path(output).open("w", encoding="utf-8") as file:
                count = export(file)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        self.stdout.write(f"{count} documents written to {output}")

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
        table = Table(title=f"Intake against {corpus}")
        for column in (
            "language",
            "articles",
            "language id",
            "grouping recall",
            "grouping precision",
            "dated steps found",
            "dates no source states",
            "near-duplicate pairs found",
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
                f"{_percent(m['dated_steps_found'])} of {m['dated_steps']}",
                f"{_percent(m['unstated_dates'])} of {m['dated_facts']}",
                f"{_percent(m['duplicate_pairs_found'])} of {m['duplicate_pairs']} ({m['duplicate_pairs_wrong']} wrong)",
                style="bold" if language == OVERALL else "",
            )
        console.print(table)
        for origin, reason in result["skipped"].items():
            console.print(f"skipped {origin}: {reason}")

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
            task = progress.add_task("importing", total=total or None)
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
        self.stdout.write(
            f"{summary.added} added, {summary.unchanged} unchanged, {len(summary.skipped)} skipped"
            + (
                f"; events updated: {', '.join(str(e) for e in sorted(summary.events))}"
                if summary.events
                else ""
            )
        )
        for outcome in summary.skipped:
            self.stdout.write(f"  skipped {outcome.origin}: {outcome.reason}")

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
                f"No event number {number}; `custodiet intake timeline` lists them."
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
        table = Table(title="Events")
        for column in ("#", "Event", "Documents", "Sources", "Contradictions"):
            table.add_column(column)
        for e in events:
            table.add_row(
                str(e.pk), e.title, str(e.document_count), str(e.source_count), str(e.contradiction_count)
            )
        self.console.print(table)

    def print_timeline(self, timeline: Timeline) -> None:
        event = timeline.event
        table = Table(
            title=f"{event.title}: {event.document_count} documents, {event.source_count} independent sources"
        )
        for column in ("Date / number", "What", "Sources", "Status", "Quoted"):
            table.add_column(column, overflow="fold")
        for finding in timeline.findings:
            for index, reading in enumerate(finding.readings):
                style = "red" if finding.contradiction else ("green" if finding.corroborated else "")
                shown = reading.best.shown() + (" (inferred)" if reading.inferred else "")
                quotes = "; ".join(f"“{c.quote}” [#{c.document}]" for c in reading.claims)
                what = finding.label + (
                    "" if finding.subject == event.instrument_code else f" [{finding.subject}]"
                )
                table.add_row(
                    shown,
                    what if index == 0 else "  (other reading)",
                    str(reading.sources),
                    finding.status,
                    quotes,
                    style=style,
                )
        self.console.print(table)
        for row in timeline.effects:
            self.console.print(
                f"[bold]Legal effect[/bold]: the source says it {row.check.claim}: {row.check.verdict.upper()}"
            )
            if row.check.rule:
                self.console.print(f"  Rule ({row.check.article}): {row.check.rule}")
            for reason in row.check.reasons:
                self.console.print(f"  - {reason}")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"
