"""What the visits' REST API answers: the output shapes of a visit, its record and the treaty gate.

Explicit serializers, one per shape, shared by the endpoints in ``custodiet.visits.api``
(the programme and one visit) and ``custodiet.visits.api_records`` (the changes to a
visit's record), and named in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from custodiet.core import clock
from custodiet.core.api import page_of
from custodiet.visits import rules, selectors
from custodiet.visits.models import (
    AccessEvent,
    DelegationMember,
    ImmediateObservation,
    ItineraryStop,
    Notification,
    Objection,
    Visit,
)


class ProblemOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


class ReasonOutput(serializers.Serializer[Any]):
    text = serializers.CharField()
    article = serializers.CharField(allow_null=True)
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]  # a field, not Field.source


class GateNoteOutput(serializers.Serializer[Any]):
    code = serializers.CharField(
        help_text="e.g. no_right, right_ends, domestic_denunciation, consent_missing"
    )
    text = serializers.CharField()
    on = serializers.DateField(allow_null=True)
    reasons = ReasonOutput(many=True)


class GateDecisionOutput(serializers.Serializer[Any]):
    body = serializers.CharField()
    state = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    allowed = serializers.BooleanField()
    covers = serializers.BooleanField(help_text="A treaty right to visit on the first day")
    right_lost_on = serializers.DateField(allow_null=True)
    refusals = GateNoteOutput(many=True)
    warnings = GateNoteOutput(many=True)
    basis = ReasonOutput(many=True)


class PlanRefusedOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()
    refusals = GateNoteOutput(many=True)
    basis = ReasonOutput(many=True)


class GroundOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class ObjectionClauseOutput(serializers.Serializer[Any]):
    instrument = serializers.CharField()
    article = serializers.CharField()
    scope = serializers.CharField()
    condition = serializers.CharField()
    note = serializers.CharField()
    grounds = GroundOutput(many=True)


class PlaceRefOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    name = serializers.CharField(source="__str__")


class VisitOutput(serializers.ModelSerializer[Visit]):
    body = serializers.CharField(source="body.code")
    state = serializers.CharField(source="state.code")
    state_name = serializers.CharField(source="state.name_en")

    class Meta:
        model = Visit
        fields = [
            "id",
            "title",
            "body",
            "state",
            "state_name",
            "kind",
            "status",
            "planned_start",
            "planned_end",
            "started_on",
            "ended_on",
            "time_zone",
            "consent_reference",
        ]


class DelegationMemberOutput(serializers.ModelSerializer[DelegationMember]):
    name = serializers.CharField(read_only=True, help_text="The account's name, or the member's own")
    user = serializers.CharField(source="user.username", default=None)
    user_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = DelegationMember
        fields = ["id", "name", "role", "expertise", "user", "user_id", "left_on"]


class StopOutput(serializers.ModelSerializer[ItineraryStop]):
    place = PlaceRefOutput()

    class Meta:
        model = ItineraryStop
        fields = ["id", "place", "planned_on", "arrived_at", "departed_at"]


class NotificationOutput(serializers.ModelSerializer[Notification]):
    places = PlaceRefOutput(many=True)

    class Meta:
        model = Notification
        fields = ["id", "subject", "notified_at", "places", "addressee", "note"]


class AccessEventOutput(serializers.ModelSerializer[AccessEvent]):
    place = PlaceRefOutput(allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username", default=None)

    class Meta:
        model = AccessEvent
        fields = ["id", "kind", "occurred_at", "place", "delay_minutes", "description", "recorded_by"]


class ObjectionOutput(serializers.ModelSerializer[Objection]):
    place = PlaceRefOutput(allow_null=True)

    class Meta:
        model = Objection
        fields = [
            "id",
            "ground",
            "on_allowed_ground",
            "article",
            "raised_on",
            "place",
            "period_start",
            "period_end",
            "explanation",
        ]


class ObservationOutput(serializers.ModelSerializer[ImmediateObservation]):
    place = PlaceRefOutput(allow_null=True)
    answer = serializers.SerializerMethodField(help_text="answered, overdue or pending")

    class Meta:
        model = ImmediateObservation
        fields = ["id", "communicated_on", "place", "text", "response_due", "response_received_on", "answer"]

    def get_answer(self, item: ImmediateObservation) -> str:
        return rules.observation_state(item.response_due, item.response_received_on, clock.today())


class VisitDetailOutput(VisitOutput):
    planned_by = serializers.CharField(source="planned_by.username", default=None)
    delegation = DelegationMemberOutput(many=True)
    itinerary = StopOutput(many=True)
    notifications = NotificationOutput(many=True)
    access_events = AccessEventOutput(many=True)
    objections = ObjectionOutput(many=True)
    observations = ObservationOutput(many=True)
    treaty_basis = serializers.SerializerMethodField()
    objection_grounds = serializers.SerializerMethodField()

    class Meta(VisitOutput.Meta):
        fields = [
            *VisitOutput.Meta.fields,
            "notes",
            "planned_by",
            "delegation",
            "itinerary",
            "notifications",
            "access_events",
            "objections",
            "observations",
            "treaty_basis",
            "objection_grounds",
        ]

    @extend_schema_field(GateDecisionOutput)
    def get_treaty_basis(self, visit: Visit) -> dict[str, Any]:
        record: selectors.VisitRecord = self.context["record"]
        return record.decision.as_dict()

    @extend_schema_field(ObjectionClauseOutput(allow_null=True))
    def get_objection_grounds(self, visit: Visit) -> dict[str, Any] | None:
        record: selectors.VisitRecord = self.context["record"]
        return record.objection_clause.as_dict() if record.objection_clause else None


class PlanOutput(serializers.Serializer[Any]):
    visit = VisitOutput()
    warnings = GateNoteOutput(many=True)


VisitPageOutput = page_of(VisitOutput, "VisitPageOutput")
