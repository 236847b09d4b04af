"""The report assembled in the structure of a CPT report, and rendered to HTML, PDF and DOCX.

``assemble`` builds a plain ``ReportDocument`` from a report read with ``selectors.with_record`` (no
further queries): an introduction with the dates of the visit and of the procedure, the delegation, the
places visited, the cooperation met (access events, objections, immediate observations); the findings
and items under the report's headings (custodiet.reports.rules.Theme); every item numbered, listed
again in an appendix by kind; and, once published, the State's response. The three renderers take the
same document, so they say the same things.

One policy per audience decides what every rendering shows (``POLICIES``: the page of a report's record,
the rendered page, HTML, PDF, DOCX and the API all read it; docs/reports.md says the same in words):

- the office (secretariat, administrators) and committee members see everything: the adoption vote and
  who voted, the internal note, every deadline, the reasons of the follow-up assessments, reminders;
- a State's liaison sees what was sent to its State: the deadlines its State must meet (the response,
  each item's answer, immediate observations'), never the vote, the internal note, the assessments'
  reasons or the reminders, and the delegation named only where its members hold public office;
- the public sees a published report as published: no vote, no note, no deadline of any kind, no
  assessment's reason, no reminder; delegation members by role, named only where they are the
  committee's own members (public office holders); detainees only by the pseudonyms the texts use,
  which ``services.report_publish`` checks against the identities on record before publication.

WeasyPrint and python-docx are imported inside the functions that use them, so that the web and the
CLI start fast. PDF fonts: DejaVu (installed with the system), which covers Cyrillic.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from custodiet.core.access import Actor, Capability, can
from custodiet.core.dates import shown_date, shown_moment
from custodiet.reports.models import Item, Report
from custodiet.reports.rules import (
    REPORT_LANGUAGE,
    ImplementationStatus,
    ItemKind,
    Priority,
    Theme,
    status_label,
)
from custodiet.visits.models import DelegationRole, Visit

PUBLIC_NAMED_ROLES = frozenset({"head", "member"})  # committee members: public office, named in reports


class Audience(StrEnum):
    OFFICE = "office"  # the secretariat and administrators: they manage reports
    COMMITTEE = "committee"  # committee members: they adopt reports
    LIAISON = "liaison"  # a State's liaison: its State's transmitted reports
    PUBLIC = "public"  # everyone: published reports


@dataclass(frozen=True)
class Policy:
    """What one audience may see in any rendering of a report (page, HTML, PDF, DOCX, API)."""

    audience: Audience
    votes: bool  # the adoption vote and who voted
    internal_note: bool  # the report's internal note
    deadlines: bool  # the response due, each item's deadline, immediate observations' answer due
    assessments: bool  # the reasons of the follow-up assessments (each item's status history)
    reminders: bool  # the reminders sent to the State
    everyone_named: bool  # the whole delegation by name (else only the committee's own members)
    visit_links: bool  # links to the visits' confidential pages

    @property
    def public(self) -> bool:
        return self.audience == Audience.PUBLIC


POLICIES: dict[Audience, Policy] = {
    Audience.OFFICE: Policy(Audience.OFFICE, True, True, True, True, True, True, True),
    Audience.COMMITTEE: Policy(Audience.COMMITTEE, True, True, True, True, True, True, True),
    Audience.LIAISON: Policy(Audience.LIAISON, False, False, True, False, False, False, False),
    Audience.PUBLIC: Policy(Audience.PUBLIC, False, False, False, False, False, False, False),
}


def policy_for(user: Actor) -> Policy:
    """The policy of a user reading a report they may read (the selectors decide which ones): the office
    manages reports, a committee member reads them, a liaison answers them; anyone else reads as the
    public (and only published reports reach them)."""
    if can(user, Capability.MANAGE_REPORTS):
        return POLICIES[Audience.OFFICE]
    if can(user, Capability.VIEW_REPORTS):
        return POLICIES[Audience.COMMITTEE]
    if can(user, Capability.ANSWER_REPORTS):
        return POLICIES[Audience.LIAISON]
    return POLICIES[Audience.PUBLIC]


PLURALS: dict[str, str] = {
    ItemKind.RECOMMENDATION: "Recommendations",
    ItemKind.COMMENT: "Comments",
    ItemKind.REQUEST_FOR_INFORMATION: "Requests for information",
}
ACCESS_PROBLEM_LABELS = {
    "granted": "access granted",
    "delayed": "access delayed",
    "refused": "access refused",
    "documents_withheld": "documents or registers withheld",
    "interview_prevented": "a private interview prevented",
}


def long_date(day: date | None) -> str:
    """A date as every rendering writes it (custodiet.core.dates.shown_date: one format per language)."""
    return shown_date(day)


def span(start: date | None, end: date | None) -> str:
    if start is None:
        return "dates not known"
    if end is None or end == start:
        return long_date(start)
    return f"{long_date(start)} to {long_date(end)}"


@dataclass(frozen=True)
class ItemLine:
    number: int
    kind: str
    kind_label: str
    text: str
    authority: str
    priority: str
    deadline: str
    since: int | None
    status: str

    @property
    def notes(self) -> list[str]:
        """What follows the item's text in brackets: authority, priority, deadline, first recommended."""
        return [
            note
            for note in (
                f"addressed to {self.authority}" if self.authority else "",
                self.priority,
                f"answer by {self.deadline}" if self.deadline else "",
                f"recommended since {self.since}" if self.since else "",
            )
            if note
        ]


@dataclass(frozen=True)
class FindingLine:
    place: str
    location: str
    observed_on: str
    text: str


@dataclass
class Section:
    theme: str
    heading: str
    findings: list[FindingLine] = field(default_factory=list)
    items: list[ItemLine] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerLine:
    number: int
    text: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class ResponseLine:
    received_on: str
    reference: str
    summary: str
    answers: tuple[AnswerLine, ...]


@dataclass
class ReportDocument:
    title: str
    public: bool
    body: str
    body_code: str
    state: str
    status: str
    introduction: str
    dates: list[tuple[str, str]]
    visits: list[str]
    delegation: list[tuple[str, str]]
    places: list[tuple[str, str, str]]
    cooperation: list[str]
    observations: list[str]
    sections: list[Section]
    items: list[ItemLine]
    appendix: list[tuple[str, list[ItemLine]]]
    responses: list[ResponseLine]
    votes: str
    reference: str
    source: str
    note: str

    @property
    def heading_numbers(self) -> list[tuple[int, Section]]:
        return list(enumerate(self.sections, start=1))


def _item_line(item: Item, *, policy: Policy) -> ItemLine:
    """One item; its deadline only for an audience that sees deadlines."""
    return ItemLine(
        number=item.number,
        kind=item.kind,
        kind_label=str(dict(ItemKind.choices)[item.kind]),
        text=item.text,
        authority=item.authority,
        priority=str(dict(Priority.choices)[item.priority]) if item.priority != Priority.NORMAL else "",
        deadline=long_date(item.deadline) if item.deadline and policy.deadlines else "",
        since=item.recommended_since,
        status=str(dict(ImplementationStatus.choices)[item.status]),
    )


def _dates(report: Report, visits: list[Visit], policy: Policy) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if visits:
        starts = [visit.started_on or visit.planned_start for visit in visits]
        ends = [visit.ended_on or visit.planned_end for visit in visits]
        rows.append(("Visit", span(min(starts), max(ends))))
    elif report.visit_from:
        rows.append(("Visit", span(report.visit_from, report.visit_to)))
    rows.append(("Adopted", long_date(report.adopted_on)))
    rows.append(("Transmitted to the authorities", long_date(report.transmitted_on)))
    if policy.deadlines and report.response_due:
        rows.append(("Response due", long_date(report.response_due)))
    rows.append(("Response received", long_date(report.response_received_on)))
    if report.publication_requested_on or report.publication_request_reference:
        rows.append(
            (
                "Publication requested by the State",
                " — ".join(
                    part
                    for part in (
                        long_date(report.publication_requested_on) if report.publication_requested_on else "",
                        report.publication_request_reference,
                    )
                    if part
                ),
            )
        )
    if report.published_on:
        rows.append(("Published", long_date(report.published_on)))
    return rows


def _cooperation(visits: list[Visit], policy: Policy) -> tuple[list[str], list[str]]:
    lines, observations = [], []
    for visit in visits:
        for event in visit.access_events.all():
            where = f" at {event.place}" if event.place_id else ""
            delay = f" ({event.delay_minutes} minutes)" if event.delay_minutes else ""
            text = f" {event.description}" if event.description else ""
            zone = (event.place.time_zone if event.place_id and event.place else "") or visit.time_zone
            lines.append(
                f"{shown_moment(event.occurred_at, zone)}: "  # the hour it happened where it happened
                f"{ACCESS_PROBLEM_LABELS.get(event.kind, event.kind)}"
                f"{where}{delay}.{text}"
            )
        for objection in visit.objections.all():
            where = f" to a visit to {objection.place}" if objection.place_id else " to the visit"
            text = f" {objection.explanation}" if objection.explanation else ""
            if objection.on_allowed_ground:
                ground = f"on the ground of {objection.ground.replace('_', ' ')} ({objection.article})"
            else:
                ground = f"on a ground that {objection.article} does not allow (“{objection.ground}”)"
            lines.append(f"{long_date(objection.raised_on)}: the authorities objected{where} {ground}.{text}")
        for observation in visit.observations.all():
            if observation.response_received_on:
                answered = f" (answered on {long_date(observation.response_received_on)})"
            elif policy.deadlines:
                answered = f" (answer due on {long_date(observation.response_due)})"
            else:
                answered = ""
            observations.append(
                f"Communicated on {long_date(observation.communicated_on)}{answered}: {observation.text}"
            )
    return lines, observations


def _delegation_and_places(
    visits: list[Visit], *, policy: Policy
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The delegation by rank (named outside the office only if committee members) and the places visited."""
    delegation: list[tuple[str, str]] = []
    places: dict[int, tuple[str, str, str]] = {}
    rank = {role: index for index, role in enumerate(DelegationRole.values)}
    for visit in visits:
        for member in sorted(visit.delegation.all(), key=lambda m: (rank.get(m.role, 99), m.pk)):
            named = policy.everyone_named or member.role in PUBLIC_NAMED_ROLES
            role = member.get_role_display() + (f" ({member.expertise})" if member.expertise else "")
            delegation.append((member.name if named else "", role))
        for stop in visit.itinerary.all():
            place = stop.place
            places[place.pk] = (place.name_en or place.name_local, place.name_local, place.get_type_display())
    return delegation, list(places.values())


def _sections(items: list[Item], *, policy: Policy) -> list[Section]:
    """The report's headings in their order, each with its findings (each once) and its items."""
    by_theme: dict[str, Section] = {}
    seen_findings: set[int] = set()
    for item in items:
        section = by_theme.get(item.theme)
        if section is None:
            section = by_theme[item.theme] = Section(item.theme, str(dict(Theme.choices)[item.theme]))
        section.items.append(_item_line(item, policy=policy))
        for finding in item.findings.all():
            if finding.pk not in seen_findings:
                seen_findings.add(finding.pk)
                section.findings.append(
                    FindingLine(
                        place=str(finding.place),
                        # each location once: a finding's text usually starts with it ("cell 12: ...")
                        location=""
                        if finding.location and finding.location in finding.text
                        else finding.location,
                        observed_on=long_date(finding.observed_on),
                        text=finding.text,
                    )
                )
    order = {code: rank for rank, code in enumerate(Theme.values)}
    return sorted(by_theme.values(), key=lambda section: order[section.theme])


def _appendix(lines: list[ItemLine]) -> list[tuple[str, list[ItemLine]]]:
    """Every item again, by kind."""
    return [
        (PLURALS.get(kind, str(label)), [line for line in lines if line.kind == kind])
        for kind, label in ItemKind.choices
        if any(line.kind == kind for line in lines)
    ]


def _responses(report: Report) -> list[ResponseLine]:
    return [
        ResponseLine(
            received_on=long_date(response.received_on),
            reference=response.reference,
            summary=response.summary,
            answers=tuple(
                AnswerLine(answer.item.number, answer.text, tuple(answer.documents))
                for answer in response.answers.all()
            ),
        )
        for response in report.responses.all()
    ]


def _votes(report: Report) -> str:
    if report.votes_for is None:
        return ""
    votes = (
        f"{report.votes_for} for, {report.votes_against or 0} against, {report.abstentions or 0} abstaining"
    )
    return votes + (" (" + ", ".join(report.voters) + ")" if report.voters else "")


def _visit_lines(report: Report, visits: list[Visit]) -> list[str]:
    """The visits on record, or else the visit copied from a published source."""
    if visits:
        return [
            f"{visit.get_kind_display()}, "
            f"{span(visit.started_on or visit.planned_start, visit.ended_on or visit.planned_end)}"
            for visit in visits
        ]
    if report.visit_from:
        return [f"{report.visit_label or 'Visit'}, {span(report.visit_from, report.visit_to)}"]
    return []


def assemble(report: Report, *, policy: Policy | None = None, public: bool | None = None) -> ReportDocument:
    """The report as a document for one audience's policy; read the report with ``selectors.with_record``
    first. (``public=`` is the older way to ask: True for the public's policy, False for the office's.)

    The document is the committee's text, in the language the report is written in (``REPORT_LANGUAGE``),
    whatever the reader's interface language: its headings, labels and dates are never translated."""
    with translation.override(REPORT_LANGUAGE):
        return _assemble(report, policy=policy, public=public)


def _assemble(report: Report, *, policy: Policy | None, public: bool | None) -> ReportDocument:
    if policy is None:
        policy = POLICIES[Audience.PUBLIC if public else Audience.OFFICE]
    if policy.public and report.confidential:
        raise ValueError("a confidential report has no public rendering")
    visits = list(report.visits.all())
    items = list(report.items.all())
    delegation, places = _delegation_and_places(visits, policy=policy)
    cooperation, observations = _cooperation(visits, policy)
    lines = [_item_line(item, policy=policy) for item in items]
    return ReportDocument(
        title=report.title,
        public=policy.public,
        body=report.body.name,
        body_code=report.body.code,
        state=report.state.name_en,
        status=status_label(report.status),
        introduction=report.introduction,
        dates=_dates(report, visits, policy),
        visits=_visit_lines(report, visits),
        delegation=delegation,
        places=places,
        cooperation=cooperation,
        observations=observations,
        sections=_sections(items, policy=policy),
        items=lines,
        appendix=_appendix(lines),
        responses=_responses(report),
        votes=_votes(report) if policy.votes else "",
        reference=report.publication_reference,
        source=report.source,
        note=report.note if policy.internal_note else "",
    )


def file_name(report: Report) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{report.body.code}-{report.state.code}-report-{report.pk}".lower())
    return slug.strip("-")


def to_html(document: ReportDocument) -> str:
    """A standalone HTML document (for print): the same body as the page, with the print stylesheet."""
    return render_to_string("reports/document_print.html", {"document": document})


def to_pdf(document: ReportDocument) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = finders.find("reports/print.css")
    assert isinstance(stylesheet, str), "reports/print.css is missing from the static files"
    return bytes(HTML(string=to_html(document)).write_pdf(stylesheets=[CSS(filename=stylesheet)]))


# Characters XML 1.0 cannot hold (Word's files are XML): control characters but tab, line feed and
# carriage return, lone surrogates, and the two non-characters. A vertical tab or a form feed (Word's
# line and page breaks, pasted in) becomes a line break; the others are dropped.
_NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")


def _xml_safe(value: Any) -> Any:
    """The document (or any part of it) with every text made writable to XML (``_NOT_IN_XML``)."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", _BREAKS.sub("\n", value))
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{item.name: _xml_safe(getattr(value, item.name)) for item in fields(value)})
    if isinstance(value, tuple):
        return tuple(_xml_safe(part) for part in value)
    if isinstance(value, list):
        return [_xml_safe(part) for part in value]
    return value


def to_docx(document: ReportDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = _xml_safe(document)  # a text typed or pasted with a control character must not stop it
    out = Document()
    normal = out.styles["Normal"]
    normal.font.name = "DejaVu Serif"
    normal.font.size = Pt(11)
    out.add_heading(document.title, level=0)
    out.add_paragraph(f"{document.body} — {document.state} — {document.status}")
    out.add_heading("I. Introduction", level=1)
    if document.introduction:
        out.add_paragraph(document.introduction)
    table = out.add_table(rows=0, cols=2)
    for label, value in document.dates:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if document.votes:
        out.add_paragraph(f"Vote on adoption: {document.votes}")
    for line in document.visits:
        out.add_paragraph(line, style="List Bullet")
    if document.delegation:
        out.add_heading("The delegation", level=2)
        for name, role in document.delegation:
            out.add_paragraph(f"{name}, {role}" if name else role, style="List Bullet")
    if document.places:
        out.add_heading("Places visited", level=2)
        for name_en, name_local, kind in document.places:
            local = f" ({name_local})" if name_local and name_local != name_en else ""
            out.add_paragraph(f"{name_en}{local}: {kind}", style="List Bullet")
    out.add_heading("Cooperation", level=2)
    if document.cooperation:
        for line in document.cooperation:
            out.add_paragraph(line, style="List Bullet")
    else:
        out.add_paragraph("No obstruction of the delegation's work is recorded.")
    for line in document.observations:
        out.add_paragraph(f"Immediate observations: {line}")
    out.add_heading("II. Facts found and action proposed", level=1)
    for number, section in document.heading_numbers:
        out.add_heading(f"{number}. {section.heading}", level=2)
        for finding in section.findings:
            where = f"{finding.place}{', ' + finding.location if finding.location else ''}"
            out.add_paragraph(f"{finding.text} ({where}, {finding.observed_on})")
        for item in section.items:
            _docx_item(out, item)
    if document.responses:
        out.add_heading("III. The response of the authorities", level=1)
        for response in document.responses:
            out.add_heading(f"Response received on {response.received_on}", level=2)
            if response.summary:
                out.add_paragraph(response.summary)
            for answer in response.answers:
                documents = f" (documents: {', '.join(answer.documents)})" if answer.documents else ""
                out.add_paragraph(f"Item {answer.number}: {answer.text}{documents}")
    if document.appendix:
        out.add_heading(
            "Appendix: list of the Committee's recommendations, comments and requests for information",
            level=1,
        )
        for heading, lines in document.appendix:
            out.add_heading(heading, level=2)
            for item in lines:
                _docx_item(out, item)
    if document.source:
        out.add_paragraph(f"Source: {document.source}")
    if document.note:  # the internal note: only in the office's and the committee's rendering
        out.add_paragraph(document.note)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _docx_item(out: Any, item: ItemLine) -> None:
    paragraph = out.add_paragraph()
    paragraph.add_run(f"{item.number}. {item.kind_label}: ").bold = True
    paragraph.add_run(item.text)
    if item.notes:
        paragraph.add_run(" (" + "; ".join(item.notes) + ")").italic = True
