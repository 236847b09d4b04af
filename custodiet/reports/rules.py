"""Rules of reports and public statements that need no database.

A report after a visit (Art. 10(1) ECPT) goes draft → adopted → transmitted →
response received → published. Until it is published it is confidential
(Art. 11(1)), and it is published only when the State asks for it (Art. 11(2)),
with no personal data unless the person concerned consents (Art. 11(3)). The
State's response is due six months after transmission unless the committee sets
another date; immediate observations carry their own, shorter deadline
(custodiet.visits). A public statement (Art. 10(2)) needs a two-thirds majority
of the committee's members and comes only after the State has had the chance to
make its views known.

The check that a published text names no one on record is in
``custodiet.reports.names``; a State's cooperation indicators in
``custodiet.reports.indicators``.

Pure functions over plain values: the services call them before they write, the
forms and the API get the same refusals in the same words, and the tests need no
database. The database constraints in ``custodiet.reports.models`` hold the same
invariants a second time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import TextChoices

from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.visits.rules import add_months

# -- vocabularies ---------------------------------------------------------------------------------


class ReportStatus(TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    TRANSMITTED = "transmitted", "Transmitted (confidential)"
    RESPONSE_RECEIVED = "response_received", "Response received (confidential)"
    PUBLISHED = "published", "Published"


class Origin(TextChoices):
    """Where a record comes from: made through Custodiet's procedure, or copied from a published source."""

    RECORDED = "recorded", "Recorded through the procedure"
    REFERENCE = "reference", "Reference data from a published source"


class ItemKind(TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    COMMENT = "comment", "Comment"
    REQUEST_FOR_INFORMATION = "request_for_information", "Request for information"


class Priority(TextChoices):
    IMMEDIATE = "immediate", "Immediate action"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


class Theme(TextChoices):
    """The headings of a CPT report's findings, in the order the report gives them."""

    COOPERATION = "cooperation", "Cooperation"
    ILL_TREATMENT = "ill_treatment", "Ill-treatment"
    SAFEGUARDS = "safeguards", "Fundamental safeguards against ill-treatment"
    CONDITIONS = "conditions", "Material conditions of detention"
    REGIME = "regime", "Regime and activities"
    HEALTHCARE = "healthcare", "Health care"
    DISCIPLINE = "discipline", "Discipline and segregation"
    STAFF = "staff", "Staff"
    CONTACT = "contact", "Contact with the outside world"
    COMPLAINTS = "complaints", "Complaints and inspection procedures"
    OTHER = "other", "Other issues"


THEME_ORDER = {code: rank for rank, code in enumerate(Theme.values)}

# The standards' measurement kinds (custodiet.standards.models.MeasurementKind) under the report's headings.
THEME_OF_MEASURE: dict[str, str] = {
    "cell_space": Theme.CONDITIONS,
    "natural_light": Theme.CONDITIONS,
    "ventilation": Theme.CONDITIONS,
    "in_cell_sanitation": Theme.CONDITIONS,
    "outdoor_exercise": Theme.REGIME,
    "solitary_confinement": Theme.DISCIPLINE,
    "police_safeguards": Theme.SAFEGUARDS,
    "admission_screening": Theme.HEALTHCARE,
}


class ImplementationStatus(TextChoices):
    NOT_ANSWERED = "not_answered", "Not answered"
    REJECTED = "rejected", "Rejected"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIALLY_IMPLEMENTED = "partially_implemented", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


# An item whose status is one of these is closed: it is not chased any more.
CLOSED_STATUSES = frozenset({ImplementationStatus.IMPLEMENTED, ImplementationStatus.NO_LONGER_RELEVANT})
# Setting one of these needs a reason in words.
STATUSES_NEEDING_REASON = frozenset({ImplementationStatus.REJECTED, ImplementationStatus.NO_LONGER_RELEVANT})

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportStatus.DRAFT: (ReportStatus.ADOPTED,),
    ReportStatus.ADOPTED: (ReportStatus.TRANSMITTED,),
    ReportStatus.TRANSMITTED: (ReportStatus.RESPONSE_RECEIVED, ReportStatus.PUBLISHED),
    ReportStatus.RESPONSE_RECEIVED: (ReportStatus.PUBLISHED,),
    ReportStatus.PUBLISHED: (),
}
# The State has the report in hand from these statuses on: its liaison may read and answer it.
WITH_THE_STATE = (ReportStatus.TRANSMITTED, ReportStatus.RESPONSE_RECEIVED, ReportStatus.PUBLISHED)
ANSWERABLE = (ReportStatus.TRANSMITTED, ReportStatus.RESPONSE_RECEIVED)

RESPONSE_MONTHS = (
    6  # the State's response: six months after transmission, unless the committee says otherwise
)

ART_10_1 = "Art. 10(1) ECPT"
ART_10_2 = "Art. 10(2) ECPT"
ART_11_2 = "Art. 11(2) ECPT"
ART_11_3 = "Art. 11(3) ECPT"


@dataclass(frozen=True)
class SeatCount:
    """A committee's seats on a date (custodiet.treaties.selectors.committee_seats), as the rules read it."""

    body: str
    total: int
    vacant: int
    article: str
    complete: bool = True

    @property
    def filled_at_most(self) -> int:
        return self.total - self.vacant


@dataclass(frozen=True)
class StatementRule:
    """Who may make a public statement about a State that fails to cooperate, and by what majority."""

    majority: Fraction
    article: str
    wording: str


STATEMENT_RULES: dict[str, StatementRule] = {
    "ETS-126": StatementRule(Fraction(2, 3), ART_10_2, "a majority of two thirds of its members"),
}
PUBLICATION_ARTICLES: dict[str, str] = {
    "ETS-126": ART_11_2,
    "UN-OPCAT": "Art. 16(2) OPCAT",
}


def publication_article(instrument: str | None) -> str:
    return PUBLICATION_ARTICLES.get(instrument or "", ART_11_2)


# -- lifecycle ------------------------------------------------------------------------------------


def status_label(status: str) -> str:
    return dict(ReportStatus.choices).get(status, status)


def is_confidential(status: str) -> bool:
    """Every report is confidential until it is published (Art. 11(1) ECPT)."""
    return status != ReportStatus.PUBLISHED


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        allowed = ", ".join(status_label(step) for step in TRANSITIONS.get(current, ())) or "none"
        raise DomainError(
            f"A report that is {status_label(current).lower()} cannot become "
            f"{status_label(target).lower()} (next steps: {allowed})."
        )


def check_editable(status: str) -> None:
    """Items are written while the report is a draft; adoption freezes them."""
    if status != ReportStatus.DRAFT:
        raise DomainError(
            f"The report is {status_label(status).lower()}: its items were frozen when it was adopted."
        )


def _not_future(what: str, day: date, today: date) -> None:
    if day > today:
        raise DomainError(f"{what} cannot be in the future ({shown_date(day)}).")


def check_adoption(
    *,
    status: str,
    adopted_on: date,
    today: date,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    voters: Sequence[str],
    item_count: int,
    visits_ended_on: date | None,
    visits_not_ended: Sequence[str] = (),
    seats: SeatCount | None = None,
) -> None:
    """The committee adopts the report by a majority of the votes cast; names, when given, match the count;
    no more votes than the committee has members on the day (its seats, less those known to be vacant).

    ``visits_not_ended`` names the report's visits that are not recorded as completed: a date they have
    not reached is never said to be their end."""
    check_transition(status, ReportStatus.ADOPTED)
    _not_future("The date of adoption", adopted_on, today)
    if visits_not_ended:
        raise DomainError(
            f"The report cannot be adopted yet: {'; '.join(visits_not_ended)} "
            f"is not recorded as completed ({ART_10_1}: the report is drawn up after the visit). Record the "
            "day the visit ended first."
        )
    if visits_ended_on is not None and adopted_on < visits_ended_on:
        raise DomainError(
            f"The report cannot be adopted on {shown_date(adopted_on)}: its visit ended on "
            f"{shown_date(visits_ended_on)} ({ART_10_1}: the report is drawn up after the visit)."
        )
    if min(votes_for, votes_against, abstentions) < 0:
        raise DomainError("Votes are counts: none can be negative.")
    if votes_for <= votes_against:
        raise DomainError(
            f"The report is not adopted: {votes_for} for and {votes_against} against is not a majority "
            "of the votes cast."
        )
    named = [name for name in (n.strip() for n in voters) if name]
    total = votes_for + votes_against + abstentions
    if seats is not None and total > seats.filled_at_most:
        vacant = f", {seats.vacant} of them known to be vacant" if seats.vacant else ""
        record = (
            ""
            if seats.complete
            else " If a Party is missing from the record of the treaty's parties, record its ratification."
        )
        raise DomainError(
            f"{total} votes cannot have been cast: on {shown_date(adopted_on)} the {seats.body} has "
            f"{seats.total} seats{'' if seats.complete else ' on record'} ({seats.article}){vacant}, so at "
            f"most {seats.filled_at_most} members could vote.{record}"
        )
    if named and len(named) != total:
        raise DomainError(
            f"{len(named)} member(s) named but {total} vote(s) counted: name every member who voted, "
            "or give the counts only."
        )
    if len(set(named)) != len(named):
        raise DomainError("A member is named twice among those who voted.")
    if item_count < 1:
        raise DomainError(
            "The report has no recommendations, comments or requests for information: add them before "
            "adoption."
        )


def default_response_due(transmitted_on: date) -> date:
    """The State's response is due six months after transmission."""
    return add_months(transmitted_on, RESPONSE_MONTHS)


def check_transmission(
    *, status: str, adopted_on: date | None, transmitted_on: date, response_due: date | None, today: date
) -> date:
    """Transmission to the State; returns the response's due date (six months unless overridden)."""
    check_transition(status, ReportStatus.TRANSMITTED)
    _not_future("The date of transmission", transmitted_on, today)
    if adopted_on is not None and transmitted_on < adopted_on:
        raise DomainError(
            f"The report cannot be transmitted on {shown_date(transmitted_on)}, before it was adopted "
            f"({shown_date(adopted_on)})."
        )
    due = response_due or default_response_due(transmitted_on)
    if due <= transmitted_on:
        raise DomainError(
            f"The response cannot be due on {shown_date(due)}: it must be after the transmission "
            f"({shown_date(transmitted_on)})."
        )
    return due


def check_response(*, status: str, transmitted_on: date | None, received_on: date, today: date) -> None:
    if status == ReportStatus.PUBLISHED:
        raise DomainError(
            "The report is published: its text, the State's responses included, was checked for personal "
            "data when it was published and does not change any more."
        )
    if status not in ANSWERABLE:
        raise DomainError(
            f"The report is {status_label(status).lower()}: a response is recorded only once the report "
            "has been transmitted to the State."
        )
    _not_future("The date the response was received", received_on, today)
    if transmitted_on is not None and received_on < transmitted_on:
        raise DomainError(
            f"A response received on {shown_date(received_on)} predates the transmission of the report "
            f"({shown_date(transmitted_on)})."
        )


def check_publication_request(
    *, status: str, transmitted_on: date | None, requested_on: date, reference: str, today: date
) -> None:
    if status not in ANSWERABLE:
        raise DomainError(
            f"The report is {status_label(status).lower()}: the State asks for publication of a report it "
            "has received and that is not yet published."
        )
    _not_future("The date of the State's request", requested_on, today)
    if transmitted_on is not None and requested_on < transmitted_on:
        raise DomainError(
            f"The request of {shown_date(requested_on)} predates the transmission of the report "
            f"({shown_date(transmitted_on)})."
        )
    if not reference.strip():
        raise DomainError(
            "Give the reference of the State's request (e.g. the note verbale or letter and its date)."
        )


def check_publication(
    *,
    status: str,
    requested_on: date | None,
    request_reference: str,
    published_on: date,
    today: date,
    instrument: str | None = "ETS-126",
) -> None:
    """A report is published only at the State's request, recorded beforehand."""
    article = publication_article(instrument)
    if status == ReportStatus.PUBLISHED:
        raise DomainError("The report is already published.")
    if requested_on is None or not request_reference.strip():
        raise DomainError(
            "The report cannot be published: no request of the State to publish it is recorded. "
            f"Under {article} the report stays confidential unless the State requests its publication; "
            "record the State's request (date and reference) first."
        )
    check_transition(status, ReportStatus.PUBLISHED)
    _not_future("The date of publication", published_on, today)
    if published_on < requested_on:
        raise DomainError(
            f"The report cannot be published on {shown_date(published_on)}, before the State asked for it "
            f"({shown_date(requested_on)})."
        )


def check_item_status(
    *, report_status: str, kind: str, status: str, set_on: date, reason: str, today: date
) -> None:
    if report_status not in WITH_THE_STATE:
        raise DomainError(
            "Implementation is followed once the report has been transmitted to the State; this one is "
            f"{status_label(report_status).lower()}."
        )
    if status not in ImplementationStatus.values:
        raise DomainError(f"Unknown implementation status “{status}”.")
    _not_future("The date of the assessment", set_on, today)
    if status in STATUSES_NEEDING_REASON and not reason.strip():
        raise DomainError(
            f"Say why the item is “{dict(ImplementationStatus.choices)[status].lower()}”: a reason is required."
        )
    if kind == ItemKind.COMMENT and status != ImplementationStatus.NO_LONGER_RELEVANT:
        raise DomainError(
            "A comment asks nothing of the State: only recommendations and requests for information are "
            "followed up (a comment can only be closed as no longer relevant)."
        )


# -- deadlines ------------------------------------------------------------------------------------


def response_state(due: date | None, received_on: date | None, today: date) -> str:
    """answered, overdue, pending, or no_deadline."""
    if received_on is not None:
        return "answered"
    if due is None:
        return "no_deadline"
    return "overdue" if due < today else "pending"


def days_overdue(due: date | None, received_on: date | None, today: date) -> int:
    if received_on is not None or due is None or due >= today:
        return 0
    return (today - due).days


@dataclass(frozen=True)
class Awaited:
    """Something the State was asked to answer by a date: a report, or immediate observations."""

    kind: str  # "report" or "observation"
    pk: int
    state: str
    title: str
    due: date
    received_on: date | None
    reminders: int = 0
    last_reminder: date | None = None


@dataclass(frozen=True)
class Overdue:
    awaited: Awaited
    days: int


def overdue(awaited: Iterable[Awaited], today: date) -> list[Overdue]:
    """The answers past their deadline, the longest overdue first."""
    lines = [
        Overdue(item, days_overdue(item.due, item.received_on, today))
        for item in awaited
        if response_state(item.due, item.received_on, today) == "overdue"
    ]
    return sorted(lines, key=lambda line: (-line.days, line.awaited.kind, line.awaited.pk))


# -- public statements ----------------------------------------------------------------------------


def votes_needed(members: int, majority: Fraction) -> int:
    return math.ceil(members * majority)


def check_public_statement(
    *,
    instrument: str | None,
    decided_on: date,
    votes_for: int,
    members: int,
    views_invited_on: date | None,
    today: date,
) -> None:
    """Art. 10(2) ECPT: by two thirds of the members, after the State could make its views known."""
    rule = STATEMENT_RULES.get(instrument or "")
    if rule is None:
        raise DomainError(
            f"No public-statement procedure is known for this body's instrument ({instrument or 'none'}): "
            f"the procedure of {ART_10_2} belongs to the CPT."
        )
    _not_future("The date of the decision", decided_on, today)
    if members < 1:
        raise DomainError(
            f"No party to the instrument is on record on {shown_date(decided_on)}: the committee's "
            "membership, and so the majority, cannot be computed."
        )
    if votes_for < 0 or votes_for > members:
        raise DomainError(f"{votes_for} votes for cannot be right: the committee has {members} members.")
    needed = votes_needed(members, rule.majority)
    if votes_for < needed:
        raise DomainError(
            f"The public statement is refused: {votes_for} of {members} members voted for it, and "
            f"{rule.article} requires {rule.wording} (at least {needed})."
        )
    if views_invited_on is None:
        raise DomainError(
            "The public statement is refused: the State has not been given the chance to make its views "
            f"known ({rule.article}). Record when it was invited to do so."
        )
    if views_invited_on > decided_on:
        raise DomainError(
            f"The public statement is refused: the State was invited to make its views known on "
            f"{shown_date(views_invited_on)}, after the decision ({shown_date(decided_on)}); "
            f"{rule.article} requires it to come first."
        )


# -- items of a draft (written by custodiet.reports.drafting) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    theme: str
    text: str
    finding_pks: tuple[int, ...]
    place_pks: tuple[int, ...]
    authority: str = ""
    standard_code: str | None = None


def report_year(*days: date | None) -> int | None:
    """The year a report stands for: the first of its known dates given (adoption, transmission, ...)."""
    return next((day.year for day in days if day is not None), None)


def recommended_since(repeated_since: int | None, repeated_report_year: int | None) -> int | None:
    """The year an item was first recommended, following the chain of repeats back to its origin."""
    return repeated_since if repeated_since is not None else repeated_report_year
