"""``custodiet audit``: verify the keyed hash chain, export its head, and read the trail.

    custodiet audit verify [--anchor SEQ:HASH ...] [--anchors FILE]   # exit 0 only when nothing is found
    custodiet audit head                                             # one line, SEQ:HASH, for a cron job
    custodiet audit show [--target core.user:4] [--actor NAME] [--verb auth.] [--limit 50] [--json]

``verify`` exits 1 on every finding, warnings included (a missing append-only
guard, entries that no key in the ring can authenticate), and ends by printing
the head (``SEQ:HASH``): keep it outside the database and pass it back with
``--anchor`` (or keep a file of heads, one a line, and pass ``--anchors FILE``),
which is the only way to notice that the newest entries were deleted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodiet.core.audit import (
    Anchor,
    audit_check_anchor,
    audit_entries,
    audit_head,
    audit_verify,
    entry_as_dict,
)
from custodiet.core.cli_language import SpokenCommand

KEEP_THE_HEAD = gettext_lazy(
    "Keep this head outside the database server, on a schedule (daily, and before and after a backup): "
    "print it, e-mail it, or append it to a file on another machine, e.g. in cron "
    "`custodiet audit head | ssh audit@elsewhere 'cat >> custodiet-heads'`; "
    "later, `custodiet audit verify --anchors custodiet-heads` checks every kept head."
)


def _anchor(raw: str) -> Anchor:
    try:
        return Anchor.parse(raw)
    except ValueError as problem:
        raise CommandError(str(problem)) from None


def _anchors_file(path: Path) -> list[Anchor]:
    """Every head kept in a file, one a line (blank lines and # comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as problem:
        raise CommandError(f"{path}: {problem.strerror or problem}") from None
    anchors = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            anchors.append(Anchor.parse(text.removeprefix("head: ")))
        except ValueError as problem:
            raise CommandError(
                _("%(path)s, line %(line)s: %(problem)s") % {"path": path, "line": number, "problem": problem}
            ) from None
    return anchors


class Command(SpokenCommand):
    help = gettext_lazy(
        "Verify the audit trail's keyed hash chain (against kept heads), print its head, or show entries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        verify = sub.add_parser(
            "verify", help=_("Walk the chain; exit 1 and list every finding, warnings too")
        )
        verify.add_argument(
            "--anchor",
            type=_anchor,
            action="append",
            default=[],
            help=_("SEQ:HASH printed by an earlier verify"),
        )
        verify.add_argument("--anchors", type=Path, help=_("a file of kept heads, one SEQ:HASH a line"))
        sub.add_parser("head", help=_("Print the head (SEQ:HASH) alone, for a scheduled export"))
        show = sub.add_parser("show", help=_("The entries, oldest first"))
        show.add_argument("--target", help=_("app.model or app.model:pk, e.g. core.user:4"))
        show.add_argument("--actor", help=_("the actor's username, or 'system'"))
        show.add_argument("--verb", help=_("a verb or its prefix, e.g. auth. or interview.read"))
        show.add_argument("--limit", type=int, default=0, help=_("only the newest N entries"))
        show.add_argument("--json", action="store_true", dest="as_json", help=_("machine-readable output"))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            kept = list(options["anchor"])
            if options["anchors"] is not None:
                kept.extend(_anchors_file(options["anchors"]))
            self._verify(kept)
        elif action == "head":
            head = audit_head()
            if head is None:
                raise CommandError(_("the audit trail is empty: there is no head to keep yet"))
            self.stdout.write(str(head))
        else:
            self._show(options)

    def _verify(self, anchors: list[Anchor]) -> None:
        findings = audit_verify()
        for anchor in anchors:
            if (problem := audit_check_anchor(anchor)) is not None:
                findings.append(problem)
        for each in findings:
            line = str(each)
            self.stdout.write(self.style.WARNING(line) if each.warning else line)
        head = audit_head()
        # "head: SEQ:HASH" stays as it is: `verify --anchors` reads it back from a file of kept heads.
        self.stdout.write(f"head: {head}" if head else "head: " + _("none (the trail is empty)"))
        if findings:
            warnings = sum(1 for each in findings if each.warning)
            raise CommandError(
                _("the audit trail cannot be shown intact: %(problems)s, %(warnings)s")
                % {
                    "problems": ngettext("%(count)s problem", "%(count)s problems", len(findings) - warnings)
                    % {"count": len(findings) - warnings},
                    "warnings": ngettext("%(count)s warning", "%(count)s warnings", warnings)
                    % {"count": warnings},
                }
            )
        if anchors:
            self.stdout.write(
                ngettext("%(count)s kept head matches.", "%(count)s kept heads match.", len(anchors))
                % {"count": len(anchors)}
            )
        self.stdout.write(self.style.SUCCESS(_("The audit trail is intact.")))
        self.stdout.write(str(KEEP_THE_HEAD))

    def _show(self, options: dict[str, Any]) -> None:
        entries = audit_entries(target=options["target"], actor=options["actor"], verb=options["verb"])
        if options["limit"]:
            newest = list(entries.reverse()[: options["limit"]])
            chosen = list(reversed(newest))
        else:
            chosen = list(entries)
        if options["as_json"]:
            self.stdout.write(
                json.dumps([entry_as_dict(entry) for entry in chosen], ensure_ascii=False, indent=2)
            )
            return
        for entry in chosen:
            target = f"{entry.target_type}:{entry.target_id}" if entry.target_type else ""
            detail = json.dumps(entry.detail, ensure_ascii=False) if entry.detail else ""
            self.stdout.write(
                f"#{entry.seq:<6} {entry.at:%Y-%m-%d %H:%M:%S} {entry.actor_label:20} {entry.verb:24} {target} {detail}".rstrip()
            )
