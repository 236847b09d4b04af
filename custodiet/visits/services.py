"""Writes to visits: plan, update, status, delegation, itinerary, notifications, access events,
objections and immediate observations.

One keyword-only function per change, named ``<entity>_<verb>``. Each runs in a
transaction: it checks the rules (custodiet.visits.rules), saves, and writes an
audit entry, or raises ``DomainError`` and changes nothing. Pages, the API and
commands call these functions; none writes a visit's record another way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from custodiet.core import clock, zones
from custodiet.core.access import Actor
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, save_and_audit
from custodiet.places.models import Place
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits import rules
from custodiet.visits.delegation import delegation_add as delegation_add  # the delegation's own module
from custodiet.visits.delegation import delegation_leave as delegation_leave
from custodiet.visits.delegation import delegation_remove as delegation_remove
from custodiet.visits.gate import GateDecision, GateNote, PlanningRefused
from custodiet.visits.models import (
    AccessEvent,
    ImmediateObservation,
    ItineraryStop,
    Notification,
    NotificationSubject,
    Objection,
    Visit,
    VisitKind,
    VisitStatus,
)
from custodiet.visits.objections import classify_objection, objection_clause
from custodiet.visits.selectors import planning_decision


@dataclass(frozen=True)
class PlanResult:
    visit: Visit
    warnings: tuple[GateNote, ...]


def zone_of(visit: Visit, place: Place | None = None) -> str:
    """The time zone a moment at ``place`` (or at no particular place) of the visit is entered and shown in:
    the place's own, else the visit's; UTC for a visit recorded before zones were kept."""
    return (place.time_zone if place is not None and place.time_zone else "") or visit.time_zone or zones.UTC


def _local_day(moment: datetime, zone: str = zones.UTC) -> date:
    """The day a moment falls on where it happened."""
    if not timezone.is_aware(moment):
        return moment.date()
    return timezone.localdate(moment, ZoneInfo(zone or zones.UTC))


def _dates(visit: Visit) -> rules.VisitDates:
    return rules.VisitDates(
        visit.planned_start, visit.planned_end, visit.started_on, visit.ended_on, visit.status
    )


def _check_place(visit: Visit, place: Place | None) -> None:
    if place is not None and place.state_id != visit.state_id:
        raise DomainError(
            _("%(place)s is not in %(state)s: a visit goes only to places in the visited State.")
            % {"place": place, "state": visit.state.shown_name}
        )


def _on_visit(
    what: str, moment: datetime, visit: Visit, now: datetime | None, place: Place | None = None
) -> datetime:
    """``moment`` made aware (a local time given without an offset is read in the place's or the visit's
    zone), refused when it is in the future or falls outside the visit's dates there."""
    now = now or clock.now()
    zone = zone_of(visit, place)
    moment = zones.in_zone(moment, zone)
    rules.check_moment(what, moment, now)
    rules.check_within_visit(what, _local_day(moment, zone), _dates(visit), today=_local_day(now, zone))
    return moment


def _gate(
    *, body: MonitoringBody, state: State, start: date, end: date, today: date | None, consent_reference: str
) -> GateDecision:
    """The treaty gate's decision on the window; a refusal is raised as PlanningRefused. Reversed dates are
    the dates' own error, not the gate's (a DomainError)."""
    if end < start:
        raise DomainError(
            _("The last day (%(end)s) comes before the first day (%(start)s).")
            % {"end": shown_date(end), "start": shown_date(start)}
        )
    decision = planning_decision(
        body=body,
        state=state,
        start=start,
        end=end,
        today=clock.today_or(today),
        consent_reference=consent_reference,
    )
    if not decision.allowed:
        raise PlanningRefused(decision)
    return decision


def _add_stop(
    visit: Visit, place: Place, planned_on: date | None, *, by: Actor, cause: str = ""
) -> ItineraryStop:
    stop = ItineraryStop(visit=visit, place=place, planned_on=planned_on)
    detail: dict[str, Any] = {"visit": visit.pk, "place": place.ref, "planned_on": planned_on}
    if cause:
        detail["cause"] = cause
    return save_and_audit(stop, verb="itinerary.add", by=by, detail=detail)


def _unknown_kind(kind: str | None) -> DomainError:
    return DomainError(
        _("Unknown kind of visit “%(kind)s”: one of %(kinds)s.")
        % {"kind": kind, "kinds": ", ".join(VisitKind.values)}
    )


def _lock(visit: Visit) -> Visit:
    """Re-read the visit under a row lock (PostgreSQL) so that two status changes cannot interleave."""
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    visit.status, visit.started_on, visit.ended_on = locked.status, locked.started_on, locked.ended_on
    return visit


def _lock_stop(stop: ItineraryStop) -> ItineraryStop:
    """Re-read a stop's times under a row lock: a double submit reads what the first one wrote."""
    locked = ItineraryStop.objects.select_for_update().get(pk=stop.pk)
    stop.arrived_at, stop.departed_at = locked.arrived_at, locked.departed_at
    return stop


# -- planning ------------------------------------------------------------------------------------


@transaction.atomic
def visit_plan(
    *,
    body: MonitoringBody,
    state: State,
    kind: str,
    planned_start: date,
    planned_end: date,
    by: Actor,
    title: str = "",
    notes: str = "",
    consent_reference: str = "",
    time_zone: str = "",
    today: date | None = None,
) -> PlanResult:
    """Plan a visit if the treaty gate allows it; returns the visit and the gate's warnings. Its time zone
    (in which its times are entered and shown) is the one given, else the State's only one; a State with
    several needs one chosen."""
    if kind not in VisitKind.values:
        raise _unknown_kind(kind)
    zone = zones.required_zone(time_zone, state.code, state.name_en)
    decision = _gate(
        body=body,
        state=state,
        start=planned_start,
        end=planned_end,
        today=today,
        consent_reference=consent_reference,
    )
    visit = Visit(
        body=body,
        state=state,
        kind=kind,
        planned_start=planned_start,
        planned_end=planned_end,
        title=title.strip(),
        notes=notes.strip(),
        consent_reference=consent_reference.strip(),
        time_zone=zone,
        planned_by=acting_user(by),
    )
    save_and_audit(
        visit,
        verb="visit.plan",
        by=by,
        detail={
            "body": body.code,
            "state": state.code,
            "kind": kind,
            "planned": [planned_start.isoformat(), planned_end.isoformat()],
            "warnings": [note.code for note in decision.warnings],
            "consent_reference": visit.consent_reference,
            "time_zone": zone,
        },
    )
    return PlanResult(visit, decision.warnings)


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    by: Actor,
    title: str | None = None,
    kind: str | None = None,
    planned_start: date | None = None,
    planned_end: date | None = None,
    notes: str | None = None,
    consent_reference: str | None = None,
    time_zone: str | None = None,
    today: date | None = None,
) -> PlanResult:
    """Change a visit's details; new dates (or a new consent reference) go through the treaty gate again."""
    _lock(visit)
    proposed: dict[str, Any] = {
        "time_zone": zones.check_zone(time_zone) if time_zone else None,
        "title": title.strip() if title is not None else None,
        "kind": kind,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "notes": notes.strip() if notes is not None else None,
        "consent_reference": consent_reference.strip() if consent_reference is not None else None,
    }
    changes = {
        name: value for name, value in proposed.items() if value is not None and value != getattr(visit, name)
    }
    if not changes:
        return PlanResult(visit, ())
    if "kind" in changes and changes["kind"] not in VisitKind.values:
        raise _unknown_kind(kind)
    warnings: tuple[GateNote, ...] = ()
    if {"planned_start", "planned_end", "consent_reference"} & changes.keys():
        if {"planned_start", "planned_end"} & changes.keys():
            rules.ensure_open(visit.status, "edit_dates")
        warnings = _gate(
            body=visit.body,
            state=visit.state,
            start=changes.get("planned_start", visit.planned_start),
            end=changes.get("planned_end", visit.planned_end),
            today=today,
            consent_reference=changes.get("consent_reference", visit.consent_reference),
        ).warnings
    before = {name: getattr(visit, name) for name in changes}
    for name, value in changes.items():
        setattr(visit, name, value)
    save_and_audit(
        visit,
        verb="visit.update",
        by=by,
        detail={"before": before, "after": changes, "warnings": [note.code for note in warnings]},
    )
    return PlanResult(visit, warnings)


@transaction.atomic
def visit_set_status(
    *,
    visit: Visit,
    status: str,
    by: Actor,
    on: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> Visit:
    """Move a visit along planned -> notified -> under way -> completed, or cancel it."""
    _lock(visit)
    stops = visit.itinerary.aggregate(first=Min("arrived_at"), last=Max("departed_at"))
    transition = rules.check_transition(
        current=visit.status,
        target=status,
        today=clock.today_or(today),
        has_visit_notification=visit.notifications.filter(subject=NotificationSubject.VISIT).exists(),
        started_on=visit.started_on,
        first_arrival=_local_day(stops["first"], zone_of(visit)) if stops["first"] else None,
        last_departure=_local_day(stops["last"], zone_of(visit)) if stops["last"] else None,
        on=on,
    )
    return _apply(visit, transition, by=by, reason=reason)


def _apply(
    visit: Visit, transition: rules.Transition, *, by: Actor, reason: str = "", cause: str = ""
) -> Visit:
    before = visit.status
    visit.status = transition.status
    visit.started_on = transition.started_on
    if transition.ended_on is not None:
        visit.ended_on = transition.ended_on
    detail: dict[str, Any] = {"from": before, "to": visit.status}
    if visit.started_on:
        detail["started_on"] = visit.started_on.isoformat()
    if visit.ended_on:
        detail["ended_on"] = visit.ended_on.isoformat()
    if reason.strip():
        detail["reason"] = reason.strip()
    if cause:
        detail["cause"] = cause
    return save_and_audit(visit, verb="visit.set_status", by=by, detail=detail)


# -- delegation and itinerary ----------------------------------------------------------------------


@transaction.atomic
def itinerary_add(
    *, visit: Visit, place: Place, by: Actor, planned_on: date | None = None, today: date | None = None
) -> ItineraryStop:
    """Put a place of the visited State on the itinerary, on a day of the visit if one is given."""
    rules.ensure_open(visit.status, "itinerary")
    _check_place(visit, place)
    if planned_on is not None:
        first, last = _dates(visit).span(clock.today_or(today))
        if not first <= planned_on <= last:
            raise DomainError(
                _("%(day)s is outside the visit (%(first)s to %(last)s).")
                % {"day": shown_date(planned_on), "first": shown_date(first), "last": shown_date(last)}
            )
    if visit.itinerary.filter(place=place, planned_on=planned_on).exists():
        raise DomainError(
            _("%(place)s is already on the itinerary on %(day)s.")
            % {"place": place, "day": shown_date(planned_on)}
            if planned_on
            else _("%(place)s is already on the itinerary.") % {"place": place}
        )
    return _add_stop(visit, place, planned_on, by=by)


@transaction.atomic
def stop_arrive(
    *, stop: ItineraryStop, at: datetime, by: Actor, now: datetime | None = None
) -> ItineraryStop:
    """Record the delegation's arrival at a place; the first arrival puts a notified visit under way. The
    same arrival submitted twice is recorded once."""
    visit = _lock(stop.visit)
    _lock_stop(stop)
    rules.ensure_open(visit.status, "arrival")
    at = _on_visit(_("An arrival"), at, visit, now, stop.place)
    if stop.arrived_at == at:
        return stop  # a double submit: already recorded, one audit entry
    if stop.departed_at is not None and at > stop.departed_at:
        raise DomainError(_("The arrival cannot come after the recorded departure."))
    before = stop.arrived_at
    stop.arrived_at = at
    save_and_audit(
        stop,
        verb="itinerary.arrive",
        by=by,
        detail={"visit": visit.pk, "place": stop.place_id, "at": at, "before": before},
    )
    if visit.status == VisitStatus.NOTIFIED:
        _apply(
            visit,
            rules.Transition(
                VisitStatus.UNDER_WAY, visit.started_on or _local_day(at, zone_of(visit, stop.place)), None
            ),
            by=by,
            cause="first arrival",
        )
    return stop


@transaction.atomic
def stop_depart(
    *, stop: ItineraryStop, at: datetime, by: Actor, now: datetime | None = None
) -> ItineraryStop:
    """Record the delegation's departure from a place it arrived at (twice the same: recorded once)."""
    visit = stop.visit
    _lock_stop(stop)
    rules.ensure_open(visit.status, "arrival")
    if stop.arrived_at is None:
        raise DomainError(_("Record the arrival at this place before the departure."))
    at = _on_visit(_("A departure"), at, visit, now, stop.place)
    if stop.departed_at == at:
        return stop  # a double submit: already recorded, one audit entry
    if at < stop.arrived_at:
        raise DomainError(_("The departure cannot come before the arrival."))
    stop.departed_at = at
    save_and_audit(
        stop, verb="itinerary.depart", by=by, detail={"visit": visit.pk, "place": stop.place_id, "at": at}
    )
    return stop


# -- notification --------------------------------------------------------------------------------


@transaction.atomic
def notification_record(
    *,
    visit: Visit,
    subject: str,
    notified_at: datetime,
    by: Actor,
    places: Sequence[Place] = (),
    addressee: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Notification:
    """Record what the State was told and when: the visit, a list of places, or a place on arrival.

    The notification of the visit moves a planned visit to notified; a place notified on arrival is
    added to the itinerary if it is not on it.
    """
    _lock(visit)
    rules.ensure_open(visit.status, "notification")
    now = now or clock.now()
    zone = zone_of(visit)
    notified_at = zones.in_zone(notified_at, zone)
    has_visit_notification = visit.notifications.filter(subject=NotificationSubject.VISIT).exists()
    rules.check_notification(
        subject=subject, place_count=len(places), has_visit_notification=has_visit_notification
    )
    rules.check_moment(_("A notification"), notified_at, now)
    today = _local_day(now, zone)
    day = _local_day(notified_at, zone)
    first, last = _dates(visit).span(today)
    if day > last:
        raise DomainError(
            _("A notification on %(day)s comes after the visit (%(first)s to %(last)s).")
            % {"day": shown_date(day), "first": shown_date(first), "last": shown_date(last)}
        )
    if subject == NotificationSubject.PLACE_ON_ARRIVAL:
        rules.check_within_visit(_("A notification on arrival"), day, _dates(visit), today=today)
    for place in places:
        _check_place(visit, place)
    notification = Notification(
        visit=visit, subject=subject, notified_at=notified_at, addressee=addressee.strip(), note=note.strip()
    )
    save_and_audit(
        notification,
        verb="notification.record",
        by=by,
        detail={
            "visit": visit.pk,
            "subject": subject,
            "at": notified_at,
            "places": [place.ref for place in places],
        },
    )
    notification.places.set(places)
    if subject == NotificationSubject.PLACE_ON_ARRIVAL:
        [place] = places
        if not visit.itinerary.filter(place=place).exists():
            _add_stop(visit, place, day, by=by, cause="notified on arrival")
    if subject == NotificationSubject.VISIT and visit.status == VisitStatus.PLANNED:
        _apply(
            visit, rules.Transition(VisitStatus.NOTIFIED, visit.started_on, None), by=by, cause="notification"
        )
    return notification


# -- what happened on the visit -------------------------------------------------------------------


@transaction.atomic
def access_event_record(
    *,
    visit: Visit,
    kind: str,
    occurred_at: datetime,
    by: Actor,
    place: Place | None = None,
    delay_minutes: int | None = None,
    description: str = "",
    now: datetime | None = None,
) -> AccessEvent:
    """Record access granted, delayed (by how long), refused, documents withheld or an interview prevented."""
    rules.ensure_open(visit.status, "access_event")
    rules.check_access_event(kind, delay_minutes)
    _check_place(visit, place)
    occurred_at = _on_visit(_("An access event"), occurred_at, visit, now, place)
    event = AccessEvent(
        visit=visit,
        place=place,
        kind=kind,
        occurred_at=occurred_at,
        delay_minutes=delay_minutes if kind == "delayed" else None,
        description=description.strip(),
        recorded_by=acting_user(by),
    )
    return save_and_audit(
        event,
        verb="access_event.record",
        by=by,
        detail={
            "visit": visit.pk,
            "kind": kind,
            "at": occurred_at,
            "place": place.ref if place else None,
            "delay_minutes": event.delay_minutes,
        },
    )


@transaction.atomic
def objection_record(
    *,
    visit: Visit,
    ground: str,
    raised_on: date,
    by: Actor,
    place: Place | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    explanation: str = "",
    today: date | None = None,
) -> Objection:
    """Record a State's objection to a visit at a time or place, on any ground: classified against the
    grounds its treaty allows (an objection on another ground is kept, marked as such)."""
    rules.ensure_open(visit.status, "objection")
    instrument = visit.body.instrument
    clause = objection_clause(instrument.clauses if instrument else None)
    classified = classify_objection(clause, ground=ground, body=visit.body.code, has_place=place is not None)
    assert clause is not None
    if raised_on > clock.today_or(today):
        raise DomainError(
            _("An objection cannot be raised on %(day)s, which is in the future.")
            % {"day": shown_date(raised_on)}
        )
    if period_end is not None and period_start is None:
        raise DomainError(_("Give the first day of the period objected to as well as the last."))
    if period_start is not None and period_end is not None and period_end < period_start:
        raise DomainError(_("The period objected to ends before it starts."))
    _check_place(visit, place)
    objection = Objection(
        visit=visit,
        place=place,
        ground=classified.ground,
        on_allowed_ground=classified.allowed,
        article=clause.citation,
        raised_on=raised_on,
        period_start=period_start,
        period_end=period_end,
        explanation=explanation.strip(),
        recorded_by=acting_user(by),
    )
    return save_and_audit(
        objection,
        verb="objection.record",
        by=by,
        detail={
            "visit": visit.pk,
            "ground": classified.ground,
            "on_allowed_ground": classified.allowed,
            "article": clause.citation,
            "place": place.ref if place else None,
        },
    )


@transaction.atomic
def observation_record(
    *,
    visit: Visit,
    communicated_on: date,
    text: str,
    by: Actor,
    response_due: date | None = None,
    place: Place | None = None,
    today: date | None = None,
) -> ImmediateObservation:
    """Record immediate observations communicated at the end of a visit and the deadline for the answer
    (one month after communication unless the committee set another)."""
    rules.ensure_open(visit.status, "observation")
    if not text.strip():
        raise DomainError(_("Write the observations that were communicated."))
    rules.check_within_visit(
        _("Immediate observations"), communicated_on, _dates(visit), today=clock.today_or(today)
    )
    due = response_due or rules.default_response_due(communicated_on)
    rules.check_observation(communicated_on, due)
    _check_place(visit, place)
    observation = ImmediateObservation(
        visit=visit,
        place=place,
        communicated_on=communicated_on,
        text=text.strip(),
        response_due=due,
        recorded_by=acting_user(by),
    )
    return save_and_audit(
        observation,
        verb="observation.record",
        by=by,
        detail={"visit": visit.pk, "communicated_on": communicated_on, "response_due": due},
    )


@transaction.atomic
def observation_answer_record(
    *, observation: ImmediateObservation, received_on: date, by: Actor, today: date | None = None
) -> ImmediateObservation:
    """Record the day the State's answer to immediate observations was received (twice the same day:
    recorded once)."""
    locked = ImmediateObservation.objects.select_for_update().get(pk=observation.pk)
    observation.response_received_on = locked.response_received_on
    if observation.response_received_on == received_on:
        return observation  # a double submit: already recorded, one audit entry
    if received_on > clock.today_or(today):
        raise DomainError(
            _("An answer cannot be received on %(day)s, which is in the future.")
            % {"day": shown_date(received_on)}
        )
    if received_on < observation.communicated_on:
        raise DomainError(_("An answer cannot come before the observations were communicated."))
    before = observation.response_received_on
    observation.response_received_on = received_on
    return save_and_audit(
        observation,
        verb="observation.answer",
        by=by,
        detail={"visit": observation.visit_id, "received_on": received_on, "before": before},
    )
