"""``custodiet treaty``: status, coverage, parties, the world's coverage, what changed, notifications,
chart import and reference data, from the terminal.

    custodiet treaty status RU ETS-126 --on 2026-11-22
    custodiet treaty coverage RU --on 2026-11-22
    custodiet treaty parties ETS-126 --on 2000-01-01
    custodiet treaty world --on 2026-12-02            # every State: who may visit
    custodiet treaty world --years 1989-2026          # States covered by each body, 1 January of each year
    custodiet treaty changes --from 2022-01-01 --to 2026-12-02 [RU]
    custodiet treaty notify RU ETS-126 --received 2025-10-02 --source "JJ notification ..."
    custodiet treaty import chart.csv [--instrument ETS-126] [--dry-run]
    custodiet treaty load-reference                   # states, instruments, Russia's record, every chart
    custodiet treaty charts                           # the bundled charts, as docs/treaties.md lists them

Every reading subcommand takes ``--json`` for machine output, with the same three-valued answers
as the API (bound / not_bound / uncertain / unknown, and the confidence: "unverified" for a value
no source confirmed). A State is named by its ISO code (RU, RUS) or its name, an instrument by
its code, title or alias (ETS-126, ECPT, "ETS No. 126", CAT). An unknown name, a bad date or a
database that is not set up is one line on standard error and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from rich.console import Console
from rich.table import Table

from custodiet.core import clock
from custodiet.core.cli_language import SpokenCommand
from custodiet.core.dates import parse_query_date, shown_date
from custodiet.core.errors import DomainError, ImportRejected
from custodiet.treaties import selectors, services, world
from custodiet.treaties.bundled import chart_reports
from custodiet.treaties.models import State, state_name
from custodiet.treaties.presenters import changes_dict, coverage_dict, status_dict, world_dict, yearly_dict
from custodiet.treaties.words import Said

# The answers' codes (what --json carries) as the human text says them; the headline's in capitals.
ANSWERS = {
    "bound": gettext_lazy("bound"),
    "not_bound": gettext_lazy("not bound"),
    "uncertain": gettext_lazy("uncertain"),
    "unknown": gettext_lazy("unknown"),
    "yes": gettext_lazy("may visit"),
    "no": gettext_lazy("may not visit"),
}
CONFIDENCES = {"unverified": gettext_lazy("unverified"), "disputed": gettext_lazy("disputed")}


class Command(SpokenCommand):
    help = gettext_lazy(
        "Treaty status, coverage by visiting mechanisms, parties, what changed, notifications, charts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        status = sub.add_parser("status", help=_("Is a State bound by an instrument on a date, and why"))
        status.add_argument("state", help=_("ISO code or name, e.g. RU, RUS or 'Russian Federation'"))
        status.add_argument("instrument", help=_("code, title or alias, e.g. ETS-126, ECPT or 'ETS No. 126'"))
        _dated(status)

        coverage = sub.add_parser(
            "coverage", help=_("Which visiting mechanisms cover a State's places on a date")
        )
        coverage.add_argument("state", help=_("ISO code or name, e.g. RU, RUS or 'Russian Federation'"))
        _dated(coverage)

        parties = sub.add_parser("parties", help=_("The States bound by an instrument on a date"))
        parties.add_argument(
            "instrument", help=_("code, title or alias, e.g. ETS-126, ECPT or 'ETS No. 126'")
        )
        _dated(parties)

        every = sub.add_parser("world", help=_("Every State's coverage on a date, or counts over the years"))
        every.add_argument(
            "--years", help=_("FIRST-LAST, e.g. 1989-2026: States covered on 1 January of each")
        )
        _dated(every)

        changes = sub.add_parser(
            "changes", help=_("What changed between two dates, for a State or the world")
        )
        changes.add_argument("state", nargs="?", help=_("a State; leave out for every State"))
        changes.add_argument("--from", dest="start", required=True, help=_("the earlier date, YYYY-MM-DD"))
        changes.add_argument("--to", dest="end", help=_("the later date (default: today)"))
        changes.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))

        notify = sub.add_parser(
            "notify", help=_("Record the day a depositary received a notification of denunciation")
        )
        notify.add_argument("state", help=_("ISO code or name, e.g. RU, RUS or 'Russian Federation'"))
        notify.add_argument("instrument", help=_("code, title or alias, e.g. ETS-126, ECPT or 'ETS No. 126'"))
        notify.add_argument("--received", required=True, help=_("the day it was received, YYYY-MM-DD"))
        notify.add_argument(
            "--source", required=True, help=_("the depositary notification, or the page it was read on")
        )
        notify.add_argument(
            "--precision",
            choices=("day", "month", "year"),
            default="day",
            help=_("how precisely the day is known"),
        )
        notify.add_argument(
            "--confidence",
            choices=("certain", "sourced", "uncertain", "disputed"),
            default="sourced",
            help=_("how sure the source is"),
        )
        notify.add_argument("--note", default="", help=_("a note kept with the record"))

        chart = sub.add_parser(
            "import", help=_("Import a chart of signatures and ratifications (CSV), all or nothing")
        )
        chart.add_argument("path", type=Path, help=_("a CSV file, or - for standard input"))
        chart.add_argument("--instrument", help=_("the instrument, if the file has no 'instrument' column"))
        chart.add_argument("--dry-run", action="store_true", help=_("check every row and write nothing"))
        chart.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))

        sub.add_parser(
            "load-reference", help=_("Load States, instruments, the reference record and every chart")
        )
        sub.add_parser(
            "charts",
            help=_("The bundled charts: rows, completeness, confidence, unverified States (Markdown)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Django's OutputWrapper writes like a text file; rich's annotation asks for IO[str].
        self.console = Console(file=cast(IO[str], self.stdout), width=120, highlight=False, soft_wrap=False)
        self.today = clock.today()
        subcommands = {
            "status": self.status,
            "coverage": self.coverage,
            "parties": self.parties,
            "world": self.world,
            "changes": self.changes,
            "notify": self.notify,
            "import": self.import_chart,
            "load-reference": self.load_reference,
            "charts": self.charts,
        }
        try:
            self.on = self._date(options.get("on"), "--on")
            subcommands[options["action"]](options)
        except ImportRejected as rejected:
            lines = "\n".join(
                "  " + _("line %(line)s: %(problem)s") % {"line": line, "problem": reason}
                for line, reason in rejected.problems
            )
            raise CommandError(
                _("nothing was imported; fix these lines and try again:") + "\n" + lines
            ) from rejected
        except DomainError as refused:
            raise CommandError(_one_line(str(refused))) from refused
        except DatabaseError as problem:
            raise CommandError(
                _("the database cannot answer (%(problem)s); run `custodiet migrate` first")
                % {"problem": _one_line(str(problem))}
            ) from problem

    # -- helpers ---------------------------------------------------------------------------------

    def _date(self, raw: str | None, flag: str) -> date:
        """A date option, or today when it is not given; a bad one is refused with what was wrong."""
        if raw is None:
            return self.today
        try:
            return parse_query_date(raw)
        except ValueError as problem:
            raise CommandError(f"{flag}: {problem}") from None

    def _instrument_code(self, wanted: str) -> str:
        if not selectors.instrument_specs():
            raise CommandError(_("No instrument is loaded yet: run `custodiet treaty load-reference` first."))
        return selectors.resolve_instrument(wanted).code

    def _json(self, payload: Any) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _print(self, text: str) -> None:
        self.console.print(text, markup=False)

    def _reasons(self, reasons: list[dict[str, Any]], prefix: str = "•") -> None:
        for reason in reasons:
            article = f" [{reason['article']}]" if reason.get("article") else ""
            shown = reason.get("confidence")
            flag = f" ({CONFIDENCES[shown]})" if shown in CONFIDENCES else ""
            self._print(f"  {prefix} {_shown(reason['text'])}{article}{flag}")

    # -- subcommands -----------------------------------------------------------------------------

    def status(self, options: dict[str, Any]) -> None:
        state = selectors.resolve_state(options["state"])
        code = self._instrument_code(options["instrument"])
        result = selectors.engine_for_state(state).status(state.code, code, self.on, today=self.today)
        payload = status_dict(result)
        if options["as_json"]:
            return self._json(payload)
        self._print(
            _("%(state)s (%(code)s) · %(instrument)s · on %(day)s: %(answer)s")
            % {
                "state": state.shown_name,
                "code": state.code,
                "instrument": code,
                "day": shown_date(self.on),
                "answer": str(ANSWERS[result.answer]).upper(),
            }
        )
        self._print(f"  {_shown(result.summary)}")
        if payload["confidence"] in CONFIDENCES:
            self._print(
                "  ! "
                + _("%(confidence)s: a fact this answer rests on is not confirmed by a source read")
                % {"confidence": CONFIDENCES[payload["confidence"]]}
            )
        if result.window is not None:
            self._print("  ! " + _("window: %(text)s") % {"text": _shown(result.window.text)})
            self._print("  ! " + _("settled by: %(text)s") % {"text": _shown(result.window.settles)})
        self._reasons(payload["reasons"])
        if payload["known_later"]:
            self._print("  " + _("Known later (not used for this answer):"))
            self._reasons(payload["known_later"], prefix="-")
        return None

    def coverage(self, options: dict[str, Any]) -> None:
        state = selectors.resolve_state(options["state"])
        result = selectors.engine_for_state(state).coverage(
            state.code, self.on, selectors.bodies_for_state(state), today=self.today
        )
        payload = coverage_dict(result)
        if options["as_json"]:
            return self._json(payload)
        self._print(
            _("%(state)s (%(code)s) on %(day)s: visiting mechanisms with a treaty right: %(summary)s")
            % {
                "state": state.shown_name,
                "code": state.code,
                "day": shown_date(self.on),
                "summary": _shown(result.summary),
            }
        )
        table = Table(show_lines=True)
        right = _("Right to visit")
        for column in (_("Body"), right, _("Why")):
            table.add_column(column, no_wrap=column == right)
        for line in payload["bodies"]:
            table.add_row(line["code"], _answer(line), _shown(line["reasons"][0]["text"]))
        self.console.print(table)
        return None

    def parties(self, options: dict[str, Any]) -> None:
        code = self._instrument_code(options["instrument"])
        rows = selectors.parties_on(code, self.on, today=self.today)
        bound = [row for row in rows if row["answer"] == "bound"]
        uncertain = [row for row in rows if row["answer"] == "uncertain"]
        chart = selectors.engine_for_instrument(code).chart(code)
        complete = chart is not None and chart.covers(self.on)
        if options["as_json"]:
            return self._json(
                {
                    "instrument": code,
                    "on": self.on.isoformat(),
                    "count": len(bound),
                    "uncertain_count": len(uncertain),
                    "chart_complete_on_this_date": complete,
                    "parties": rows,
                }
            )
        table = Table(
            title=_("Parties to %(instrument)s on %(day)s: %(count)s")
            % {"instrument": code, "day": shown_date(self.on), "count": len(bound)}
        )
        for column in (_("State"), _("Code"), _("In force from"), _("Ending effective"), _("Answer")):
            table.add_column(column)
        shown = _shown_names()
        for row in rows:
            table.add_row(
                shown.get(row["state"], row["name"]),
                row["state"],
                _iso_shown(row["in_force_from"]),
                _iso_shown(row["ceases_on"]),
                _answer(row),
            )
        self.console.print(table)
        if uncertain:
            self._print(
                _("Uncertain on this date: %(states)s.")
                % {"states": ", ".join(row["state"] for row in uncertain)}
            )
        if not complete:
            self._print(
                _(
                    "The chart is not complete on this date: a State missing from this list may be a party "
                    "(its answer is unknown)."
                )
            )
        return None

    def world(self, options: dict[str, Any]) -> None:
        engine = selectors.engine_for_all()
        bodies = selectors.international_bodies()
        names = selectors.state_names()
        states = sorted(names)
        if options.get("years"):
            first, last = _years(options["years"])
            counts = yearly_dict(world.yearly_counts(engine, states, bodies, first, last))
            if options["as_json"]:
                return self._json({"states": len(states), "counts": counts})
            table = Table(
                title=ngettext(
                    "States each body may visit on 1 January (%(count)s State)",
                    "States each body may visit on 1 January (%(count)s States)",
                    len(states),
                )
                % {"count": len(states)}
            )
            table.add_column(_("Year"))
            for code in counts:
                table.add_column(_("%(body)s yes / uncertain / unknown") % {"body": code})
            for index, year in enumerate(range(first, last + 1)):
                table.add_row(
                    str(year),
                    *(
                        f"{c[index]['yes']} / {c[index]['uncertain']} / {c[index]['unknown']}"
                        for c in counts.values()
                    ),
                )
            self.console.print(table)
            return None
        rows = world.coverage_table(engine, states, bodies, self.on, today=self.today)
        codes = [body.code for body in bodies]
        if options["as_json"]:
            return self._json(world_dict(rows, codes, names, self.on))
        counts_on = world.table_counts(rows, codes)
        for code in codes:
            found = counts_on[code]
            self._print(
                ngettext(
                    "%(body)s on %(day)s: yes %(yes)s, uncertain %(uncertain)s, unknown %(unknown)s, "
                    "no %(no)s (of %(count)s State)",
                    "%(body)s on %(day)s: yes %(yes)s, uncertain %(uncertain)s, unknown %(unknown)s, "
                    "no %(no)s (of %(count)s States)",
                    len(states),
                )
                % {"body": code, "day": shown_date(self.on), "count": len(states), **found}
            )
        return None

    def changes(self, options: dict[str, Any]) -> None:
        start = self._date(options["start"], "--from")
        end = self._date(options.get("end"), "--to")
        if end <= start:
            raise CommandError(
                _("--to (%(end)s) must come after --from (%(start)s)")
                % {"end": shown_date(end), "start": shown_date(start)}
            )
        names = selectors.state_names()
        if options.get("state"):
            state = selectors.resolve_state(options["state"])
            engine = selectors.engine_for_state(state)
            found = [
                world.state_changes(
                    engine, state.code, selectors.bodies_for_state(state), start, end, today=self.today
                )
            ]
        else:
            engine = selectors.engine_for_all()
            found = world.world_changes(
                engine, engine.all_states(), selectors.international_bodies(), start, end
            )
        payload = [changes_dict(item, names) for item in found]
        if options["as_json"]:
            return self._json({"from": start.isoformat(), "to": end.isoformat(), "states": payload})
        self._print(
            ngettext(
                "What changed from %(start)s to %(end)s: %(count)s State",
                "What changed from %(start)s to %(end)s: %(count)s States",
                len(payload),
            )
            % {"start": shown_date(start), "end": shown_date(end), "count": len(payload)}
        )
        shown = _shown_names()
        for item in payload:
            self._print(f"{shown.get(item['state'], item['name'])} ({item['state']})")
            for change in item["changes"]:
                before = ANSWERS.get(change["before"], change["before"])
                after = ANSWERS.get(change["after"], change["after"])
                self._print(f"  {change['subject']}: {before} -> {after}: {_shown(change['after_summary'])}")
            for event in item["events"]:
                self._print(f"  - {_shown(event['text'])}")
        return None

    def notify(self, options: dict[str, Any]) -> None:
        state = selectors.resolve_state(options["state"])
        instrument = selectors.resolve_instrument(self._instrument_code(options["instrument"]))
        received = self._date(options["received"], "--received")
        row = services.notification_record(
            state=state,
            instrument=instrument,
            received_on=received,
            source=options["source"],
            today=self.today,
            precision=options["precision"],
            confidence=options["confidence"],
            note=options["note"],
        )
        effect = selectors.engine_for_state(state).status(
            state.code, instrument.code, received, today=self.today
        )
        summary = _shown(effect.summary)
        self._print(
            _(
                "Recorded: the notification of %(kind)s of the %(instrument)s by %(state)s, received %(day)s. "
                "%(effect)s."
            )
            % {
                "kind": NOTIFICATION_KINDS.get(row.kind, row.kind),
                "instrument": instrument.short_title,
                "state": state.shown_name,
                "day": shown_date(received),
                "effect": summary[:1].upper() + summary[1:],
            }
        )

    def import_chart(self, options: dict[str, Any]) -> None:
        instrument = self._instrument_code(options["instrument"]) if options.get("instrument") else None
        path: Path = options["path"]
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise CommandError(_("%(path)s: no such file") % {"path": path}) from None
            except UnicodeDecodeError:
                raise CommandError(
                    _("%(path)s: not UTF-8 text; save the chart as UTF-8 CSV") % {"path": path}
                ) from None
        summary = services.chart_import(
            text=text, instrument=instrument, today=self.today, commit=not options["dry_run"]
        )
        payload = {
            "dry_run": options["dry_run"],
            "rows": summary.rows,
            "actions_created": summary.created,
            "notes_created": summary.notes,
            "rows_already_recorded": summary.unchanged_rows,
            "instruments": summary.instruments,
            "warnings": [{"line": line, "warning": text} for line, text in summary.warnings],
        }
        if options["as_json"]:
            return self._json(payload)
        counts = {
            "rows": summary.rows,
            "actions": summary.created,
            "notes": summary.notes,
            "unchanged": summary.unchanged_rows,
        }
        if options["dry_run"]:
            said = _(
                "%(rows)s rows read; would add %(actions)s actions and %(notes)s notes; "
                "%(unchanged)s rows were already recorded."
            )
        else:
            said = _(
                "%(rows)s rows read; added %(actions)s actions and %(notes)s notes; "
                "%(unchanged)s rows were already recorded."
            )
        self.stdout.write(said % counts)
        for line, warning in summary.warnings:
            self.stdout.write(
                "  " + _("warning, line %(line)s: %(warning)s") % {"line": line, "warning": warning}
            )
        return None

    def load_reference(self, options: dict[str, Any]) -> None:
        summary = services.reference_load()
        charts = services.charts_load(self.today)
        self.stdout.write(
            _(
                "states added: %(states)s, instruments added: %(instruments)s, actions added: %(actions)s, "
                "bodies added: %(bodies)s, committee terms added: %(terms)s"
            )
            % {
                "states": summary.states,
                "instruments": summary.instruments,
                "actions": summary.actions,
                "bodies": summary.bodies,
                "terms": summary.memberships,
            }
        )
        for chart in charts.charts:
            self.stdout.write(
                _(
                    "chart %(file)s (%(instrument)s): %(rows)s rows, %(actions)s actions added, complete to %(day)s"
                )
                % {
                    "file": chart["file"],
                    "instrument": chart["instrument"],
                    "rows": chart["rows"],
                    "actions": chart["actions_created"],
                    "day": _iso_shown(chart["complete_to"]) or _("no date"),
                }
            )
            for warning in chart["warnings"]:
                self.stdout.write("  " + _("warning, %(warning)s") % {"warning": warning})

    def charts(self, options: dict[str, Any]) -> None:
        """The table of docs/treaties.md, from the bundled files (no database needed)."""
        self.stdout.write(CHARTS_HEADER)
        for report in chart_reports():
            self.stdout.write(report.markdown())


CHARTS_HEADER = (
    "| file | instrument | rows | complete to | confidence of the rows | unverified rows: count and States |\n"
    "| --- | --- | --- | --- | --- | --- |"
)


def _dated(parser: CommandParser) -> None:
    parser.add_argument("--on", help=_("the date, YYYY-MM-DD (default: today)"))
    parser.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))


def _years(raw: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-:]\s*(\d{4})\s*", raw)
    if match is None:
        raise CommandError(_("--years: %(given)r is not FIRST-LAST, e.g. 1989-2026") % {"given": raw})
    first, last = int(match.group(1)), int(match.group(2))
    if not 1900 <= first <= last <= 2200:
        raise CommandError(
            _("--years: %(first)s-%(last)s must run forward, within 1900-2200")
            % {"first": first, "last": last}
        )
    return first, last


NOTIFICATION_KINDS = {
    "denunciation": pgettext_lazy("notification of", "denunciation"),
    "withdrawal": pgettext_lazy("notification of", "withdrawal"),
}


def _shown_names() -> dict[str, str]:
    """Every State's name in the command's language (``--json`` keeps the English one), one query."""
    rows = State.objects.values_list("code", "name_en", "name_fr")
    return {code: state_name(code, english, french) for code, english, french in rows}


def _shown(text: Any) -> str:
    """An engine's sentence in the command's language (``--json`` keeps the English one)."""
    return text.shown() if isinstance(text, Said) else str(text)


def _answer(row: dict[str, Any]) -> str:
    answer = str(ANSWERS.get(row["answer"], row["answer"]))
    if row.get("confidence") == "unverified":
        return f"{answer} ({CONFIDENCES['unverified']})"
    return answer


def _iso_shown(raw: str | None) -> str:
    """An ISO date of a payload as the language writes it; nothing for none."""
    return shown_date(date.fromisoformat(raw)) if raw else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())
