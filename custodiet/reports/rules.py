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
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.visits.rules import add_months

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# The language a report is written in (the lang of its document, _document.html): its title, its drafted
# items and its renderings are the committee's text, never the reader's interface language.
REPORT_LANGUAGE = "en"

# -- vocabularies ---------------------------------------------------------------------------------


class ReportStatus(TextChoices):
    DRAFT = "draft", pgettext_lazy("status of a report", "Draft")
    ADOPTED = "adopted", pgettext_lazy("status of a report", "Adopted")
    TRANSMITTED = "transmitted", pgettext_lazy("status of a report", "Transmitted (confidential)")
    RESPONSE_RECEIVED = (
        "response_received",
        pgettext_lazy("status of a report", "Response received (confidential)"),
    )
    PUBLISHED = "published", pgettext_lazy("status of a report", "Published")


class Origin(TextChoices):
    """Where a record comes from: made through Custodiet's procedure, or copied from a published source."""

    RECORDED = "recorded", gettext_lazy("Recorded through the procedure")
    REFERENCE = "reference", gettext_lazy("Reference data from a published source")


class ItemKind(TextChoices):
    RECOMMENDATION = "recommendation", gettext_lazy("Recommendation")
    COMMENT = "comment", gettext_lazy("Comment")
    REQUEST_FOR_INFORMATION = "request_for_information", gettext_lazy("Request for information")


class Priority(TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("Immediate action")
    HIGH = "high", gettext_lazy("High")
    NORMAL = "normal", gettext_lazy("Normal")


class Theme(TextChoices):
    """The headings of a CPT report's findings, in the order the report gives them."""

    COOPERATION = "cooperation", gettext_lazy("Cooperation")
    ILL_TREATMENT = "ill_treatment", gettext_lazy("Ill-treatment")
    SAFEGUARDS = "safeguards", gettext_lazy("Fundamental safeguards against ill-treatment")
    CONDITIONS = "conditions", gettext_lazy("Material conditions of detention")
    REGIME = "regime", gettext_lazy("Regime and activities")
    HEALTHCARE = "healthcare", gettext_lazy("Health care")
    DISCIPLINE = "discipline", gettext_lazy("Discipline and segregation")
    STAFF = "staff", gettext_lazy("Staff")
    CONTACT = "contact", gettext_lazy("Contact with the outside world")
    COMPLAINTS = "complaints", gettext_lazy("Complaints and inspection procedures")
    OTHER = "other", gettext_lazy("Other issues")


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
    NOT_ANSWERED = "not_answered", gettext_lazy("Not answered")
    REJECTED = "rejected", gettext_lazy("Rejected")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", gettext_lazy("Partially implemented")
    IMPLEMENTED = "implemented", gettext_lazy("Implemented")
    NO_LONGER_RELEVANT = "no_longer_relevant", gettext_lazy("No longer relevant")


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

# Said in the reader's language where a message cites them (the report's own text is written in English).
ART_10_1 = gettext_lazy("Art. 10(1) ECPT")
ART_10_2 = gettext_lazy("Art. 10(2) ECPT")
ART_11_2 = gettext_lazy("Art. 11(2) ECPT")
ART_11_3 = gettext_lazy("Art. 11(3) ECPT")


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
    article: StrOrPromise
    wording: StrOrPromise


STATEMENT_RULES: dict[str, StatementRule] = {
    "ETS-126": StatementRule(
        Fraction(2, 3), ART_10_2, gettext_lazy("a majority of two thirds of its members")
    ),
}
PUBLICATION_ARTICLES: dict[str, StrOrPromise] = {
    "ETS-126": ART_11_2,
    "UN-OPCAT": gettext_lazy("Art. 16(2) OPCAT"),
}


def publication_article(instrument: str | None) -> str:
    return str(PUBLICATION_ARTICLES.get(instrument or "", ART_11_2))


# -- lifecycle ------------------------------------------------------------------------------------


def status_label(status: str) -> str:
    return str(dict(ReportStatus.choices).get(status, status))


def is_confidential(status: str) -> bool:
    """Every report is confidential until it is published (Art. 11(1) ECPT)."""
    return status != ReportStatus.PUBLISHED


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        allowed = ", ".join(status_label(step) for step in TRANSITIONS.get(current, ())) or _("none")
        raise DomainError(
            _("A report that is %(current)s cannot become %(target)s (next steps: %(allowed)s).")
            % {
                "current": status_label(current).lower(),
                "target": status_label(target).lower(),
                "allowed": allowed,
            }
        )


def check_editable(status: str) -> None:
    """Items are written while the report is a draft; adoption freezes them."""
    if status != ReportStatus.DRAFT:
        raise DomainError(
            _("The report is %(status)s: its items were frozen when it was adopted.")
            % {"status": status_label(status).lower()}
        )


def _not_future(what: str, day: date, today: date) -> None:
    """``what`` is marked with ``_`` (lazy) where it is written, and said in the reader's language here."""
    if day > today:
        raise DomainError(
            _("%(what)s cannot be in the future (%(day)s).") % {"what": what, "day": shown_date(day)}
        )


def _not_before(message: str, day: date, earlier: date | None, *, earlier_is: str) -> None:
    """Refuse a day before an earlier step of the report (when that is known); ``message`` names the day
    ``%(day)s`` and the earlier step's ``%(<earlier_is>)s``."""
    if earlier is not None and day < earlier:
        raise DomainError(message % {"day": shown_date(day), earlier_is: shown_date(earlier)})


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
    _not_future(_("The date of adoption"), adopted_on, today)
    if visits_not_ended:
        raise DomainError(
            _(
                "The report cannot be adopted yet: %(visits)s is not recorded as completed (%(article)s: the "
                "report is drawn up after the visit). Record the day the visit ended first."
            )
            % {"visits": "; ".join(visits_not_ended), "article": ART_10_1}
        )
    if visits_ended_on is not None and adopted_on < visits_ended_on:
        raise DomainError(
            _(
                "The report cannot be adopted on %(day)s: its visit ended on %(ended)s (%(article)s: the "
                "report is drawn up after the visit)."
            )
            % {"day": shown_date(adopted_on), "ended": shown_date(visits_ended_on), "article": ART_10_1}
        )
    if min(votes_for, votes_against, abstentions) < 0:
        raise DomainError(_("Votes are counts: none can be negative."))
    if votes_for <= votes_against:
        raise DomainError(
            _(
                "The report is not adopted: %(for)s for and %(against)s against is not a majority of the "
                "votes cast."
            )
            % {"for": votes_for, "against": votes_against}
        )
    named = [name for name in (n.strip() for n in voters) if name]
    total = votes_for + votes_against + abstentions
    if seats is not None and total > seats.filled_at_most:
        raise DomainError(_too_many_votes(total, adopted_on, seats))
    if named and len(named) != total:
        raise DomainError(
            _(
                "%(named)s member(s) named but %(total)s vote(s) counted: name every member who voted, or "
                "give the counts only."
            )
            % {"named": len(named), "total": total}
        )
    if len(set(named)) != len(named):
        raise DomainError(_("A member is named twice among those who voted."))
    if item_count < 1:
        raise DomainError(
            _(
                "The report has no recommendations, comments or requests for information: add them before "
                "adoption."
            )
        )


def _too_many_votes(total: int, adopted_on: date, seats: SeatCount) -> str:
    """The refusal of more votes than the committee had members on the day, in the reader's language."""
    values = {
        "total": total,
        "day": shown_date(adopted_on),
        "body": seats.body,
        "seats": seats.total,
        "article": seats.article,
        "vacant": seats.vacant,
        "most": seats.filled_at_most,
    }
    if seats.complete and seats.vacant:
        said = _(
            "%(total)s votes cannot have been cast: on %(day)s the %(body)s has %(seats)s seats (%(article)s), "
            "%(vacant)s of them known to be vacant, so at most %(most)s members could vote."
        )
    elif seats.complete:
        said = _(
            "%(total)s votes cannot have been cast: on %(day)s the %(body)s has %(seats)s seats (%(article)s), "
            "so at most %(most)s members could vote."
        )
    elif seats.vacant:
        said = _(
            "%(total)s votes cannot have been cast: on %(day)s the %(body)s has %(seats)s seats on record "
            "(%(article)s), %(vacant)s of them known to be vacant, so at most %(most)s members could vote."
        )
    else:
        said = _(
            "%(total)s votes cannot have been cast: on %(day)s the %(body)s has %(seats)s seats on record "
            "(%(article)s), so at most %(most)s members could vote."
        )
    if not seats.complete:
        said += " " + _(
            "If a Party is missing from the record of the treaty's parties, record its ratification."
        )
    return said % values


def default_response_due(transmitted_on: date) -> date:
    """The State's response is due six months after transmission."""
    return add_months(transmitted_on, RESPONSE_MONTHS)


def check_transmission(
    *, status: str, adopted_on: date | None, transmitted_on: date, response_due: date | None, today: date
) -> date:
    """Transmission to the State; returns the response's due date (six months unless overridden)."""
    check_transition(status, ReportStatus.TRANSMITTED)
    _not_future(_("The date of transmission"), transmitted_on, today)
    _not_before(
        _("The report cannot be transmitted on %(day)s, before it was adopted (%(adopted)s)."),
        transmitted_on,
        adopted_on,
        earlier_is="adopted",
    )
    due = response_due or default_response_due(transmitted_on)
    if due <= transmitted_on:
        raise DomainError(
            _("The response cannot be due on %(day)s: it must be after the transmission (%(transmitted)s).")
            % {"day": shown_date(due), "transmitted": shown_date(transmitted_on)}
        )
    return due


def _by_the_state(
    *,
    status: str,
    day: date,
    transmitted_on: date | None,
    today: date,
    not_answerable: str,
    what: str,
    predates: str,
) -> None:
    """A step the State takes on its report (its response, its request to publish): the report is with the
    State and not yet published, and the day is neither in the future nor before the transmission. The
    messages say which step: ``not_answerable`` with ``%(status)s``, ``predates`` with ``%(day)s`` and
    ``%(transmitted)s``."""
    if status not in ANSWERABLE:
        raise DomainError(not_answerable % {"status": status_label(status).lower()})
    _not_future(what, day, today)
    _not_before(predates, day, transmitted_on, earlier_is="transmitted")


def check_response(*, status: str, transmitted_on: date | None, received_on: date, today: date) -> None:
    if status == ReportStatus.PUBLISHED:
        raise DomainError(
            _(
                "The report is published: its text, the State's responses included, was checked for "
                "personal data when it was published and does not change any more."
            )
        )
    _by_the_state(
        status=status,
        day=received_on,
        transmitted_on=transmitted_on,
        today=today,
        not_answerable=_(
            "The report is %(status)s: a response is recorded only once the report has been transmitted "
            "to the State."
        ),
        what=_("The date the response was received"),
        predates=_(
            "A response received on %(day)s predates the transmission of the report (%(transmitted)s)."
        ),
    )


def check_publication_request(
    *, status: str, transmitted_on: date | None, requested_on: date, reference: str, today: date
) -> None:
    _by_the_state(
        status=status,
        day=requested_on,
        transmitted_on=transmitted_on,
        today=today,
        not_answerable=_(
            "The report is %(status)s: the State asks for publication of a report it has received and "
            "that is not yet published."
        ),
        what=_("The date of the State's request"),
        predates=_("The request of %(day)s predates the transmission of the report (%(transmitted)s)."),
    )
    if not reference.strip():
        raise DomainError(
            _("Give the reference of the State's request (e.g. the note verbale or letter and its date).")
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
        raise DomainError(_("The report is already published."))
    if requested_on is None or not request_reference.strip():
        raise DomainError(
            _(
                "The report cannot be published: no request of the State to publish it is recorded. Under "
                "%(article)s the report stays confidential unless the State requests its publication; record "
                "the State's request (date and reference) first."
            )
            % {"article": article}
        )
    check_transition(status, ReportStatus.PUBLISHED)
    _not_future(_("The date of publication"), published_on, today)
    _not_before(
        _("The report cannot be published on %(day)s, before the State asked for it (%(requested)s)."),
        published_on,
        requested_on,
        earlier_is="requested",
    )


def check_item_status(
    *, report_status: str, kind: str, status: str, set_on: date, reason: str, today: date
) -> None:
    if report_status not in WITH_THE_STATE:
        raise DomainError(
            _(
                "Implementation is followed once the report has been transmitted to the State; this one is "
                "%(status)s."
            )
            % {"status": status_label(report_status).lower()}
        )
    if status not in ImplementationStatus.values:
        raise DomainError(_("Unknown implementation status “%(status)s”.") % {"status": status})
    _not_future(_("The date of the assessment"), set_on, today)
    if status in STATUSES_NEEDING_REASON and not reason.strip():
        raise DomainError(
            _("Say why the item is “%(status)s”: a reason is required.")
            % {"status": str(dict(ImplementationStatus.choices)[status]).lower()}
        )
    if kind == ItemKind.COMMENT and status != ImplementationStatus.NO_LONGER_RELEVANT:
        raise DomainError(
            _(
                "A comment asks nothing of the State: only recommendations and requests for information are "
                "followed up (a comment can only be closed as no longer relevant)."
            )
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
            _(
                "No public-statement procedure is known for this body's instrument (%(instrument)s): the "
                "procedure of %(article)s belongs to the CPT."
            )
            % {"instrument": instrument or _("none"), "article": ART_10_2}
        )
    _not_future(_("The date of the decision"), decided_on, today)
    if members < 1:
        raise DomainError(
            _(
                "No party to the instrument is on record on %(day)s: the committee's membership, and so the "
                "majority, cannot be computed."
            )
            % {"day": shown_date(decided_on)}
        )
    if votes_for < 0 or votes_for > members:
        raise DomainError(
            ngettext(
                "%(votes)s votes for cannot be right: the committee has %(members)s member.",
                "%(votes)s votes for cannot be right: the committee has %(members)s members.",
                members,
            )
            % {"votes": votes_for, "members": members}
        )
    needed = votes_needed(members, rule.majority)
    if votes_for < needed:
        raise DomainError(
            _(
                "The public statement is refused: %(votes)s of %(members)s members voted for it, and "
                "%(article)s requires %(wording)s (at least %(needed)s)."
            )
            % {
                "votes": votes_for,
                "members": members,
                "article": rule.article,
                "wording": str(rule.wording),
                "needed": needed,
            }
        )
    if views_invited_on is None:
        raise DomainError(
            _(
                "The public statement is refused: the State has not been given the chance to make its views "
                "known (%(article)s). Record when it was invited to do so."
            )
            % {"article": rule.article}
        )
    if views_invited_on > decided_on:
        raise DomainError(
            _(
                "The public statement is refused: the State was invited to make its views known on %(day)s, "
                "after the decision (%(decided)s); %(article)s requires it to come first."
            )
            % {
                "day": shown_date(views_invited_on),
                "decided": shown_date(decided_on),
                "article": rule.article,
            }
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
