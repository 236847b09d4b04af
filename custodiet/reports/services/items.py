"""Writes to a report's items (recommendations, comments, requests for information), the State's
responses to them, and their implementation status over time.

Items are written while the report is a draft (adoption freezes them); the State answers them by
number once the report is transmitted; their implementation is assessed from then on, and the
history keeps every assessment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import Actor
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, save_and_audit, validated_save
from custodiet.places.models import Place
from custodiet.reports import rules
from custodiet.reports.models import Item, ItemAnswer, ItemStatus, Report, StateResponse
from custodiet.reports.rules import ItemKind, Priority, ReportStatus, Theme
from custodiet.reports.services.common import checked_text, lock_report
from custodiet.standards.models import Finding


def recommended_since_of(repeats: Item | None) -> int | None:
    """The year the recommendation an item repeats was first made, following the chain of repeats."""
    if repeats is None:
        return None
    earlier = repeats.report
    return rules.recommended_since(
        repeats.recommended_since,
        rules.report_year(
            earlier.adopted_on, earlier.transmitted_on, earlier.published_on, earlier.visit_from
        ),
    )


def _check_item_fields(
    report: Report,
    *,
    kind: str,
    theme: str,
    priority: str,
    findings: Sequence[Finding],
    places: Sequence[Place],
    repeats: Item | None,
) -> None:
    if kind not in ItemKind.values:
        raise DomainError(
            _("Unknown kind of item “%(kind)s”: one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(ItemKind.values)}
        )
    if theme not in Theme.values:
        raise DomainError(_("Unknown theme “%(theme)s”.") % {"theme": theme})
    if priority not in Priority.values:
        raise DomainError(_("Unknown priority “%(priority)s”.") % {"priority": priority})
    visit_ids = set(report.visits.values_list("pk", flat=True))
    for finding in findings:
        if finding.visit_id not in visit_ids:
            raise DomainError(_("A finding linked to an item must come from one of the report's visits."))
    for place in places:
        if place.state_id != report.state_id:
            raise DomainError(
                _("%(place)s is not in %(state)s.") % {"place": place, "state": report.state.shown_name}
            )
    if repeats is not None:
        if repeats.report_id == report.pk:
            raise DomainError(_("An item cannot repeat an item of the same report."))
        if repeats.report.state_id != report.state_id or repeats.report.body_id != report.body_id:
            raise DomainError(
                _("A repeated item comes from an earlier report of the same body to the same State.")
            )


@transaction.atomic
def item_add(
    *,
    report: Report,
    kind: str,
    text: str,
    by: Actor,
    theme: str = Theme.OTHER,
    priority: str = Priority.NORMAL,
    authority: str = "",
    deadline: date | None = None,
    findings: Sequence[Finding] = (),
    places: Sequence[Place] = (),
    repeats: Item | None = None,
) -> Item:
    lock_report(report)
    rules.check_editable(report.status)
    _check_item_fields(
        report, kind=kind, theme=theme, priority=priority, findings=findings, places=places, repeats=repeats
    )
    number = (report.items.aggregate(last=Max("number"))["last"] or 0) + 1
    item = Item(
        report=report,
        kind=kind,
        number=number,
        text=checked_text(text, _("The item")),
        theme=theme,
        priority=priority,
        authority=authority.strip()[:300],
        deadline=deadline,
        repeats=repeats,
        recommended_since=recommended_since_of(repeats),
    )
    return save_and_audit(
        item,
        by=by,
        verb="item.add",
        related={"findings": findings, "places": places},
        detail={"report": report.pk, "number": number, "kind": kind, "text": item.text},
    )


_UNSET: Any = object()


@transaction.atomic
def item_update(
    *,
    item: Item,
    by: Actor,
    kind: str | None = None,
    text: str | None = None,
    theme: str | None = None,
    priority: str | None = None,
    authority: str | None = None,
    deadline: date | None = _UNSET,
    findings: Sequence[Finding] | None = None,
    places: Sequence[Place] | None = None,
    repeats: Item | None = _UNSET,
) -> Item:
    """Change a draft report's item; only the fields given change."""
    report = lock_report(item.report)
    rules.check_editable(report.status)
    changed: dict[str, Any] = {}
    new_kind = kind if kind is not None else item.kind
    new_theme = theme if theme is not None else item.theme
    new_priority = priority if priority is not None else item.priority
    new_repeats = item.repeats if repeats is _UNSET else repeats
    _check_item_fields(
        report,
        kind=new_kind,
        theme=new_theme,
        priority=new_priority,
        findings=findings or (),
        places=places or (),
        repeats=new_repeats,
    )
    for name, value in (("kind", kind), ("theme", theme), ("priority", priority)):
        if value is not None and value != getattr(item, name):
            setattr(item, name, value)
            changed[name] = value
    if text is not None:
        item.text = checked_text(text, _("The item"))
        changed["text"] = item.text
    if authority is not None:
        item.authority = authority.strip()[:300]
        changed["authority"] = item.authority
    if deadline is not _UNSET:
        item.deadline = deadline
        changed["deadline"] = deadline
    if repeats is not _UNSET:
        item.repeats = repeats
        item.recommended_since = recommended_since_of(repeats)
        changed["repeats"] = repeats.pk if repeats else None
    validated_save(item)
    if findings is not None:
        item.findings.set(findings)
        changed["findings"] = [finding.pk for finding in findings]
    if places is not None:
        item.places.set(places)
        changed["places"] = [place.pk for place in places]
    audit_record(actor=by, verb="item.update", target=item, detail={"report": report.pk, **changed})
    return item


@transaction.atomic
def item_remove(*, item: Item, by: Actor) -> None:
    """Remove an item of a draft; the items after it move up one number. The report is locked first: a
    second removal of the same item sent at the same time (a double submit) finds it gone and does nothing
    (one audit entry, no renumbering twice)."""
    report = lock_report(item.report)
    if not Item.objects.filter(pk=item.pk).exists():
        return
    rules.check_editable(report.status)
    number, pk = item.number, item.pk
    item.delete()
    for later in report.items.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    audit_record(actor=by, verb="item.remove", target=report, detail={"item": pk, "number": number})


# -- the State's response -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    text: str
    documents: tuple[str, ...] = field(default_factory=tuple)


@transaction.atomic
def response_record(
    *,
    report: Report,
    received_on: date,
    by: Actor,
    summary: str = "",
    reference: str = "",
    answers: Mapping[int, Answer] | None = None,
    today: date | None = None,
) -> StateResponse:
    """The State's response: its general comments and an answer per item (keyed by item number)."""
    lock_report(report)
    rules.check_response(
        status=report.status,
        transmitted_on=report.transmitted_on,
        received_on=received_on,
        today=clock.today_or(today),
    )
    answers = {number: answer for number, answer in (answers or {}).items() if answer.text.strip()}
    summary = checked_text(summary, _("The response"), required=False)
    if not summary and not answers:
        raise DomainError(_("The response is empty: give the State's comments or an answer to an item."))
    items = {item.number: item for item in report.items.all()}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise DomainError(
            _("The report has no item numbered %(numbers)s.") % {"numbers": ", ".join(map(str, unknown))}
        )
    response = StateResponse(
        report=report,
        received_on=received_on,
        reference=reference.strip()[:300],
        summary=summary,
        submitted_by=acting_user(by),
    )
    validated_save(response)
    for number, answer in sorted(answers.items()):
        documents = [doc.strip()[:500] for doc in answer.documents if doc and doc.strip()]
        validated_save(
            ItemAnswer(
                response=response,
                item=items[number],
                text=checked_text(answer.text, _("The answer to item %(number)s") % {"number": number}),
                documents=documents,
            )
        )
    if report.response_received_on is None:
        report.response_received_on = received_on
        if report.status == ReportStatus.TRANSMITTED:
            report.status = ReportStatus.RESPONSE_RECEIVED
        validated_save(report)
    audit_record(
        actor=by,
        verb="response.record",
        target=response,
        detail={
            "report": report.pk,
            "received_on": received_on,
            "answered_items": sorted(answers),
            "by_role": getattr(by, "role", None),
        },
    )
    return response


# -- implementation -------------------------------------------------------------------------------


@transaction.atomic
def item_set_status(
    *,
    item: Item,
    status: str,
    by: Actor,
    set_on: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> ItemStatus:
    """Assess an item's implementation on a date; the history keeps every assessment. The same assessment
    submitted twice is kept once."""
    day = set_on or clock.today_or(today)
    Item.objects.select_for_update().filter(pk=item.pk).first()  # a second submit waits for the first
    latest = item.history.order_by("-set_on", "-id").first()
    if latest is not None and (latest.status, latest.set_on, latest.reason) == (status, day, reason.strip()):
        return latest  # a double submit: already recorded, one audit entry
    rules.check_item_status(
        report_status=item.report.status,
        kind=item.kind,
        status=status,
        set_on=day,
        reason=reason,
        today=clock.today_or(today),
    )
    entry = ItemStatus(item=item, status=status, set_on=day, reason=reason.strip(), set_by=acting_user(by))
    validated_save(entry)
    latest = item.history.order_by("-set_on", "-id").first()
    if latest is not None and item.status != latest.status:
        item.status = latest.status
        item.save(update_fields=["status"])
    audit_record(
        actor=by,
        verb="item.set_status",
        target=item,
        detail={"report": item.report_id, "status": status, "set_on": day, "reason": entry.reason},
    )
    return entry
