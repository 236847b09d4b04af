"""The visits' REST API, the changes to a visit's record: delegation, itinerary, arrivals and
departures, notifications, access events, objections, immediate observations and their answers.

One POST (or DELETE) endpoint per change, under /api/visits/<id>/. Each finds the
visit among those the user may manage (PLAN_VISITS) or record on (RECORD_ON_VISITS;
a delegation member only their own visits), parses its Input, calls the service and
returns the Output. A refused rule is a DomainError, answered 400 with its message by
the core handler (custodiet.core.api); nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.api import LocalDateTimeField, id_field, post_endpoint, validated
from custodiet.core.models import User
from custodiet.visits import services
from custodiet.visits.api import ManagingApi, RecordingApi
from custodiet.visits.api_outputs import (
    AccessEventOutput,
    DelegationMemberOutput,
    NotificationOutput,
    ObjectionOutput,
    ObservationOutput,
    ProblemOutput,
    StopOutput,
)
from custodiet.visits.models import (
    AccessKind,
    DelegationMember,
    DelegationRole,
    ImmediateObservation,
    ItineraryStop,
    NotificationSubject,
)


def _addition(
    name: str,
    *,
    base: type[ManagingApi],
    summary: str,
    shape: type[serializers.Serializer[Any]],
    service: Callable[..., Any],
    output: type[serializers.BaseSerializer[Any]],
) -> type[APIView]:
    """The endpoint that adds to a visit's record: the visit among those ``base`` lets the user change
    (404 otherwise), the input parsed, ``service`` called; 201 with what it made."""

    def handle(view: ManagingApi, request: Request, pk: int) -> Response:
        return view.create(request, pk, shape, service, output)

    return post_endpoint(
        name,
        summary=summary,
        shape=shape,
        responses={201: output, 400: ProblemOutput},
        handle=handle,
        base=base,
    )


# -- delegation and itinerary ------------------------------------------------------------------------


class DelegationInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=DelegationRole.choices)
    expertise = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    username = serializers.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An account to link: a delegation member, committee member or secretariat (linked by the secretariat only)",
    )


DelegationApi = _addition(
    "DelegationApi",
    base=ManagingApi,
    summary="Add a member, expert or interpreter to the delegation",
    shape=DelegationInput,
    service=services.delegation_add,
    output=DelegationMemberOutput,
)


class DelegationMemberApi(ManagingApi):
    @extend_schema(summary="Remove someone from the delegation", responses={204: None, 400: ProblemOutput})
    def delete(self, request: Request, pk: int, member_pk: int) -> Response:
        visit = self.visit(request, pk)
        member = get_object_or_404(
            DelegationMember.objects.select_related("visit"), pk=member_pk, visit=visit
        )
        services.delegation_remove(member=member, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DelegationLeaveApi(ManagingApi):
    class LeaveInput(serializers.Serializer[Any]):
        left_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        summary="Mark someone as having left the delegation (their records keep them; their account loses "
        "the visit)",
        request=LeaveInput,
        responses={200: DelegationMemberOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, member_pk: int) -> Response:
        visit = self.visit(request, pk)
        member = get_object_or_404(
            DelegationMember.objects.select_related("visit", "user"), pk=member_pk, visit=visit
        )
        left_on = validated(self.LeaveInput, request)["left_on"]
        services.delegation_leave(member=member, on=left_on, by=request.user)
        return Response(DelegationMemberOutput(member).data)


class ItineraryInput(serializers.Serializer[Any]):
    place = id_field(help_text="The id of a place of the visited State")
    planned_on = serializers.DateField(required=False, allow_null=True, default=None)


ItineraryApi = _addition(
    "ItineraryApi",
    base=ManagingApi,
    summary="Put a place on the itinerary",
    shape=ItineraryInput,
    service=services.itinerary_add,
    output=StopOutput,
)


class MomentInput(serializers.Serializer[Any]):
    at = LocalDateTimeField(help_text="Local time at the place when given without an offset")


class StopArrivalApi(RecordingApi):
    arriving = True

    @extend_schema(
        summary="Record the delegation's arrival at a place (the first puts a notified visit under way)",
        request=MomentInput,
        responses={200: StopOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, stop_pk: int) -> Response:
        visit = self.visit(request, pk)
        stop = get_object_or_404(ItineraryStop.objects.select_related("place"), pk=stop_pk, visit=visit)
        stop.visit = visit
        data = self.parse(request, MomentInput, visit)
        record = services.stop_arrive if self.arriving else services.stop_depart
        record(stop=stop, by=request.user, **data)
        return Response(StopOutput(stop).data)


class StopDepartureApi(StopArrivalApi):
    arriving = False

    @extend_schema(
        summary="Record the delegation's departure from a place",
        request=MomentInput,
        responses={200: StopOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, stop_pk: int) -> Response:
        return super().post(request, pk, stop_pk)


# -- notification, access, objections, observations ----------------------------------------------------


class NotificationInput(serializers.Serializer[Any]):
    subject = serializers.ChoiceField(choices=NotificationSubject.choices)
    notified_at = LocalDateTimeField(help_text="Local time in the visit's zone when given without an offset")
    places = serializers.ListField(child=id_field(), required=False, default=list)
    addressee = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


NotificationApi = _addition(
    "NotificationApi",
    base=ManagingApi,
    summary="Record what the State was notified of, and when",
    shape=NotificationInput,
    service=services.notification_record,
    output=NotificationOutput,
)


class AccessEventInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AccessKind.choices)
    occurred_at = LocalDateTimeField(help_text="Local time at the place when given without an offset")
    place = id_field(required=False, allow_null=True, default=None)
    delay_minutes = serializers.IntegerField(
        min_value=1, max_value=525_600, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


AccessEventApi = _addition(
    "AccessEventApi",
    base=RecordingApi,
    summary="Record access granted, delayed, refused, documents withheld or an interview prevented",
    shape=AccessEventInput,
    service=services.access_event_record,
    output=AccessEventOutput,
)


class ObjectionInput(serializers.Serializer[Any]):
    ground = serializers.CharField(
        max_length=300,
        help_text="A ground code from the visit's objection_grounds, or the State's words for another "
        "ground (recorded with on_allowed_ground false)",
    )
    raised_on = serializers.DateField()
    place = id_field(required=False, allow_null=True, default=None)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    explanation = serializers.CharField(required=False, allow_blank=True, default="")


ObjectionApi = _addition(
    "ObjectionApi",
    base=ManagingApi,
    summary="Record the State's objection, on any ground, classified against the treaty's grounds",
    shape=ObjectionInput,
    service=services.objection_record,
    output=ObjectionOutput,
)


class ObservationInput(serializers.Serializer[Any]):
    communicated_on = serializers.DateField()
    text = serializers.CharField()
    response_due = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: one month after communication"
    )
    place = id_field(required=False, allow_null=True, default=None)


ObservationApi = _addition(
    "ObservationApi",
    base=RecordingApi,
    summary="Record immediate observations and the deadline for the State's answer",
    shape=ObservationInput,
    service=services.observation_record,
    output=ObservationOutput,
)


class ObservationAnswerApi(ManagingApi):
    class ObservationAnswerInput(serializers.Serializer[Any]):
        received_on = serializers.DateField()

    @extend_schema(
        summary="Record the day the State's answer to immediate observations was received",
        request=ObservationAnswerInput,
        responses={200: ObservationOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, observation_pk: int) -> Response:
        visit = self.visit(request, pk)
        observation = get_object_or_404(ImmediateObservation, pk=observation_pk, visit=visit)
        data = self.parse(request, self.ObservationAnswerInput, visit)
        services.observation_answer_record(observation=observation, by=request.user, **data)
        return Response(ObservationOutput(observation).data)
