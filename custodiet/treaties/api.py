"""Read-only REST endpoints for treaties: instruments, states, status, coverage and parties.

Treaty records are public, so these endpoints need no login; they accept only
GET (and HEAD/OPTIONS). Dates come as ``?on=YYYY-MM-DD`` and default to today.
A State is named by its ISO code (RU, RUS) or its name, an instrument by its
code, title or alias (ETS-126, ECPT, "ETS No. 126"); an unknown one is a 404,
answered by the core exception handler from the resolvers' NotFound.
"""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import PublicApi
from custodiet.core.dates import parse_query_date
from custodiet.treaties import selectors
from custodiet.treaties.models import Instrument, State
from custodiet.treaties.presenters import coverage_dict, status_dict

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="The date (YYYY-MM-DD); default today")


def _on(request: Request) -> date:
    raw = request.query_params.get("on")
    if not raw:
        return clock.today()
    try:
        return parse_query_date(raw)
    except ValueError as problem:
        raise ValidationError({"on": str(problem)}) from None


class ReadOnlyPublic(APIView):
    permission_classes = [PublicApi]
    http_method_names = ["get", "head", "options"]


class InstrumentOutput(serializers.ModelSerializer[Instrument]):
    class Meta:
        model = Instrument
        fields = [
            "code",
            "short_title",
            "title",
            "title_fr",
            "organisation",
            "adopted_on",
            "depositary",
            "source",
            "clauses",
        ]


class StateOutput(serializers.ModelSerializer[State]):
    class Meta:
        model = State
        fields = ["code", "code3", "name_en", "name_fr"]


REASONS = serializers.ListField(child=serializers.DictField())
StatusOutput = inline_serializer(
    "Status",
    {
        "state": serializers.CharField(),
        "instrument": serializers.CharField(),
        "on": serializers.DateField(),
        "bound": serializers.BooleanField(),
        "phase": serializers.CharField(),
        "summary": serializers.CharField(),
        "in_force_from": serializers.DateField(allow_null=True),
        "ceases_on": serializers.DateField(allow_null=True),
        "uncertain": serializers.BooleanField(),
        "domestic_denunciation_without_notification": serializers.BooleanField(),
        "if_notified_today": serializers.DictField(allow_null=True),
        "reasons": REASONS,
    },
)
CoverageOutput = inline_serializer(
    "Coverage",
    {
        "state": serializers.CharField(),
        "on": serializers.DateField(),
        "mechanisms": serializers.ListField(child=serializers.CharField()),
        "summary": serializers.CharField(),
        "bodies": serializers.ListField(child=serializers.DictField()),
    },
)
PartiesOutput = inline_serializer(
    "Parties",
    {
        "instrument": serializers.CharField(),
        "on": serializers.DateField(),
        "count": serializers.IntegerField(),
        "parties": serializers.ListField(child=serializers.DictField()),
    },
)


class InstrumentListApi(ReadOnlyPublic):
    @extend_schema(responses=InstrumentOutput(many=True), summary="Instruments with their final clauses")
    def get(self, request: Request) -> Response:
        return Response(InstrumentOutput(Instrument.objects.order_by("adopted_on"), many=True).data)


class InstrumentDetailApi(ReadOnlyPublic):
    @extend_schema(responses=InstrumentOutput, summary="One instrument")
    def get(self, request: Request, code: str) -> Response:
        return Response(InstrumentOutput(selectors.resolve_instrument(code)).data)


class StateListApi(ReadOnlyPublic):
    @extend_schema(responses=StateOutput(many=True), summary="States with at least one recorded action")
    def get(self, request: Request) -> Response:
        states = State.objects.filter(actions__isnull=False).distinct().order_by("name_en")
        return Response(StateOutput(states, many=True).data)


class StateDetailApi(ReadOnlyPublic):
    @extend_schema(
        responses=inline_serializer(
            "StateDetail",
            {"state": StateOutput(), "actions": serializers.ListField(child=serializers.DictField())},
        ),
        summary="A state and its recorded actions, each with its source",
    )
    def get(self, request: Request, code: str) -> Response:
        state = selectors.resolve_state(code)
        actions = [
            {
                "instrument": row.instrument.code,
                "kind": row.kind,
                "on": row.on.isoformat(),
                "precision": row.precision,
                "confidence": row.confidence,
                "source": row.source,
                "note": row.note,
            }
            for row in state.actions.select_related("instrument").order_by("on", "id")
        ]
        return Response({"state": StateOutput(state).data, "actions": actions})


class StatusApi(ReadOnlyPublic):
    @extend_schema(
        parameters=[ON],
        responses=StatusOutput,
        summary="Is the state bound by the instrument on the date, and why",
    )
    def get(self, request: Request, code: str, instrument: str) -> Response:
        state = selectors.resolve_state(code)
        result = selectors.engine_for_state(state).status(
            state.code, selectors.resolve_instrument(instrument).code, _on(request), today=clock.today()
        )
        return Response(status_dict(result))


class CoverageApi(ReadOnlyPublic):
    @extend_schema(
        parameters=[ON], responses=CoverageOutput, summary="Visiting mechanisms covering the state's places"
    )
    def get(self, request: Request, code: str) -> Response:
        state = selectors.resolve_state(code)
        result = selectors.engine_for_state(state).coverage(
            state.code, _on(request), selectors.bodies_for_state(state), today=clock.today()
        )
        return Response(coverage_dict(result))


class PartiesApi(ReadOnlyPublic):
    @extend_schema(
        parameters=[ON], responses=PartiesOutput, summary="States bound by the instrument on the date"
    )
    def get(self, request: Request, code: str) -> Response:
        instrument = selectors.resolve_instrument(code).code
        on = _on(request)
        parties = selectors.parties_on(instrument, on, today=clock.today())
        return Response(
            {"instrument": instrument, "on": on.isoformat(), "count": len(parties), "parties": parties}
        )
