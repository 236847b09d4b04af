"""Reports after visits, their items (recommendations, comments, requests for information), the State's
responses, the implementation of each item over time, public statements, and who answers for a State.

A report's lifecycle is kept as dates (adopted, transmitted, response due and received, publication
requested and published) with a ``status`` that the services move forward by the rules of
``custodiet.reports.rules``; the constraints below hold the same invariants for every path into the
database. A record copied from a published source (``origin="reference"``) may leave unknown dates
unknown, and is exempt from the procedure's date constraints but not from the rule that a published
report names the State's request.

Reads go through ``Report.objects.visible_to`` / ``published``; writes through
``custodiet.reports.services``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.lookups import GreaterThanOrEqual

from custodiet.core.access import Actor, Capability, can
from custodiet.core.fields import EncryptedJSONField, EncryptedTextField
from custodiet.core.models import Role, User, account_field
from custodiet.reports.rules import (
    WITH_THE_STATE,
    ImplementationStatus,
    ItemKind,
    Origin,
    Priority,
    ReportStatus,
    Theme,
    is_confidential,
)

RECORDED = Q(origin=Origin.RECORDED)


class LiaisonAssignment(models.Model):
    """The State a liaison account answers for. One State per account; set by the secretariat."""

    user = models.OneToOneField("core.User", on_delete=models.CASCADE, related_name="liaison_assignment")
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="liaisons")
    assigned_on = models.DateField()
    assigned_by = account_field()

    def __str__(self) -> str:
        return f"{self.user} answers for {self.state_id}"


def liaison_states(user: Actor) -> models.QuerySet[LiaisonAssignment, Any]:
    """A subquery of the State a state liaison answers for (empty for every other role)."""
    if (
        not isinstance(user, User)
        or user.role != Role.STATE_LIAISON
        or not can(user, Capability.ANSWER_REPORTS)
    ):
        return LiaisonAssignment.objects.none()
    return LiaisonAssignment.objects.filter(user=user).values("state_id")


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Actor) -> ReportQuerySet:
        """Every report for the secretariat, administrators and committee members; a state liaison sees
        the reports transmitted to their own State (and what followed); everyone else none."""
        if can(user, Capability.VIEW_REPORTS):
            return self
        if getattr(user, "role", None) != Role.STATE_LIAISON or not can(user, Capability.ANSWER_REPORTS):
            return self.none()
        return self.filter(state_id__in=liaison_states(user), status__in=WITH_THE_STATE)

    def answerable_by(self, user: Actor) -> ReportQuerySet:
        """The reports whose response the user may record: the liaison of the State, or the secretariat
        recording a response received on paper; until publication, which freezes the published text."""
        answerable = (ReportStatus.TRANSMITTED, ReportStatus.RESPONSE_RECEIVED)
        if can(user, Capability.MANAGE_REPORTS):
            return self.filter(status__in=answerable, origin=Origin.RECORDED)
        if getattr(user, "role", None) != Role.STATE_LIAISON or not can(user, Capability.ANSWER_REPORTS):
            return self.none()
        return self.filter(state_id__in=liaison_states(user), status__in=answerable, origin=Origin.RECORDED)

    def manageable_by(self, user: Actor) -> ReportQuerySet:
        return self if can(user, Capability.MANAGE_REPORTS) else self.none()

    def adoptable_by(self, user: Actor) -> ReportQuerySet:
        return self if can(user, Capability.ADOPT_REPORTS) else self.none()

    def published(self) -> ReportQuerySet:
        """Open to everyone, anonymous visitors included: never a confidential report."""
        return self.filter(status=ReportStatus.PUBLISHED)


class Report(models.Model):
    body = models.ForeignKey("treaties.MonitoringBody", on_delete=models.PROTECT, related_name="reports")
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="reports")
    visits = models.ManyToManyField("visits.Visit", blank=True, related_name="reports")
    title = models.CharField(max_length=300)
    title_generated = models.BooleanField(
        default=False,
        help_text="The title was written from the visit's dates: it follows them until the report is adopted",
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.RECORDED)
    introduction = models.TextField(blank=True, help_text="Opening remarks of the report")
    # For a report with no visit on record (reference data): the dates and label of its visit.
    visit_from = models.DateField(null=True, blank=True)
    visit_to = models.DateField(null=True, blank=True)
    visit_label = models.CharField(max_length=300, blank=True, help_text="e.g. North Caucasus")
    # Adoption by the committee
    adopted_on = models.DateField(null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    # Names of people, and how they voted: encrypted (custodiet.core.fields), never queried.
    voters = EncryptedJSONField(
        default=list,
        blank=True,
        help_text="The members who voted, by name; empty where only counts are known",
    )
    # Transmission and the State's response
    transmitted_on = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    response_received_on = models.DateField(null=True, blank=True, help_text="The first response")
    # Publication, at the State's request
    publication_requested_on = models.DateField(null=True, blank=True)
    publication_request_reference = models.CharField(
        max_length=300, blank=True, help_text="The State's request: note verbale, letter, its date"
    )
    published_on = models.DateField(null=True, blank=True)
    publication_reference = models.CharField(max_length=100, blank=True, help_text="e.g. CPT/Inf (2003) 30")
    publication_url = models.URLField(max_length=300, blank=True)
    source = models.TextField(blank=True, help_text="For reference data: where the facts come from")
    note = models.TextField(blank=True, help_text="What is uncertain or unknown")
    created_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "status"]),
            models.Index(fields=["status", "response_due"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_known"),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="report_origin_known"),
            models.CheckConstraint(condition=~Q(title=""), name="report_has_title"),
            # The procedure's dates follow its steps (reference data may leave them unknown).
            models.CheckConstraint(
                condition=~RECORDED
                | Q(status="draft", adopted_on__isnull=True)
                | Q(adopted_on__isnull=False),
                name="report_adopted_has_date",
            ),
            models.CheckConstraint(
                condition=~RECORDED
                | Q(status__in=["draft", "adopted"], transmitted_on__isnull=True)
                | Q(
                    ~Q(status__in=["draft", "adopted"]),
                    transmitted_on__isnull=False,
                    response_due__isnull=False,
                ),
                name="report_transmitted_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(transmitted_on__isnull=True)
                | Q(adopted_on__isnull=True)
                | Q(transmitted_on__gte=models.F("adopted_on")),
                name="report_transmitted_after_adoption",
            ),
            models.CheckConstraint(
                condition=Q(response_due__isnull=True) | Q(response_due__gt=models.F("transmitted_on")),
                name="report_response_due_after_transmission",
            ),
            models.CheckConstraint(
                condition=Q(response_received_on__isnull=True)
                | Q(transmitted_on__isnull=True)
                | Q(response_received_on__gte=models.F("transmitted_on")),
                name="report_response_after_transmission",
            ),
            # Art. 11(2) ECPT: published only at the State's request, which is recorded.
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published_on__isnull=False) & ~Q(publication_request_reference=""),
                name="report_published_at_states_request",
            ),
            models.CheckConstraint(
                condition=~RECORDED | ~Q(status="published") | Q(publication_requested_on__isnull=False),
                name="report_published_request_dated",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(status="published"),
                name="report_publication_date_only_when_published",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(publication_requested_on__isnull=True)
                | Q(published_on__gte=models.F("publication_requested_on")),
                name="report_published_after_request",
            ),
            models.CheckConstraint(
                condition=Q(visit_to__isnull=True)
                | Q(visit_from__isnull=False, visit_to__gte=models.F("visit_from")),
                name="report_visit_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(origin="reference") | ~Q(source=""), name="report_reference_has_source"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def confidential(self) -> bool:
        return is_confidential(self.status)


class Item(models.Model):
    """A numbered recommendation, comment or request for information of a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=24, choices=ItemKind.choices)
    number = models.PositiveIntegerField()
    text = models.TextField()
    authority = models.CharField(max_length=300, blank=True, help_text="The authority addressed")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    deadline = models.DateField(null=True, blank=True, help_text="An answer due earlier than the report's")
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.OTHER)
    findings = models.ManyToManyField("standards.Finding", blank=True, related_name="report_items")
    places = models.ManyToManyField("places.Place", blank=True, related_name="report_items")
    repeats = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeated_by",
        help_text="The same item in an earlier report",
    )
    recommended_since = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year of the first report that made it (set from `repeats`)"
    )
    status = models.CharField(
        max_length=24,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_ANSWERED,
        help_text="The latest implementation status (the history is in ItemStatus)",
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="item_number_once"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_known"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="item_priority_known"),
            models.CheckConstraint(condition=Q(theme__in=Theme.values), name="item_theme_known"),
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values), name="item_status_known"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="item_number_positive"),
            models.CheckConstraint(condition=~Q(text=""), name="item_has_text"),
            models.CheckConstraint(
                condition=Q(recommended_since__isnull=True) | Q(repeats__isnull=False),
                name="item_since_only_when_repeated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ItemStatus(models.Model):
    """One assessment of an item's implementation, dated and reasoned; the history is kept."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=24, choices=ImplementationStatus.choices)
    set_on = models.DateField()
    reason = models.TextField(blank=True)
    set_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "set_on", "id"]
        verbose_name_plural = "item statuses"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values), name="item_status_history_known"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "no_longer_relevant"]) | ~Q(reason=""),
                name="item_status_reason_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.set_on}"


class StateResponse(models.Model):
    """The State's response to a report (there may be several: a first response, then follow-up)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="responses")
    received_on = models.DateField()
    reference = models.CharField(max_length=300, blank=True, help_text="e.g. the letter's number")
    summary = models.TextField(blank=True, help_text="The State's general comments")
    submitted_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "received_on", "id"]

    def __str__(self) -> str:
        return f"Response of {self.received_on} to report {self.report_id}"


class ItemAnswer(models.Model):
    """The State's answer to one item, with the documents it sent (file names or links)."""

    response = models.ForeignKey(StateResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    documents = models.JSONField(default=list, blank=True, help_text="File names or links")

    class Meta:
        ordering = ["response", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="item_answer_once_per_response"),
            models.CheckConstraint(condition=~Q(text=""), name="item_answer_has_text"),
        ]

    def __str__(self) -> str:
        return f"Answer to item {self.item_id}"


class PublicStatement(models.Model):
    """A public statement about a State that fails to cooperate (Art. 10(2) ECPT)."""

    body = models.ForeignKey(
        "treaties.MonitoringBody", on_delete=models.PROTECT, related_name="public_statements"
    )
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="public_statements")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.RECORDED)
    title = models.CharField(max_length=300)
    decided_on = models.DateField(null=True, blank=True, help_text="Unknown stays unknown (reference data)")
    decided_precision = models.CharField(
        max_length=5,
        choices=[("day", "to the day"), ("month", "to the month"), ("year", "to the year")],
        default="day",
    )
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    members = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The committee's members on that date (parties' seats)"
    )
    views_invited_on = models.DateField(
        null=True, blank=True, help_text="When the State was given the chance to make its views known"
    )
    text = models.TextField(blank=True)
    subject = models.CharField(max_length=300, blank=True, help_text="e.g. Chechen Republic")
    reports = models.ManyToManyField(Report, blank=True, related_name="public_statements")
    source = models.TextField(blank=True)
    created_by = account_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="statement_origin_known"),
            models.CheckConstraint(condition=~Q(title=""), name="statement_has_title"),
            # Art. 10(2) ECPT, for statements decided through the procedure: two thirds, views invited first.
            models.CheckConstraint(
                condition=~RECORDED
                | Q(
                    decided_on__isnull=False,
                    votes_for__isnull=False,
                    members__gte=1,
                    views_invited_on__isnull=False,
                    views_invited_on__lte=models.F("decided_on"),
                ),
                name="statement_decided_with_its_facts",
            ),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(members__isnull=True)
                | Q(GreaterThanOrEqual(models.F("votes_for") * 3, models.F("members") * 2)),
                name="statement_two_thirds_of_members",
            ),
            models.CheckConstraint(
                condition=~Q(origin="reference") | ~Q(source=""), name="statement_reference_has_source"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """A reminder sent to a State about an overdue answer: a report's response or immediate observations."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    observation = models.ForeignKey(
        "visits.ImmediateObservation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    note = models.TextField(blank=True)
    recipients = models.PositiveSmallIntegerField(default=0, help_text="Liaison accounts e-mailed")
    sent_by = account_field()

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, observation__isnull=True)
                | Q(report__isnull=True, observation__isnull=False),
                name="reminder_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.sent_on}"


class ProtectedName(models.Model):
    """A name that must never appear in a published report (a detainee, a witness, a relative), kept apart
    from any delegation's records and encrypted; checked before publication with testimony identities."""

    name = EncryptedTextField(max_length=200)
    state = models.ForeignKey(
        "treaties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(blank=True)
    added_by = account_field()
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"protected name {self.pk}"


class ReferenceNote(models.Model):
    """What is known, uncertain or disputed about a State's record with a body (e.g. press figures)."""

    body = models.ForeignKey("treaties.MonitoringBody", on_delete=models.PROTECT, related_name="+")
    state = models.ForeignKey("treaties.State", on_delete=models.PROTECT, related_name="report_notes")
    text = models.TextField()
    source = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "state", "text"], name="reference_note_once"),
            models.CheckConstraint(condition=~Q(source=""), name="reference_note_has_source"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class FrozenRendering(models.Model):
    """A published report's PDF, rendered once when it was published and kept as a file.

    The file lies under the data directory (``reports/frozen/``) and is served as it is, after its
    SHA-256 is checked against this row; a file missing or altered is never served, and the report
    is rendered on request until a new rendering is kept (``custodiet.reports.frozen``).
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="frozen")
    path = models.CharField(max_length=300, help_text="Relative to the data directory")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    rendered_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.path} ({self.size} bytes)"
