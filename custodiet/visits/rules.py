"""The rules of a visit that need no database: the order of its statuses, what each status leaves
open, the dates of what is recorded on it, and its delegation.

Pure functions over plain values; custodiet.visits.services feeds them from the
database and persists what they allow. Each refusal is a ``DomainError`` whose
message says which rule refused and why. The treaty gate on planning is in
``custodiet.visits.gate``, the grounds of objection in ``custodiet.visits.objections``.

- Statuses: planned -> notified -> under way -> completed; planned, notified or
  under way -> cancelled; nothing leaves completed or cancelled. "Notified"
  needs a recorded notification of the visit; "under way" needs an arrival or a
  start date; "completed" an end date on or after the start. Dates may not lie
  in the future.
- Records: access events and immediate observations may not be in the future
  and must fall within the visit (actual dates where known, the planned window
  otherwise, up to today while a visit that overran is under way). A delay has
  a duration in minutes; nothing else has one. An observation's answer is due
  after it was communicated; the form offers one month, which the committee may
  change.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError

# The statuses of a visit, as stored (custodiet.visits.models.VisitStatus).
PLANNED, NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED = (
    "planned",
    "notified",
    "under_way",
    "completed",
    "cancelled",
)
STATUS_LABELS = {
    PLANNED: gettext_lazy("planned"),
    NOTIFIED: gettext_lazy("notified"),
    UNDER_WAY: gettext_lazy("under way"),
    COMPLETED: gettext_lazy("completed"),
    CANCELLED: gettext_lazy("cancelled"),
}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PLANNED: (NOTIFIED, CANCELLED),
    NOTIFIED: (UNDER_WAY, CANCELLED),
    UNDER_WAY: (COMPLETED, CANCELLED),
    COMPLETED: (),
    CANCELLED: (),
}

# Which statuses of a visit allow which kind of record. A cancelled visit keeps its access events and
# objections open (they often explain why it was cancelled); a completed one can still be completed in
# the record (notifications, arrivals, access events, observations and their answers), within its dates.
OPEN_FOR: dict[str, frozenset[str]] = {
    "edit_dates": frozenset({PLANNED, NOTIFIED}),
    "delegation": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "itinerary": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "notification": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED}),
    "arrival": frozenset({NOTIFIED, UNDER_WAY, COMPLETED}),
    "access_event": frozenset({NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED}),
    "objection": frozenset({PLANNED, NOTIFIED, UNDER_WAY, COMPLETED, CANCELLED}),
    "observation": frozenset({UNDER_WAY, COMPLETED}),
}
OPEN_FOR_WHAT = {
    "edit_dates": gettext_lazy("Its planned dates can change only while a visit is %(statuses)s."),
    "delegation": gettext_lazy("Its delegation can change only while a visit is %(statuses)s."),
    "itinerary": gettext_lazy("Places can be added to its itinerary only while a visit is %(statuses)s."),
    "notification": gettext_lazy("Notifications can be recorded only while a visit is %(statuses)s."),
    "arrival": gettext_lazy("Arrivals and departures can be recorded only while a visit is %(statuses)s."),
    "access_event": gettext_lazy("Access events can be recorded only while a visit is %(statuses)s."),
    "objection": gettext_lazy("Objections can be recorded only while a visit is %(statuses)s."),
    "observation": gettext_lazy("Immediate observations can be recorded only while a visit is %(statuses)s."),
}

DELEGATION_ACCOUNT_ROLES = ("delegation_member", "committee_member", "secretariat")
COMMITTEE_ROLES = ("head", "member")  # delegation roles held by members of the committee itself
MINIMUM_MEMBERS: dict[str, tuple[int, str]] = {
    "ETS-126": (
        2,
        gettext_noop("Art. 7(2) ECPT: as a general rule, visits are carried out by at least two members"),
    ),
    "UN-OPCAT": (
        2,
        gettext_noop("Art. 13(3) OPCAT: visits are conducted by at least two members of the Subcommittee"),
    ),
}


# -- statuses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """What a status change sets besides the status."""

    status: str
    started_on: date | None
    ended_on: date | None


def one_of(names: list[str]) -> str:
    """Alternatives as a sentence lists them: "planned, notified or under way"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def ensure_open(status: str, action: str) -> None:
    """Refuse a record that the visit's status no longer (or not yet) allows."""
    allowed = OPEN_FOR[action]
    if status not in allowed:
        shown = one_of([str(STATUS_LABELS[s]) for s in STATUS_LABELS if s in allowed])
        raise DomainError(
            _("This visit is %(status)s.") % {"status": STATUS_LABELS.get(status, status)}
            + " "
            + OPEN_FOR_WHAT[action] % {"statuses": shown}
        )


def check_transition(
    *,
    current: str,
    target: str,
    today: date,
    has_visit_notification: bool,
    started_on: date | None = None,
    first_arrival: date | None = None,
    last_departure: date | None = None,
    on: date | None = None,
) -> Transition:
    """May a visit go from ``current`` to ``target``? Returns the dates to set, or raises DomainError."""
    if target not in TRANSITIONS:
        raise DomainError(_("Unknown status “%(status)s”.") % {"status": target})
    if target == current:
        raise DomainError(_("The visit is already %(status)s.") % {"status": STATUS_LABELS[target]})
    following = TRANSITIONS.get(current, ())
    if target not in following:
        if not following:
            raise DomainError(
                _("A visit that is %(status)s cannot change status.") % {"status": STATUS_LABELS[current]}
            )
        choices = one_of([str(STATUS_LABELS[s]) for s in following])
        raise DomainError(
            _("A visit that is %(status)s cannot become %(target)s: it may only become %(choices)s.")
            % {"status": STATUS_LABELS[current], "target": STATUS_LABELS[target], "choices": choices}
        )
    if on is not None and on > today:
        raise DomainError(_("%(day)s is in the future.") % {"day": shown_date(on)})
    if target == NOTIFIED:
        if not has_visit_notification:
            raise DomainError(
                _(
                    "Record the notification of the visit to the State first: a visit is notified when the "
                    "State has been told of it."
                )
            )
        return Transition(NOTIFIED, started_on, None)
    if target == UNDER_WAY:
        start = on or started_on or first_arrival
        if start is None:
            raise DomainError(
                _(
                    "A visit is under way from its start: record the arrival at a place, or give the date it started."
                )
            )
        if start > today:
            raise DomainError(
                _("The visit cannot have started on %(day)s, which is in the future.")
                % {"day": shown_date(start)}
            )
        return Transition(UNDER_WAY, start, None)
    if target == COMPLETED:
        end = on or last_departure or today
        if started_on is not None and end < started_on:
            raise DomainError(
                _("The visit cannot end on %(end)s, before it started (%(start)s).")
                % {"end": shown_date(end), "start": shown_date(started_on)}
            )
        if end > today:
            raise DomainError(
                _("The visit cannot have ended on %(day)s, which is in the future.")
                % {"day": shown_date(end)}
            )
        return Transition(COMPLETED, started_on, end)
    return Transition(CANCELLED, started_on, None)


def next_statuses(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


# -- dates of records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitDates:
    planned_start: date
    planned_end: date
    started_on: date | None = None
    ended_on: date | None = None
    status: str = PLANNED

    def span(self, today: date) -> tuple[date, date]:
        """The days a record may fall on: actual dates where known, else the planned window; while a visit
        that overran is under way, up to today."""
        first = min(self.planned_start, self.started_on or self.planned_start)
        if self.ended_on is not None:
            last = self.ended_on
        elif self.status == UNDER_WAY:
            last = max(self.planned_end, today)
        else:
            last = self.planned_end
        return first, last

    def describe(self, today: date) -> str:
        first, last = self.span(today)
        return _("%(first)s to %(last)s") % {"first": shown_date(first), "last": shown_date(last)}


def check_within_visit(what: str, day: date, dates: VisitDates, *, today: date) -> None:
    if day > today:
        raise DomainError(
            _("%(what)s cannot be on %(day)s, which is in the future.")
            % {"what": what, "day": shown_date(day)}
        )
    first, last = dates.span(today)
    if not first <= day <= last:
        raise DomainError(
            _("%(what)s on %(day)s falls outside the visit (%(dates)s).")
            % {"what": what, "day": shown_date(day), "dates": dates.describe(today)}
        )


def check_moment(what: str, moment: datetime, now: datetime) -> None:
    if moment > now:
        raise DomainError(
            _("%(what)s cannot be at %(moment)s, which is in the future.")
            % {"what": what, "moment": formats.date_format(moment, "DATETIME_FORMAT")}
        )


ACCESS_KINDS = ("granted", "delayed", "refused", "documents_withheld", "interview_prevented")
PROBLEM_KINDS = ("delayed", "refused", "documents_withheld", "interview_prevented")


def check_access_event(kind: str, delay_minutes: int | None) -> None:
    if kind not in ACCESS_KINDS:
        raise DomainError(
            _("Unknown kind of access event “%(kind)s”: one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(ACCESS_KINDS)}
        )
    if kind == "delayed":
        if delay_minutes is None or delay_minutes <= 0:
            raise DomainError(
                _("A delay needs its duration: how many minutes the delegation was kept waiting.")
            )
    elif delay_minutes:
        raise DomainError(_("Only a delay has a duration; leave the minutes empty for this kind of event."))


def check_notification(*, subject: str, place_count: int, has_visit_notification: bool) -> None:
    if subject not in ("visit", "places", "on_arrival"):
        raise DomainError(
            _("Unknown subject of notification “%(subject)s”: visit, places or on_arrival.")
            % {"subject": subject}
        )
    if subject == "places" and place_count < 1:
        raise DomainError(_("A notification of places names at least one place."))
    if subject == "on_arrival" and place_count != 1:
        raise DomainError(_("A place notified on arrival is one place: name it."))
    if subject in ("places", "on_arrival") and not has_visit_notification:
        raise DomainError(
            _(
                "Record the notification of the visit itself first: the State is told of the visit, then of the "
                "places (or of each place on arrival)."
            )
        )


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_response_due(communicated_on: date) -> date:
    """The deadline the form offers for the State's answer: one month after communication."""
    return add_months(communicated_on, 1)


def check_observation(communicated_on: date, response_due: date) -> None:
    if response_due <= communicated_on:
        raise DomainError(
            _(
                "The answer cannot be due on %(due)s: it must be after the observations were communicated "
                "(%(communicated)s)."
            )
            % {"due": shown_date(response_due), "communicated": shown_date(communicated_on)}
        )


def observation_state(response_due: date, received_on: date | None, today: date) -> str:
    """answered, overdue or pending."""
    if received_on is not None:
        return "answered"
    return "overdue" if response_due < today else "pending"


def delegation_warnings(roles: Sequence[str], instrument: str | None) -> list[str]:
    """Warn when a delegation has fewer members of the committee than the treaty expects."""
    if instrument not in MINIMUM_MEMBERS:
        return []
    minimum, article = MINIMUM_MEMBERS[instrument]
    members = sum(1 for role in roles if role in COMMITTEE_ROLES)
    if members >= minimum:
        return []
    return [
        ngettext(
            "The delegation has %(count)s committee member (%(article)s).",
            "The delegation has %(count)s committee members (%(article)s).",
            members,
        )
        % {"count": members, "article": _(article)}
    ]


def check_account_role(role: str) -> None:
    if role not in DELEGATION_ACCOUNT_ROLES:
        raise DomainError(
            _(
                "Only accounts of delegation members, committee members or the secretariat can be linked to a "
                "delegation."
            )
        )
