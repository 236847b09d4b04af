"""``custodiet audit``: verify the hash chain, and read the trail.

    custodiet audit verify [--anchor SEQ:HASH]   # exit 0 when intact; 1 listing each broken entry
    custodiet audit show [--target core.user:4] [--actor NAME] [--verb auth.] [--limit 50] [--json]

``verify`` ends by printing the head (``SEQ:HASH``): keep it outside the
database (a ticket, a signed e-mail, paper) and pass it back with ``--anchor``
later, which is the only way to notice that the newest entries were deleted.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodiet.core.audit import (
    Anchor,
    audit_check_anchor,
    audit_entries,
    audit_head,
    audit_verify,
    entry_as_dict,
)
from custodiet.core.audit_guard import guard_installed


def _anchor(raw: str) -> Anchor:
    try:
        return Anchor.parse(raw)
    except ValueError as problem:
        raise CommandError(str(problem)) from None


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (against a kept anchor), or show its entries."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        verify = sub.add_parser("verify", help="Walk the chain; exit 1 and list every broken entry")
        verify.add_argument("--anchor", type=_anchor, help="SEQ:HASH printed by an earlier verify")
        show = sub.add_parser("show", help="The entries, oldest first")
        show.add_argument("--target", help="app.model or app.model:pk, e.g. core.user:4")
        show.add_argument("--actor", help="the actor's username, or 'system'")
        show.add_argument("--verb", help="a verb or its prefix, e.g. auth. or interview.read")
        show.add_argument("--limit", type=int, default=0, help="only the newest N entries")
        show.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify(options["anchor"])
        else:
            self._show(options)

    def _verify(self, anchor: Anchor | None) -> None:
        breaks = audit_verify()
        if anchor is not None and (problem := audit_check_anchor(anchor)) is not None:
            breaks.append(problem)
        for each in breaks:
            self.stdout.write(f"entry #{each.seq}: {each.problem}")
        if not guard_installed():
            self.stdout.write(self.style.WARNING("warning: the database's append-only guard is missing"))
        head = audit_head()
        self.stdout.write(f"head: {head}" if head else "head: none (the trail is empty)")
        if breaks:
            raise CommandError(f"the audit trail is broken: {len(breaks)} problem(s)")
        self.stdout.write(self.style.SUCCESS("The audit trail is intact."))

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
