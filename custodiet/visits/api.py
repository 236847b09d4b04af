"""The visits' REST API (under /api/visits/): the programme, a visit's record, planning, changes to a
visit and its status; the endpoints that record on a visit are in ``custodiet.visits.api_records``.

Thin views: each parses its explicit Input serializer, finds the visit through the
selectors (404 for a visit the user may not see), calls the service and returns an
explicit Output (``custodiet.visits.api_outputs``). A refused rule is a DomainError
that the core handler (custodiet.core.api) answers with 400 and the service's
message; planning refused by the treaty gate also returns the refusals with the
engine's reasons. Reading needs VIEW_VISITS; planning and managing PLAN_VISITS;
recording on a visit RECORD_ON_VISITS (403 otherwise, anonymous included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import Actor, Capability, api_permission
from custodiet.core.api import validated
from custodiet.core.errors import NotFound
from custodiet.core.zones import zone_choices
from custodiet.ops.api_paging import KEYSET_PARAMETERS, keyset_paged
from custodiet.treaties.models import MonitoringBody, State
from custodiet.treaties.selectors import find_state, resolve_state
from custodiet.visits import selectors, services
from custodiet.visits.api_outputs import (
    PlanOutput,
    PlanRefusedOutput,
    ProblemOutput,
    VisitDetailOutput,
    VisitOutput,
    VisitPageOutput,
)
from custodiet.visits.models import Visit, VisitKind, VisitStatus

ReadOrPlan = api_permission(Capability.VIEW_VISITS, Capability.PLAN_VISITS)
ReadOrRecord = api_permission(Capability.VIEW_VISITS, Capability.RECORD_ON_VISITS)


class ManagingApi(APIView):
    """An endpoint that manages visits (PLAN_VISITS to change): finds the visit, parses the input."""

    permission_classes = [ReadOrPlan]

    def scope(self, user: Actor) -> QuerySet[Visit]:
        return selectors.plannable(user)

    def visit(self, request: Request, pk: int) -> Visit:
        """The visit, among those the user may change (404 otherwise)."""
        return get_object_or_404(self.scope(request.user), pk=pk)

    def parse(
        self, request: Request, shape: type[serializers.Serializer[Any]], visit: Visit
    ) -> dict[str, Any]:
        """The validated input (400 with the fields' errors otherwise), its place ids made places of the
        visited State."""
        return selectors.resolve_places(visit, validated(shape, request))

    def create(
        self,
        request: Request,
        pk: int,
        shape: type[serializers.Serializer[Any]],
        service: Callable[..., Any],
        output: type[serializers.BaseSerializer[Any]],
    ) -> Response:
        """Add to the visit's record: ``service`` called with the parsed input, 201 with what it made."""
        visit = self.visit(request, pk)
        made = service(visit=visit, by=request.user, **self.parse(request, shape, visit))
        return Response(output(made).data, status=status.HTTP_201_CREATED)


class RecordingApi(ManagingApi):
    """An endpoint that records on a visit (RECORD_ON_VISITS: a delegation member only on their own visits)."""

    permission_classes = [ReadOrRecord]

    def scope(self, user: Actor) -> QuerySet[Visit]:
        return selectors.recordable(user)


class GateApi(ManagingApi):
    """Plans a visit or changes its dates: a refusal by the treaty gate (PlanningRefused) also carries the
    gate's refusals and the engine's reasons, beside ``detail`` (custodiet.core.api)."""


@extend_schema_field(OpenApiTypes.STR)
class StateCodeField(serializers.Field[State, str, str, Any]):
    """A State as every interface names one: "RU", "RUS", "Russian Federation" (400 when none is)."""

    def to_internal_value(self, data: Any) -> State:
        try:
            return resolve_state(str(data))
        except NotFound as problem:
            raise serializers.ValidationError(str(problem)) from problem

    def to_representation(self, value: State) -> str:
        return value.code


def _plan_response(result: services.PlanResult, code: int) -> Response:
    return Response(
        {"visit": VisitOutput(result.visit).data, "warnings": [note.as_dict() for note in result.warnings]},
        status=code,
    )


class VisitListApi(GateApi):
    class VisitPlanInput(serializers.Serializer[Any]):
        body = serializers.SlugRelatedField(slug_field="code", queryset=MonitoringBody.objects.all())
        state = StateCodeField(help_text="ISO code (RU, RUS) or name")
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
        time_zone = serializers.ChoiceField(
            choices=[code for code, _label in zone_choices()],
            required=False,
            allow_blank=True,
            default="",
            help_text="IANA time zone of the visit's times; default: the State's, where it has only one",
        )

    @extend_schema(
        operation_id="visits_list",
        summary="The visits you may see, newest first",
        parameters=[
            OpenApiParameter(
                "state", OpenApiTypes.STR, description="ISO code (RU, RUS) or name; unknown: no visits"
            ),
            OpenApiParameter("body", OpenApiTypes.STR, description="Monitoring body code, e.g. CPT"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=VisitStatus.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VisitKind.values),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 1900, "maximum": 2200},
                description="Year of the first planned day",
            ),
            *KEYSET_PARAMETERS,
        ],
        responses=VisitPageOutput,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        year = params.get("year", "").strip()
        if year and not (year.isascii() and year.isdigit() and 1900 <= int(year[:5]) <= 2200):
            raise serializers.ValidationError({"year": ["Give a year from 1900 to 2200."]})
        wanted = params.get("state", "").strip()
        state = find_state(wanted) if wanted else None
        visits = selectors.visit_list(
            request.user,
            state=state,
            body=params.get("body") or None,
            status=params.get("status") or None,
            kind=params.get("kind") or None,
            year=int(year) if year.isdigit() else None,
        )
        if wanted and state is None:  # a State no one knows has no visits
            visits = visits.none()
        return keyset_paged(request, visits, VisitOutput, order=selectors.LIST_ORDER)

    @extend_schema(
        operation_id="visits_plan",
        summary="Plan a visit (the treaty gate decides; warnings come back with the visit)",
        request=VisitPlanInput,
        responses={201: PlanOutput, 400: PlanRefusedOutput},
    )
    def post(self, request: Request) -> Response:
        result = services.visit_plan(**validated(self.VisitPlanInput, request), by=request.user)
        return _plan_response(result, status.HTTP_201_CREATED)


class VisitDetailApi(GateApi):
    class VisitUpdateInput(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=300, required=False, allow_blank=True)
        kind = serializers.ChoiceField(choices=VisitKind.choices, required=False)
        planned_start = serializers.DateField(required=False)
        planned_end = serializers.DateField(required=False)
        notes = serializers.CharField(required=False, allow_blank=True)
        consent_reference = serializers.CharField(max_length=300, required=False, allow_blank=True)
        time_zone = serializers.ChoiceField(
            choices=[code for code, _label in zone_choices()], required=False, allow_blank=True
        )

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
        visit = self.visit(request, pk)
        data = self.parse(request, self.VisitUpdateInput, visit)
        return _plan_response(services.visit_update(visit=visit, by=request.user, **data), status.HTTP_200_OK)


class VisitStatusApi(ManagingApi):
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
        visit = self.visit(request, pk)
        data = self.parse(request, self.VisitStatusInput, visit)
        services.visit_set_status(visit=visit, by=request.user, **data)
        return Response(VisitOutput(visit).data)
