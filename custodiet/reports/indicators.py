"""A State's cooperation in figures: the indicators computed from the records, without a database.

``selectors.indicators`` reads the records (visits, reports, immediate
observations, access events, objections, public statements) and hands them here
as plain values; the State's page, its CSV and the API show the same rows.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext_noop

from custodiet.reports.rules import ReportStatus, response_state


@dataclass(frozen=True)
class ReportFacts:
    status: str
    origin: str
    adopted_on: date | None
    transmitted_on: date | None
    response_due: date | None
    response_received_on: date | None
    published_on: date | None


@dataclass
class Indicators:
    state: str
    visits_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    visits_total: int = 0
    reports_adopted: int = 0
    reports_published: int = 0
    share_published: Fraction | None = None
    median_days_to_response: float | None = None
    responses_overdue: int = 0
    observations_overdue: int = 0
    access_refusals: int = 0
    objections: int = 0
    objections_not_allowed: int = 0
    public_statements: int = 0
    recommendations_repeated: int = 0

    @property
    def share_published_percent(self) -> float | None:
        return None if self.share_published is None else round(float(self.share_published) * 100, 1)

    def rows(self) -> list[tuple[str, str]]:
        """The indicators as (label, value) rows, for the page table and the CSV; unknown stays empty. The
        labels are English (the CSV and the API); the page translates them (``{% translate label %}``)."""

        def shown(value: object) -> str:
            return "" if value is None else str(value)

        return [
            (gettext_noop("Visits recorded"), shown(self.visits_total)),
            (gettext_noop("Reports adopted"), shown(self.reports_adopted)),
            (gettext_noop("Reports published"), shown(self.reports_published)),
            (gettext_noop("Share published (%)"), shown(self.share_published_percent)),
            (gettext_noop("Median days from transmission to response"), shown(self.median_days_to_response)),
            (gettext_noop("Responses overdue"), shown(self.responses_overdue)),
            (
                gettext_noop("Immediate observations unanswered past their deadline"),
                shown(self.observations_overdue),
            ),
            (gettext_noop("Access refused, delayed or obstructed"), shown(self.access_refusals)),
            (gettext_noop("Objections to visits"), shown(self.objections)),
            (
                gettext_noop("Objections on a ground the treaty does not allow"),
                shown(self.objections_not_allowed),
            ),
            (gettext_noop("Public statements"), shown(self.public_statements)),
            (
                gettext_noop("Recommendations repeated from an earlier report"),
                shown(self.recommendations_repeated),
            ),
        ]


def cooperation_indicators(
    *,
    state: str,
    visits: Iterable[tuple[str, int]],
    reports: Iterable[ReportFacts],
    observations: Iterable[tuple[date, date | None]],
    access_problems: int,
    objections: int,
    public_statements: int,
    objections_not_allowed: int = 0,
    recommendations_repeated: int,
    today: date,
) -> Indicators:
    """What the records say of a State's cooperation. Counts only what is recorded; a report known to be
    published counts as adopted even where its date of adoption is unknown (reference data)."""
    result = Indicators(state=state)
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, year in visits:
        by_year[year][kind] += 1
        result.visits_total += 1
    result.visits_by_year = {year: dict(kinds) for year, kinds in sorted(by_year.items())}
    delays: list[int] = []
    for report in reports:
        if report.status != ReportStatus.DRAFT:
            result.reports_adopted += 1
        if report.status == ReportStatus.PUBLISHED:
            result.reports_published += 1
        if report.transmitted_on and report.response_received_on:
            delays.append((report.response_received_on - report.transmitted_on).days)
        if (
            report.transmitted_on
            and response_state(report.response_due, report.response_received_on, today) == "overdue"
            and report.status != ReportStatus.PUBLISHED
        ):
            result.responses_overdue += 1
    if result.reports_adopted:
        result.share_published = Fraction(result.reports_published, result.reports_adopted)
    result.median_days_to_response = float(statistics.median(delays)) if delays else None
    result.observations_overdue = sum(
        1 for due, received in observations if response_state(due, received, today) == "overdue"
    )
    result.access_refusals = access_problems
    result.objections = objections
    result.objections_not_allowed = objections_not_allowed
    result.public_statements = public_statements
    result.recommendations_repeated = recommendations_repeated
    return result
