"""REST endpoints for treaties: instruments, states, status, coverage, parties, every State's coverage,
what changed between two dates, and the notifications of denunciation.

Treaty records are public: reading needs no login. Recording a notification (POST) needs
``treaties.edit``. Dates come as ``?on=YYYY-MM-DD`` and default to today. Every answer is
three-valued (``answer``: bound / not_bound / uncertain / unknown; ``bound``: true, false or
null) and carries its ``confidence`` ("unverified" for a value no source confirmed), its
``window`` where uncertain and, apart, ``known_later``. A State is named by its ISO code (RU,
RUS) or its name, an instrument by its code, title or alias (ETS-126, ECPT, "ETS No. 126"); an
unknown one is a 404, answered by the core exception handler from the resolvers' NotFound.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import Capability, PublicApi, api_permission
from custodiet.core.api import validated
from custodiet.core.dates import parse_query_date
from custodiet.treaties import selectors, services, world
from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.presenters import changes_dict, coverage_dict, status_dict, world_dict, yearly_dict
from custodiet.treaties.records import ENDING_KINDS, shown_confidence

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="The date (YYYY-MM-DD); default today")


def _on(request: Request, name: str = "on", default: date | None = None) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return default or clock.today()
    try:
        return parse_query_date(raw)
    except ValueError as problem:
        raise ValidationError({name: str(problem)}) from None


def _action_dict(row: TreatyAction) -> dict[str, Any]:
    return {
        "instrument": row.instrument.code,
        "kind": row.kind,
        "on": row.on.isoformat(),
        "precision": row.precision,
        "confidence": shown_confidence(row.confidence),
        "effective_on": row.effective_on.isoformat() if row.effective_on else None,
        "detail": row.detail,
        "until": row.until.isoformat() if row.until else None,
        "source": row.source,
        "note": row.note,
    }


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
        "answer": serializers.ChoiceField(choices=["bound", "not_bound", "uncertain", "unknown"]),
        "bound": serializers.BooleanField(allow_null=True, help_text="null where uncertain or unknown"),
        "phase": serializers.CharField(),
        "summary": serializers.CharField(),
        "in_force_from": serializers.DateField(allow_null=True),
        "ceases_on": serializers.DateField(allow_null=True),
        "ending": serializers.CharField(
            allow_null=True, help_text="denunciation, withdrawal, cessation, expulsion"
        ),
        "uncertain": serializers.BooleanField(),
        "unknown": serializers.BooleanField(),
        "window": serializers.DictField(allow_null=True, help_text="from, until, text, settled_by"),
        "confidence": serializers.CharField(
            allow_null=True, help_text="certain, sourced, disputed, unverified"
        ),
        "domestic_denunciation_without_notification": serializers.BooleanField(),
        "if_notified_today": serializers.DictField(allow_null=True),
        "reasons": REASONS,
        "known_later": serializers.ListField(
            child=serializers.DictField(), help_text="never used for the answer"
        ),
    },
)
CoverageOutput = inline_serializer(
    "Coverage",
    {
        "state": serializers.CharField(),
        "on": serializers.DateField(),
        "mechanisms": serializers.ListField(child=serializers.CharField()),
        "uncertain": serializers.ListField(child=serializers.CharField()),
        "unknown": serializers.ListField(child=serializers.CharField()),
        "summary": serializers.CharField(),
        "bodies": serializers.ListField(child=serializers.DictField()),
    },
)
PartiesOutput = inline_serializer(
    "Parties",
    {
        "instrument": serializers.CharField(),
        "on": serializers.DateField(),
        "count": serializers.IntegerField(help_text="States certainly bound"),
        "uncertain_count": serializers.IntegerField(),
        "chart_complete_on_this_date": serializers.BooleanField(),
        "parties": serializers.ListField(
            child=serializers.DictField(), help_text="bound and uncertain, by answer"
        ),
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
            _action_dict(row) for row in state.actions.select_related("instrument").order_by("on", "id")
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
        chart = selectors.engine_for_instrument(instrument).chart(instrument)
        return Response(
            {
                "instrument": instrument,
                "on": on.isoformat(),
                "count": sum(1 for row in parties if row["answer"] == "bound"),
                "uncertain_count": sum(1 for row in parties if row["answer"] == "uncertain"),
                "chart_complete_on_this_date": chart is not None and chart.covers(on),
                "parties": parties,
            }
        )


class WorldCoverageApi(ReadOnlyPublic):
    @extend_schema(
        parameters=[ON],
        responses=inline_serializer(
            "WorldCoverage",
            {
                "on": serializers.DateField(),
                "bodies": serializers.ListField(child=serializers.CharField()),
                "states": serializers.ListField(child=serializers.DictField()),
            },
        ),
        summary="Every State on a date: each international body's answer (yes, no, uncertain, unknown)",
    )
    def get(self, request: Request) -> Response:
        on = _on(request)
        engine = selectors.engine_for_all()
        bodies = selectors.international_bodies()
        names = selectors.state_names()
        rows = world.coverage_table(engine, sorted(names), bodies, on, today=clock.today())
        return Response(world_dict(rows, [body.code for body in bodies], names, on))


YEARS = [
    OpenApiParameter("from", OpenApiTypes.INT, description="The first year (default 1989)"),
    OpenApiParameter("to", OpenApiTypes.INT, description="The last year (default this year)"),
]


class WorldYearsApi(ReadOnlyPublic):
    @extend_schema(
        parameters=YEARS,
        responses=inline_serializer(
            "CoverageByYear",
            {"states": serializers.IntegerField(), "counts": serializers.DictField()},
        ),
        summary="States each international body may visit on 1 January of each year",
    )
    def get(self, request: Request) -> Response:
        first, last = _year(request, "from", 1989), _year(request, "to", clock.today().year)
        if not 1900 <= first <= last <= 2200:
            raise ValidationError(
                {"from": f"{first} to {last}: the years must run forward, within 1900-2200"}
            )
        names = selectors.state_names()
        counts = world.yearly_counts(
            selectors.engine_for_all(), sorted(names), selectors.international_bodies(), first, last
        )
        return Response({"states": len(names), "counts": yearly_dict(counts)})


def _year(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise ValidationError({name: f"{raw!r} is not a year"})
    return int(raw)


CHANGES = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="The earlier date (required)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="The later date; default today"),
    OpenApiParameter("state", OpenApiTypes.STR, description="One State; leave out for every State"),
]


class ChangesApi(ReadOnlyPublic):
    @extend_schema(
        parameters=CHANGES,
        responses=inline_serializer(
            "Changes",
            {
                "from": serializers.DateField(),
                "to": serializers.DateField(),
                "states": serializers.ListField(child=serializers.DictField()),
            },
        ),
        summary="What changed between two dates: statuses, rights to visit and the acts in between",
    )
    def get(self, request: Request) -> Response:
        if not request.query_params.get("from"):
            raise ValidationError({"from": "give the earlier date (YYYY-MM-DD)"})
        start, end = _on(request, "from"), _on(request, "to")
        if end <= start:
            raise ValidationError({"to": f"{end.isoformat()} must come after {start.isoformat()}"})
        names = selectors.state_names()
        if wanted := request.query_params.get("state", "").strip():
            state = selectors.resolve_state(wanted)
            engine = selectors.engine_for_state(state)
            bodies = selectors.bodies_for_state(state)
            found = [world.state_changes(engine, state.code, bodies, start, end, today=clock.today())]
        else:
            engine = selectors.engine_for_all()
            found = world.world_changes(
                engine, engine.all_states(), selectors.international_bodies(), start, end
            )
        return Response(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "states": [changes_dict(item, names) for item in found],
            }
        )


class DenunciationNotificationInput(serializers.Serializer[dict[str, Any]]):
    instrument = serializers.CharField(help_text="code, title or alias: ETS-126, ECPT")
    received_on = serializers.DateField(help_text="the day the depositary received the notification")
    source = serializers.CharField(max_length=1000)  # type: ignore[assignment]  # a field named "source"; DRF pops it
    precision = serializers.CharField(
        default="day", help_text="day, month or year: how well the day is known"
    )
    confidence = serializers.CharField(default="sourced", help_text="certain, sourced, uncertain or disputed")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NotificationsApi(APIView):
    """The endings recorded for a State (GET, public), and recording a notification received (POST)."""

    permission_classes = [api_permission(read=None, write=(Capability.EDIT_TREATIES,))]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        responses=inline_serializer(
            "Notifications", {"notifications": serializers.ListField(child=serializers.DictField())}
        ),
        summary="The notifications of denunciation and other endings recorded for a State",
    )
    def get(self, request: Request, code: str) -> Response:
        state = selectors.resolve_state(code)
        rows = (
            state.actions.filter(kind__in=ENDING_KINDS)
            .select_related("instrument")
            .order_by("on", "instrument__code", "id")
        )
        return Response({"notifications": [_action_dict(row) for row in rows]})

    @extend_schema(
        request=DenunciationNotificationInput,
        responses={201: StatusOutput},
        summary="Record the day a depositary received a notification of denunciation (the secretariat)",
    )
    def post(self, request: Request, code: str) -> Response:
        state = selectors.resolve_state(code)
        data = validated(DenunciationNotificationInput, request)
        instrument = selectors.resolve_instrument(data["instrument"])
        status = services.notification_received(
            state=state, instrument=instrument, given=data, by=request.user
        )
        return Response(status_dict(status), status=201)
