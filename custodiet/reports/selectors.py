"""Reads of reports, scoped by who asks: lists, one report's record, overdue answers, the names a
published report must not carry, the committee's size on a date, and each State's cooperation record.

Every read of confidential reports starts from ``Report.objects.visible_to(user)``; the public reads
start from ``Report.objects.published()``. Each runs a fixed number of queries, whatever the number of
reports, items or answers. A State filter names the State as every interface does ("RU", "RUS" or its
name: ``state_code``); an unknown one matches nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from custodiet.core.access import Actor, Capability, can
from custodiet.core.dates import shown_date
from custodiet.ops.paging import PARAMETERS as PAGING_PARAMETERS
from custodiet.ops.paging import KeysetPage, keyset_page
from custodiet.reports import indicators as cooperation
from custodiet.reports import rules
from custodiet.reports.models import (
    Item,
    ItemAnswer,
    ItemStatus,
    ProtectedName,
    PublicStatement,
    ReferenceNote,
    Reminder,
    Report,
    StateResponse,
)
from custodiet.reports.rules import ItemKind, Origin, ReportStatus
from custodiet.standards.models import Finding
from custodiet.testimony.models import Consent, PersonIdentity
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.selectors import find_state, parties_on
from custodiet.visits.models import AccessEvent, ImmediateObservation, Objection, Visit, VisitStatus
from custodiet.visits.rules import PROBLEM_KINDS


def state_code(wanted: State | str) -> str:
    """The code of the State a filter names: a State, or as a user wrote it ("RU", "RUS", "Russian
    Federation", any case). An unknown one is kept as given, upper-cased, and so matches nothing."""
    if isinstance(wanted, State):
        return wanted.code
    found = find_state(wanted)
    return found.code if found is not None else wanted.strip().upper()


LIST_PER_PAGE = 50  # reports, published reports or public statements on one page of their list
REPORT_ORDER = (("created_at", True), ("id", True))  # the office's list: the newest record first
PUBLISHED_ORDER = (("published_on", True), ("id", True))  # a published report always has its date
# A statement whose date nobody stated sorts after every dated one (as the oldest), never as if dated.
STATEMENT_ORDER = (("decided_or_unknown", True), ("id", True))
UNDATED = date.min


def _office_reports(
    user: Actor, *, state: State | str | None, status: str | None, body: str | None
) -> QuerySet[Report]:
    reports = Report.objects.visible_to(user)
    if state:
        reports = reports.filter(state__code=state_code(state))
    if status:
        reports = reports.filter(status=status)
    if body:
        reports = reports.filter(body__code=body)
    return reports


def report_list(
    user: Actor, *, state: State | str | None = None, status: str | None = None, body: str | None = None
) -> QuerySet[Report]:
    """The reports the user may see, newest first, with their item counts (one query)."""
    reports = _office_reports(user, state=state, status=status, body=body).select_related("state", "body")
    return reports.annotate(item_count=Count("items")).order_by("-created_at", "-id")


def report_page(
    user: Actor,
    params: Mapping[str, Any],
    *,
    state: State | str | None = None,
    status: str | None = None,
    per_page: int = LIST_PER_PAGE,
) -> tuple[KeysetPage, int]:
    """The page of the reports the user may see that ``params`` (a request's GET) asks for, by keyset in
    :func:`report_list`'s order, and how many reports the filters match (two queries whatever the page)."""
    page = keyset_page(
        report_list(user, state=state, status=status), params, order=REPORT_ORDER, per_page=per_page
    )
    return page, _office_reports(user, state=state, status=status, body=None).count()


def published_list(*, state: State | str | None = None) -> QuerySet[Report]:
    """The published reports, newest first, each with ``first_day`` and ``last_day``: the dates of its
    visits on record, or else the visit dates copied from a published source (one query)."""
    reports = Report.objects.published().select_related("state", "body")
    if state:
        reports = reports.filter(state__code=state_code(state))
    return reports.annotate(
        first_day=Coalesce(Min(Coalesce("visits__started_on", "visits__planned_start")), "visit_from"),
        last_day=Coalesce(Max(Coalesce("visits__ended_on", "visits__planned_end")), "visit_to"),
    ).order_by("-published_on", "-id")


def _items() -> QuerySet[Item]:
    return Item.objects.select_related("repeats__report").prefetch_related(
        Prefetch("findings", queryset=Finding.objects.select_related("place", "standard").order_by("id")),
        "places",
        Prefetch("history", queryset=ItemStatus.objects.select_related("set_by").order_by("set_on", "id")),
    )


def with_record(reports: QuerySet[Report]) -> QuerySet[Report]:
    """A report with everything its page and its rendering show, in a fixed number of queries."""
    return reports.select_related("state", "body__instrument", "created_by").prefetch_related(
        Prefetch("items", queryset=_items().order_by("number")),
        Prefetch(
            "visits",
            queryset=Visit.objects.prefetch_related(
                "delegation", "itinerary__place", "access_events__place", "objections__place", "observations"
            ).order_by("planned_start"),
        ),
        Prefetch(
            "responses",
            queryset=StateResponse.objects.select_related("submitted_by").prefetch_related(
                Prefetch(
                    "answers", queryset=ItemAnswer.objects.select_related("item").order_by("item__number")
                )
            ),
        ),
        "public_statements",
        Prefetch("reminders", queryset=Reminder.objects.select_related("sent_by")),
    )


def report_detail(user: Actor, pk: int) -> Report:
    """One report the user may see (Report.DoesNotExist otherwise)."""
    return with_record(Report.objects.visible_to(user)).get(pk=pk)


def published_detail(pk: int) -> Report:
    return with_record(Report.objects.published()).get(pk=pk)


def earlier_recommendations(*, body: MonitoringBody, state: State, codes: set[str]) -> dict[str, Item]:
    """For each standard code, the latest recommendation of an adopted earlier report of the body to the
    State whose findings breach that standard (one query)."""
    if not codes:
        return {}
    rows = (
        Item.objects.filter(
            kind=ItemKind.RECOMMENDATION,
            report__body=body,
            report__state=state,
            findings__standard__code__in=codes,
        )
        .exclude(report__status=ReportStatus.DRAFT)
        .values_list("pk", "findings__standard__code")
    )
    latest: dict[str, int] = {}
    for pk, code in rows:
        latest[code] = max(latest.get(code, 0), pk)
    items = Item.objects.select_related("report").in_bulk(set(latest.values()))
    return {code: items[pk] for code, pk in latest.items()}


def committee_size(instrument: str, on: date) -> int:
    """The committee's members on a date: one seat per party to its instrument (the treaty engine)."""
    return len(parties_on(instrument, on))


# -- personal data ----------------------------------------------------------------------------------


def protected_names(state: State) -> list[str]:
    """Every name a published report on the State must not carry: the identities recorded in testimony
    for persons of that State (unless their latest consent lets them be named), and the protected names
    for that State or for every State. Decrypted here, never returned to a page."""
    latest_consent: dict[int, bool] = {}
    consents = Consent.objects.filter(person__state=state).order_by("person_id", "-given_on", "-id")
    for person_id, be_named in consents.values_list("person_id", "be_named"):
        latest_consent.setdefault(person_id, be_named)
    names = [
        identity.name
        for identity in PersonIdentity.objects.filter(person__state=state).only("person_id", "name")
        if identity.name and not latest_consent.get(identity.person_id, False)
    ]
    names += [
        protected.name
        for protected in ProtectedName.objects.filter(Q(state=state) | Q(state__isnull=True)).only("name")
    ]
    return names


def publication_sections(report: Report) -> list[tuple[str, str]]:
    """Every text a published rendering shows, labelled by where it is (for the personal-data check), the
    labels in the reader's language (the refusal names them)."""
    report = with_record(Report.objects.filter(pk=report.pk)).get()
    sections: list[tuple[str, str]] = [
        (_("the title"), report.title),
        (_("the introduction"), report.introduction),
    ]
    for item in report.items.all():
        sections.append((_("item %(number)s") % {"number": item.number}, f"{item.text} {item.authority}"))
        sections.extend(
            (
                _("a finding under item %(number)s") % {"number": item.number},
                f"{finding.text} {finding.location}",
            )
            for finding in item.findings.all()
        )
    for visit in report.visits.all():
        sections.extend(
            (_("the cooperation section"), event.description) for event in visit.access_events.all()
        )
        sections.extend(
            (_("the cooperation section"), objection.explanation) for objection in visit.objections.all()
        )
        sections.extend(
            (_("the immediate observations"), observation.text) for observation in visit.observations.all()
        )
    sections.append((_("the State's request to publish"), report.publication_request_reference))
    for response in report.responses.all():
        sections.append(
            (
                _("the response of %(day)s") % {"day": shown_date(response.received_on)},
                f"{response.summary} {response.reference}",
            )
        )
        sections.extend(
            (
                _("the answer to item %(number)s") % {"number": answer.item.number},
                f"{answer.text} {' '.join(answer.documents)}",
            )
            for answer in response.answers.all()
        )
    return sections


# -- overdue answers ----------------------------------------------------------------------------------


def overdue(user: Actor, *, today: date, state: State | str | None = None) -> list[rules.Overdue]:
    """Reports whose response and immediate observations whose answer is past its deadline, among those
    the user may see, the longest overdue first (three queries). A liaison sees its own reports only."""
    observations = ImmediateObservation.objects.filter(visit__in=Visit.objects.visible_to(user).values("pk"))
    if not can(user, Capability.VIEW_REPORTS):
        observations = observations.none()
    return _overdue(Report.objects.visible_to(user), observations, today=today, state=state)


def overdue_all(*, today: date, state: State | str | None = None) -> list[rules.Overdue]:
    """Every overdue answer, for the command line (``custodiet reports overdue``)."""
    return _overdue(Report.objects.all(), ImmediateObservation.objects.all(), today=today, state=state)


def _overdue(
    reports: QuerySet[Report],
    observations: QuerySet[ImmediateObservation],
    *,
    today: date,
    state: State | str | None,
) -> list[rules.Overdue]:
    reports = (
        reports.filter(
            origin=Origin.RECORDED,
            status=ReportStatus.TRANSMITTED,
            response_received_on__isnull=True,
            response_due__lt=today,
        )
        .select_related("state")
        .annotate(reminder_count=Count("reminders"))
    )
    observations = (
        observations.filter(response_received_on__isnull=True, response_due__lt=today)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .select_related("visit__state")
    )
    if state:
        code = state_code(state)
        reports = reports.filter(state__code=code)
        observations = observations.filter(visit__state__code=code)
    observation_list = list(observations)
    reminded = dict(
        Reminder.objects.filter(observation__in=[o.pk for o in observation_list])
        .values("observation_id")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("observation_id", "count")
    )
    awaited = [
        rules.Awaited(
            kind="report",
            pk=report.pk,
            state=report.state.shown_name,
            title=report.title,
            due=report.response_due,
            received_on=None,
            reminders=report.reminder_count,
        )
        for report in reports
        if report.response_due is not None
    ]
    awaited += [
        rules.Awaited(
            kind="observation",
            pk=observation.pk,
            state=observation.visit.state.shown_name,
            title=_("Immediate observations of %(day)s (%(visit)s)")
            % {"day": shown_date(observation.communicated_on), "visit": observation.visit},
            due=observation.response_due,
            received_on=None,
            reminders=reminded.get(observation.pk, 0),
        )
        for observation in observation_list
    ]
    return rules.overdue(awaited, today)


# -- public statements and a State's record -----------------------------------------------------------


def public_statements(*, state: State | str | None = None) -> QuerySet[PublicStatement]:
    """The public statements, newest first, those whose date nobody stated last (one query)."""
    statements = PublicStatement.objects.select_related("state", "body")
    if state:
        statements = statements.filter(state__code=state_code(state))
    undated_last = statements.annotate(decided_or_unknown=Coalesce("decided_on", Value(UNDATED)))
    return undated_last.order_by("-decided_or_unknown", "-id")


def published_page(
    params: Mapping[str, Any], *, state: State | str | None = None, per_page: int = LIST_PER_PAGE
) -> KeysetPage:
    """The page of the published reports (never a confidential one) that ``params`` asks for, newest
    first (one query whatever the page)."""
    return keyset_page(published_list(state=state), params, order=PUBLISHED_ORDER, per_page=per_page)


def statement_page(
    params: Mapping[str, Any], *, state: State | str | None = None, per_page: int = LIST_PER_PAGE
) -> KeysetPage:
    """The page of the public statements that ``params`` asks for, newest first, the undated last (one
    query whatever the page)."""
    return keyset_page(public_statements(state=state), params, order=STATEMENT_ORDER, per_page=per_page)


RECORD_REPORT_COLUMNS = ("title", "published_on", "source", "visit_from", "visit_to")  # what its rows show
RECORD_STATEMENT_COLUMNS = ("title", "decided_on", "decided_precision", "source")
RECORD_PER_PAGE = 10  # published reports, and public statements, shown at once on a State's record
RECORD_LISTS = ("reports_", "statements_")  # each list's cursor parameters: reports_after=, statements_last=


@dataclass
class StateRecord:
    state: State
    published: KeysetPage  # rows: Report, newest first, with first_day and last_day
    statements: KeysetPage  # rows: PublicStatement, newest first, the undated last
    notes: list[ReferenceNote]
    indicators: cooperation.Indicators | None


def list_params(params: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """One list's cursor among the page's parameters (``reports_after`` read as ``after``)."""
    return {name: params[prefix + name] for name in PAGING_PARAMETERS if prefix + name in params}


def indicators(state: State, *, today: date, body: str | None = None) -> cooperation.Indicators:
    """The cooperation indicators of a State computed from the records (a fixed number of queries)."""
    visits = Visit.objects.filter(state=state).exclude(status=VisitStatus.CANCELLED)
    reports = Report.objects.filter(state=state)
    statements = PublicStatement.objects.filter(state=state)
    if body:
        visits, reports, statements = (
            visits.filter(body__code=body),
            reports.filter(body__code=body),
            statements.filter(body__code=body),
        )
    visit_rows = [
        (kind, (started or planned).year)
        for kind, started, planned in visits.values_list("kind", "started_on", "planned_start")
    ]
    report_rows = [
        cooperation.ReportFacts(
            status=row["status"],
            origin=row["origin"],
            adopted_on=row["adopted_on"],
            transmitted_on=row["transmitted_on"],
            response_due=row["response_due"],
            response_received_on=row["response_received_on"],
            published_on=row["published_on"],
        )
        for row in reports.values(
            "status",
            "origin",
            "adopted_on",
            "transmitted_on",
            "response_due",
            "response_received_on",
            "published_on",
        )
    ]
    observations = ImmediateObservation.objects.filter(visit__in=visits.values("pk")).values_list(
        "response_due", "response_received_on"
    )
    return cooperation.cooperation_indicators(
        state=state.code,
        visits=visit_rows,
        reports=report_rows,
        observations=list(observations),
        access_problems=AccessEvent.objects.filter(
            visit__in=visits.values("pk"), kind__in=PROBLEM_KINDS
        ).count(),
        objections=Objection.objects.filter(visit__in=visits.values("pk")).count(),
        objections_not_allowed=Objection.objects.filter(
            visit__in=visits.values("pk"), on_allowed_ground=False
        ).count(),
        public_statements=statements.count(),
        recommendations_repeated=Item.objects.filter(
            report__in=reports.values("pk"), repeats__isnull=False
        ).count(),
        today=today,
    )


def state_record(
    state: State, user: Actor, *, today: date, params: Mapping[str, Any] | None = None
) -> StateRecord:
    """What a State's page shows: its published reports and public statements, a page of each (the page
    ``params``, a request's GET, asks for, each list by its own cursor), and reference notes for everyone;
    the indicators computed from confidential records only for those who may read reports. The same
    number of queries, and about the same work, at five years of records as at fifty."""
    params = params or {}
    published = published_list(state=state).select_related(None).only(*RECORD_REPORT_COLUMNS)
    statements = public_statements(state=state).select_related(None).only(*RECORD_STATEMENT_COLUMNS)
    return StateRecord(
        state=state,
        published=keyset_page(
            published, list_params(params, "reports_"), order=PUBLISHED_ORDER, per_page=RECORD_PER_PAGE
        ),
        statements=keyset_page(
            statements, list_params(params, "statements_"), order=STATEMENT_ORDER, per_page=RECORD_PER_PAGE
        ),
        notes=list(ReferenceNote.objects.filter(state=state).select_related("body")),
        indicators=indicators(state, today=today) if can(user, Capability.VIEW_REPORTS) else None,
    )


def visits_by_year_kind(values: dict[int, dict[str, int]]) -> dict[str, dict[int, int]]:
    """Visits by kind, then by year (the chart's series)."""
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for year, kinds in values.items():
        for kind, count in kinds.items():
            series[kind][year] = count
    return dict(series)
