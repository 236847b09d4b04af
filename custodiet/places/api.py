"""The REST API of the register of places: list, detail with occupancy and history, create, edit, figures.

Reading needs ``Capability.VIEW_PLACES``, writing ``Capability.EDIT_PLACES``
(403 otherwise, and for anonymous callers). Inputs and outputs are explicit
serializers; every write goes through ``custodiet.places.services``, whose
refusals (DomainError) ``custodiet.core.api`` answers with 400 ``{"detail": ...}``.
A State is named as everywhere: "RU", "RUS" or its name. Dates come as
``?on=YYYY-MM-DD`` and default to today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import Capability, api_permission
from custodiet.core.api import validated
from custodiet.core.dates import parse_query_date
from custodiet.core.errors import NotFound
from custodiet.ops.api_paging import KEYSET_PARAMETERS, api_page
from custodiet.places import selectors
from custodiet.places.locking import EditConflict
from custodiet.places.models import Place, PopulationRecord
from custodiet.places.occupancy import Occupancy, occupancy_history, occupancy_on
from custodiet.places.rules import MOST_HELD, PlaceType
from custodiet.places.services import place_create, place_update, population_record
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state

PlacesPermission = api_permission(Capability.VIEW_PLACES, Capability.EDIT_PLACES)
ON = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Occupancy on this date (YYYY-MM-DD); default today"
)
PAGE_SIZE = 50  # places a page when ``?limit=`` is not given (at most 500)

FILTERS = [
    OpenApiParameter(
        "state", OpenApiTypes.STR, description="ISO 3166 alpha-2 or alpha-3 code or name, e.g. RU, RUS"
    ),
    OpenApiParameter("type", OpenApiTypes.STR, enum=PlaceType.values, description="The type of place"),
    OpenApiParameter("region", OpenApiTypes.STR, description="The region, exactly as recorded"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words to find in the names, the ref or the region"),
    ON,
    *KEYSET_PARAMETERS,
]


def _on(request: Request) -> date:
    raw = request.query_params.get("on")
    if not raw:
        return clock.today()
    try:
        return parse_query_date(raw)
    except ValueError as problem:
        raise ValidationError({"on": str(problem)}) from None


class OccupancyOutput(serializers.Serializer[Occupancy]):
    on = serializers.DateField()
    known = serializers.BooleanField()
    level = serializers.CharField(help_text="unknown, within (below 90 %), near (90-100 %) or over")
    percent = serializers.DecimalField(
        max_digits=9, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    ratio = serializers.DecimalField(max_digits=10, decimal_places=4, coerce_to_string=False, allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)
    capacity_from = serializers.CharField(help_text="figure, place, or empty when no capacity is known")
    figure_on = serializers.DateField(allow_null=True, help_text="The date of the figure used")
    age_days = serializers.IntegerField(allow_null=True, help_text="How old the figure is on the date asked")
    stale = serializers.BooleanField(help_text="The figure is more than a year old")
    reason = serializers.CharField(help_text="Why the occupancy is unknown; empty when known")
    summary = serializers.CharField()


class PlaceSummaryOutput(serializers.ModelSerializer[Place]):
    state = serializers.CharField(source="state.code")
    state_name = serializers.CharField(source="state.name_en")
    type_label = serializers.CharField(source="get_type_display")

    class Meta:
        model = Place
        fields = [
            "id",
            "ref",
            "name_local",
            "name_en",
            "type",
            "type_label",
            "authority",
            "state",
            "state_name",
            "region",
            "capacity",
            "version",
        ]


class PlaceListItemOutput(PlaceSummaryOutput):
    occupancy = serializers.SerializerMethodField()

    class Meta(PlaceSummaryOutput.Meta):
        fields = [*PlaceSummaryOutput.Meta.fields, "occupancy"]

    @extend_schema_field(OccupancyOutput)
    def get_occupancy(self, place: Place) -> dict[str, Any]:
        return dict(OccupancyOutput(self.context["occupancy"][place.pk]).data)


class PopulationOutput(serializers.ModelSerializer[PopulationRecord]):
    class Meta:
        model = PopulationRecord
        fields = ["id", "on", "population", "capacity", "source"]


class PlaceOutput(PlaceSummaryOutput):
    class Meta(PlaceSummaryOutput.Meta):
        fields = [
            *PlaceSummaryOutput.Meta.fields,
            "address",
            "latitude",
            "longitude",
            "source",
            "notes",
            "created_at",
            "updated_at",
        ]


HistoryPoint = inline_serializer(
    "PopulationHistoryPoint",
    {
        "id": serializers.IntegerField(),
        "on": serializers.DateField(),
        "population": serializers.IntegerField(),
        "capacity": serializers.IntegerField(allow_null=True, help_text="Recorded with the figure, if any"),
        "capacity_in_force": serializers.IntegerField(allow_null=True),
        "percent": serializers.DecimalField(
            max_digits=9, decimal_places=1, coerce_to_string=False, allow_null=True
        ),
        "source": serializers.CharField(),
    },
)
PlaceDetailOutput = inline_serializer(
    "PlaceDetail",
    {
        "place": PlaceOutput(),
        "occupancy": OccupancyOutput(),
        "population": serializers.ListField(child=HistoryPoint),
    },
)
PlacePage = inline_serializer(
    "PaginatedPlaceList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "on": serializers.DateField(),
        "results": PlaceListItemOutput(many=True),
    },
)


def _coordinate(limit: int) -> serializers.DecimalField:
    """A latitude (limit 90) or a longitude (limit 180) in decimal degrees, optional."""
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-limit,
        max_value=limit,
        required=False,
        allow_null=True,
        default=None,
    )


class PlaceInput(serializers.Serializer[Any]):
    ref = serializers.CharField(max_length=60)
    name_local = serializers.CharField(max_length=300)
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    type = serializers.ChoiceField(choices=PlaceType.choices)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    state = serializers.CharField(help_text="ISO 3166 alpha-2 or alpha-3 code, or the English or French name")
    region = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = _coordinate(90)
    longitude = _coordinate(180)
    capacity = serializers.IntegerField(
        min_value=1, max_value=MOST_HELD, required=False, allow_null=True, default=None
    )
    source = serializers.CharField(required=False, allow_blank=True, default="")  # type: ignore[assignment]
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="On a change: the version read; a place changed since is refused (409)",
    )

    def validate_state(self, value: str) -> State:
        try:
            return resolve_state(value)
        except NotFound as unknown:  # a field of the body: a 400 on that field, not a 404
            raise serializers.ValidationError(str(unknown)) from None


class PopulationInput(serializers.Serializer[Any]):
    on = serializers.DateField()
    population = serializers.IntegerField(
        min_value=0,
        max_value=MOST_HELD,
        help_text="Overcrowding is recorded: no bound but what no place holds",
    )
    capacity = serializers.IntegerField(
        min_value=1, max_value=MOST_HELD, required=False, allow_null=True, default=None
    )
    source = serializers.CharField()  # type: ignore[assignment]
    replace = serializers.BooleanField(
        required=False, default=False, help_text="Correct a figure already recorded for that date"
    )


def _place(request: Request, pk: int) -> Place:
    try:
        return selectors.place_detail(user=request.user, pk=pk)
    except Place.DoesNotExist:
        raise NotFound("No such place in the register.") from None  # 404 through core.api


def _detail(place: Place, on: date) -> dict[str, Any]:
    records = selectors.population_history(place)
    figures = selectors.figures_of(records)
    points = occupancy_history(figures, place_capacity=place.capacity)
    return {
        "place": PlaceOutput(place).data,
        "occupancy": OccupancyOutput(occupancy_on(figures, place_capacity=place.capacity, on=on)).data,
        "population": [
            {
                "id": record.pk,
                "on": record.on,
                "population": record.population,
                "capacity": record.capacity,
                "capacity_in_force": point.capacity,
                "percent": point.percent,
                "source": record.source,
            }
            for record, point in zip(records, points, strict=True)
        ],
    }


class PlaceListApi(APIView):
    permission_classes = [PlacesPermission]

    @extend_schema(
        operation_id="places_list",
        parameters=FILTERS,
        responses=PlacePage,
        summary="The register of places, filtered and paginated, with occupancy on a date",
    )
    def get(self, request: Request) -> Response:
        on = _on(request)
        filters = selectors.PlaceFilters.from_params(request.query_params)
        page = api_page(
            request,
            selectors.place_list(user=request.user, filters=filters),
            order=selectors.list_order(filters),
            default_limit=PAGE_SIZE,
        )
        context = {"occupancy": selectors.occupancies(page.rows, on)}
        return page.response(
            PlaceListItemOutput(page.rows, many=True, context=context).data, on=on.isoformat()
        )

    @extend_schema(
        operation_id="places_create",
        request=PlaceInput,
        responses={201: PlaceOutput},
        summary="Add a place to the register (secretariat and administrators)",
    )
    def post(self, request: Request) -> Response:
        values = {name: value for name, value in validated(PlaceInput, request).items() if name != "version"}
        place = place_create(by=request.user, **values)
        return Response(PlaceOutput(place).data, status=status.HTTP_201_CREATED)


class PlaceDetailApi(APIView):
    permission_classes = [PlacesPermission]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        operation_id="places_retrieve",
        parameters=[ON],
        responses=PlaceDetailOutput,
        summary="A place, its occupancy on a date and its population history",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_place(request, pk), _on(request)))

    @extend_schema(
        operation_id="places_partial_update",
        request=PlaceInput(partial=True),
        responses=PlaceOutput,
        summary="Change some fields of a place (secretariat and administrators)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        """With ``version`` (the one the client read), a place changed since is refused with 409 and the
        fields that differ from what the client sent; without it, the change applies to the current place."""
        place = _place(request, pk)
        data = validated(PlaceInput, request, partial=True)
        changes = {name: value for name, value in data.items() if name in request.data and name != "version"}
        try:
            place_update(
                place=place,
                by=request.user,
                changes=changes,
                expected_version=data.get("version"),
            )
        except EditConflict as clash:
            body = {"detail": str(clash), **clash.details(), "current": PlaceOutput(clash.current).data}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(PlaceOutput(place).data)


class PopulationCreateApi(APIView):
    permission_classes = [PlacesPermission]
    http_method_names = ["post", "options"]

    @extend_schema(
        operation_id="places_population_create",
        request=PopulationInput,
        responses={201: PopulationOutput, 200: PopulationOutput},
        summary="Record a dated population figure for a place (secretariat and administrators)",
    )
    def post(self, request: Request, pk: int) -> Response:
        place = _place(request, pk)
        data = validated(PopulationInput, request)
        before = PopulationRecord.objects.filter(place=place, on=data["on"]).first()
        record = population_record(place=place, by=request.user, **data)
        created = before is None
        return Response(
            PopulationOutput(record).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
