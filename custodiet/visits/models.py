"""Visits: the programme of a monitoring body, each visit's delegation, itinerary, notifications,
access events, objections and immediate observations.

Writes go through ``custodiet.visits.services`` (which also asks the treaty
engine whether the body may visit); reads through ``Visit.objects.visible_to``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodiet.core.access import Actor, Capability, can
from custodiet.core.dates import shown_date
from custodiet.core.fields import BlindIndexField, EncryptedTextField, Sealed
from custodiet.core.models import Role, User, account_field


class VisitKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic visit")
    AD_HOC = "ad_hoc", _("Ad hoc visit")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notified")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: Actor) -> VisitQuerySet:
        """Every visit for the secretariat, administrators and committee members; a delegation
        member sees the visits whose delegation they are on; everyone else sees none."""
        if not can(user, Capability.VIEW_VISITS):
            return self.none()
        if isinstance(user, User) and user.role == Role.DELEGATION_MEMBER:
            # A subquery rather than a join: no DISTINCT over every column of a wide row.
            return self.filter(pk__in=DelegationMember.objects.present().filter(user=user).values("visit_id"))
        return self

    def recordable_by(self, user: Actor) -> VisitQuerySet:
        """The visits on which the user may record access events, measurements and observations."""
        if not can(user, Capability.RECORD_ON_VISITS):
            return self.none()
        return self.visible_to(user)


class Visit(models.Model):
    body = models.ForeignKey("treaties.MonitoringBody", on_delete=models.PROTECT, related_name="visits")
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=12, choices=VisitKind.choices)
    status = models.CharField(max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    title = models.CharField(max_length=300, blank=True)
    planned_start = models.DateField()
    planned_end = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="The IANA time zone in which the visit's times are entered and shown (a place's own zone "
        "first); empty for a visit recorded before zones were kept: its times are UTC, and said so",
    )
    notes = models.TextField(blank=True)
    consent_reference = models.CharField(
        max_length=300,
        blank=True,
        help_text="For a body without a right of its own to visit: the reference of the State's consent",
    )
    planned_by = account_field(related_name="visits_planned")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "-id"]
        indexes = [
            models.Index(fields=["state", "planned_start"]),
            models.Index(fields=["body", "planned_start"]),
            models.Index(fields=["status"]),
            models.Index(fields=["-planned_start", "-id"], name="visit_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="visit_planned_end_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=False, ended_on__gte=models.F("started_on")),
                name="visit_ends_on_or_after_start",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=VisitKind.values), name="visit_kind_known"),
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_status_known"
            ),
        ]

    def __str__(self) -> str:
        if self.title:
            return self.title
        return gettext("%(kind)s to %(state)s, %(day)s") % {
            "kind": self.get_kind_display(),
            "state": self.state_id,
            "day": shown_date(self.planned_start),
        }


class DelegationMemberQuerySet(models.QuerySet["DelegationMember"]):
    def present(self) -> DelegationMemberQuerySet:
        """The members who have not left the delegation (a member who left keeps their records, not the
        access to the visit)."""
        return self.filter(left_on__isnull=True)


class DelegationRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Committee member")
    SECRETARIAT = "secretariat", _("Member of the secretariat")
    EXPERT = "expert", _("Expert")
    INTERPRETER = "interpreter", _("Interpreter")


class DelegationMember(models.Model):
    """Someone on a visit's delegation: an account (named by its own, encrypted, record) or, for someone
    without one (an outside expert, a local interpreter), a name kept encrypted here. No name is copied in
    clear: pages, renderings and the API show ``name``, read from the account or the encrypted field.

    A member who interviewed, examined or interpreted is never removed (the testimony would lose who
    took it): they are marked as having left (``left_on``), which also ends their account's access to
    the visit's record (custodiet.visits.services.delegation_remove).
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="delegation")
    own_name = EncryptedTextField(
        max_length=200, blank=True, help_text="For someone without an account: their name, encrypted"
    )
    # Refuses the same name twice on a delegation without decrypting (equal names, equal indexes).
    own_name_index = BlindIndexField(source="own_name")
    role = models.CharField(max_length=12, choices=DelegationRole.choices)
    expertise = models.CharField(max_length=200, blank=True, help_text="e.g. forensic doctor, psychiatrist")
    user = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="delegations"
    )
    left_on = models.DateField(
        null=True, blank=True, help_text="Left the delegation; the records they took part in are kept"
    )

    objects = DelegationMemberQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "own_name_index"],
                condition=models.Q(own_name_index__isnull=False),
                name="delegation_name_once",
            ),
            models.UniqueConstraint(
                fields=["visit", "user"], condition=models.Q(user__isnull=False), name="delegation_user_once"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=DelegationRole.values), name="delegation_role_known"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(own_name_index__isnull=False),
                name="delegation_member_named_or_linked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self) -> None:
        """The blind index is computed on save; computed here too, so that validation checks the
        constraints that use it."""
        index = self._meta.get_field("own_name_index")
        assert isinstance(index, BlindIndexField)
        if not isinstance(self.own_name, Sealed):
            self.own_name_index = index.compute(self.own_name)

    @property
    def name(self) -> str:
        """The name to show: the member's own (encrypted) name when one was given, else the linked
        account's (its full name, or its pseudonymous username)."""
        if self.own_name:
            return str(self.own_name)
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name().strip() or self.user.get_username()
        return ""

    @name.setter
    def name(self, value: str) -> None:
        self.own_name = value

    @property
    def has_left(self) -> bool:
        return self.left_on is not None


class AccountBody(models.Model):
    """The monitoring body an account works for (a member of the CPT, of an NPM, its secretariat or
    experts): set on the people pages (custodiet.visits.accounts), shown with the account and exported
    with the list of who holds which role."""

    user = models.OneToOneField("core.User", on_delete=models.CASCADE, related_name="body_link")
    body = models.ForeignKey("treaties.MonitoringBody", on_delete=models.PROTECT, related_name="accounts")

    def __str__(self) -> str:
        return f"account {self.user_id} works for {self.body_id}"


class ItineraryStop(models.Model):
    """A place on the visit's itinerary, with when the delegation arrived and left."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="itinerary")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="stops")
    planned_on = models.DateField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    departed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["visit", "arrived_at", "planned_on", "id"]
        indexes = [models.Index(fields=["place", "visit"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departed_at__isnull=True)
                | models.Q(arrived_at__isnull=False, departed_at__gte=models.F("arrived_at")),
                name="stop_departs_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} on visit {self.visit_id}"


class NotificationSubject(models.TextChoices):
    VISIT = "visit", _("Intention to visit")
    PLACES = "places", _("Places to be visited")
    PLACE_ON_ARRIVAL = "on_arrival", _("Place notified on arrival (unannounced)")


class Notification(models.Model):
    """What the state was told, and when: the visit itself, the list of places, or a place on arrival."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=12, choices=NotificationSubject.choices)
    places = models.ManyToManyField("places.Place", blank=True, related_name="notifications")
    notified_at = models.DateTimeField()
    addressee = models.CharField(max_length=300, blank=True, help_text="e.g. the liaison officer")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["visit", "notified_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject__in=NotificationSubject.values), name="notification_subject_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} at {self.notified_at:%Y-%m-%d %H:%M}"


class AccessKind(models.TextChoices):
    GRANTED = "granted", _("Access granted")
    DELAYED = "delayed", _("Access delayed")
    REFUSED = "refused", _("Access refused")
    DOCUMENTS_WITHHELD = "documents_withheld", _("Documents or registers withheld")
    INTERVIEW_PREVENTED = "interview_prevented", _("Private interview prevented")


class AccessEvent(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="access_events")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="access_events"
    )
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    occurred_at = models.DateTimeField()
    delay_minutes = models.PositiveIntegerField(null=True, blank=True, help_text="For a delay: how long")
    description = models.TextField(blank=True)
    recorded_by = account_field(related_name=None)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "occurred_at", "id"]
        indexes = [models.Index(fields=["place", "occurred_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=AccessKind.values), name="access_kind_known"),
            models.CheckConstraint(
                condition=~models.Q(kind="delayed") | models.Q(delay_minutes__gt=0),
                name="access_delay_has_duration",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="delayed") | models.Q(delay_minutes__isnull=True),
                name="access_only_delay_has_duration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Objection(models.Model):
    """A State's objection to a visit at a time or place, on any ground: ``on_allowed_ground`` says whether
    the treaty's article (``article``) allows it; an objection on another ground is kept as said, as
    evidence of non-cooperation (custodiet.visits.objections.classify_objection)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="objections")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    ground = models.CharField(
        max_length=300,
        help_text="The code of a ground the instrument allows, or the State's own words for another ground",
    )
    on_allowed_ground = models.BooleanField(
        default=True, help_text="Whether the article allows the ground; False: an objection on another ground"
    )
    article = models.CharField(max_length=40, help_text="The article the ground is checked against")
    raised_on = models.DateField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    explanation = models.TextField(blank=True, help_text="What the state said")
    recorded_by = account_field(related_name=None)

    class Meta:
        ordering = ["visit", "raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=False, period_end__gte=models.F("period_start")),
                name="objection_period_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(ground="") & ~models.Q(article=""), name="objection_ground_and_article"
            ),
        ]

    def __str__(self) -> str:
        return f"Objection ({self.ground}) on {self.raised_on}"

    @property
    def shown_article(self) -> str:
        """The article objected under, as the reader's language writes it (recorded in English)."""
        from custodiet.visits.objections import shown

        return shown(self.article)


class ImmediateObservation(models.Model):
    """Observations communicated to the authorities at the end of a visit, with the answer's deadline."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    communicated_on = models.DateField()
    text = models.TextField()
    response_due = models.DateField()
    response_received_on = models.DateField(null=True, blank=True)
    recorded_by = account_field(related_name=None)

    class Meta:
        ordering = ["visit", "communicated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response_due__gt=models.F("communicated_on")),
                name="observation_due_after_communication",
            ),
            models.CheckConstraint(
                condition=models.Q(response_received_on__isnull=True)
                | models.Q(response_received_on__gte=models.F("communicated_on")),
                name="observation_answer_after_communication",
            ),
        ]

    def __str__(self) -> str:
        return f"Immediate observation of {self.communicated_on}"
