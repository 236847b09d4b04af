"""The testimony REST API (to be mounted under /api/testimony/): a visit's interviews (list, record),
one interview in full (an audited read), recording an allegation, and counts of allegations.

Thin views: each parses its explicit Input serializer, finds the visit or interview through the
QuerySet methods of custodiet.testimony.models (404 for one the user may not read), calls the
service and returns an explicit Output. A refused rule is a 400 with the service's words.
Capabilities: reading interviews needs VIEW_INTERVIEWS, recording RECORD_INTERVIEWS, counts
VIEW_ALLEGATION_AGGREGATES (403 otherwise, anonymous included). Identities are never sent by the
API: they are shown only on the interview page, on an explicit audited request. Every response is
sent with ``Cache-Control: no-store``.
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

from custodiet.core.access import Capability, api_permission
from custodiet.core.errors import DomainError
from custodiet.places.models import Place
from custodiet.testimony import rules, selectors, services, taxonomy
from custodiet.testimony.models import (
    Allegation,
    Consent,
    Interview,
    MedicalExamination,
    interview_visits,
    recordable_visits,
)
from custodiet.treaties.models import State
from custodiet.visits.models import DelegationMember

ReadOrRecord = api_permission(Capability.VIEW_INTERVIEWS, Capability.RECORD_INTERVIEWS)
ReadAggregates = api_permission(Capability.VIEW_ALLEGATION_AGGREGATES)


class NoStore(APIView):
    """Base view: confidential responses are never cached."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response


def _problem(problem: DomainError) -> Response:
    return Response({"detail": str(problem)}, status=status.HTTP_400_BAD_REQUEST)


# -- outputs --------------------------------------------------------------------------------------


class InterviewRefusalOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


class InterviewPlaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    name = serializers.CharField(source="__str__")


class DelegationMemberRefOutput(serializers.ModelSerializer[DelegationMember]):
    class Meta:
        model = DelegationMember
        fields = ["id", "name", "role", "expertise"]


class InterviewOutput(serializers.ModelSerializer[Interview]):
    """An interview without its account: what a list shows."""

    person = serializers.CharField(source="person.code", help_text="The person's pseudonym")
    place = InterviewPlaceOutput()
    interviewers = DelegationMemberRefOutput(many=True)
    interpreter = DelegationMemberRefOutput(allow_null=True)
    allegation_types = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "visit",
            "person",
            "place",
            "held_at",
            "language",
            "private",
            "within_hearing",
            "interviewers",
            "interpreter",
            "allegation_types",
        ]

    def get_allegation_types(self, interview: Interview) -> list[str]:
        return sorted({allegation.type for allegation in interview.allegations.all()})


class AllegationOutput(serializers.ModelSerializer[Allegation]):
    type = serializers.CharField(help_text="A code of the taxonomy of ill-treatment (see the input's enum)")
    place_alleged = InterviewPlaceOutput(allow_null=True)
    period = serializers.CharField(source="period_label")

    class Meta:
        model = Allegation
        fields = [
            "id",
            "interview",
            "type",
            "perpetrator",
            "stage",
            "precision",
            "occurred_from",
            "occurred_to",
            "period",
            "place_alleged",
            "location_detail",
            "description",
        ]


class ExaminationOutput(serializers.ModelSerializer[MedicalExamination]):
    examined_by = DelegationMemberRefOutput()

    class Meta:
        model = MedicalExamination
        fields = [
            "id",
            "allegation",
            "examined_by",
            "examined_at",
            "injuries",
            "notes",
            "consistency",
            "photographs",
        ]


class ConsentOutput(serializers.ModelSerializer[Consent]):
    class Meta:
        model = Consent
        fields = ["given_on", "use_information", "be_named", "be_contacted_again"]


class InterviewDetailOutput(InterviewOutput):
    """An interview in full: the account, allegations, examinations and the latest consent."""

    allegations = AllegationOutput(many=True)
    examinations = ExaminationOutput(many=True)
    consent = serializers.SerializerMethodField()

    class Meta(InterviewOutput.Meta):
        fields = [*InterviewOutput.Meta.fields, "account", "allegations", "examinations", "consent"]

    @extend_schema_field(ConsentOutput(allow_null=True))
    def get_consent(self, interview: Interview) -> dict[str, Any] | None:
        consents = list(interview.person.consents.all())
        return ConsentOutput(consents[0]).data if consents else None


class InterviewPageOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = InterviewOutput(many=True)


class CellOutput(serializers.Serializer[Any]):
    key = serializers.ListField(
        child=serializers.CharField(), help_text="One code per dimension; '' is 'not known'"
    )
    labels = serializers.ListField(child=serializers.CharField())
    persons = serializers.IntegerField(
        allow_null=True, help_text="Distinct persons alleging; null when suppressed"
    )
    allegations = serializers.IntegerField(allow_null=True, help_text="null when the persons are suppressed")
    shown = serializers.CharField(
        help_text="The persons as a page shows them: a number, 'fewer than 3' or 'not shown'"
    )


class AggregateOutput(serializers.Serializer[Any]):
    dimensions = serializers.ListField(child=serializers.CharField())
    threshold = serializers.IntegerField()
    cells = CellOutput(many=True)
    persons_total = serializers.IntegerField(allow_null=True)
    persons_total_shown = serializers.CharField(
        help_text="e.g. 'not shown' when it would reveal a hidden cell"
    )
    allegations_total = serializers.IntegerField(allow_null=True)


# -- inputs ---------------------------------------------------------------------------------------


class IdentityInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    born_on = serializers.DateField(required=False, allow_null=True, default=None)
    registry_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    other_identifying = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentInput(serializers.Serializer[Any]):
    use_information = serializers.BooleanField()
    be_named = serializers.BooleanField()
    be_contacted_again = serializers.BooleanField()
    given_on = serializers.DateField(required=False, allow_null=True, default=None)


class NewPersonInput(serializers.Serializer[Any]):
    identity = IdentityInput(required=False, allow_null=True, default=None)
    consent = ConsentInput(required=False, allow_null=True, default=None)


class InterviewInput(serializers.Serializer[Any]):
    person = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The pseudonym of a person already met"
    )
    new_person = NewPersonInput(
        required=False, allow_null=True, default=None, help_text="A person met for the first time"
    )
    place = serializers.IntegerField(help_text="A place on the visit's itinerary")
    held_at = serializers.DateTimeField()
    language = serializers.CharField(max_length=3, help_text="ISO 639-1 or 639-3 code")
    interviewers = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    interpreter = serializers.IntegerField(required=False, allow_null=True, default=None)
    private = serializers.BooleanField(default=True)
    within_hearing = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    account = serializers.CharField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs["person"]) == (attrs["new_person"] is not None):
            raise serializers.ValidationError("Give either person (a pseudonym) or new_person, not both.")
        return attrs


class AllegationInput(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=taxonomy.choices(taxonomy.ALLEGATION_TYPES))
    perpetrator = serializers.ChoiceField(choices=taxonomy.choices(taxonomy.PERPETRATOR_CATEGORIES))
    stage = serializers.ChoiceField(choices=taxonomy.choices(taxonomy.STAGES))
    precision = serializers.ChoiceField(choices=taxonomy.choices(taxonomy.DATE_PRECISIONS), default="unknown")
    occurred_from = serializers.DateField(required=False, allow_null=True, default=None)
    occurred_to = serializers.DateField(required=False, allow_null=True, default=None)
    place_alleged = serializers.IntegerField(required=False, allow_null=True, default=None)
    location_detail = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


# -- views ----------------------------------------------------------------------------------------


def _members(ids: list[int]) -> list[DelegationMember]:
    found = DelegationMember.objects.in_bulk(ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise DomainError(f"No delegation member {', '.join(map(str, missing))}.")
    return [found[pk] for pk in ids]


class VisitInterviewsApi(NoStore):
    permission_classes = [ReadOrRecord]

    @extend_schema(
        operation_id="testimony_visit_interviews",
        summary="A visit's interviews (without the accounts), in the order they were held",
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
        responses={200: InterviewPageOutput, 404: InterviewRefusalOutput},
    )
    def get(self, request: Request, visit_pk: int) -> Response:
        visit = get_object_or_404(interview_visits(request.user), pk=visit_pk)
        paginator = LimitOffsetPagination()
        page = (
            paginator.paginate_queryset(selectors.interview_list(request.user, visit), request, view=self)
            or []
        )
        services.interview_list_read(
            visit=visit,
            by=request.user,
            shown=len(page),
            page=(paginator.offset or 0) // max(paginator.limit or 1, 1) + 1,
            via="api",
        )
        return paginator.get_paginated_response(InterviewOutput(page, many=True).data)

    @extend_schema(
        operation_id="testimony_interview_record",
        summary="Record an interview, with a person already met (pseudonym) or one met for the first time",
        request=InterviewInput,
        responses={201: InterviewDetailOutput, 400: InterviewRefusalOutput, 404: InterviewRefusalOutput},
    )
    def post(self, request: Request, visit_pk: int) -> Response:
        visit = get_object_or_404(recordable_visits(request.user), pk=visit_pk)
        incoming = InterviewInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            person: Any
            if data["person"]:
                person = selectors.person_by_code(request.user, data["person"], state_id=visit.state_id)
                if person is None:
                    raise DomainError(
                        f"No person {rules.normalize_pseudonym(data['person'])} among those met in {visit.state}."
                    )
            else:
                given = data["new_person"]
                identity = given.get("identity")
                consent = given.get("consent")
                person = services.NewPerson(
                    identity=services.IdentityDetails(**identity) if identity else None,
                    consent=services.ConsentDetails(**consent) if consent else None,
                )
            place = Place.objects.filter(pk=data["place"]).first()
            if place is None:
                raise DomainError(f"No place {data['place']}.")
            interview = services.interview_record(
                visit=visit,
                person=person,
                place=place,
                held_at=data["held_at"],
                language=data["language"],
                interviewers=_members(data["interviewers"]),
                interpreter=_members([data["interpreter"]])[0] if data["interpreter"] else None,
                private=data["private"],
                within_hearing=data["within_hearing"],
                account=data["account"],
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        created = selectors.interview_detail(request.user, interview.pk)
        return Response(InterviewDetailOutput(created).data, status=status.HTTP_201_CREATED)


class InterviewDetailApi(NoStore):
    permission_classes = [api_permission(Capability.VIEW_INTERVIEWS)]

    @extend_schema(
        operation_id="testimony_interview_retrieve",
        summary="One interview in full, with the account (an audited read; no identity)",
        responses={200: InterviewDetailOutput, 404: InterviewRefusalOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            interview = selectors.interview_detail(request.user, pk)
        except Interview.DoesNotExist:
            return Response({"detail": "No such interview."}, status=status.HTTP_404_NOT_FOUND)
        services.interview_read(interview=interview, by=request.user, via="api")
        return Response(InterviewDetailOutput(interview).data)


class AllegationApi(NoStore):
    permission_classes = [api_permission(Capability.RECORD_INTERVIEWS)]

    @extend_schema(
        operation_id="testimony_allegation_record",
        summary="Record an allegation made in an interview, coded by the shared taxonomy",
        request=AllegationInput,
        responses={201: AllegationOutput, 400: InterviewRefusalOutput, 404: InterviewRefusalOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        try:
            interview = selectors.recordable_interview(request.user, pk)
        except Interview.DoesNotExist:
            return Response({"detail": "No such interview."}, status=status.HTTP_404_NOT_FOUND)
        incoming = AllegationInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        place_id = data.pop("place_alleged")
        try:
            place = None
            if place_id is not None:
                place = Place.objects.filter(pk=place_id).first()
                if place is None:
                    raise DomainError(f"No place {place_id}.")
            allegation = services.allegation_record(
                interview=interview, place_alleged=place, by=request.user, **data
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(AllegationOutput(allegation).data, status=status.HTTP_201_CREATED)


class AggregatesApi(NoStore):
    permission_classes = [ReadAggregates]

    @extend_schema(
        operation_id="testimony_aggregates",
        summary="Persons alleging ill-treatment (and allegations) by one or two dimensions, small counts suppressed",
        parameters=[
            OpenApiParameter(
                "by",
                OpenApiTypes.STR,
                description=f"One or two of {', '.join(selectors.DIMENSIONS)}, comma-separated (default: type)",
            ),
            OpenApiParameter("state", OpenApiTypes.STR, description="ISO alpha-2 code of the State visited"),
            OpenApiParameter(
                "place", OpenApiTypes.STR, description="Register reference of the place alleged"
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year it is said to have happened"),
        ],
        responses={200: AggregateOutput, 400: InterviewRefusalOutput},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        dimensions = tuple(part.strip() for part in params.get("by", "type").split(",") if part.strip())
        if not 1 <= len(dimensions) <= 2 or any(name not in selectors.DIMENSIONS for name in dimensions):
            return Response(
                {"detail": f"by: one or two of {', '.join(selectors.DIMENSIONS)}"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        state = (
            State.objects.filter(code=params.get("state", "").upper()).first()
            if params.get("state")
            else None
        )
        place = Place.objects.filter(ref=params["place"]).first() if params.get("place") else None
        year_text = params.get("year", "")
        report = selectors.allegation_report(
            [dimensions], state=state, place=place, year=int(year_text) if year_text.isdigit() else None
        )
        table = report.tables[0]
        return Response(
            {
                "dimensions": list(dimensions),
                "threshold": report.threshold,
                "cells": [
                    {
                        "key": list(row.key),
                        "labels": list(row.labels),
                        "persons": row.persons.count,
                        "allegations": row.allegations,
                        "shown": row.persons.shown,
                    }
                    for row in table.rows
                ],
                "persons_total": report.persons_total.count,
                "persons_total_shown": report.persons_total.shown,
                "allegations_total": report.allegations_total,
            }
        )
