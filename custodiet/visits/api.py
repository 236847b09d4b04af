"""The visits' REST API (under /api/visits/): the programme, a visit's record, and one POST endpoint
per change (plan, status, delegation, itinerary, arrivals, notifications, access events, objections,
immediate observations and their answers).

Thin views: each parses its explicit Input serializer, finds the visit through the
selectors (404 for a visit the user may not see), calls the service and returns an
explicit Output. A refused rule is a 400 with the service's message; planning refused
by the treaty gate also returns the refusals with the engine's reasons. Reading needs
VIEW_VISITS; planning and managing PLAN_VISITS; recording on a visit RECORD_ON_VISITS
(403 otherwise, anonymous included).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import Capability, api_permission
from custodiet.core.errors import DomainError
from custodiet.core.models import User
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits import rules, selectors, services
from custodiet.visits.models import (
    AccessEvent,
    AccessKind,
    DelegationMember,
    DelegationRole,
    ImmediateObservation,
    ItineraryStop,
    Notification,
    NotificationSubject,
    Objection,
    Visit,
    VisitKind,
    VisitStatus,
)

ReadOrPlan = api_permission(Capability.VIEW_VISITS, Capability.PLAN_VISITS)
ReadOrRecord = api_permission(Capability.VIEW_VISITS, Capability.RECORD_ON_VISITS)


# -- outputs --------------------------------------------------------------------------------------


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
            "consent_reference",
        ]


class DelegationMemberOutput(serializers.ModelSerializer[DelegationMember]):
    user = serializers.CharField(source="user.username", default=None)

    class Meta:
        model = DelegationMember
        fields = ["id", "name", "role", "expertise", "user"]


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


class VisitPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = VisitOutput(many=True)


def _problem(problem: DomainError) -> Response:
    if isinstance(problem, rules.PlanningRefused):
        decision = problem.decision.as_dict()
        return Response(
            {"detail": str(problem), "refusals": decision["refusals"], "basis": decision["basis"]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response({"detail": str(problem)}, status=status.HTTP_400_BAD_REQUEST)


def _plan_response(result: services.PlanResult, code: int) -> Response:
    return Response(
        {"visit": VisitOutput(result.visit).data, "warnings": [note.as_dict() for note in result.warnings]},
        status=code,
    )


def _places(visit: Visit, ids: list[int]) -> list[Any]:
    return services.places_by_id(visit, ids)


def _place(visit: Visit, pk: int | None) -> Any:
    return services.places_by_id(visit, [pk])[0] if pk is not None else None


# -- the programme and one visit ----------------------------------------------------------------------


class VisitListApi(APIView):
    permission_classes = [ReadOrPlan]

    class VisitPlanInput(serializers.Serializer[Any]):
        body = serializers.SlugRelatedField(slug_field="code", queryset=MonitoringBody.objects.all())
        state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all())
        kind = serializers.ChoiceField(choices=VisitKind.choices)
        planned_start = serializers.DateField()
        planned_end = serializers.DateField()
        title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        consent_reference = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            default="",
            help_text="The State's consent, for a body with no right of its own to visit",
        )

    @extend_schema(
        operation_id="visits_list",
        summary="The visits you may see, newest first",
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, description="ISO alpha-2 code"),
            OpenApiParameter("body", OpenApiTypes.STR, description="Monitoring body code, e.g. CPT"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=VisitStatus.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VisitKind.values),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year of the first planned day"),
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
        responses=VisitPageOutput,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        year = params.get("year", "")
        visits = selectors.visit_list(
            request.user,
            state=params.get("state") or None,
            body=params.get("body") or None,
            status=params.get("status") or None,
            kind=params.get("kind") or None,
            year=int(year) if year.isdigit() else None,
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(visits, request, view=self)
        return paginator.get_paginated_response(VisitOutput(page, many=True).data)

    @extend_schema(
        operation_id="visits_plan",
        summary="Plan a visit (the treaty gate decides; warnings come back with the visit)",
        request=VisitPlanInput,
        responses={201: PlanOutput, 400: PlanRefusedOutput},
    )
    def post(self, request: Request) -> Response:
        incoming = self.VisitPlanInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            result = services.visit_plan(**incoming.validated_data, by=request.user)
        except DomainError as problem:
            return _problem(problem)
        return _plan_response(result, status.HTTP_201_CREATED)


class VisitDetailApi(APIView):
    permission_classes = [ReadOrPlan]

    class VisitUpdateInput(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=300, required=False, allow_blank=True)
        kind = serializers.ChoiceField(choices=VisitKind.choices, required=False)
        planned_start = serializers.DateField(required=False)
        planned_end = serializers.DateField(required=False)
        notes = serializers.CharField(required=False, allow_blank=True)
        consent_reference = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(
        operation_id="visits_retrieve",
        summary="A visit's whole record, with its treaty basis",
        responses=VisitDetailOutput,
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            visit = selectors.visit_detail(request.user, pk)
        except Visit.DoesNotExist:
            return Response({"detail": "No such visit."}, status=status.HTTP_404_NOT_FOUND)
        record = selectors.visit_record(visit, today=clock.today())
        return Response(VisitDetailOutput(visit, context={"record": record}).data)

    @extend_schema(
        summary="Change a visit's details (new dates go through the treaty gate again)",
        request=VisitUpdateInput,
        responses={200: PlanOutput, 400: PlanRefusedOutput},
    )
    def patch(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.VisitUpdateInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            result = services.visit_update(visit=visit, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return _plan_response(result, status.HTTP_200_OK)


class VisitStatusApi(APIView):
    permission_classes = [ReadOrPlan]

    class VisitStatusInput(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=VisitStatus.choices)
        on = serializers.DateField(required=False, allow_null=True, default=None)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Move the visit to its next status, or cancel it",
        request=VisitStatusInput,
        responses={200: VisitOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.VisitStatusInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.visit_set_status(visit=visit, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(VisitOutput(visit).data)


# -- delegation and itinerary ------------------------------------------------------------------------


class DelegationApi(APIView):
    permission_classes = [ReadOrPlan]

    class DelegationInput(serializers.Serializer[Any]):
        name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        role = serializers.ChoiceField(choices=DelegationRole.choices)
        expertise = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        username = serializers.SlugRelatedField(
            slug_field="username",
            queryset=User.objects.all(),
            required=False,
            allow_null=True,
            default=None,
            help_text="An account to link: a delegation member, committee member or secretariat",
        )

    @extend_schema(
        summary="Add a member, expert or interpreter to the delegation",
        request=DelegationInput,
        responses={201: DelegationMemberOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.DelegationInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            member = services.delegation_add(
                visit=visit,
                name=data["name"],
                role=data["role"],
                expertise=data["expertise"],
                user=data["username"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(DelegationMemberOutput(member).data, status=status.HTTP_201_CREATED)


class DelegationMemberApi(APIView):
    permission_classes = [ReadOrPlan]

    @extend_schema(summary="Remove someone from the delegation", responses={204: None, 400: ProblemOutput})
    def delete(self, request: Request, pk: int, member_pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        member = get_object_or_404(
            DelegationMember.objects.select_related("visit"), pk=member_pk, visit=visit
        )
        try:
            services.delegation_remove(member=member, by=request.user)
        except DomainError as problem:
            return _problem(problem)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItineraryApi(APIView):
    permission_classes = [ReadOrPlan]

    class ItineraryInput(serializers.Serializer[Any]):
        place = serializers.IntegerField(help_text="The id of a place of the visited State")
        planned_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        summary="Put a place on the itinerary",
        request=ItineraryInput,
        responses={201: StopOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.ItineraryInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            stop = services.itinerary_add(
                visit=visit,
                place=_place(visit, incoming.validated_data["place"]),
                planned_on=incoming.validated_data["planned_on"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(StopOutput(stop).data, status=status.HTTP_201_CREATED)


class MomentInput(serializers.Serializer[Any]):
    at = serializers.DateTimeField()


class StopArrivalApi(APIView):
    permission_classes = [ReadOrRecord]
    arriving = True

    @extend_schema(
        summary="Record the delegation's arrival at a place (the first puts a notified visit under way)",
        request=MomentInput,
        responses={200: StopOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, stop_pk: int) -> Response:
        visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
        stop = get_object_or_404(ItineraryStop.objects.select_related("place"), pk=stop_pk, visit=visit)
        stop.visit = visit
        incoming = MomentInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        record = services.stop_arrive if self.arriving else services.stop_depart
        try:
            record(stop=stop, at=incoming.validated_data["at"], by=request.user)
        except DomainError as problem:
            return _problem(problem)
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


class NotificationApi(APIView):
    permission_classes = [ReadOrPlan]

    class NotificationInput(serializers.Serializer[Any]):
        subject = serializers.ChoiceField(choices=NotificationSubject.choices)
        notified_at = serializers.DateTimeField()
        places = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
        addressee = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Record what the State was notified of, and when",
        request=NotificationInput,
        responses={201: NotificationOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.NotificationInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            notification = services.notification_record(
                visit=visit,
                subject=data["subject"],
                notified_at=data["notified_at"],
                places=_places(visit, data["places"]),
                addressee=data["addressee"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(NotificationOutput(notification).data, status=status.HTTP_201_CREATED)


class AccessEventApi(APIView):
    permission_classes = [ReadOrRecord]

    class AccessEventInput(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=AccessKind.choices)
        occurred_at = serializers.DateTimeField()
        place = serializers.IntegerField(required=False, allow_null=True, default=None)
        delay_minutes = serializers.IntegerField(required=False, allow_null=True, default=None)
        description = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Record access granted, delayed, refused, documents withheld or an interview prevented",
        request=AccessEventInput,
        responses={201: AccessEventOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
        incoming = self.AccessEventInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            event = services.access_event_record(
                visit=visit,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                place=_place(visit, data["place"]),
                delay_minutes=data["delay_minutes"],
                description=data["description"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(AccessEventOutput(event).data, status=status.HTTP_201_CREATED)


class ObjectionApi(APIView):
    permission_classes = [ReadOrPlan]

    class ObjectionInput(serializers.Serializer[Any]):
        ground = serializers.CharField(
            max_length=100, help_text="A ground code from the visit's objection_grounds; any other is refused"
        )
        raised_on = serializers.DateField()
        place = serializers.IntegerField(required=False, allow_null=True, default=None)
        period_start = serializers.DateField(required=False, allow_null=True, default=None)
        period_end = serializers.DateField(required=False, allow_null=True, default=None)
        explanation = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Record the State's objection, on a ground the treaty allows",
        request=ObjectionInput,
        responses={201: ObjectionOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        incoming = self.ObjectionInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            objection = services.objection_record(
                visit=visit,
                ground=data["ground"],
                raised_on=data["raised_on"],
                place=_place(visit, data["place"]),
                period_start=data["period_start"],
                period_end=data["period_end"],
                explanation=data["explanation"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(ObjectionOutput(objection).data, status=status.HTTP_201_CREATED)


class ObservationApi(APIView):
    permission_classes = [ReadOrRecord]

    class ObservationInput(serializers.Serializer[Any]):
        communicated_on = serializers.DateField()
        text = serializers.CharField()
        response_due = serializers.DateField(
            required=False, allow_null=True, default=None, help_text="Default: one month after communication"
        )
        place = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(
        summary="Record immediate observations and the deadline for the State's answer",
        request=ObservationInput,
        responses={201: ObservationOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.recordable(request.user), pk=pk)
        incoming = self.ObservationInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            observation = services.observation_record(
                visit=visit,
                communicated_on=data["communicated_on"],
                text=data["text"],
                response_due=data["response_due"],
                place=_place(visit, data["place"]),
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(ObservationOutput(observation).data, status=status.HTTP_201_CREATED)


class ObservationAnswerApi(APIView):
    permission_classes = [ReadOrPlan]

    class ObservationAnswerInput(serializers.Serializer[Any]):
        received_on = serializers.DateField()

    @extend_schema(
        summary="Record the day the State's answer to immediate observations was received",
        request=ObservationAnswerInput,
        responses={200: ObservationOutput, 400: ProblemOutput},
    )
    def post(self, request: Request, pk: int, observation_pk: int) -> Response:
        visit = get_object_or_404(selectors.plannable(request.user), pk=pk)
        observation = get_object_or_404(ImmediateObservation, pk=observation_pk, visit=visit)
        incoming = self.ObservationAnswerInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.observation_answer_record(
                observation=observation, received_on=incoming.validated_data["received_on"], by=request.user
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(ObservationOutput(observation).data)
