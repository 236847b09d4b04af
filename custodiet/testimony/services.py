"""Writes to testimony, and the audited reads: persons and identities, consent, interviews,
allegations, medical examinations, reprisal risks and their follow-up, revealing an identity and
reading an interview.

One keyword-only function per change, named ``<entity>_<verb>``. Each runs in a transaction: it
checks who may do it and the rules (custodiet.testimony.rules), saves, and writes an audit entry,
or raises ``DomainError`` and changes nothing. Audit details carry ids and codes only, never a
decrypted value: no name, no account, no medical note, no reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodiet.core import clock, zones
from custodiet.core.access import Actor
from custodiet.core.audit import audit_read, audit_record
from custodiet.core.dates import shown_date
from custodiet.core.errors import DomainError
from custodiet.core.services import acting_user, ensure_may_act, save_and_audit, validated_save
from custodiet.places.models import Place
from custodiet.testimony import counts, rules, selectors, taxonomy
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    Person,
    PersonIdentity,
    ReprisalFollowUp,
    ReprisalRisk,
    recordable_visits,
)
from custodiet.treaties.models import State
from custodiet.visits.models import DelegationMember, DelegationRole, Visit
from custodiet.visits.rules import VisitDates
from custodiet.visits.services import zone_of

PSEUDONYM_ATTEMPTS = 5


@dataclass(frozen=True)
class IdentityDetails:
    """Who the person is, as given; every field optional (pseudonymous by default)."""

    name: str = ""
    born_on: date | None = None
    registry_number: str = ""
    other_identifying: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.name.strip()
            or self.born_on
            or self.registry_number.strip()
            or self.other_identifying.strip()
        )


@dataclass(frozen=True)
class ConsentDetails:
    use_information: bool
    be_named: bool
    be_contacted_again: bool
    given_on: date | None = None  # default: the day of the interview, or today
    note: str = ""


@dataclass(frozen=True)
class NewPerson:
    """A person met for the first time in the interview being recorded."""

    identity: IdentityDetails | None = None
    consent: ConsentDetails | None = None


def _visit_days(visit: Visit, today: date) -> tuple[date, date]:
    return VisitDates(
        visit.planned_start, visit.planned_end, visit.started_on, visit.ended_on, visit.status
    ).span(today)


def _check_during_visit(
    what: str, visit: Visit, moment: datetime, now: datetime, place: Place | None = None
) -> datetime:
    """The moment, read in the place's (or the visit's) time zone when given without an offset, on a day of
    the visit there and not in the future."""
    zone = ZoneInfo(zone_of(visit, place))
    moment = zones.in_zone(moment, zone.key)
    day = timezone.localdate(moment, zone)
    first, last = _visit_days(visit, timezone.localdate(now, zone))
    rules.check_during_visit(what, moment, first=first, last=last, day=day, now=now)
    return moment


def _ensure_recordable(visit: Visit, by: Actor) -> None:
    ensure_may_act(recordable_visits(by), visit, _("You may not record interviews on this visit."))


def _ensure_interview_recordable(interview: Interview, by: Actor) -> None:
    ensure_may_act(Interview.objects.recordable_by(by), interview, _("You may not add to this interview."))


def _may_record_for(person: Person, by: Actor) -> bool:
    """The person is visible to the user, who may record on a visit where the person was met."""
    met_on = recordable_visits(by).filter(
        models.Q(pk=person.first_met_visit_id) | models.Q(interviews__person=person)
    )
    return Person.objects.visible_to(by).filter(pk=person.pk).exists() and met_on.exists()


def _on_delegation(visit: Visit, member: DelegationMember, what: str) -> None:
    if member.visit_id != visit.pk:
        raise DomainError(
            _("%(name)s (%(what)s) is not on this visit's delegation.") % {"name": member.name, "what": what}
        )
    if member.left_on is not None:
        raise DomainError(
            _("%(name)s (%(what)s) left the delegation on %(day)s.")
            % {"name": member.name, "what": what, "day": shown_date(member.left_on)}
        )


# -- persons, identities and consent --------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    visit: Visit,
    by: Actor,
    place: Place | None = None,
    identity: IdentityDetails | None = None,
    consent: ConsentDetails | None = None,
) -> Person:
    """A new pseudonymous person met on a visit (in the visit's State), with their identity, stored
    apart and encrypted, and their consent, when given."""
    _ensure_recordable(visit, by)
    if place is not None and place.state_id != visit.state_id:
        raise DomainError(_("%(place)s is not in the State visited.") % {"place": place})
    for _attempt in range(PSEUDONYM_ATTEMPTS):
        code = rules.new_pseudonym()
        if not Person.objects.filter(code=code).exists():
            break
    else:  # pragma: no cover - 30**8 codes
        raise DomainError(_("Could not draw an unused pseudonym; try again."))
    person = Person(
        code=code,
        state_id=visit.state_id,
        first_met_visit=visit,
        first_met_place=place,
        created_by=acting_user(by),
    )
    has_identity = identity is not None and not identity.empty
    detail = {
        "code": code,
        "visit": visit.pk,
        "place": place.ref if place else None,
        "identity": has_identity,
    }
    save_and_audit(person, by=by, verb="person.create", detail=detail)
    if identity is not None and has_identity:
        _identity_save(person=person, identity=identity, by=by)
    if consent is not None:
        consent_record(
            person=person,
            by=by,
            use_information=consent.use_information,
            be_named=consent.be_named,
            be_contacted_again=consent.be_contacted_again,
            given_on=consent.given_on,
            note=consent.note,
        )
    return person


def _identity_save(*, person: Person, identity: IdentityDetails, by: Actor) -> PersonIdentity:
    record = PersonIdentity(
        person=person,
        name=identity.name.strip(),
        born_on=identity.born_on,  # type: ignore[misc]  # an encrypted date: the stubs see a TextField
        registry_number=identity.registry_number.strip(),
        other_identifying=identity.other_identifying.strip(),
        recorded_by=acting_user(by),
    )
    validated_save(record)
    return record


@transaction.atomic
def consent_record(
    *,
    person: Person,
    by: Actor,
    use_information: bool,
    be_named: bool,
    be_contacted_again: bool,
    given_on: date | None = None,
    interview: Interview | None = None,
    note: str = "",
    today: date | None = None,
) -> Consent:
    """Record what the person agreed to, on a date; the earlier consents stay in the history."""
    today = clock.today_or(today)
    if interview is not None:
        if interview.person_id != person.pk:
            raise DomainError(_("That interview is not with this person."))
        _ensure_interview_recordable(interview, by)
    elif not _may_record_for(person, by):
        raise DomainError(_("You may not record consent for this person."))
    given_on = given_on or (timezone.localdate(interview.held_at) if interview else today)
    if given_on > today:
        raise DomainError(
            _("Consent cannot be given on %(day)s, which is in the future.") % {"day": shown_date(given_on)}
        )
    if be_named and not use_information:
        raise DomainError(_("A person who may be named must also agree to the use of the information."))
    consent = Consent(
        person=person,
        interview=interview,
        given_on=given_on,
        use_information=use_information,
        be_named=be_named,
        be_contacted_again=be_contacted_again,
        note=note.strip(),
        recorded_by=acting_user(by),
    )
    save_and_audit(
        consent,
        by=by,
        verb="consent.record",
        detail={
            "person": person.code,
            "given_on": given_on,
            "use_information": use_information,
            "be_named": be_named,
            "be_contacted_again": be_contacted_again,
        },
    )
    latest = person.consents.order_by("-given_on", "-id").first()  # a consent may be recorded late
    person.uses_information = bool(latest and latest.use_information)
    with counts.counting([person.pk]):  # the figures count only allegations the person lets us use
        Person.objects.filter(pk=person.pk).update(uses_information=person.uses_information)
    return consent


@transaction.atomic
def identity_reveal(*, person: Person, by: Actor) -> PersonIdentity | None:
    """The person's identity for someone who may see it, with an ``identity.read`` audit entry
    (also when none is recorded); DomainError for anyone else."""
    if not selectors.may_see_identity(by, person):
        raise DomainError(_("You may not see who this person is."))
    identity = selectors.identity_of(by, person)
    audit_record(
        actor=by,
        verb="identity.read",
        target=person,
        detail={"person": person.code, "recorded": identity is not None},
    )
    return identity


# -- interviews -----------------------------------------------------------------------------------


def _known_person(visit: Visit, written: str, by: Actor) -> Person:
    """The person a pseudonym names, however it was typed (any case, spaces, without ``P-``): one the
    user may see, met in the visit's State. Anything else is refused, before anything is written."""
    code = rules.normalize_pseudonym(written)
    if not rules.is_pseudonym(code):
        raise DomainError(
            _("“%(written)s” is not a pseudonym (P- and eight letters or digits).")
            % {"written": written.strip()}
        )
    person = selectors.person_by_code(by, code)
    if person is None:
        raise DomainError(
            _("No person %(code)s among those met in %(state)s.")
            % {"code": code, "state": visit.state.shown_name}
        )
    if person.state_id != visit.state_id:
        raise DomainError(_("%(code)s was met in another State.") % {"code": person.code})
    return person


def _interview_team(
    visit: Visit, interviewers: Sequence[DelegationMember], interpreter: DelegationMember | None
) -> list[DelegationMember]:
    """The interviewers, each once, after checking that they and the interpreter are on the delegation."""
    members = list(dict.fromkeys(interviewers))
    if not members:
        raise DomainError(_("Name at least one interviewer from the delegation."))
    for member in members:
        _on_delegation(visit, member, _("interviewer"))
    if interpreter is not None:
        _on_delegation(visit, interpreter, _("interpreter"))
        if interpreter.role != DelegationRole.INTERPRETER:
            raise DomainError(
                _("%(name)s is not an interpreter of the delegation.") % {"name": interpreter.name}
            )
    return members


def _person_met(visit: Visit, new: NewPerson, place: Place, held_at: datetime, by: Actor) -> Person:
    """A person met for the first time in this interview: consent given without a date is dated its day."""
    consent = new.consent
    if consent is not None and consent.given_on is None:
        consent = replace(consent, given_on=timezone.localdate(held_at))
    return person_create(visit=visit, by=by, place=place, identity=new.identity, consent=consent)


@transaction.atomic
def interview_record(
    *,
    visit: Visit,
    person: str | NewPerson,
    place: Place,
    held_at: datetime,
    language: str,
    interviewers: Sequence[DelegationMember],
    account: str,
    by: Actor,
    interpreter: DelegationMember | None = None,
    private: bool = True,
    within_hearing: str = "",
    now: datetime | None = None,
) -> Interview:
    """Record a private interview on a visit, with a person already met (``person``: their pseudonym,
    as typed) or one met for the first time (a ``NewPerson``, who gets a new pseudonym).

    The visit must be one the user may record on; a pseudonym must name a person the user may see, met
    in the visit's State; the place on its itinerary; the time within the visit and not in the future;
    the interviewers and the interpreter on its delegation (the interpreter with the role of
    interpreter); a non-private interview says who was within hearing.
    """
    now = now or clock.now()
    _ensure_recordable(visit, by)
    met = _known_person(visit, person, by) if isinstance(person, str) else person
    if not visit.itinerary.filter(place=place).exists():
        raise DomainError(_("%(place)s is not on this visit's itinerary.") % {"place": place})
    held_at = _check_during_visit(_("The interview"), visit, held_at, now, place)
    code = rules.language_code(language)
    note = rules.check_privacy(private=private, within_hearing=within_hearing)
    members = _interview_team(visit, interviewers, interpreter)
    text = rules.required_text(_("The account"), account)
    if isinstance(met, NewPerson):
        met = _person_met(visit, met, place, held_at, by)
    interview = Interview(
        visit=visit,
        place=place,
        person=met,
        held_at=held_at,
        language=code,
        interpreter=interpreter,
        private=private,
        within_hearing=note,
        account=text,
        recorded_by=acting_user(by),
    )
    save_and_audit(
        interview,
        by=by,
        verb="interview.record",
        detail={
            "visit": visit.pk,
            "person": met.code,
            "place": place.ref,
            "language": code,
            "private": private,
            "interviewers": [member.pk for member in members],
            "interpreter": interpreter.pk if interpreter else None,
        },
    )
    interview.interviewers.set(members)
    return interview


def interview_read(*, interview: Interview, by: Actor, via: str = "page") -> None:
    """Write the ``interview.read`` audit entry of an interview shown in full (page or API)."""
    audit_read(actor=by, target=interview, detail={"person": interview.person.code, "via": via})


def interview_list_read(*, visit: Visit, by: Actor, shown: int, page: int, via: str = "page") -> None:
    """Write the ``interview.list`` audit entry of a visit's list of interviews (no accounts shown)."""
    audit_record(
        actor=by, verb="interview.list", target=visit, detail={"shown": shown, "page": page, "via": via}
    )


def at_risk_list_read(*, state: State, by: Actor, shown: int, via: str = "page") -> None:
    """Write the ``reprisal.list`` audit entry of a read of the persons at risk in a State."""
    audit_record(actor=by, verb="reprisal.list", target=state, detail={"shown": shown, "via": via})


# -- allegations and examinations -----------------------------------------------------------------


@transaction.atomic
def allegation_record(
    *,
    interview: Interview,
    type: str,
    perpetrator: str,
    stage: str,
    by: Actor,
    precision: str = "unknown",
    occurred_from: date | None = None,
    occurred_to: date | None = None,
    place_alleged: Place | None = None,
    location_detail: str = "",
    description: str = "",
) -> Allegation:
    """Record ill-treatment as the interviewee tells it, coded by the shared taxonomy."""
    _ensure_interview_recordable(interview, by)
    rules.check_code(taxonomy.ALLEGATION_TYPES, type, _("type of ill-treatment"))
    rules.check_code(taxonomy.PERPETRATOR_CATEGORIES, perpetrator, _("category of perpetrator"))
    rules.check_code(taxonomy.STAGES, stage, _("stage"))
    period = rules.occurrence_period(
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        precision=precision,
        said_on=timezone.localdate(interview.held_at),
    )
    allegation = Allegation(  # type: ignore[misc]  # encrypted dates: the stubs see TextFields
        interview=interview,
        type=type,
        perpetrator=perpetrator,
        stage=stage,
        precision=precision,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        period_year=period.year,
        period_quarter=period.quarter,
        place_alleged=place_alleged,
        location_detail=location_detail.strip(),
        description=description.strip(),
        recorded_by=acting_user(by),
    )
    return save_and_audit(
        allegation,
        by=by,
        verb="allegation.record",
        detail={
            "interview": interview.pk,
            "person": interview.person.code,
            "type": type,
            "perpetrator": perpetrator,
            "stage": stage,
            "period": period.label,
            "place_alleged": place_alleged.ref if place_alleged else None,
        },
    )


@transaction.atomic
def examination_record(
    *,
    interview: Interview,
    examined_by: DelegationMember,
    examined_at: datetime,
    injuries: str,
    by: Actor,
    allegation: Allegation | None = None,
    notes: str = "",
    consistency: str = "",
    photographs: bool = False,
    on_behalf: bool = False,
    now: datetime | None = None,
) -> MedicalExamination:
    """Record what a doctor of the delegation saw and how consistent it is with the account
    (Istanbul Protocol). The examiner's expertise must name a medical qualification (rules.is_medical).
    The doctor records it, or another member does on their behalf and says so (``on_behalf``): both the
    examiner and who entered it are kept and shown."""
    now = now or clock.now()
    _ensure_interview_recordable(interview, by)
    _on_delegation(interview.visit, examined_by, _("examiner"))
    if not rules.is_medical(examined_by.expertise):
        raise DomainError(
            _(
                "%(name)s is not recorded as a doctor on the delegation (expertise: “%(expertise)s”); only a "
                "doctor records a medical examination."
            )
            % {"name": examined_by.name, "expertise": examined_by.expertise or _("none given")}
        )
    recorder = acting_user(by)
    themselves = recorder is not None and examined_by.user_id == recorder.pk
    if not themselves and not on_behalf:
        raise DomainError(
            _(
                "Only %(name)s records their own examination. If you enter it on their behalf (from their notes "
                "or as they dictate), say so: both names are kept."
            )
            % {"name": examined_by.name}
        )
    if allegation is not None and allegation.interview_id != interview.pk:
        raise DomainError(_("That allegation belongs to another interview."))
    if consistency:
        rules.check_code(taxonomy.CONSISTENCY_SCALE, consistency, _("degree of consistency"))
    examined_at = _check_during_visit(
        _("The examination"), interview.visit, examined_at, now, interview.place
    )
    examination = MedicalExamination(
        interview=interview,
        allegation=allegation,
        examined_by=examined_by,
        examined_at=examined_at,
        injuries=rules.required_text(_("What was seen"), injuries),
        notes=notes.strip(),
        consistency=consistency,
        photographs=photographs,
        recorded_by=recorder,
        on_behalf=not themselves,
    )
    return save_and_audit(
        examination,
        by=by,
        verb="examination.record",
        detail={
            "interview": interview.pk,
            "allegation": allegation.pk if allegation else None,
            "examined_by": examined_by.pk,
            "recorded_by": recorder.pk if recorder else None,
            "on_behalf": not themselves,
            "consistency": consistency,
            "photographs": photographs,
        },
    )


# -- reprisals ------------------------------------------------------------------------------------


@transaction.atomic
def reprisal_flag(*, interview: Interview, level: str, reason: str, by: Actor) -> ReprisalRisk:
    """Flag a risk of reprisals against the person interviewed: it stays open, on the list of persons
    to check on at the next visit, until closed."""
    _ensure_interview_recordable(interview, by)
    rules.check_code(taxonomy.REPRISAL_LEVELS, level, _("level of risk"))
    risk = ReprisalRisk(
        person=interview.person,
        visit=interview.visit,
        interview=interview,
        level=level,
        reason=rules.required_text(_("The reason"), reason),
        flagged_by=acting_user(by),
    )
    return save_and_audit(
        risk,
        by=by,
        verb="reprisal.flag",
        detail={"person": interview.person.code, "interview": interview.pk, "level": level},
    )


def _ensure_risk_recordable(risk: ReprisalRisk, by: Actor) -> None:
    ensure_may_act(
        ReprisalRisk.objects.recordable_by(by), risk, _("You may not record on this risk of reprisals.")
    )


@transaction.atomic
def reprisal_follow_up(
    *, risk: ReprisalRisk, action: str, by: Actor, due_at_next_visit: bool = True, due_on: date | None = None
) -> ReprisalFollowUp:
    """Add an action to protect or check on the person: due at the next visit, or on a date."""
    _ensure_risk_recordable(risk, by)
    if risk.status != "open":
        raise DomainError(_("This risk is closed; flag a new one if the person is at risk again."))
    rules.check_due(at_next_visit=due_at_next_visit, due_on=due_on)
    follow_up = ReprisalFollowUp(
        risk=risk,
        action=rules.required_text(_("The action"), action),
        due_at_next_visit=due_at_next_visit,
        due_on=due_on,
        recorded_by=acting_user(by),
    )
    return save_and_audit(
        follow_up,
        by=by,
        verb="reprisal.follow_up",
        detail={"risk": risk.pk, "person": risk.person.code, "due": follow_up.due_label},
    )


@transaction.atomic
def reprisal_follow_up_done(
    *, follow_up: ReprisalFollowUp, done_on: date, outcome: str, by: Actor, today: date | None = None
) -> ReprisalFollowUp:
    """Record that a follow-up action was done, and what came of it (the same submitted twice: once)."""
    _ensure_risk_recordable(follow_up.risk, by)
    locked = ReprisalFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    follow_up.done_on, follow_up.outcome = locked.done_on, locked.outcome
    if follow_up.done_on == done_on and follow_up.outcome == (outcome or "").strip():
        return follow_up  # a double submit: already recorded, one audit entry
    if follow_up.done_on is not None:
        raise DomainError(
            _("This follow-up was already done on %(day)s.") % {"day": shown_date(follow_up.done_on)}
        )
    rules.check_done(
        done_on=done_on,
        flagged_on=timezone.localdate(follow_up.risk.flagged_at),
        today=clock.today_or(today),
    )
    follow_up.done_on = done_on
    follow_up.outcome = rules.required_text(_("The outcome"), outcome)
    return save_and_audit(
        follow_up,
        by=by,
        verb="reprisal.follow_up_done",
        detail={"risk": follow_up.risk_id, "done_on": done_on},
    )


@transaction.atomic
def reprisal_close(*, risk: ReprisalRisk, by: Actor, closed_on: date | None = None) -> ReprisalRisk:
    """Close a risk (the person was checked on, released, transferred out of reach ...); closed twice on
    the same day (a double submit): closed once."""
    _ensure_risk_recordable(risk, by)
    locked = ReprisalRisk.objects.select_for_update().get(pk=risk.pk)
    risk.status, risk.closed_on = locked.status, locked.closed_on
    closed_on = closed_on or clock.today()
    if risk.status == "closed" and risk.closed_on == closed_on:
        return risk  # a double submit: already recorded, one audit entry
    if risk.status == "closed":
        raise DomainError(_("This risk is already closed."))
    if closed_on > clock.today():
        raise DomainError(_("%(day)s is in the future.") % {"day": shown_date(closed_on)})
    risk.status, risk.closed_on = "closed", closed_on
    return save_and_audit(
        risk, by=by, verb="reprisal.close", detail={"person": risk.person.code, "closed_on": closed_on}
    )
