"""Writes along a report's life: drafting (empty, or from a visit's findings), the committee's
adoption, transmission to the State and its deadline, the State's request to publish, and publication.

Each step locks the report, checks the rules (custodiet.reports.rules), saves and writes an audit
entry, or raises ``DomainError`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from custodiet.core import clock
from custodiet.core.access import REFUSALS, Actor, Capability, can
from custodiet.core.audit import audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, save_and_audit, validated_save
from custodiet.reports import drafting, frozen, rules, selectors
from custodiet.reports.models import Item, Report
from custodiet.reports.names import check_no_personal_data
from custodiet.reports.rendering import span
from custodiet.reports.rules import ReportStatus
from custodiet.reports.services.common import checked_text, lock_report
from custodiet.reports.services.items import recommended_since_of
from custodiet.standards.models import Finding
from custodiet.testimony import counts, taxonomy
from custodiet.testimony.models import MedicalExamination
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.selectors import committee_seats
from custodiet.visits.models import Visit, VisitStatus
from custodiet.visits.objections import objection_clause


def _check_visits(*, body: MonitoringBody, state: State, visits: Sequence[Visit]) -> None:
    for visit in visits:
        if visit.state_id != state.pk or visit.body_id != body.pk:
            raise DomainError(
                _(
                    "%(visit)s is not a visit of %(body)s to %(state)s: a report covers its own body's visits "
                    "to one State."
                )
                % {"visit": visit, "body": body.code, "state": state.shown_name}
            )
        if visit.status in (VisitStatus.CANCELLED, VisitStatus.PLANNED, VisitStatus.NOTIFIED):
            raise DomainError(
                _(
                    "%(visit)s is %(status)s: a report is drawn up on a visit that has taken place (%(article)s)."
                )
                % {"visit": visit, "status": visit.get_status_display().lower(), "article": rules.ART_10_1}
            )


@transaction.atomic
def report_create(
    *,
    body: MonitoringBody,
    state: State,
    title: str,
    by: Actor,
    visits: Sequence[Visit] = (),
    introduction: str = "",
) -> Report:
    """A draft report on one or more visits of a body to a State."""
    _check_visits(body=body, state=state, visits=visits)
    report = Report(
        body=body,
        state=state,
        title=checked_text(title, _("The report's title"))[:300],
        introduction=checked_text(introduction, _("The introduction"), required=False),
        created_by=acting_user(by),
    )
    return save_and_audit(
        report,
        by=by,
        verb="report.create",
        related={"visits": visits},
        detail={"body": body.code, "state": state.code, "visits": [visit.pk for visit in visits]},
    )


def _finding_facts(findings: Iterable[Finding]) -> list[drafting.FindingFacts]:
    return [
        drafting.FindingFacts(
            pk=finding.pk,
            origin=finding.origin,
            text=finding.text,
            place_pk=finding.place_id,
            place_name=str(finding.place),
            authority=finding.place.authority,
            standard_code=finding.standard.code if finding.standard else None,
            standard_title=finding.standard.title if finding.standard else None,
            measure=finding.standard.measure if finding.standard else None,
            recommendation=str((finding.standard.spec or {}).get("recommendation", ""))
            if finding.standard
            else "",
        )
        for finding in findings
    ]


def _visit_facts(visit: Visit) -> dict[str, Any]:
    """The visit's access problems, objections, allegations and medical findings, as the drafting reads
    them: allegations only counted, by kind and by the staff concerned, and only those of persons whose
    latest consent allows the information to be used."""
    access = [
        drafting.AccessFacts(
            event.kind, event.place_id, str(event.place) if event.place else "", event.occurred_at.date()
        )
        for event in visit.access_events.select_related("place").exclude(kind="granted")
    ]
    clause = objection_clause(visit.body.instrument.clauses if visit.body.instrument else None)
    objections = [
        drafting.ObjectionFacts(
            objection.on_allowed_ground,
            clause.label(objection.ground) if clause and objection.on_allowed_ground else objection.ground,
            objection.article,
            str(objection.place) if objection.place else "",
            objection.raised_on,
        )
        for objection in visit.objections.select_related("place")
    ]
    types, staff = (
        dict(taxonomy.choices(taxonomy.ALLEGATION_TYPES)),
        dict(taxonomy.choices(taxonomy.PERPETRATOR_CATEGORIES)),
    )
    # Only what the person allowed to be used (their latest consent), as every count of testimony; counted
    # in persons, as on the figures page: one person's three allegations are one person.
    counted = counts.counted().filter(interview__visit=visit)

    def persons_by(column: str) -> list[tuple[str, int]]:
        return list(
            counted.values_list(column).annotate(persons=Count("interview__person", distinct=True)).order_by()
        )

    consistent = [term.code for term in taxonomy.CONSISTENCY_SCALE][1:]  # "consistent with" and above
    return {
        "access": access,
        "objections": objections,
        "testimony": drafting.TestimonyFacts(
            persons=counted.values("interview__person").distinct().count(),
            kinds={str(types.get(kind, kind)): persons for kind, persons in persons_by("type")},
            staff={str(staff.get(by, by)): persons for by, persons in persons_by("perpetrator")},
            consistent_examinations=MedicalExamination.objects.filter(
                interview__visit=visit,
                interview__person__uses_information=True,
                consistency__in=consistent,
            )
            .values("interview__person")
            .distinct()
            .count(),
        ),
        "treaty": visit.body.instrument.short_title if visit.body.instrument else "the Convention",
    }


def default_title(visit: Visit) -> str:
    """e.g. "Report on the periodic visit of 14 August 2026 to 24 August 2026 — Russian Federation": the
    dates the visit took place once it has ended, never the planned ones. A visit still under way (or not
    begun) gives no end: "… visit from 14 August 2026 (under way) — …". Written in the report's language
    (rules.REPORT_LANGUAGE), whatever the language of the page that asked."""
    with translation.override(rules.REPORT_LANGUAGE):
        return _title(visit)


def _title(visit: Visit) -> str:
    kind = visit.get_kind_display().lower()
    if visit.ended_on is not None:
        dates = f"of {span(visit.started_on or visit.ended_on, visit.ended_on)}"
    elif visit.started_on is not None:
        dates = f"from {span(visit.started_on, None)} ({visit.get_status_display().lower()})"
    else:
        dates = f"planned for {span(visit.planned_start, visit.planned_end)}"
    return f"Report on the {kind} {dates} — {visit.state}"[:300]


def refresh_generated_title(report: Report) -> None:
    """A title written from the visit's dates, written again from them as they now stand (the visit may
    have ended, early or late, since the draft was made)."""
    visit = report.visits.first() if report.title_generated else None
    if visit is not None:
        report.title = default_title(visit)


@transaction.atomic
def report_create_from_visit(*, visit: Visit, by: Actor, title: str = "") -> Report:
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
    if not title.strip():
        report.title_generated = True
        report.save(update_fields=["title_generated"])
    findings = list(
        Finding.objects.filter(visit=visit).select_related("standard", "place").order_by("observed_on", "id")
    )
    with translation.override(rules.REPORT_LANGUAGE):  # the committee's draft wording, not the interface
        drafts = drafting.draft_all(_finding_facts(findings), **_visit_facts(visit))
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
            recommended_since=recommended_since_of(repeats),
        )
        validated_save(item)
        item.findings.set(draft.finding_pks)
        item.places.set(draft.place_pks)
    audit_record(
        actor=by,
        verb="report.draft_from_visit",
        target=report,
        detail={"visit": visit.pk, "items": len(drafts), "findings": len(findings)},
    )
    return report


def report_draft(
    *,
    by: Actor,
    visit: Visit | None = None,
    body: MonitoringBody | None = None,
    state: State | None = None,
    title: str = "",
    introduction: str = "",
) -> Report:
    """A draft from a visit's findings when a visit is given (the visit names the body and the State),
    else an empty one for a body, a State and a title."""
    if visit is not None:
        return report_create_from_visit(visit=visit, title=title, by=by)
    if body is None or state is None or not title:
        raise DomainError(_("Give a visit, or a body, a State and a title."))
    return report_create(body=body, state=state, title=title, introduction=introduction, by=by)


# -- the committee's decision and transmission ----------------------------------------------------


def _visits_ended_on(report: Report) -> tuple[date | None, list[str]]:
    """The last day of the report's visits as recorded, and the visits not recorded as completed (whose
    end is not known: a planned end is never taken for the day a visit ended)."""
    visits = list(report.visits.all())
    if not visits:
        return report.visit_to, []
    open_visits = [
        f"{visit} ({visit.get_status_display().lower()})"
        for visit in visits
        if visit.status != VisitStatus.COMPLETED or visit.ended_on is None
    ]
    ends = [visit.ended_on for visit in visits if visit.ended_on is not None]
    return (max(ends) if ends else None), open_visits


def _seats(report: Report, on: date) -> rules.SeatCount | None:
    seats = committee_seats(report.body, on)
    if seats is None:
        return None
    return rules.SeatCount(
        body=seats.body,
        total=seats.total,
        vacant=seats.vacant,
        article=seats.article,
        complete=seats.complete,
    )


@transaction.atomic
def report_adopt(
    *,
    report: Report,
    adopted_on: date,
    votes_for: int,
    by: Actor,
    votes_against: int = 0,
    abstentions: int = 0,
    voters: Sequence[str] = (),
    today: date | None = None,
) -> Report:
    """Record the committee's adoption of the report, with its vote."""
    lock_report(report)
    names = [" ".join(name.split()) for name in voters if name and name.strip()]
    ended_on, not_ended = _visits_ended_on(report)
    rules.check_adoption(
        status=report.status,
        adopted_on=adopted_on,
        today=clock.today_or(today),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        voters=names,
        item_count=report.items.count(),
        visits_ended_on=ended_on,
        visits_not_ended=not_ended,
        seats=_seats(report, adopted_on) if adopted_on <= clock.today_or(today) else None,
    )
    refresh_generated_title(report)  # the visits have ended: the title says when, and stays from now on
    report.title_generated = False
    report.status = ReportStatus.ADOPTED
    report.adopted_on = adopted_on
    report.votes_for, report.votes_against, report.abstentions = votes_for, votes_against, abstentions
    report.voters = names
    return save_and_audit(
        report,
        by=by,
        verb="report.adopt",
        detail={
            "adopted_on": adopted_on,
            "votes": [votes_for, votes_against, abstentions],
            "voters": len(names),  # how many were named; the names stay in the encrypted record
        },
    )


@transaction.atomic
def report_transmit(
    *,
    report: Report,
    transmitted_on: date,
    by: Actor,
    response_due: date | None = None,
    today: date | None = None,
) -> Report:
    """Send the adopted report to the State; its response is due six months later unless set otherwise."""
    lock_report(report)
    due = rules.check_transmission(
        status=report.status,
        adopted_on=report.adopted_on,
        transmitted_on=transmitted_on,
        response_due=response_due,
        today=clock.today_or(today),
    )
    report.status = ReportStatus.TRANSMITTED
    report.transmitted_on, report.response_due = transmitted_on, due
    return save_and_audit(
        report,
        by=by,
        verb="report.transmit",
        detail={"transmitted_on": transmitted_on, "response_due": due, "default": response_due is None},
    )


@transaction.atomic
def report_set_response_due(*, report: Report, response_due: date, reason: str, by: Actor) -> Report:
    """Extend (or bring forward) the State's deadline after transmission, with the reason."""
    lock_report(report)
    if report.status not in (ReportStatus.TRANSMITTED,) or report.transmitted_on is None:
        raise DomainError(_("The deadline is set on a transmitted report still awaiting its response."))
    if response_due <= report.transmitted_on:
        raise DomainError(
            _("The response cannot be due on %(day)s: it must be after the transmission (%(transmitted)s).")
            % {"day": shown_date(response_due), "transmitted": shown_date(report.transmitted_on)}
        )
    reason = checked_text(reason, _("The reason for the new deadline"))
    previous = report.response_due
    report.response_due = response_due
    return save_and_audit(
        report,
        by=by,
        verb="report.set_response_due",
        detail={"from": previous, "to": response_due, "reason": reason},
    )


# -- publication ----------------------------------------------------------------------------------


@transaction.atomic
def publication_request_record(
    *, report: Report, requested_on: date, reference: str, by: Actor, today: date | None = None
) -> Report:
    """Record the State's request to publish the report (Art. 11(2) ECPT)."""
    lock_report(report)
    rules.check_publication_request(
        status=report.status,
        transmitted_on=report.transmitted_on,
        requested_on=requested_on,
        reference=reference,
        today=clock.today_or(today),
    )
    report.publication_requested_on = requested_on
    report.publication_request_reference = reference.strip()[:300]
    return save_and_audit(
        report,
        by=by,
        verb="report.publication_request",
        detail={"requested_on": requested_on, "reference": report.publication_request_reference},
    )


@transaction.atomic
def report_publish(
    *,
    report: Report,
    published_on: date,
    by: Actor,
    publication_reference: str = "",
    publication_url: str = "",
    today: date | None = None,
) -> Report:
    """Publish the report with the State's response, at its request and with no person named in it.

    Only a role that may see identities publishes (or the system, ``by=None``): the refusal
    says that a text names a person on record, which would otherwise let whoever can type a text and
    try to publish it test names against the identities.
    """
    if by is not None and not can(by, Capability.PUBLISH_REPORTS):
        raise DomainError(str(REFUSALS[Capability.PUBLISH_REPORTS]))
    lock_report(report)
    instrument = report.body.instrument.code if report.body.instrument_id and report.body.instrument else None
    rules.check_publication(
        status=report.status,
        requested_on=report.publication_requested_on,
        request_reference=report.publication_request_reference,
        published_on=published_on,
        today=clock.today_or(today),
        instrument=instrument,
    )
    protected = selectors.protected_names(report.state)
    check_no_personal_data(selectors.publication_sections(report), protected, instrument=instrument)
    report.status = ReportStatus.PUBLISHED
    report.published_on = published_on
    report.publication_reference = publication_reference.strip()[:100]
    report.publication_url = publication_url.strip()
    save_and_audit(
        report,
        by=by,
        verb="report.publish",
        detail={
            "published_on": published_on,
            "requested_on": report.publication_requested_on,
            "request": report.publication_request_reference,
            "names_checked": len(protected),
        },
    )
    frozen.freeze_later(report, by=by)  # its PDF rendered once, in the background, and kept
    return report
