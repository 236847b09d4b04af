"""Writes to reports: drafting (from a visit's findings), items, adoption, transmission, the State's
responses, publication at the State's request, implementation status, public statements, reminders,
liaison assignments, protected names and the reference record.

One keyword-only function per change, named ``<entity>_<verb>``. Each runs in a transaction: it
checks the rules (custodiet.reports.rules), saves, and writes an audit entry, or raises
``DomainError`` and changes nothing. Pages, the API and commands call these functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max

from custodiet.core import clock
from custodiet.core.audit import audit_record
from custodiet.core.errors import DomainError
from custodiet.core.models import Role, User
from custodiet.core.services import acting_user as _actor
from custodiet.core.services import validated_save as _save
from custodiet.places.models import Place
from custodiet.reports import rules, selectors
from custodiet.reports.models import (
    Item,
    ItemAnswer,
    ItemStatus,
    LiaisonAssignment,
    ProtectedName,
    PublicStatement,
    ReferenceNote,
    Reminder,
    Report,
    StateResponse,
)
from custodiet.reports.rules import ItemKind, Origin, Priority, ReportStatus, Theme
from custodiet.standards.models import Finding
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.models import ImmediateObservation, Visit, VisitStatus

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference.json"
TEXT_LIMIT = 20_000


def _today(today: date | None) -> date:
    return clock.today_or(today)


def _lock(report: Report) -> Report:
    """Re-read the report's status under a row lock so that two steps cannot interleave."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    for name in (
        "status",
        "adopted_on",
        "transmitted_on",
        "response_due",
        "response_received_on",
        "publication_requested_on",
        "publication_request_reference",
        "published_on",
    ):
        setattr(report, name, getattr(locked, name))
    return report


def _text(value: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"{what} needs a text.")
    if len(value) > TEXT_LIMIT:
        raise DomainError(f"{what} is longer than {TEXT_LIMIT} characters.")
    return value


def _check_visits(*, body: MonitoringBody, state: State, visits: Sequence[Visit]) -> None:
    for visit in visits:
        if visit.state_id != state.pk or visit.body_id != body.pk:
            raise DomainError(
                f"{visit} is not a visit of {body.code} to {state}: a report covers its own body's visits "
                "to one State."
            )
        if visit.status in (VisitStatus.CANCELLED, VisitStatus.PLANNED, VisitStatus.NOTIFIED):
            raise DomainError(
                f"{visit} is {visit.get_status_display().lower()}: a report is drawn up on a visit that "
                f"has taken place ({rules.ART_10_1})."
            )


# -- liaisons and protected names -------------------------------------------------------------------


@transaction.atomic
def liaison_assign(*, user: User, state: State, by: Any, on: date | None = None) -> LiaisonAssignment:
    """Say which State a state-liaison account answers for (one State per account)."""
    if user.role != Role.STATE_LIAISON:
        raise DomainError(
            f"{user.username} is a {user.get_role_display().lower()}: only state-liaison accounts answer "
            "for a State."
        )
    assignment, created = LiaisonAssignment.objects.update_or_create(
        user=user, defaults={"state": state, "assigned_on": _today(on), "assigned_by": _actor(by)}
    )
    audit_record(
        actor=by,
        verb="liaison.assign",
        target=assignment,
        detail={"user": user.username, "state": state.code, "created": created},
    )
    return assignment


@transaction.atomic
def protected_name_add(*, name: str, by: Any, state: State | None = None, note: str = "") -> ProtectedName:
    """Add a name that no published report may carry (kept encrypted; the audit entry omits it)."""
    name = " ".join((name or "").split())
    if len(name) < rules.MIN_NAME_LENGTH:
        raise DomainError(f"A protected name has at least {rules.MIN_NAME_LENGTH} characters.")
    protected = ProtectedName(name=name, state=state, note=note.strip(), added_by=_actor(by))
    _save(protected)
    audit_record(
        actor=by, verb="protected_name.add", target=protected, detail={"state": state.code if state else None}
    )
    return protected


# -- drafting ---------------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    body: MonitoringBody,
    state: State,
    title: str,
    by: Any,
    visits: Sequence[Visit] = (),
    introduction: str = "",
) -> Report:
    """A draft report on one or more visits of a body to a State."""
    _check_visits(body=body, state=state, visits=visits)
    report = Report(
        body=body,
        state=state,
        title=_text(title, "The report's title")[:300],
        introduction=_text(introduction, "The introduction", required=False),
        created_by=_actor(by),
    )
    _save(report)
    report.visits.set(visits)
    audit_record(
        actor=by,
        verb="report.create",
        target=report,
        detail={"body": body.code, "state": state.code, "visits": [visit.pk for visit in visits]},
    )
    return report


def _finding_facts(findings: Iterable[Finding]) -> list[rules.FindingFacts]:
    return [
        rules.FindingFacts(
            pk=finding.pk,
            origin=finding.origin,
            text=finding.text,
            place_pk=finding.place_id,
            place_name=str(finding.place),
            authority=finding.place.authority,
            standard_code=finding.standard.code if finding.standard else None,
            standard_title=finding.standard.title if finding.standard else None,
            measure=finding.standard.measure if finding.standard else None,
        )
        for finding in findings
    ]


def default_title(visit: Visit) -> str:
    """e.g. "Report on the periodic visit of 14 August 2026 to 24 August 2026 — Russian Federation"."""
    from custodiet.reports.rendering import span

    dates = span(visit.started_on or visit.planned_start, visit.ended_on or visit.planned_end)
    return f"Report on the {visit.get_kind_display().lower()} of {dates} — {visit.state}"[:300]


@transaction.atomic
def report_create_from_visit(*, visit: Visit, by: Any, title: str = "") -> Report:
    """A draft report on a visit, with one item per standard breached and per finding the delegation
    wrote; a recommendation already made in an earlier report of the body to the State is marked as
    repeated, with the year it was first made."""
    report = report_create(
        body=visit.body,
        state=visit.state,
        title=title.strip() or default_title(visit),
        visits=[visit],
        by=by,
    )
    findings = list(
        Finding.objects.filter(visit=visit).select_related("standard", "place").order_by("observed_on", "id")
    )
    drafts = rules.draft_items(_finding_facts(findings))
    earlier = selectors.earlier_recommendations(
        body=visit.body, state=visit.state, codes={d.standard_code for d in drafts if d.standard_code}
    )
    for number, draft in enumerate(drafts, start=1):
        repeats = earlier.get(draft.standard_code or "")
        item = Item(
            report=report,
            kind=draft.kind,
            number=number,
            text=draft.text,
            theme=draft.theme,
            authority=draft.authority[:300],
            repeats=repeats,
            recommended_since=_since(repeats),
        )
        _save(item)
        item.findings.set(draft.finding_pks)
        item.places.set(draft.place_pks)
    audit_record(
        actor=by,
        verb="report.draft_from_visit",
        target=report,
        detail={"visit": visit.pk, "items": len(drafts), "findings": len(findings)},
    )
    return report


def _since(repeats: Item | None) -> int | None:
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
        raise DomainError(f"Unknown kind of item “{kind}”: one of {', '.join(ItemKind.values)}.")
    if theme not in Theme.values:
        raise DomainError(f"Unknown theme “{theme}”.")
    if priority not in Priority.values:
        raise DomainError(f"Unknown priority “{priority}”.")
    visit_ids = set(report.visits.values_list("pk", flat=True))
    for finding in findings:
        if finding.visit_id not in visit_ids:
            raise DomainError("A finding linked to an item must come from one of the report's visits.")
    for place in places:
        if place.state_id != report.state_id:
            raise DomainError(f"{place} is not in {report.state}.")
    if repeats is not None:
        if repeats.report_id == report.pk:
            raise DomainError("An item cannot repeat an item of the same report.")
        if repeats.report.state_id != report.state_id or repeats.report.body_id != report.body_id:
            raise DomainError(
                "A repeated item comes from an earlier report of the same body to the same State."
            )


@transaction.atomic
def item_add(
    *,
    report: Report,
    kind: str,
    text: str,
    by: Any,
    theme: str = Theme.OTHER,
    priority: str = Priority.NORMAL,
    authority: str = "",
    deadline: date | None = None,
    findings: Sequence[Finding] = (),
    places: Sequence[Place] = (),
    repeats: Item | None = None,
) -> Item:
    _lock(report)
    rules.check_editable(report.status)
    _check_item_fields(
        report, kind=kind, theme=theme, priority=priority, findings=findings, places=places, repeats=repeats
    )
    number = (report.items.aggregate(last=Max("number"))["last"] or 0) + 1
    item = Item(
        report=report,
        kind=kind,
        number=number,
        text=_text(text, "The item"),
        theme=theme,
        priority=priority,
        authority=authority.strip()[:300],
        deadline=deadline,
        repeats=repeats,
        recommended_since=_since(repeats),
    )
    _save(item)
    item.findings.set(findings)
    item.places.set(places)
    audit_record(
        actor=by,
        verb="item.add",
        target=item,
        detail={"report": report.pk, "number": number, "kind": kind, "text": item.text},
    )
    return item


_UNSET: Any = object()


@transaction.atomic
def item_update(
    *,
    item: Item,
    by: Any,
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
    report = _lock(item.report)
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
        item.text = _text(text, "The item")
        changed["text"] = item.text
    if authority is not None:
        item.authority = authority.strip()[:300]
        changed["authority"] = item.authority
    if deadline is not _UNSET:
        item.deadline = deadline
        changed["deadline"] = deadline
    if repeats is not _UNSET:
        item.repeats = repeats
        item.recommended_since = _since(repeats)
        changed["repeats"] = repeats.pk if repeats else None
    _save(item)
    if findings is not None:
        item.findings.set(findings)
        changed["findings"] = [finding.pk for finding in findings]
    if places is not None:
        item.places.set(places)
        changed["places"] = [place.pk for place in places]
    audit_record(actor=by, verb="item.update", target=item, detail={"report": report.pk, **changed})
    return item


@transaction.atomic
def item_remove(*, item: Item, by: Any) -> None:
    """Remove an item of a draft; the items after it move up one number."""
    report = _lock(item.report)
    rules.check_editable(report.status)
    number, pk = item.number, item.pk
    item.delete()
    for later in report.items.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    audit_record(actor=by, verb="item.remove", target=report, detail={"item": pk, "number": number})


# -- the committee's decision and transmission -----------------------------------------------------


def _visits_ended_on(report: Report) -> date | None:
    ends = [visit.ended_on or visit.planned_end for visit in report.visits.all()]
    return max(ends) if ends else report.visit_to


@transaction.atomic
def report_adopt(
    *,
    report: Report,
    adopted_on: date,
    votes_for: int,
    by: Any,
    votes_against: int = 0,
    abstentions: int = 0,
    voters: Sequence[str] = (),
    today: date | None = None,
) -> Report:
    """Record the committee's adoption of the report, with its vote."""
    _lock(report)
    names = [" ".join(name.split()) for name in voters if name and name.strip()]
    rules.check_adoption(
        status=report.status,
        adopted_on=adopted_on,
        today=_today(today),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        voters=names,
        item_count=report.items.count(),
        visits_ended_on=_visits_ended_on(report),
    )
    report.status = ReportStatus.ADOPTED
    report.adopted_on = adopted_on
    report.votes_for, report.votes_against, report.abstentions = votes_for, votes_against, abstentions
    report.voters = names
    _save(report)
    audit_record(
        actor=by,
        verb="report.adopt",
        target=report,
        detail={
            "adopted_on": adopted_on,
            "votes": [votes_for, votes_against, abstentions],
            "voters": names,
        },
    )
    return report


@transaction.atomic
def report_transmit(
    *,
    report: Report,
    transmitted_on: date,
    by: Any,
    response_due: date | None = None,
    today: date | None = None,
) -> Report:
    """Send the adopted report to the State; its response is due six months later unless set otherwise."""
    _lock(report)
    due = rules.check_transmission(
        status=report.status,
        adopted_on=report.adopted_on,
        transmitted_on=transmitted_on,
        response_due=response_due,
        today=_today(today),
    )
    report.status = ReportStatus.TRANSMITTED
    report.transmitted_on, report.response_due = transmitted_on, due
    _save(report)
    audit_record(
        actor=by,
        verb="report.transmit",
        target=report,
        detail={"transmitted_on": transmitted_on, "response_due": due, "default": response_due is None},
    )
    return report


@transaction.atomic
def report_set_response_due(*, report: Report, response_due: date, reason: str, by: Any) -> Report:
    """Extend (or bring forward) the State's deadline after transmission, with the reason."""
    _lock(report)
    if report.status not in (ReportStatus.TRANSMITTED,) or report.transmitted_on is None:
        raise DomainError("The deadline is set on a transmitted report still awaiting its response.")
    if response_due <= report.transmitted_on:
        raise DomainError(
            f"The response cannot be due on {response_due.isoformat()}: it must be after the transmission "
            f"({report.transmitted_on.isoformat()})."
        )
    reason = _text(reason, "The reason for the new deadline")
    previous = report.response_due
    report.response_due = response_due
    _save(report)
    audit_record(
        actor=by,
        verb="report.set_response_due",
        target=report,
        detail={"from": previous, "to": response_due, "reason": reason},
    )
    return report


# -- the State's response -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    text: str
    documents: tuple[str, ...] = field(default_factory=tuple)


@transaction.atomic
def response_record(
    *,
    report: Report,
    received_on: date,
    by: Any,
    summary: str = "",
    reference: str = "",
    answers: Mapping[int, Answer] | None = None,
    today: date | None = None,
) -> StateResponse:
    """The State's response: its general comments and an answer per item (keyed by item number)."""
    _lock(report)
    rules.check_response(
        status=report.status,
        transmitted_on=report.transmitted_on,
        received_on=received_on,
        today=_today(today),
    )
    answers = {number: answer for number, answer in (answers or {}).items() if answer.text.strip()}
    summary = _text(summary, "The response", required=False)
    if not summary and not answers:
        raise DomainError("The response is empty: give the State's comments or an answer to an item.")
    items = {item.number: item for item in report.items.all()}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise DomainError(f"The report has no item numbered {', '.join(map(str, unknown))}.")
    response = StateResponse(
        report=report,
        received_on=received_on,
        reference=reference.strip()[:300],
        summary=summary,
        submitted_by=_actor(by),
    )
    _save(response)
    for number, answer in sorted(answers.items()):
        documents = [doc.strip()[:500] for doc in answer.documents if doc and doc.strip()]
        _save(
            ItemAnswer(
                response=response,
                item=items[number],
                text=_text(answer.text, f"The answer to item {number}"),
                documents=documents,
            )
        )
    if report.response_received_on is None:
        report.response_received_on = received_on
        if report.status == ReportStatus.TRANSMITTED:
            report.status = ReportStatus.RESPONSE_RECEIVED
        _save(report)
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


# -- publication ----------------------------------------------------------------------------------------


@transaction.atomic
def publication_request_record(
    *, report: Report, requested_on: date, reference: str, by: Any, today: date | None = None
) -> Report:
    """Record the State's request to publish the report (Art. 11(2) ECPT)."""
    _lock(report)
    rules.check_publication_request(
        status=report.status,
        transmitted_on=report.transmitted_on,
        requested_on=requested_on,
        reference=reference,
        today=_today(today),
    )
    report.publication_requested_on = requested_on
    report.publication_request_reference = reference.strip()[:300]
    _save(report)
    audit_record(
        actor=by,
        verb="report.publication_request",
        target=report,
        detail={"requested_on": requested_on, "reference": report.publication_request_reference},
    )
    return report


@transaction.atomic
def report_publish(
    *,
    report: Report,
    published_on: date,
    by: Any,
    publication_reference: str = "",
    publication_url: str = "",
    today: date | None = None,
) -> Report:
    """Publish the report with the State's response, at its request and with no person named in it."""
    _lock(report)
    instrument = report.body.instrument.code if report.body.instrument_id and report.body.instrument else None
    rules.check_publication(
        status=report.status,
        requested_on=report.publication_requested_on,
        request_reference=report.publication_request_reference,
        published_on=published_on,
        today=_today(today),
        instrument=instrument,
    )
    names = selectors.protected_names(report.state)
    rules.check_no_personal_data(selectors.publication_sections(report), names, instrument=instrument)
    report.status = ReportStatus.PUBLISHED
    report.published_on = published_on
    report.publication_reference = publication_reference.strip()[:100]
    report.publication_url = publication_url.strip()
    _save(report)
    audit_record(
        actor=by,
        verb="report.publish",
        target=report,
        detail={
            "published_on": published_on,
            "requested_on": report.publication_requested_on,
            "request": report.publication_request_reference,
            "names_checked": len(names),
        },
    )
    return report


# -- follow-up --------------------------------------------------------------------------------------------


@transaction.atomic
def item_set_status(
    *,
    item: Item,
    status: str,
    by: Any,
    set_on: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> ItemStatus:
    """Assess an item's implementation on a date; the history keeps every assessment."""
    day = set_on or _today(today)
    rules.check_item_status(
        report_status=item.report.status,
        kind=item.kind,
        status=status,
        set_on=day,
        reason=reason,
        today=_today(today),
    )
    entry = ItemStatus(item=item, status=status, set_on=day, reason=reason.strip(), set_by=_actor(by))
    _save(entry)
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


@transaction.atomic
def public_statement_make(
    *,
    body: MonitoringBody,
    state: State,
    title: str,
    decided_on: date,
    votes_for: int,
    views_invited_on: date | None,
    by: Any,
    text: str = "",
    subject: str = "",
    reports: Sequence[Report] = (),
    today: date | None = None,
) -> PublicStatement:
    """A public statement (Art. 10(2) ECPT): the committee's members on the day are the parties' seats."""
    instrument = body.instrument.code if body.instrument_id and body.instrument else None
    members = selectors.committee_size(instrument, decided_on) if instrument else 0
    rules.check_public_statement(
        instrument=instrument,
        decided_on=decided_on,
        votes_for=votes_for,
        members=members,
        views_invited_on=views_invited_on,
        today=_today(today),
    )
    for report in reports:
        if report.state_id != state.pk or report.body_id != body.pk:
            raise DomainError(f"“{report}” is not a report of {body.code} to {state}.")
    statement = PublicStatement(
        body=body,
        state=state,
        title=_text(title, "The statement's title")[:300],
        decided_on=decided_on,
        votes_for=votes_for,
        members=members,
        views_invited_on=views_invited_on,
        text=_text(text, "The statement", required=False),
        subject=subject.strip()[:300],
        created_by=_actor(by),
    )
    _save(statement)
    statement.reports.set(reports)
    audit_record(
        actor=by,
        verb="public_statement.make",
        target=statement,
        detail={
            "body": body.code,
            "state": state.code,
            "decided_on": decided_on,
            "votes_for": votes_for,
            "members": members,
            "views_invited_on": views_invited_on,
        },
    )
    return statement


# -- reminders ----------------------------------------------------------------------------------------------


@transaction.atomic
def reminder_send(
    *,
    by: Any,
    report: Report | None = None,
    observation: ImmediateObservation | None = None,
    note: str = "",
    today: date | None = None,
) -> Reminder:
    """Remind the State of an overdue answer: e-mail its liaison accounts and keep the reminder."""
    day = _today(today)
    if (report is None) == (observation is None):
        raise DomainError("A reminder is about one report or one set of immediate observations.")
    if report is not None:
        state, title = report.state, report.title
        if rules.response_state(report.response_due, report.response_received_on, day) != "overdue":
            raise DomainError(f"The response to “{report.title}” is not overdue.")
    else:
        assert observation is not None
        state, title = observation.visit.state, f"immediate observations of {observation.communicated_on}"
        if rules.response_state(observation.response_due, observation.response_received_on, day) != "overdue":
            raise DomainError("The answer to these immediate observations is not overdue.")
    liaisons = list(
        User.objects.filter(liaison_assignment__state=state, role=Role.STATE_LIAISON, is_active=True).only(
            "email"
        )
    )
    addresses = [user.email for user in liaisons if user.email]
    if addresses:
        send_mail(
            subject=f"Reminder: an answer is overdue ({title})",
            message=(
                f"The answer of the authorities of {state} to {title} is overdue. {note.strip()}".strip()
            ),
            from_email=None,
            recipient_list=addresses,
        )
    reminder = Reminder(
        report=report,
        observation=observation,
        sent_on=day,
        note=note.strip(),
        recipients=len(addresses),
        sent_by=_actor(by),
    )
    _save(reminder)
    audit_record(
        actor=by,
        verb="reminder.send",
        target=reminder,
        detail={
            "report": report.pk if report else None,
            "observation": observation.pk if observation else None,
            "recipients": len(addresses),
        },
    )
    return reminder


# -- the reference record ---------------------------------------------------------------------------------


@dataclass
class ReferenceSummary:
    reports: int = 0
    statements: int = 0
    notes: int = 0
    unchanged: int = 0


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


@transaction.atomic
def reference_load(*, data: Mapping[str, Any] | None = None, by: Any = None) -> ReferenceSummary:
    """Load the published record (reports, public statements, notes) from ``data/reference.json``.

    Idempotent: a record already there (same body, state and title) is left as it is. Unknown values
    stay unknown. Needs the treaty reference (``custodiet treaty load-reference``) first."""
    data = data if data is not None else json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    summary = ReferenceSummary()
    bodies = {body.code: body for body in MonitoringBody.objects.all()}
    states = {state.code: state for state in State.objects.filter(code__in=_codes(data))}

    def lookup(entry: Mapping[str, Any]) -> tuple[MonitoringBody, State]:
        try:
            return bodies[entry["body"]], states[entry["state"]]
        except KeyError as missing:
            raise DomainError(
                f"{missing.args[0]} is not on record: load the treaty reference first "
                "(custodiet treaty load-reference)."
            ) from None

    for entry in data.get("reports", []):
        body, state = lookup(entry)
        if Report.objects.filter(body=body, state=state, title=entry["title"]).exists():
            summary.unchanged += 1
            continue
        report = Report(
            body=body,
            state=state,
            title=entry["title"],
            origin=Origin.REFERENCE,
            status=entry.get("status", ReportStatus.PUBLISHED),
            visit_from=_day(entry.get("visit_from")),
            visit_to=_day(entry.get("visit_to")),
            visit_label=entry.get("visit_label", ""),
            adopted_on=_day(entry.get("adopted_on")),
            transmitted_on=_day(entry.get("transmitted_on")),
            response_received_on=_day(entry.get("response_received_on")),
            publication_requested_on=_day(entry.get("publication_requested_on")),
            publication_request_reference=entry.get("publication_request_reference", ""),
            published_on=_day(entry.get("published_on")),
            publication_reference=entry.get("publication_reference", ""),
            publication_url=entry.get("publication_url", ""),
            source=entry["source"],
            note=entry.get("note", ""),
        )
        _save(report)
        summary.reports += 1
        audit_record(actor=by, verb="report.load_reference", target=report, detail={"title": report.title})
    for entry in data.get("statements", []):
        body, state = lookup(entry)
        if PublicStatement.objects.filter(body=body, state=state, title=entry["title"]).exists():
            summary.unchanged += 1
            continue
        statement = PublicStatement(
            body=body,
            state=state,
            title=entry["title"],
            origin=Origin.REFERENCE,
            decided_on=_day(entry.get("decided_on")),
            decided_precision=entry.get("precision", "day"),
            votes_for=entry.get("votes_for"),
            members=entry.get("members"),
            views_invited_on=_day(entry.get("views_invited_on")),
            subject=entry.get("subject", ""),
            text=entry.get("text", ""),
            source=entry["source"],
        )
        _save(statement)
        summary.statements += 1
        audit_record(
            actor=by,
            verb="public_statement.load_reference",
            target=statement,
            detail={"title": statement.title},
        )
    for entry in data.get("notes", []):
        body, state = lookup(entry)
        _, created = ReferenceNote.objects.get_or_create(
            body=body, state=state, text=entry["text"], defaults={"source": entry["source"]}
        )
        summary.notes += int(created)
        summary.unchanged += int(not created)
    return summary


def _codes(data: Mapping[str, Any]) -> set[str]:
    return {entry["state"] for key in ("reports", "statements", "notes") for entry in data.get(key, [])}
