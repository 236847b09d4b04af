"""The reports' REST API (under /api/reports/): the reports one may see, a report's record, one POST
endpoint per step (draft from a visit, items, adoption, transmission, deadline, response, publication
request, publication, implementation status, reminder), overdue answers, public statements, published
reports and a State's cooperation indicators.

Thin views: each parses its explicit Input serializer, finds the report through the selectors (404 for
a report the user may not see), calls the service and returns an explicit Output. A refused rule is a
400 with the service's message. Reading needs VIEW_REPORTS or ANSWER_REPORTS (a liaison: its State's
transmitted reports only); drafting and follow-up MANAGE_REPORTS; adoption and public statements
ADOPT_REPORTS; responses and publication requests MANAGE_REPORTS or ANSWER_REPORTS. Published reports
and public statements are open to everyone, anonymous included; everything else is 403 for anonymous.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core import clock
from custodiet.core.access import READ_REPORTS, RECORD_RESPONSES, Capability, PublicApi, api_permission
from custodiet.core.errors import DomainError
from custodiet.places.models import Place
from custodiet.reports import selectors, services
from custodiet.reports.models import Item, ItemAnswer, ItemStatus, PublicStatement, Report, StateResponse
from custodiet.reports.rules import ImplementationStatus, ItemKind, Origin, Priority, ReportStatus, Theme
from custodiet.standards.models import Finding
from custodiet.treaties.models import MonitoringBody, State
from custodiet.visits.models import Visit

ReadReports = api_permission(READ_REPORTS, Capability.MANAGE_REPORTS)
ManageReports = api_permission(Capability.MANAGE_REPORTS)
AdoptReports = api_permission(Capability.ADOPT_REPORTS)
AnswerReports = api_permission(RECORD_RESPONSES)
ViewReports = api_permission(Capability.VIEW_REPORTS)


# -- choices -------------------------------------------------------------------------------------------


def _choice_field(name: str, choices: list[tuple[str, str]]) -> type[serializers.ChoiceField]:
    """A ChoiceField with its own enum component (``ItemKindEnum``, ``ReportStatusEnum`` ...): other apps use
    the field names ``kind`` and ``status`` for other choice sets, and enums named after the field would
    collide in the schema (settings.SPECTACULAR_SETTINGS is not this app's to extend)."""
    field = type(name, (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    return extend_schema_field(schema, component_name=name.removesuffix("Field") + "Enum")(field)


ItemKindField = _choice_field("ItemKindField", ItemKind.choices)
ThemeField = _choice_field("ThemeField", Theme.choices)
PriorityField = _choice_field("PriorityField", Priority.choices)
ReportStatusField = _choice_field("ReportStatusField", ReportStatus.choices)
ImplementationStatusField = _choice_field("ImplementationStatusField", ImplementationStatus.choices)
OriginField = _choice_field("OriginField", Origin.choices)
StatementDatePrecisionField = _choice_field(
    "StatementDatePrecisionField", [("day", "day"), ("month", "month"), ("year", "year")]
)


# -- outputs ------------------------------------------------------------------------------------------


class ReportProblemOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


class ItemStatusOutput(serializers.ModelSerializer[ItemStatus]):
    status = ImplementationStatusField(choices=ImplementationStatus.choices, read_only=True)

    class Meta:
        model = ItemStatus
        fields = ["status", "set_on", "reason"]


class ItemOutput(serializers.ModelSerializer[Item]):
    findings = serializers.PrimaryKeyRelatedField[Finding](many=True, read_only=True)
    places = serializers.PrimaryKeyRelatedField[Place](many=True, read_only=True)
    history = ItemStatusOutput(many=True, read_only=True)
    kind = ItemKindField(choices=ItemKind.choices, read_only=True)
    theme = ThemeField(choices=Theme.choices, read_only=True)
    priority = PriorityField(choices=Priority.choices, read_only=True)
    status = ImplementationStatusField(choices=ImplementationStatus.choices, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "number",
            "kind",
            "text",
            "theme",
            "priority",
            "authority",
            "deadline",
            "findings",
            "places",
            "repeats",
            "recommended_since",
            "status",
            "history",
        ]


class ReportOutput(serializers.ModelSerializer[Report]):
    body = serializers.CharField(source="body.code")
    state = serializers.CharField(source="state.code")
    confidential = serializers.BooleanField()
    status = ReportStatusField(choices=ReportStatus.choices, read_only=True)
    origin = OriginField(choices=Origin.choices, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "body",
            "state",
            "status",
            "origin",
            "confidential",
            "adopted_on",
            "transmitted_on",
            "response_due",
            "response_received_on",
            "publication_requested_on",
            "publication_request_reference",
            "published_on",
            "publication_reference",
        ]


class AnswerOutput(serializers.ModelSerializer[ItemAnswer]):
    item = serializers.IntegerField(source="item.number")

    class Meta:
        model = ItemAnswer
        fields = ["item", "text", "documents"]


class ResponseOutput(serializers.ModelSerializer[StateResponse]):
    answers = AnswerOutput(many=True)

    class Meta:
        model = StateResponse
        fields = ["id", "received_on", "reference", "summary", "answers"]


class ReportDetailOutput(ReportOutput):
    visits = serializers.PrimaryKeyRelatedField[Visit](many=True, read_only=True)
    items = ItemOutput(many=True)
    responses = ResponseOutput(many=True)

    class Meta(ReportOutput.Meta):
        fields = [
            *ReportOutput.Meta.fields,
            "introduction",
            "visit_from",
            "visit_to",
            "visits",
            "items",
            "responses",
            "source",
        ]


class PublicItemOutput(ItemOutput):
    """An item as published: its latest status, without the assessments' reasons (not checked for
    personal data at publication)."""

    class Meta(ItemOutput.Meta):
        fields = [name for name in ItemOutput.Meta.fields if name != "history"]


class PublicReportOutput(ReportDetailOutput):
    items = PublicItemOutput(many=True)


class StatementOutput(serializers.ModelSerializer[PublicStatement]):
    body = serializers.CharField(source="body.code")
    state = serializers.CharField(source="state.code")
    origin = OriginField(choices=Origin.choices, read_only=True)
    decided_precision = StatementDatePrecisionField(
        choices=[("day", "day"), ("month", "month"), ("year", "year")], read_only=True
    )

    class Meta:
        model = PublicStatement
        fields = [
            "id",
            "title",
            "body",
            "state",
            "origin",
            "decided_on",
            "decided_precision",
            "votes_for",
            "members",
            "views_invited_on",
            "subject",
            "text",
            "source",
        ]


class OverdueOutput(serializers.Serializer[Any]):
    kind = serializers.CharField(source="awaited.kind")
    id = serializers.IntegerField(source="awaited.pk")
    state = serializers.CharField(source="awaited.state")
    title = serializers.CharField(source="awaited.title")
    due = serializers.DateField(source="awaited.due")
    days = serializers.IntegerField()
    reminders = serializers.IntegerField(source="awaited.reminders")


class IndicatorOutput(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    value = serializers.CharField(allow_blank=True)


def _problem(problem: DomainError) -> Response:
    return Response({"detail": str(problem)}, status=status.HTTP_400_BAD_REQUEST)


def _detail(report: Report) -> dict[str, Any]:
    return dict(ReportDetailOutput(selectors.with_record(Report.objects.filter(pk=report.pk)).get()).data)


def _reports(queryset: QuerySet[Report], pk: int) -> Report:
    return get_object_or_404(queryset.select_related("state", "body__instrument"), pk=pk)


# -- reports ------------------------------------------------------------------------------------------


class ReportListApi(APIView):
    permission_classes = [ReadReports]

    class ReportCreateInput(serializers.Serializer[Any]):
        visit = serializers.IntegerField(required=False, allow_null=True, default=None)
        body = serializers.SlugRelatedField(
            slug_field="code",
            queryset=MonitoringBody.objects.all(),
            required=False,
            allow_null=True,
            default=None,
        )
        state = serializers.SlugRelatedField(
            slug_field="code", queryset=State.objects.all(), required=False, allow_null=True, default=None
        )
        title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        introduction = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="reports_list",
        summary="The reports you may see, newest first",
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, description="ISO alpha-2 code"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ReportStatus.values),
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
        responses=ReportOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        reports = selectors.report_list(
            request.user,
            state=request.query_params.get("state") or None,
            status=request.query_params.get("status") or None,
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(reports, request, view=self)
        return paginator.get_paginated_response(ReportOutput(page, many=True).data)

    @extend_schema(
        operation_id="reports_create",
        summary="Draft a report: from a visit's findings, or empty for a body, a State and a title",
        request=ReportCreateInput,
        responses={201: ReportDetailOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request) -> Response:
        incoming = self.ReportCreateInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            if data["visit"] is not None:
                visit = get_object_or_404(
                    Visit.objects.visible_to(request.user).select_related("body", "state"), pk=data["visit"]
                )
                report = services.report_create_from_visit(visit=visit, title=data["title"], by=request.user)
            else:
                if data["body"] is None or data["state"] is None or not data["title"]:
                    raise DomainError("Give a visit, or a body, a State and a title.")
                report = services.report_create(
                    body=data["body"],
                    state=data["state"],
                    title=data["title"],
                    introduction=data["introduction"],
                    by=request.user,
                )
        except DomainError as problem:
            return _problem(problem)
        return Response(_detail(report), status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    permission_classes = [ReadReports]

    @extend_schema(operation_id="reports_retrieve", summary="A report's record", responses=ReportDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        try:
            report = selectors.report_detail(request.user, pk)
        except Report.DoesNotExist:
            return Response({"detail": "No such report."}, status=status.HTTP_404_NOT_FOUND)
        return Response(ReportDetailOutput(report).data)


# -- items ----------------------------------------------------------------------------------------------


class ItemInput(serializers.Serializer[Any]):
    kind = ItemKindField(choices=ItemKind.choices)
    text = serializers.CharField()
    theme = ThemeField(choices=Theme.choices, default=Theme.OTHER)
    priority = PriorityField(choices=Priority.choices, default=Priority.NORMAL)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    findings = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    places = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    repeats = serializers.IntegerField(required=False, allow_null=True, default=None)


class ItemUpdateInput(ItemInput):
    kind = ItemKindField(choices=ItemKind.choices, required=False)
    text = serializers.CharField(required=False)
    theme = ThemeField(choices=Theme.choices, required=False)
    priority = PriorityField(choices=Priority.choices, required=False)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    findings = serializers.ListField(child=serializers.IntegerField(), required=False)
    places = serializers.ListField(child=serializers.IntegerField(), required=False)
    repeats = serializers.IntegerField(required=False, allow_null=True)


def _relations(report: Report, data: dict[str, Any]) -> dict[str, Any]:
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
        report = _reports(Report.objects.manageable_by(request.user), pk)
        incoming = ItemInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            item = services.item_add(
                report=report, by=request.user, **_relations(report, incoming.validated_data)
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(ItemOutput(item).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    permission_classes = [ManageReports]

    @extend_schema(
        summary="Change an item of a draft report",
        request=ItemUpdateInput,
        responses={200: ItemOutput, 400: ReportProblemOutput},
    )
    def patch(self, request: Request, pk: int, item_pk: int) -> Response:
        report = _reports(Report.objects.manageable_by(request.user), pk)
        item = get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)
        incoming = ItemUpdateInput(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        try:
            services.item_update(item=item, by=request.user, **_relations(report, incoming.validated_data))
        except DomainError as problem:
            return _problem(problem)
        return Response(ItemOutput(item).data)

    @extend_schema(
        summary="Remove an item of a draft report", responses={204: None, 400: ReportProblemOutput}
    )
    def delete(self, request: Request, pk: int, item_pk: int) -> Response:
        report = _reports(Report.objects.manageable_by(request.user), pk)
        item = get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)
        try:
            services.item_remove(item=item, by=request.user)
        except DomainError as problem:
            return _problem(problem)
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
        report = _reports(Report.objects.manageable_by(request.user), pk)
        item = get_object_or_404(Item.objects.filter(report=report).select_related("report"), pk=item_pk)
        incoming = self.ItemStatusInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            entry = services.item_set_status(item=item, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ItemStatusOutput(entry).data, status=status.HTTP_201_CREATED)


# -- steps ------------------------------------------------------------------------------------------------


class AdoptApi(APIView):
    permission_classes = [AdoptReports]

    class AdoptInput(serializers.Serializer[Any]):
        adopted_on = serializers.DateField()
        votes_for = serializers.IntegerField(min_value=0)
        votes_against = serializers.IntegerField(min_value=0, default=0)
        abstentions = serializers.IntegerField(min_value=0, default=0)
        voters = serializers.ListField(
            child=serializers.CharField(max_length=200), required=False, default=list
        )

    @extend_schema(
        summary="Record the committee's adoption",
        request=AdoptInput,
        responses={200: ReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _reports(Report.objects.adoptable_by(request.user), pk)
        incoming = self.AdoptInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.report_adopt(report=report, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ReportOutput(report).data)


class TransmitApi(APIView):
    permission_classes = [ManageReports]

    class TransmitInput(serializers.Serializer[Any]):
        transmitted_on = serializers.DateField()
        response_due = serializers.DateField(
            required=False, allow_null=True, default=None, help_text="Default: six months after transmission"
        )

    @extend_schema(
        summary="Transmit the report to the State",
        request=TransmitInput,
        responses={200: ReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _reports(Report.objects.manageable_by(request.user), pk)
        incoming = self.TransmitInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.report_transmit(report=report, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ReportOutput(report).data)


class DeadlineApi(APIView):
    permission_classes = [ManageReports]

    class DeadlineInput(serializers.Serializer[Any]):
        response_due = serializers.DateField()
        reason = serializers.CharField(max_length=500)

    @extend_schema(
        summary="Change the response's deadline",
        request=DeadlineInput,
        responses={200: ReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _reports(Report.objects.manageable_by(request.user), pk)
        incoming = self.DeadlineInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.report_set_response_due(report=report, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ReportOutput(report).data)


class AnswerInput(serializers.Serializer[Any]):
    item = serializers.IntegerField(help_text="The item's number")
    text = serializers.CharField()
    documents = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
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
        report = _reports(Report.objects.answerable_by(request.user), pk)
        incoming = self.ResponseInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            response = services.response_record(
                report=report,
                received_on=incoming.validated_data["received_on"],
                reference=incoming.validated_data["reference"],
                summary=incoming.validated_data["summary"],
                answers={
                    answer["item"]: services.Answer(answer["text"], tuple(answer["documents"]))
                    for answer in incoming.validated_data["answers"]
                },
                by=request.user,
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(ResponseOutput(response).data, status=status.HTTP_201_CREATED)


class PublicationRequestApi(APIView):
    permission_classes = [AnswerReports]

    class RequestInput(serializers.Serializer[Any]):
        requested_on = serializers.DateField()
        reference = serializers.CharField(max_length=300)

    @extend_schema(
        summary="Record the State's request to publish the report (Art. 11(2) ECPT)",
        request=RequestInput,
        responses={200: ReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _reports(Report.objects.answerable_by(request.user), pk)
        incoming = self.RequestInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.publication_request_record(report=report, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ReportOutput(report).data)


class PublishApi(APIView):
    permission_classes = [ManageReports]

    class PublishInput(serializers.Serializer[Any]):
        published_on = serializers.DateField()
        publication_reference = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )
        publication_url = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(
        summary="Publish the report: only at the State's request, with no person named",
        request=PublishInput,
        responses={200: ReportOutput, 400: ReportProblemOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _reports(Report.objects.manageable_by(request.user), pk)
        incoming = self.PublishInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.report_publish(report=report, by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(ReportOutput(report).data)


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
        report = _reports(Report.objects.manageable_by(request.user), pk)
        incoming = self.RemindInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            reminder = services.reminder_send(
                report=report, note=incoming.validated_data["note"], by=request.user
            )
        except DomainError as problem:
            return _problem(problem)
        return Response(self.RemindOutput(reminder).data, status=status.HTTP_201_CREATED)


class OverdueApi(APIView):
    permission_classes = [ReadReports]

    @extend_schema(
        summary="Answers past their deadline: reports' responses and immediate observations",
        parameters=[OpenApiParameter("state", OpenApiTypes.STR)],
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
        parameters=[OpenApiParameter("state", OpenApiTypes.STR)],
        responses=ReportOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        reports = selectors.published_list(state=request.query_params.get("state") or None)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(reports, request, view=self)
        return paginator.get_paginated_response(ReportOutput(page, many=True).data)


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
            return Response({"detail": "No such published report."}, status=status.HTTP_404_NOT_FOUND)
        return Response(PublicReportOutput(report).data)


class StatementListApi(APIView):
    class StatementInput(serializers.Serializer[Any]):
        body = serializers.SlugRelatedField(slug_field="code", queryset=MonitoringBody.objects.all())
        state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all())
        title = serializers.CharField(max_length=300)
        subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        decided_on = serializers.DateField()
        votes_for = serializers.IntegerField(min_value=0)
        views_invited_on = serializers.DateField(required=False, allow_null=True, default=None)
        text = serializers.CharField(required=False, allow_blank=True, default="")

    permission_classes = [api_permission(None, Capability.ADOPT_REPORTS)]  # reading is public

    @extend_schema(
        summary="Public statements (public)",
        parameters=[OpenApiParameter("state", OpenApiTypes.STR)],
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
        incoming = self.StatementInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            statement = services.public_statement_make(by=request.user, **incoming.validated_data)
        except DomainError as problem:
            return _problem(problem)
        return Response(StatementOutput(statement).data, status=status.HTTP_201_CREATED)


class IndicatorsApi(APIView):
    permission_classes = [ViewReports]

    @extend_schema(summary="A State's cooperation indicators", responses=IndicatorOutput(many=True))
    def get(self, request: Request, code: str) -> Response:
        state = get_object_or_404(State, code=code.upper())
        result = selectors.indicators(state, today=clock.today())
        rows = [{"indicator": label, "value": value} for label, value in result.rows()]
        rows += [
            {"indicator": f"Visits in {year}: {kind}", "value": str(count)}
            for year, kinds in result.visits_by_year.items()
            for kind, count in sorted(kinds.items())
        ]
        return Response(IndicatorOutput(rows, many=True).data)
