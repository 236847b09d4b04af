"""Testimony: pseudonymous persons, their identities (stored apart), consent, private interviews,
allegations of ill-treatment, medical examinations, and risks of reprisals with their follow-up.

Everything a seized database could use to tell who said what is encrypted at rest
(custodiet.core.fields): identities, the account in the interviewee's words, descriptions and
exact dates of alleged ill-treatment, medical findings, reprisal reasons and follow-up actions.
What stays in clear is what the counting and the access rules need: codes from the shared
taxonomy, the place and visit, the year and quarter of an allegation.

Who sees what is decided by the QuerySet methods below (``visible_to``, ``recordable_by``);
writes go through custodiet.testimony.services, which validate, save and audit.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from custodiet.core.access import Actor, Capability, can
from custodiet.core.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from custodiet.core.models import Role, User, account_field
from custodiet.testimony import rules, taxonomy
from custodiet.visits.models import DelegationMember, Visit, VisitStatus

# Roles whose testimony capabilities cover every visit; every other role that holds one is limited
# to the visits whose delegation includes them (DelegationMember.user).
EVERY_VISIT = frozenset({Role.SECRETARIAT})
OPEN_VISIT_STATUSES = (VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.UNDER_WAY)


def _sees_every_visit(user: Actor) -> bool:
    return getattr(user, "role", None) in EVERY_VISIT


def member_visit_ids(user: Actor) -> models.QuerySet[DelegationMember, Any]:
    """A subquery of the ids of the visits whose delegation includes the user (none for no account)."""
    members = (
        DelegationMember.objects.present().filter(user=user)
        if isinstance(user, User)
        else DelegationMember.objects.none()
    )
    return members.values("visit_id")


def interview_visits(user: Actor) -> models.QuerySet[Visit]:
    """The visits whose interviews the user may read: every visit for the secretariat, the visits they
    were on for delegation and committee members, none for anyone else."""
    if not can(user, Capability.VIEW_INTERVIEWS):
        return Visit.objects.none()
    if _sees_every_visit(user):
        return Visit.objects.all()
    return Visit.objects.filter(pk__in=member_visit_ids(user))


def recordable_visits(user: Actor) -> models.QuerySet[Visit]:
    """The visits on which the user may record interviews: RECORD_INTERVIEWS, the visit visible to them
    (Visit.objects.visible_to) and, outside the secretariat, their name on its delegation."""
    if not can(user, Capability.RECORD_INTERVIEWS):
        return Visit.objects.none()
    visible = Visit.objects.visible_to(user).exclude(status=VisitStatus.CANCELLED)
    if _sees_every_visit(user):
        return visible
    return visible.filter(pk__in=member_visit_ids(user))


def _choices_check(
    field: str, terms: tuple[taxonomy.Term, ...], name: str, *, blank: bool = False
) -> models.CheckConstraint:
    allowed = taxonomy.codes(terms) + ([""] if blank else [])
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": allowed}), name=name)


# -- persons --------------------------------------------------------------------------------------


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Actor) -> PersonQuerySet:
        """Persons interviewed, or first met, on a visit whose interviews the user may read."""
        if not can(user, Capability.VIEW_INTERVIEWS):
            return self.none()
        if _sees_every_visit(user):
            return self
        visits = member_visit_ids(user)
        return self.filter(
            models.Q(first_met_visit_id__in=visits)
            | models.Q(pk__in=Interview.objects.filter(visit_id__in=visits).values("person_id"))
        )


class Person(models.Model):
    """Someone interviewed, known by a random code; who they are is in PersonIdentity, apart."""

    code = models.CharField(max_length=10, unique=True, editable=False, default=rules.new_pseudonym)
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="+")
    first_met_visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")
    first_met_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest consent's answer to "may the information be used?", copied here by
    # services.consent_record (the history is in Consent) so that counting needs no subquery.
    uses_information = models.BooleanField(default=False, editable=False)
    created_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["uses_information"], name="person_uses_information")]
        constraints = [
            models.CheckConstraint(  # type: ignore[call-overload]  # Q & a lookup is a boolean expression
                condition=models.Q(code__startswith=rules.PSEUDONYM_PREFIX)
                & Exact(Length("code"), len(rules.PSEUDONYM_PREFIX) + rules.PSEUDONYM_LENGTH),
                name="person_code_is_a_pseudonym",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PersonIdentityQuerySet(models.QuerySet["PersonIdentity"]):
    def visible_to(self, user: Actor) -> PersonIdentityQuerySet:
        """Identities: VIEW_IDENTITIES, and the person visible to the user by the interview rule."""
        if not can(user, Capability.VIEW_IDENTITIES):
            return self.none()
        return self.filter(person__in=Person.objects.visible_to(user).values("pk"))


class PersonIdentity(models.Model):
    """Who a pseudonym is. A table of its own, every value encrypted; shown only on an audited request."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, primary_key=True, related_name="identity")
    name = EncryptedTextField(max_length=200, blank=True)
    born_on = EncryptedDateField(null=True, blank=True)
    registry_number = EncryptedTextField(max_length=64, blank=True, help_text="e.g. a prisoner number")
    # Finds "have we met this person before?" by exact registry number without decrypting every row.
    registry_number_index = BlindIndexField(source="registry_number")
    other_identifying = EncryptedTextField(blank=True, help_text="Other identifying details, if needed")
    recorded_by = account_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PersonIdentityQuerySet.as_manager()

    def __str__(self) -> str:
        return f"identity of {self.person_id}"


class Consent(models.Model):
    """What a person agreed to, on a date. The history is kept; the latest applies."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    interview = models.ForeignKey(
        "Interview", null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    given_on = models.DateField()
    use_information = models.BooleanField(help_text="The information may be used (anonymously)")
    be_named = models.BooleanField(help_text="The person may be named")
    be_contacted_again = models.BooleanField(help_text="The person may be contacted again")
    note = EncryptedTextField(blank=True, help_text="How consent was asked and given")
    recorded_by = account_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "given_on", "id"]
        indexes = [models.Index(fields=["person", "-given_on", "-id"], name="consent_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(be_named=True, use_information=False),
                name="consent_named_needs_use",
            ),
        ]

    def __str__(self) -> str:
        return f"consent of {self.person_id} on {self.given_on}"


# -- interviews -----------------------------------------------------------------------------------


class InterviewQuerySet(models.QuerySet["Interview"]):
    def visible_to(self, user: Actor) -> InterviewQuerySet:
        """The secretariat: every interview; delegation and committee members: those of the visits
        whose delegation includes them; everyone else (administrators, analysts, state liaisons, the
        public, anonymous visitors): none."""
        if not can(user, Capability.VIEW_INTERVIEWS):
            return self.none()
        if _sees_every_visit(user):
            return self
        return self.filter(visit_id__in=member_visit_ids(user))

    def recordable_by(self, user: Actor) -> InterviewQuerySet:
        """Interviews to which the user may add allegations, examinations, consent and risks."""
        return self.visible_to(user).filter(visit__in=recordable_visits(user).values("pk"))


class Interview(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="interviews")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="interviews")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews")
    held_at = models.DateTimeField()
    language = models.CharField(max_length=3, help_text="ISO 639-1 or 639-3 code of the interview")
    interviewers = models.ManyToManyField(DelegationMember, related_name="interviews")
    interpreter = models.ForeignKey(
        DelegationMember, null=True, blank=True, on_delete=models.PROTECT, related_name="interpreted"
    )
    private = models.BooleanField(default=True, help_text="No member of staff within hearing")
    within_hearing = models.CharField(
        max_length=300, blank=True, help_text="When not private: who was within hearing"
    )
    account = EncryptedTextField(help_text="The account, in the interviewee's words")
    recorded_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "held_at", "id"]
        indexes = [models.Index(fields=["visit", "held_at", "id"], name="interview_visit_order")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(language=""), name="interview_language_given"),
            models.CheckConstraint(
                condition=models.Q(private=True, within_hearing="")
                | (models.Q(private=False) & ~models.Q(within_hearing="")),
                name="interview_privacy_stated",
            ),
        ]

    def __str__(self) -> str:
        return f"Interview {self.pk} with {self.person_id}"

    @property
    def language_name(self) -> str:
        return rules.language_name(self.language)


class Allegation(models.Model):
    """Ill-treatment as the interviewee tells it: what, when, where, by whom, at which stage."""

    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="allegations")
    type = models.CharField(max_length=32, choices=taxonomy.choices(taxonomy.ALLEGATION_TYPES))
    # The exact dates could tell the State who spoke ("beaten on the night of 3 May"): encrypted.
    occurred_from = EncryptedDateField(null=True, blank=True)
    occurred_to = EncryptedDateField(null=True, blank=True)
    precision = models.CharField(max_length=12, choices=taxonomy.choices(taxonomy.DATE_PRECISIONS))
    # For counting, in clear: the year, and the quarter where the day or month is known.
    period_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    period_quarter = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    place_alleged = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location_detail = EncryptedTextField(
        blank=True, help_text="Where exactly, or a place not in the register"
    )
    perpetrator = models.CharField(max_length=32, choices=taxonomy.choices(taxonomy.PERPETRATOR_CATEGORIES))
    stage = models.CharField(max_length=32, choices=taxonomy.choices(taxonomy.STAGES))
    description = EncryptedTextField(blank=True)
    recorded_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview", "id"]
        indexes = [
            models.Index(fields=["type"]),
            models.Index(fields=["perpetrator"]),
            models.Index(fields=["period_year", "period_quarter"]),
        ]
        constraints = [
            _choices_check("type", taxonomy.ALLEGATION_TYPES, "allegation_type_known"),
            _choices_check("perpetrator", taxonomy.PERPETRATOR_CATEGORIES, "allegation_perpetrator_known"),
            _choices_check("stage", taxonomy.STAGES, "allegation_stage_known"),
            _choices_check("precision", taxonomy.DATE_PRECISIONS, "allegation_precision_known"),
            models.CheckConstraint(
                condition=models.Q(period_quarter__isnull=True) | models.Q(period_quarter__range=(1, 4)),
                name="allegation_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(period_quarter__isnull=True) | models.Q(period_year__isnull=False),
                name="allegation_quarter_needs_year",
            ),
            models.CheckConstraint(
                condition=models.Q(precision="unknown", period_year__isnull=True)
                | (~models.Q(precision="unknown") & models.Q(period_year__isnull=False)),
                name="allegation_year_unless_unknown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} (interview {self.interview_id})"

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period_year, self.period_quarter)


class MedicalExamination(models.Model):
    """Injuries seen by a doctor of the delegation, and how consistent they are with the account.

    Recorded by the doctor themselves (``recorded_by`` is their account) or by another member on their
    behalf (``on_behalf``): the page shows both who examined and who entered it."""

    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="examinations")
    allegation = models.ForeignKey(
        Allegation, null=True, blank=True, on_delete=models.PROTECT, related_name="examinations"
    )
    examined_by = models.ForeignKey(DelegationMember, on_delete=models.PROTECT, related_name="examinations")
    examined_at = models.DateTimeField()
    injuries = EncryptedTextField(help_text="Injuries seen (or that none were seen)")
    notes = EncryptedTextField(blank=True, help_text="Medical notes")
    consistency = models.CharField(
        max_length=20,
        blank=True,
        choices=taxonomy.choices(taxonomy.CONSISTENCY_SCALE),
        help_text="Istanbul Protocol; empty when not graded (e.g. no lesion seen)",
    )
    photographs = models.BooleanField(default=False, help_text="Injuries were photographed")
    # Who entered it: the examining doctor's own account, or another member on their behalf (both kept).
    recorded_by = account_field()
    on_behalf = models.BooleanField(
        default=False, help_text="Entered by someone else than the examining doctor, on their behalf"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview", "examined_at", "id"]
        constraints = [
            _choices_check(
                "consistency", taxonomy.CONSISTENCY_SCALE, "examination_consistency_known", blank=True
            )
        ]

    def __str__(self) -> str:
        return f"Examination {self.pk} (interview {self.interview_id})"


# -- reprisals ------------------------------------------------------------------------------------


class ReprisalRiskQuerySet(models.QuerySet["ReprisalRisk"]):
    def visible_to(self, user: Actor) -> ReprisalRiskQuerySet:
        """Risks of persons visible to the user and, so that the next delegation can check on them,
        the open risks in the State of an open visit (planned, notified, under way) the user is on."""
        if not can(user, Capability.VIEW_INTERVIEWS):
            return self.none()
        if _sees_every_visit(user):
            return self
        next_visit_states = Visit.objects.filter(
            pk__in=member_visit_ids(user), status__in=OPEN_VISIT_STATUSES
        ).values("state_id")
        return self.filter(
            models.Q(person__in=Person.objects.visible_to(user).values("pk"))
            | models.Q(status="open", person__state_id__in=next_visit_states)
        )

    def recordable_by(self, user: Actor) -> ReprisalRiskQuerySet:
        if not can(user, Capability.RECORD_INTERVIEWS):
            return self.none()
        return self.visible_to(user)


class ReprisalRisk(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reprisal_risks")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.PROTECT, related_name="reprisal_risks"
    )
    level = models.CharField(max_length=8, choices=taxonomy.choices(taxonomy.REPRISAL_LEVELS))
    reason = EncryptedTextField()
    status = models.CharField(
        max_length=8, choices=taxonomy.choices(taxonomy.REPRISAL_STATUSES), default="open"
    )
    closed_on = models.DateField(null=True, blank=True)
    flagged_by = account_field()
    flagged_at = models.DateTimeField(auto_now_add=True)

    objects = ReprisalRiskQuerySet.as_manager()

    class Meta:
        ordering = ["-flagged_at", "-id"]
        indexes = [models.Index(fields=["status", "person"])]
        constraints = [
            _choices_check("level", taxonomy.REPRISAL_LEVELS, "reprisal_level_known"),
            _choices_check("status", taxonomy.REPRISAL_STATUSES, "reprisal_status_known"),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="reprisal_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk for {self.person_id}"


class ReprisalFollowUp(models.Model):
    """An action to protect or check on a person at risk: due at the next visit or on a date."""

    risk = models.ForeignKey(ReprisalRisk, on_delete=models.PROTECT, related_name="follow_ups")
    action = EncryptedTextField()
    due_at_next_visit = models.BooleanField(default=True)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    outcome = EncryptedTextField(blank=True)
    recorded_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["risk", "done_on", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at_next_visit=True, due_on__isnull=True)
                | models.Q(due_at_next_visit=False, due_on__isnull=False),
                name="follow_up_due_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.pk} of risk {self.risk_id}"

    @property
    def due_label(self) -> str:
        return rules.due_label(at_next_visit=self.due_at_next_visit, due_on=self.due_on)


class AllegationCount(models.Model):
    """The figures of allegations, kept up to date: persons alleging and allegations, by cell.

    One row per table (a dimension set such as ``type`` or ``type,perpetrator``, or ``total``), key
    (its values joined by ``|``; an empty part is "not known") and scope (the filters of the figures
    page: a State, a place of the register, a year; 0 for "any"). Only allegations of persons whose
    latest consent allows the use of the information are counted. Written by
    ``custodiet.testimony.counts`` in the transaction that records an allegation or a consent;
    ``custodiet testimony recount`` rebuilds every row from the allegations (idempotent).
    """

    scope_state = models.PositiveIntegerField(default=0, help_text="The State's id, or 0 for all States")
    scope_place = models.PositiveIntegerField(default=0, help_text="The place's id, or 0 for all places")
    scope_year = models.PositiveSmallIntegerField(default=0, help_text="The year, or 0 for all years")
    table = models.CharField(max_length=40)
    key = models.CharField(max_length=120, blank=True)
    persons = models.PositiveIntegerField(default=0)
    allegations = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_state", "scope_place", "scope_year", "table", "key"],
                name="allegation_count_one_row_per_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(persons__lte=models.F("allegations")), name="allegation_count_persons_le"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table}={self.key}: {self.persons} persons, {self.allegations} allegations"
