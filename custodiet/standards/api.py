"""The standards REST API: the public catalogue, a visit's measurements (read and record), and the
findings of a visit and of a place.

Thin views: explicit input and output serializers, reads through the selectors,
writes through ``services.measurement_record``. Measurements and findings are
visit data: ``Capability.VIEW_VISITS`` to read, ``RECORD_ON_VISITS`` to record
(403 otherwise), and the visit from ``Visit.objects.visible_to`` /
``recordable_by`` (404 otherwise). Lists are paginated (``?limit=&offset=``).

A refusal is answered by the core's exception handler (400 with ``detail``);
recording a measurement adds its ``problems``, one a line (``RefusalOutput``).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import Capability, PublicApi, api_permission
from custodiet.core.api import page_of, validated
from custodiet.ops.api_paging import KEYSET_PARAMETERS, keyset_paged
from custodiet.places.models import Place
from custodiet.standards import measures, rules, selectors
from custodiet.standards.models import Finding, Measurement, MeasurementKind, Standard
from custodiet.standards.services import measurement_record
from custodiet.visits.models import Visit

ReadVisits = api_permission(Capability.VIEW_VISITS)


@extend_schema_field(
    {"type": "string", "enum": MeasurementKind.values, "description": "The kind of measurement"}
)
class MeasurementKindField(serializers.ChoiceField):
    """The kind of measurement, described inline in the schema (its enum would clash with visits' `kind`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MeasurementKind.choices, **kwargs)


ReadOrRecord = api_permission(Capability.VIEW_VISITS, Capability.RECORD_ON_VISITS)


class StandardOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    measure = MeasurementKindField()
    threshold = serializers.SerializerMethodField()
    limit = serializers.SerializerMethodField(help_text="The number the standard sets, if any")
    unit = serializers.SerializerMethodField()
    severity = serializers.SerializerMethodField()
    place_types = serializers.SerializerMethodField(help_text="The types of place it applies to")
    rule = serializers.SerializerMethodField(help_text="The rule as data, as in standards.json")
    source = serializers.CharField()  # type: ignore[assignment]  # the field named "source", not Field.source
    source_url = serializers.CharField()

    def _spec(self, standard: Standard) -> rules.StandardSpec:
        return rules.spec_from_data(standard.spec)

    def get_threshold(self, standard: Standard) -> str:
        return self._spec(standard).threshold

    def get_limit(self, standard: Standard) -> str | None:
        limit = self._spec(standard).limit
        return measures.plain(limit) if limit is not None else None

    def get_unit(self, standard: Standard) -> str:
        return self._spec(standard).unit

    def get_severity(self, standard: Standard) -> str:
        return self._spec(standard).severity

    def get_place_types(self, standard: Standard) -> list[str]:
        return sorted(self._spec(standard).place_types)

    def get_rule(self, standard: Standard) -> dict[str, Any]:
        rule: dict[str, Any] = standard.spec["rule"]
        return rule


class PlaceRef(serializers.Serializer[Place]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    name = serializers.CharField(source="__str__")
    type = serializers.CharField()


class FindingOutput(serializers.Serializer[Finding]):
    id = serializers.IntegerField()
    visit = serializers.IntegerField(source="visit_id")
    place = PlaceRef()
    origin = serializers.CharField()
    standard = serializers.CharField(source="standard.code", default=None)
    standard_title = serializers.CharField(source="standard.title", default=None)
    severity = serializers.SerializerMethodField()
    measurement = serializers.IntegerField(source="measurement_id", allow_null=True)
    location = serializers.CharField()
    observed_on = serializers.DateField()
    observed = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    required = serializers.DecimalField(  # type: ignore[assignment]  # the field named "required"
        max_digits=12, decimal_places=2, allow_null=True
    )
    shortfall = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="By how much, in `unit`"
    )
    unit = serializers.CharField()
    text = serializers.CharField(help_text="Which standard, by how much, and where")

    def get_severity(self, finding: Finding) -> str | None:
        if finding.standard is None:
            return None
        return str(finding.standard.spec.get("severity", ""))


class MeasurementOutput(serializers.Serializer[Measurement]):
    id = serializers.IntegerField()
    visit = serializers.IntegerField(source="visit_id")
    place = PlaceRef()
    kind = MeasurementKindField()
    location = serializers.CharField()
    measured_on = serializers.DateField()
    values = serializers.DictField(help_text='The values by name; decimals as strings, e.g. "10.50"')
    summary = serializers.SerializerMethodField()
    note = serializers.CharField()
    finding_count = serializers.IntegerField(default=0)
    recorded_by = serializers.CharField(source="recorded_by.username", default=None)
    recorded_at = serializers.DateTimeField()

    def get_summary(self, measurement: Measurement) -> str:
        return measures.describe(measurement.kind, measurement.values)


MeasurementPage = page_of(MeasurementOutput, "MeasurementPage")
FindingPage = page_of(FindingOutput, "FindingPage")


class MeasurementRecordedOutput(serializers.Serializer[Any]):
    measurement = MeasurementOutput()
    findings = FindingOutput(many=True)
    checked = serializers.ListField(
        child=serializers.CharField(), help_text="The standards the measurement was checked against"
    )


class RefusalOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())


class MeasurementInput(serializers.Serializer[Any]):
    place = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(),
        help_text="A place on the visit's itinerary",
        error_messages={"does_not_exist": "No such place."},
    )
    kind = MeasurementKindField()
    location = serializers.CharField(max_length=200, allow_blank=True, default="")
    measured_on = serializers.DateField()
    values = serializers.DictField(help_text="The kind's values by name (see the catalogue page)")
    note = serializers.CharField(max_length=4000, allow_blank=True, default="")


class StandardListApi(APIView):
    """The catalogue of standards: public knowledge, open to anyone."""

    permission_classes = [PublicApi]

    @extend_schema(responses=StandardOutput(many=True), summary="The catalogue of standards, with sources")
    def get(self, request: Request) -> Response:
        return Response(StandardOutput(selectors.standard_list(), many=True).data)


class VisitMeasurementsApi(APIView):
    permission_classes = [ReadOrRecord]

    Input = MeasurementInput

    @extend_schema(
        responses=MeasurementPage,
        parameters=KEYSET_PARAMETERS,
        summary="A visit's measurements, newest first",
    )
    def get(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
        return keyset_paged(
            request, selectors.visit_measurements(visit), MeasurementOutput, order=selectors.MEASUREMENT_ORDER
        )

    @extend_schema(
        request=Input,
        responses={201: MeasurementRecordedOutput, 400: RefusalOutput},
        summary="Record a measurement; each breached standard becomes a finding",
    )
    def post(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(Visit.objects.recordable_by(request.user), pk=pk)
        result = measurement_record(visit=visit, by=request.user, **validated(self.Input, request))
        measurement = selectors.visit_measurements(visit).get(pk=result.measurement.pk)
        payload = {"measurement": measurement, "findings": result.findings, "checked": result.checked}
        return Response(MeasurementRecordedOutput(payload).data, status=status.HTTP_201_CREATED)


class VisitFindingsApi(APIView):
    permission_classes = [ReadVisits]

    @extend_schema(
        responses=FindingPage, parameters=KEYSET_PARAMETERS, summary="A visit's findings, newest first"
    )
    def get(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
        return keyset_paged(
            request, selectors.visit_findings(visit), FindingOutput, order=selectors.FINDING_ORDER
        )


class PlaceFindingsApi(APIView):
    permission_classes = [ReadVisits]

    @extend_schema(
        responses=FindingPage,
        parameters=KEYSET_PARAMETERS,
        summary="A place's findings from the visits the user may see, newest first",
    )
    def get(self, request: Request, pk: int) -> Response:
        place = get_object_or_404(Place.objects.all(), pk=pk)
        return keyset_paged(
            request,
            selectors.place_findings(place, request.user),
            FindingOutput,
            order=selectors.FINDING_ORDER,
        )
