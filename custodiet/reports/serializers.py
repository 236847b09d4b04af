"""The shapes of the reports API: explicit outputs, the inputs several endpoints share, the enum
fields of its schema, and a State named as every interface names one.

Outputs say what each audience reads: ``report_output(policy)`` and ``item_output(policy)`` build them
from the one policy per audience (custodiet.reports.rendering.POLICIES) that every rendering follows, so
the API leaves out what the page and the documents leave out (votes, the internal note, deadlines, the
reasons of assessments). Inputs parse only, the services decide.
"""

from __future__ import annotations

import functools
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from custodiet.core.api import id_field
from custodiet.core.errors import NotFound
from custodiet.places.models import Place
from custodiet.reports.models import Item, ItemAnswer, ItemStatus, PublicStatement, Report, StateResponse
from custodiet.reports.rendering import Policy
from custodiet.reports.rules import ImplementationStatus, ItemKind, Origin, Priority, ReportStatus, Theme
from custodiet.standards.models import Finding
from custodiet.treaties.models import State
from custodiet.treaties.selectors import resolve_state
from custodiet.visits.models import Visit

# -- choices -------------------------------------------------------------------------------------------


def _choice_field(name: str, choices: list[tuple[str, Any]]) -> type[serializers.ChoiceField]:
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


class StateField(serializers.CharField):
    """A State in a request body, named as everywhere: "RU", "RUS", "Russian Federation", any case.
    An unknown one is a 400 on the field (it is the request that is wrong, not the URL)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "ISO 3166 alpha-2 or alpha-3 code, or the English or French name")
        super().__init__(**kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        # An empty string means no State, as it did for the related field this replaces.
        return super().run_validation(None if data == "" else data)

    def to_internal_value(self, data: Any) -> State:  # type: ignore[override]
        try:
            return resolve_state(super().to_internal_value(data))
        except NotFound as unknown:
            raise serializers.ValidationError(str(unknown)) from None


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


VOTE_FIELDS = ["votes_for", "votes_against", "abstentions", "voters"]


def _named(policy: Policy, kind: str) -> str:
    return f"{kind}{policy.audience.value.title()}Output"


@functools.cache
def item_output(policy: Policy) -> type[ItemOutput]:
    """An item as the policy's audience reads it: without its deadline or its assessments' reasons where
    the policy hides them."""
    hidden = {"deadline"} if not policy.deadlines else set()
    if not policy.assessments:
        hidden.add("history")
    meta = type(
        "Meta", (ItemOutput.Meta,), {"fields": [f for f in ItemOutput.Meta.fields if f not in hidden]}
    )
    return type(_named(policy, "Item"), (ItemOutput,), {"Meta": meta})


@functools.cache
def report_list_output(policy: Policy) -> type[ReportOutput]:
    """A report in a list, as the policy's audience reads it (no response deadline for the public)."""
    fields = [f for f in ReportOutput.Meta.fields if policy.deadlines or f != "response_due"]
    meta = type("Meta", (ReportOutput.Meta,), {"fields": fields})
    return type(_named(policy, "ReportSummary"), (ReportOutput,), {"Meta": meta})


@functools.cache
def report_output(policy: Policy) -> type[ReportDetailOutput]:
    """A report's record as the policy's audience reads it: the vote and the internal note for the office
    and the committee only, deadlines and assessments' reasons where the policy shows them."""
    fields = [f for f in ReportDetailOutput.Meta.fields if policy.deadlines or f != "response_due"]
    if policy.votes:
        fields += VOTE_FIELDS
    if policy.internal_note:
        fields.append("note")
    meta = type("Meta", (ReportDetailOutput.Meta,), {"fields": fields})
    attributes: dict[str, Any] = {"Meta": meta, "items": item_output(policy)(many=True)}
    if policy.votes:  # kept encrypted: the model field is text to the database, a list here
        attributes["voters"] = serializers.ListField(child=serializers.CharField(), read_only=True)
    return type(_named(policy, "Report"), (ReportDetailOutput,), attributes)


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


# -- inputs shared by several endpoints ------------------------------------------------------------------


class ItemInput(serializers.Serializer[Any]):
    kind = ItemKindField(choices=ItemKind.choices)
    text = serializers.CharField()
    theme = ThemeField(choices=Theme.choices, default=Theme.OTHER)
    priority = PriorityField(choices=Priority.choices, default=Priority.NORMAL)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    findings = serializers.ListField(child=id_field(), required=False, default=list)
    places = serializers.ListField(child=id_field(), required=False, default=list)
    repeats = id_field(required=False, allow_null=True, default=None)


class ItemUpdateInput(ItemInput):
    kind = ItemKindField(choices=ItemKind.choices, required=False)
    text = serializers.CharField(required=False)
    theme = ThemeField(choices=Theme.choices, required=False)
    priority = PriorityField(choices=Priority.choices, required=False)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    findings = serializers.ListField(child=id_field(), required=False)
    places = serializers.ListField(child=id_field(), required=False)
    repeats = id_field(required=False, allow_null=True)


class AnswerInput(serializers.Serializer[Any]):
    item = serializers.IntegerField(min_value=1, max_value=32_767, help_text="The item's number")
    text = serializers.CharField()
    documents = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )
