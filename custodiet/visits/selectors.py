"""Reads of visits, scoped by who asks: the programme with its filters, one visit's whole record, the
visits that went to a place, and the treaty gate run on the database's records.

Every selector starts from ``Visit.objects.visible_to(user)`` (or ``recordable_by``), so a delegation
member never reads a visit they were not on. Each runs a fixed number of queries, whatever the number
of visits, stops, notifications or events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext as _

from custodiet.core.access import Actor
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.models import User
from custodiet.places.models import Place
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.rules import CoverageLine
from custodiet.treaties.selectors import engine_for_state
from custodiet.visits import rules
from custodiet.visits.gate import GateDecision, GateNote, planning_gate
from custodiet.visits.models import (
    AccessEvent,
    DelegationMember,
    DelegationRole,
    ImmediateObservation,
    ItineraryStop,
    Notification,
    Objection,
    Visit,
)
from custodiet.visits.objections import ObjectionClause, objection_clause

# The list's order, newest first and total, for keyset paging (custodiet.ops.paging).
LIST_ORDER = (("planned_start", True), ("id", True))


def visit_list(
    user: Actor,
    *,
    state: State | None = None,
    body: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    year: int | None = None,
) -> QuerySet[Visit]:
    """The visits the user may see, newest first, filtered by State, body code, status, kind and year."""
    visits = Visit.objects.visible_to(user).select_related("state", "body")
    if state is not None:
        visits = visits.filter(state=state)
    if body:
        visits = visits.filter(body__code=body)
    if status:
        visits = visits.filter(status=status)
    if kind:
        visits = visits.filter(kind=kind)
    if year:
        visits = visits.filter(planned_start__gte=date(year, 1, 1), planned_start__lte=date(year, 12, 31))
    return visits.order_by("-planned_start", "-id")


def access_problems(visit_ids: list[int]) -> dict[int, dict[str, int]]:
    """For a page of visits: how many delays, refusals, withheld documents, prevented interviews (one query)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        AccessEvent.objects.filter(visit_id__in=visit_ids, kind__in=rules.PROBLEM_KINDS)
        .values("visit_id", "kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["visit_id"]][row["kind"]] = row["count"]
    return dict(counts)


def _with_record(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return visits.select_related("state", "body__instrument", "body__state", "planned_by").prefetch_related(
        Prefetch(
            "delegation", queryset=DelegationMember.objects.select_related("user").order_by(role_rank(), "id")
        ),
        Prefetch(
            "itinerary",
            queryset=ItineraryStop.objects.select_related("place").order_by(
                F("planned_on").asc(nulls_last=True), F("arrived_at").asc(nulls_last=True), "id"
            ),
        ),
        Prefetch("notifications", queryset=Notification.objects.prefetch_related("places")),
        Prefetch("access_events", queryset=AccessEvent.objects.select_related("place", "recorded_by")),
        Prefetch("objections", queryset=Objection.objects.select_related("place")),
        Prefetch("observations", queryset=ImmediateObservation.objects.select_related("place")),
    )


def role_rank() -> Case:
    """The delegation in the order a report lists it: the head first, then the committee's members, the
    secretariat, the experts and the interpreters (the order of DelegationRole), not by the role's code."""
    return Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(DelegationRole.values)),
        default=Value(len(DelegationRole.values)),
        output_field=IntegerField(),
    )


def visit_detail(user: Actor, pk: int) -> Visit:
    """One visible visit with its whole record (9 queries); raises Visit.DoesNotExist otherwise."""
    return _with_record(Visit.objects.visible_to(user)).get(pk=pk)


def plannable(user: Actor) -> QuerySet[Visit]:
    """The visits the user may manage (the view has already checked the PLAN_VISITS capability)."""
    return Visit.objects.visible_to(user).select_related("state", "body__instrument", "body__state")


def recordable(user: Actor) -> QuerySet[Visit]:
    """The visits the user may record on: all for the secretariat, their own for a delegation member."""
    return Visit.objects.recordable_by(user).select_related("state", "body__instrument", "body__state")


_PLACE_PAGE_COLUMNS = (
    "title",
    "kind",
    "state",
    "status",
    "planned_start",
    "planned_end",
    "started_on",
    "ended_on",
)


def visits_for_place(place: Place, user: Actor, *, limit: int = 20) -> list[Visit]:
    """The visits the user may see that had the place on their itinerary, newest first (one query), with
    the columns a place's page shows of them (name, body, kind, dates, status)."""
    ids = ItineraryStop.objects.filter(place=place).values("visit_id")
    return list(
        Visit.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("body")
        .only(*_PLACE_PAGE_COLUMNS, "body__code")
        .order_by("-planned_start", "-id")[:limit]
    )


# -- the treaty gate on stored records ------------------------------------------------------------


def bodies() -> QuerySet[MonitoringBody]:
    return MonitoringBody.objects.select_related("instrument", "state").order_by("code")


def states() -> QuerySet[State]:
    """The States a list offers (UN members and observers); a territory is found by its name or code."""
    return State.objects.listed().order_by("name_en")


def places_in_state(state: State | int) -> QuerySet[Place]:
    return Place.objects.filter(state=state).only("id", "ref", "name_en", "name_local", "type", "state_id")


def delegation_accounts() -> QuerySet[User]:
    return User.objects.filter(role__in=rules.DELEGATION_ACCOUNT_ROLES, is_active=True).order_by("username")


def places_by_id(visit: Visit, ids: Iterable[int]) -> list[Place]:
    """The places of the visited State with these ids (one query); an unknown id is a DomainError."""
    wanted = list(dict.fromkeys(ids))
    found = {place.pk: place for place in Place.objects.filter(pk__in=wanted, state_id=visit.state_id)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise DomainError(
            _("No place of %(state)s with id %(ids)s.")
            % {"state": visit.state.shown_name, "ids": ", ".join(map(str, missing))}
        )
    return [found[pk] for pk in wanted]


def place_by_id(visit: Visit, pk: int | None) -> Place | None:
    """The place of the visited State with this id, or None when none is named."""
    return places_by_id(visit, [pk])[0] if pk is not None else None


def resolve_places(visit: Visit, data: dict[str, Any]) -> dict[str, Any]:
    """A form's or an API input's data with its place ids (``place``, ``places``) replaced by the places of
    the visited State; an unknown id, or a place of another State, is a DomainError."""
    resolved = dict(data)
    if "place" in resolved:
        resolved["place"] = place_by_id(visit, resolved["place"])
    if "places" in resolved:
        resolved["places"] = places_by_id(visit, resolved["places"])
    return resolved


def planning_decision(
    *,
    body: MonitoringBody,
    state: State,
    start: date,
    end: date,
    today: date,
    consent_reference: str = "",
) -> GateDecision:
    """The gate on the state's recorded treaty actions (two queries: instruments and the state's actions)."""
    engine = engine_for_state(state)
    return planning_gate(
        engine,
        body=body.as_body(),
        state=state.code,
        start=start,
        end=end,
        today=today,
        consent_reference=consent_reference,
        state_name=state.shown_name,
    )


@dataclass
class VisitRecord:
    """What the visit page shows beside the visit: the treaty basis, warnings, clause and deadlines."""

    visit: Visit
    decision: GateDecision
    coverage: CoverageLine | None
    objection_clause: ObjectionClause | None
    delegation_warnings: list[str]
    observations: list[dict[str, Any]]
    access_summary: dict[str, int]
    next_statuses: list[tuple[str, str]]
    notifications: list[dict[str, Any]] = field(default_factory=list)

    @property
    def basis_warnings(self) -> list[GateNote]:
        """The gate's warnings that still matter once the visit is on record (not "this window is past")."""
        return [note for note in self.decision.warnings if note.code != "past_window"]

    @property
    def headline(self) -> str:
        visit, decision = self.visit, self.decision
        values = {
            "body": visit.body.code,
            "state": visit.state.shown_name,
            "day": shown_date(visit.planned_start),
        }
        if not decision.allowed:
            return _("On the records now, this visit could not be planned.")
        if decision.covers and decision.right == "uncertain":
            return (
                _("%(body)s's treaty right to visit %(state)s on %(day)s is uncertain: see why below.")
                % values
            )
        if decision.covers:
            return _("%(body)s has a treaty right to visit %(state)s on %(day)s.") % values
        if visit.body.basis == "domestic_law":
            return _("%(body)s visits under domestic law (%(article)s).") % {
                **values,
                "article": visit.body.basis_article or _("no article given"),
            }
        return _(
            "%(body)s has no right of its own to visit %(state)s: this visit rests on the State's consent "
            "(%(reference)s)."
        ) % {**values, "reference": visit.consent_reference or _("no reference recorded")}


def visit_record(visit: Visit, *, today: date) -> VisitRecord:
    """Build the page's record for a visit read by ``visit_detail`` (two more queries for the treaty gate)."""
    engine = engine_for_state(visit.state)
    body = visit.body.as_body()
    decision = planning_gate(
        engine,
        body=body,
        state=visit.state.code,
        start=visit.planned_start,
        end=max(visit.planned_end, visit.planned_start),
        today=today,
        consent_reference=visit.consent_reference,
        state_name=visit.state.shown_name,
    )
    coverage = engine.coverage(visit.state.code, visit.planned_start, [body], today=today)
    clause = objection_clause(visit.body.instrument.clauses if visit.body.instrument else None)
    observations = [
        {
            "observation": item,
            "state": rules.observation_state(item.response_due, item.response_received_on, today),
            "days_left": (item.response_due - today).days,
        }
        for item in visit.observations.all()
    ]
    summary: dict[str, int] = defaultdict(int)
    for event in visit.access_events.all():
        summary[event.kind] += 1
    labels = dict(Visit._meta.get_field("status").choices or [])
    return VisitRecord(
        visit=visit,
        decision=decision,
        coverage=coverage.lines[0] if coverage.lines else None,
        objection_clause=clause,
        delegation_warnings=rules.delegation_warnings(
            [member.role for member in visit.delegation.all()], body.instrument
        ),
        observations=observations,
        access_summary=dict(summary),
        next_statuses=[
            (status, str(labels.get(status, status))) for status in rules.next_statuses(visit.status)
        ],
        notifications=[
            {"notification": item, "places": list(item.places.all())} for item in visit.notifications.all()
        ],
    )
