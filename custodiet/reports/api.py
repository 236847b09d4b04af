"""The reports' REST API (under /api/reports/): the reports one may see, a report's record, one POST
endpoint per step (draft from a visit, items, adoption, transmission, deadline, response, publication
request, publication, implementation status, reminder), overdue answers, public statements, published
reports and a State's cooperation indicators.

Thin views: each parses its explicit Input serializer, finds the report through the selectors (404 for
a report the user may not see), calls the service and returns an explicit Output (custodiet.reports.
serializers). A refused rule is a DomainError that the views let through: the core's exception handler
answers 400 with the service's message (404 for an unknown State). Reading needs VIEW_REPORTS or
ANSWER_REPORTS (a liaison: its State's transmitted reports only); drafting and follow-up MANAGE_REPORTS;
adoption and public statements ADOPT_REPORTS; responses and publication requests MANAGE_REPORTS or
ANSWER_REPORTS. Published reports and public statements are open to everyone, anonymous included;
everything else is 403 for anonymous. A State is named as everywhere: "RU", "RUS" or its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import (
    READ_REPORTS,
    RECORD_RESPONSES,
    Actor,
    Capability,
    PublicApi,
    api_permission,
)
from custodiet.core.api import id_field, page_of, post_endpoint, validated
from custodiet.core.errors import DomainError, NotFound
from custodiet.ops.api_paging import KEYSET_PARAMETERS, keyset_paged
from custodiet.places.models import Place
from custodiet.reports import selectors, services
from custodiet.reports.models import Item, Report
from custodiet.reports.rendering import POLICIES, Audience, policy_for
from custodiet.reports.rules import ImplementationStatus, ReportStatus
from custodiet.reports.serializers import (
    AnswerInput,
    ImplementationStatusField,
    IndicatorOutput,
    ItemInput,
    ItemOutput,
    ItemStatusOutput,
    ItemUpdateInput,
    OverdueOutput,
    ReportOutput,
    ReportProblemOutput,
    ResponseOutput,
    StateField,
    StatementOutput,
    report_list_output,
    report_output,
)
from custodiet.standards.models import Finding
from custodiet.treaties.models import MonitoringBody
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import Visit

ReadReports = api_permission(READ_REPORTS, Capability.MANAGE_REPORTS)
ManageReports = api_permission(Capability.MANAGE_REPORTS)
AdoptReports = api_permission(Capability.ADOPT_REPORTS)
PublishReports = api_permission(Capability.PUBLISH_REPORTS)
AnswerReports = api_permission(RECORD_RESPONSES)
ViewReports = api_permission(Capability.VIEW_REPORTS)
# What each audience reads is the rendering policy's (custodiet.reports.rendering.POLICIES): the schema shows
# the office's shape; a liaison's and the public's leave out what their policy hides.
OfficeReportOutput = report_output(POLICIES[Audience.OFFICE])
PublicReportOutput = report_output(POLICIES[Audience.PUBLIC])
PublicReportSummary = report_list_output(POLICIES[Audience.PUBLIC])
AUDIENCES_NOTE = (
    "Fields left out by audience (docs/reports.md): a State's liaison gets no vote, internal note or "
    "assessments' reasons; the public no deadline either."
)

STATE_PARAMETER = OpenApiParameter(
    "state", OpenApiTypes.STR, description="The State: ISO alpha-2 or alpha-3 code, or its name"
)
Scope = Callable[[Actor], QuerySet[Report]]


def _detail(report: Report) -> dict[str, Any]:
    """The office's view of a report it just changed (only the office drafts and manages reports)."""
    return dict(OfficeReportOutput(selectors.with_record(Report.objects.filter(pk=report.pk)).get()).data)


def _report(scope: Scope, request: Request, pk: int) -> Report:
    """The report, among those the scope gives the user (404 otherwise)."""
    return get_object_or_404(scope(request.user).select_related("state", "body__instrument"), pk=pk)


def _item(request: Request, pk: int, item_pk: int) -> Item:
    """An item of a report the user manages (404 otherwise)."""
    report = _report(Report.objects.manageable_by, request, pk)
    return get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)


def _step(
    name: str,
    *,
    summary: str,
    permission: type[BasePermission],
    scope: Scope,
    shape: type[serializers.Serializer[Any]],
    service: Callable[..., object],
) -> type[APIView]:
    """The endpoint of one step of a report's life: find the report in the user's scope (404 otherwise),
    parse the input, call the service; the answer is the report."""

    def handle(view: APIView, request: Request, pk: int) -> Response:
        report = _report(scope, request, pk)
        service(report=report, by=request.user, **validated(shape, request))
        return Response(ReportOutput(report).data)

    return post_endpoint(
        name,
        summary=summary,
        shape=shape,
        responses={200: ReportOutput, 400: ReportProblemOutput},
        handle=handle,
        permission=permission,
    )


# -- reports ------------------------------------------------------------------------------------------


class ReportListApi(APIView):
    permission_classes = [ReadReports]

    class ReportCreateInput(serializers.Serializer[Any]):
        visit = id_field(required=False, allow_null=True, default=None)
        body = serializers.SlugRelatedField(
            slug_field="code",
            queryset=MonitoringBody.objects.all(),
            required=False,
            allow_null=True,
            default=None,
        )
        state = StateField(required=False, allow_null=True, default=None)
        title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        introduction = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="reports_list",
        summary="The reports you may see, newest first",
        parameters=[
            STATE_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, enum=ReportStatus.values),
            *KEYSET_PARAMETERS,
        ],
        responses=page_of(ReportOutput, "ReportPageOutput"),
    )
    def get(self, request: Request) -> Response:
        reports = selectors.report_list(
            request.user,
            state=request.query_params.get("state") or None,
            status=request.query_params.get("status") or None,
        )
        return keyset_paged(
            request, reports, report_list_output(policy_for(request.user)), order=selectors.REPORT_ORDER
        )

    @extend_schema(
        operation_id="reports_create",
        summary="Draft a report: from a visit's findings, or empty for a body, a State and a title",
        request=ReportCreateInput,
        responses={201: OfficeReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.ReportCreateInput, request)
        visit = data.pop("visit")
        if visit is not None:
            data["visit"] = get_object_or_404(
                Visit.objects.visible_to(request.user).select_related("body", "state"), pk=visit
            )
        report = services.report_draft(by=request.user, **data)
        return Response(_detail(report), status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    permission_classes = [ReadReports]

    @extend_schema(
        operation_id="reports_retrieve",
        summary="A report's record",
        description=AUDIENCES_NOTE,
        responses=OfficeReportOutput,
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            report = selectors.report_detail(request.user, pk)
        except Report.DoesNotExist:
            raise NotFound("No such report.") from None
        return Response(report_output(policy_for(request.user))(report).data)


# -- items ----------------------------------------------------------------------------------------------


def _relations(data: dict[str, Any]) -> dict[str, Any]:
    """Turn ids into records (unknown ids are refused by the service's checks or here)."""
    out = dict(data)
    if "findings" in data:
        found = list(Finding.objects.filter(pk__in=data["findings"]))
        if len(found) != len(set(data["findings"])):
            raise DomainError("An unknown finding was given.")
        out["findings"] = found
    if "places" in data:
        places = list(Place.objects.filter(pk__in=data["places"]))
        if len(places) != len(set(data["places"])):
            raise DomainError("An unknown place was given.")
        out["places"] = places
    if data.get("repeats") is not None:
        repeated = Item.objects.select_related("report").filter(pk=data["repeats"]).first()
        if repeated is None:
            raise DomainError("The repeated item does not exist.")
        out["repeats"] = repeated
    return out


class ItemListApi(APIView):
    permission_classes = [ManageReports]

    @extend_schema(
        summary="Add an item to a draft report",
        request=ItemInput,
        responses={201: ItemOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _report(Report.objects.manageable_by, request, pk)
        data = validated(ItemInput, request)
        item = services.item_add(report=report, by=request.user, **_relations(data))
        return Response(ItemOutput(item).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    permission_classes = [ManageReports]

    @extend_schema(
        summary="Change an item of a draft report",
        request=ItemUpdateInput,
        responses={200: ItemOutput, 400: ReportProblemOutput},
    )
    def patch(self, request: Request, pk: int, item_pk: int) -> Response:
        item = _item(request, pk, item_pk)
        data = validated(ItemUpdateInput, request, partial=True)
        services.item_update(item=item, by=request.user, **_relations(data))
        return Response(ItemOutput(item).data)

    @extend_schema(
        summary="Remove an item of a draft report", responses={204: None, 400: ReportProblemOutput}
    )
    def delete(self, request: Request, pk: int, item_pk: int) -> Response:
        services.item_remove(item=_item(request, pk, item_pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemStatusApi(APIView):
    permission_classes = [ManageReports]

    class ItemStatusInput(serializers.Serializer[Any]):
        status = ImplementationStatusField(choices=ImplementationStatus.choices)
        set_on = serializers.DateField(required=False, allow_null=True, default=None)
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Assess an item's implementation",
        request=ItemStatusInput,
        responses={201: ItemStatusOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int, item_pk: int) -> Response:
        item = _item(request, pk, item_pk)
        entry = services.item_set_status(
            item=item, by=request.user, **validated(self.ItemStatusInput, request)
        )
        return Response(ItemStatusOutput(entry).data, status=status.HTTP_201_CREATED)


# -- steps ------------------------------------------------------------------------------------------------


class AdoptInput(serializers.Serializer[Any]):
    adopted_on = serializers.DateField()
    votes_for = serializers.IntegerField(min_value=0, max_value=32_767)
    votes_against = serializers.IntegerField(min_value=0, max_value=32_767, default=0)
    abstentions = serializers.IntegerField(min_value=0, max_value=32_767, default=0)
    voters = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)


AdoptApi = _step(
    "AdoptApi",
    summary="Record the committee's adoption",
    permission=AdoptReports,
    scope=Report.objects.adoptable_by,
    shape=AdoptInput,
    service=services.report_adopt,
)


class TransmitInput(serializers.Serializer[Any]):
    transmitted_on = serializers.DateField()
    response_due = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: six months after transmission"
    )


TransmitApi = _step(
    "TransmitApi",
    summary="Transmit the report to the State",
    permission=ManageReports,
    scope=Report.objects.manageable_by,
    shape=TransmitInput,
    service=services.report_transmit,
)


class DeadlineInput(serializers.Serializer[Any]):
    response_due = serializers.DateField()
    reason = serializers.CharField(max_length=500)


DeadlineApi = _step(
    "DeadlineApi",
    summary="Change the response's deadline",
    permission=ManageReports,
    scope=Report.objects.manageable_by,
    shape=DeadlineInput,
    service=services.report_set_response_due,
)


class ResponseApi(APIView):
    permission_classes = [AnswerReports]

    class ResponseInput(serializers.Serializer[Any]):
        received_on = serializers.DateField()
        reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        summary = serializers.CharField(required=False, allow_blank=True, default="")
        answers = AnswerInput(many=True, required=False, default=list)

    @extend_schema(
        summary="Record the State's response (its liaison, or the secretariat for one received on paper)",
        request=ResponseInput,
        responses={201: ResponseOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _report(Report.objects.answerable_by, request, pk)
        data = validated(self.ResponseInput, request)
        response = services.response_record(
            report=report,
            received_on=data["received_on"],
            reference=data["reference"],
            summary=data["summary"],
            answers={
                answer["item"]: services.Answer(answer["text"], tuple(answer["documents"]))
                for answer in data["answers"]
            },
            by=request.user,
        )
        return Response(ResponseOutput(response).data, status=status.HTTP_201_CREATED)


class RequestInput(serializers.Serializer[Any]):
    requested_on = serializers.DateField()
    reference = serializers.CharField(max_length=300)


PublicationRequestApi = _step(
    "PublicationRequestApi",
    summary="Record the State's request to publish the report (Art. 11(2) ECPT)",
    permission=AnswerReports,
    scope=Report.objects.answerable_by,
    shape=RequestInput,
    service=services.publication_request_record,
)


class PublishInput(serializers.Serializer[Any]):
    published_on = serializers.DateField()
    publication_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    publication_url = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")


PublishApi = _step(
    "PublishApi",
    summary="Publish the report: only at the State's request, with no person named (the secretariat)",
    permission=PublishReports,
    scope=Report.objects.manageable_by,
    shape=PublishInput,
    service=services.report_publish,
)


class RemindApi(APIView):
    permission_classes = [ManageReports]

    class RemindInput(serializers.Serializer[Any]):
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    class RemindOutput(serializers.Serializer[Any]):
        sent_on = serializers.DateField()
        recipients = serializers.IntegerField()

    @extend_schema(
        summary="Remind the State of its overdue response",
        request=RemindInput,
        responses={201: RemindOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _report(Report.objects.manageable_by, request, pk)
        note = validated(self.RemindInput, request)["note"]
        reminder = services.reminder_send(report=report, note=note, by=request.user)
        return Response(self.RemindOutput(reminder).data, status=status.HTTP_201_CREATED)


class OverdueApi(APIView):
    permission_classes = [ReadReports]

    @extend_schema(
        summary="Answers past their deadline: reports' responses and immediate observations",
        parameters=[STATE_PARAMETER],
        responses=OverdueOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        lines = selectors.overdue(
            request.user, today=clock.today(), state=request.query_params.get("state") or None
        )
        return Response(OverdueOutput(lines, many=True).data)


# -- public ---------------------------------------------------------------------------------------------


class PublishedListApi(APIView):
    permission_classes = [PublicApi]

    @extend_schema(
        operation_id="reports_published_list",
        summary="Published reports (public)",
        parameters=[STATE_PARAMETER, *KEYSET_PARAMETERS],
        responses=page_of(PublicReportSummary, "PublicReportPageOutput"),
    )
    def get(self, request: Request) -> Response:
        reports = selectors.published_list(state=request.query_params.get("state") or None)
        return keyset_paged(request, reports, PublicReportSummary, order=selectors.PUBLISHED_ORDER)


class PublishedDetailApi(APIView):
    permission_classes = [PublicApi]

    @extend_schema(
        operation_id="reports_published_retrieve",
        summary="A published report (public)",
        responses=PublicReportOutput,
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            report = selectors.published_detail(pk)
        except Report.DoesNotExist:
            raise NotFound("No such published report.") from None
        return Response(PublicReportOutput(report).data)


class StatementListApi(APIView):
    class StatementInput(serializers.Serializer[Any]):
        body = serializers.SlugRelatedField(slug_field="code", queryset=MonitoringBody.objects.all())
        state = StateField()
        title = serializers.CharField(max_length=300)
        subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        decided_on = serializers.DateField()
        votes_for = serializers.IntegerField(min_value=0, max_value=32_767)
        views_invited_on = serializers.DateField(required=False, allow_null=True, default=None)
        text = serializers.CharField(required=False, allow_blank=True, default="")

    permission_classes = [api_permission(None, Capability.ADOPT_REPORTS)]  # reading is public

    @extend_schema(
        summary="Public statements (public)",
        parameters=[STATE_PARAMETER],
        responses=StatementOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        statements = selectors.public_statements(state=request.query_params.get("state") or None)
        return Response(StatementOutput(statements, many=True).data)

    @extend_schema(
        summary="Record a public statement (Art. 10(2) ECPT: two thirds of the members, views invited first)",
        request=StatementInput,
        responses={201: StatementOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request) -> Response:
        statement = services.public_statement_make(by=request.user, **validated(self.StatementInput, request))
        return Response(StatementOutput(statement).data, status=status.HTTP_201_CREATED)


class IndicatorsApi(APIView):
    permission_classes = [ViewReports]

    @extend_schema(
        summary="A State's cooperation indicators (the State: ISO alpha-2 or alpha-3 code, or its name)",
        responses=IndicatorOutput(many=True),
    )
    def get(self, request: Request, code: str) -> Response:
        state = resolve_state(code)  # an unknown State: NotFound, a 404 from the core's handler
        result = selectors.indicators(state, today=clock.today())
        rows = [{"indicator": label, "value": value} for label, value in result.rows()]
        rows += [
            {"indicator": f"Visits in {year}: {kind}", "value": str(count)}
            for year, kinds in result.visits_by_year.items()
            for kind, count in sorted(kinds.items())
        ]
        return Response(IndicatorOutput(rows, many=True).data)
