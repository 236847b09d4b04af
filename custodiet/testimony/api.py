"""The testimony REST API (to be mounted under /api/testimony/): a visit's interviews (list, record),
one interview in full (an audited read), recording an allegation, and counts of allegations.

Thin views: each parses its explicit Input serializer, finds the visit or interview through the
QuerySet methods of custodiet.testimony.models (404 for one the user may not read), calls the
service and returns an explicit Output. A refused rule (a DomainError) is answered by the core
handler (custodiet.core.api): a 400 with the service's words, a 404 for what is not found.
Capabilities: reading interviews needs VIEW_INTERVIEWS, recording RECORD_INTERVIEWS, counts
VIEW_ALLEGATION_AGGREGATES (403 otherwise, anonymous included). Identities are never sent by the
API: they are shown only on the interview page, on an explicit audited request. The core middleware
sends every response with ``Cache-Control: no-store``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import Actor, Capability, api_permission
from custodiet.core.api import PAGE_PARAMETERS, BoundedPagination, LocalDateTimeField, page_of, validated
from custodiet.core.errors import DomainError, NotFound
from custodiet.places.models import Place
from custodiet.testimony import selectors, services, taxonomy
from custodiet.testimony.models import Allegation, Consent, Interview, MedicalExamination
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import DelegationMember

ReadOrRecord = api_permission(Capability.VIEW_INTERVIEWS, Capability.RECORD_INTERVIEWS)
ReadAggregates = api_permission(Capability.VIEW_ALLEGATION_AGGREGATES)


Found = TypeVar("Found")


def _found(getter: Callable[[Actor, int], Found], user: Actor, pk: int, what: str) -> Found:
    """The record the selector finds for this user; NotFound (a 404) whether or not it exists."""
    try:
        return getter(user, pk)
    except ObjectDoesNotExist:
        raise NotFound(f"No such {what}.") from None


# -- outputs --------------------------------------------------------------------------------------


class InterviewRefusalOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


class InterviewPlaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    name = serializers.CharField(source="__str__")


class DelegationMemberRefOutput(serializers.ModelSerializer[DelegationMember]):
    name = serializers.CharField(read_only=True, help_text="The account's name, or the member's own")

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
    recorded_by = serializers.CharField(
        source="recorded_by.username", default=None, help_text="The account that entered it"
    )

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
            "recorded_by",
            "on_behalf",
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


InterviewPageOutput = page_of(InterviewOutput, "InterviewPageOutput")


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
    held_at = LocalDateTimeField(help_text="Local time at the place when given without an offset")
    language = serializers.CharField(
        max_length=60,
        help_text="ISO 639-1 or 639-3 code (ru, che), or the language named in English (Russian)",
    )
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


def _place(pk: int) -> Place:
    """The place of the register with this id; an unknown id is refused (400)."""
    place = Place.objects.filter(pk=pk).first()
    if place is None:
        raise DomainError(f"No place {pk}.")
    return place


def _person_given(data: dict[str, Any]) -> str | services.NewPerson:
    """Who the interview is with, as the caller gave it: the pseudonym (the service finds the person,
    however it was written), or the new person's identity and consent."""
    if data["person"]:
        return str(data["person"])
    identity = data["new_person"].get("identity")
    consent = data["new_person"].get("consent")
    return services.NewPerson(
        identity=services.IdentityDetails(**identity) if identity else None,
        consent=services.ConsentDetails(**consent) if consent else None,
    )


class VisitInterviewsApi(APIView):
    permission_classes = [ReadOrRecord]

    @extend_schema(
        operation_id="testimony_visit_interviews",
        summary="A visit's interviews (without the accounts), in the order they were held",
        parameters=[
            *PAGE_PARAMETERS,
        ],
        responses={200: InterviewPageOutput, 404: InterviewRefusalOutput},
    )
    def get(self, request: Request, visit_pk: int) -> Response:
        visit = _found(selectors.visit_for_interviews, request.user, visit_pk, "visit")
        paginator = BoundedPagination()
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
        visit = _found(selectors.visit_for_recording, request.user, visit_pk, "visit")
        data = validated(InterviewInput, request)
        interview = services.interview_record(
            visit=visit,
            person=_person_given(data),
            place=_place(data["place"]),
            held_at=data["held_at"],
            language=data["language"],
            interviewers=_members(data["interviewers"]),
            interpreter=_members([data["interpreter"]])[0] if data["interpreter"] else None,
            private=data["private"],
            within_hearing=data["within_hearing"],
            account=data["account"],
            by=request.user,
        )
        created = selectors.interview_detail(request.user, interview.pk)
        return Response(InterviewDetailOutput(created).data, status=status.HTTP_201_CREATED)


class InterviewDetailApi(APIView):
    permission_classes = [api_permission(Capability.VIEW_INTERVIEWS)]

    @extend_schema(
        operation_id="testimony_interview_retrieve",
        summary="One interview in full, with the account (an audited read; no identity)",
        responses={200: InterviewDetailOutput, 404: InterviewRefusalOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        interview = _found(selectors.interview_detail, request.user, pk, "interview")
        services.interview_read(interview=interview, by=request.user, via="api")
        return Response(InterviewDetailOutput(interview).data)


class AllegationApi(APIView):
    permission_classes = [api_permission(Capability.RECORD_INTERVIEWS)]

    @extend_schema(
        operation_id="testimony_allegation_record",
        summary="Record an allegation made in an interview, coded by the shared taxonomy",
        request=AllegationInput,
        responses={201: AllegationOutput, 400: InterviewRefusalOutput, 404: InterviewRefusalOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        interview = _found(selectors.recordable_interview, request.user, pk, "interview")
        data = validated(AllegationInput, request)
        place_id = data.pop("place_alleged")
        place = _place(place_id) if place_id is not None else None
        allegation = services.allegation_record(
            interview=interview, place_alleged=place, by=request.user, **data
        )
        return Response(AllegationOutput(allegation).data, status=status.HTTP_201_CREATED)


class AggregatesApi(APIView):
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
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                description="The State visited: ISO code (RU, RUS) or name; an unknown one is a 404",
            ),
            OpenApiParameter(
                "place", OpenApiTypes.STR, description="Register reference of the place alleged"
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year it is said to have happened"),
        ],
        responses={200: AggregateOutput, 400: InterviewRefusalOutput, 404: InterviewRefusalOutput},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        dimensions = tuple(part.strip() for part in params.get("by", "type").split(",") if part.strip())
        if not 1 <= len(dimensions) <= 2 or any(name not in selectors.DIMENSIONS for name in dimensions):
            raise DomainError(f"by: one or two of {', '.join(selectors.DIMENSIONS)}")
        state = resolve_state(params["state"]) if params.get("state", "").strip() else None
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
