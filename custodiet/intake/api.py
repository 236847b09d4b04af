"""The intake's REST API: events, an event's timeline, documents, and importing one document.

Refusals are not caught here: a DomainError (a document with no text) becomes a
400 and a NotFound (no such document) a 404, both ``{"detail": message}``, in the
core exception handler (``custodiet.core.api``).
"""

from __future__ import annotations

import json
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import Capability, api_permission
from custodiet.core.errors import DomainError
from custodiet.intake import selectors
from custodiet.intake.models import Document, Event
from custodiet.intake.services import build_matcher, document_import, event_refresh
from custodiet.intake.sources import Skipped, read_jsonl

UseIntake = api_permission(Capability.VIEW_INTAKE, Capability.EDIT_INTAKE)


class EventOutput(serializers.ModelSerializer[Event]):
    state = serializers.CharField(source="state.code", default=None)
    instrument = serializers.CharField(source="instrument.code", default=None)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "state",
            "instrument",
            "state_code",
            "instrument_code",
            "action",
            "document_count",
            "source_count",
            "fact_count",
            "contradiction_count",
            "first_date",
            "last_date",
            "updated_at",
        ]


class EventListApi(APIView):
    permission_classes = [UseIntake]

    @extend_schema(responses=EventOutput(many=True), summary="Events built from open sources")
    def get(self, request: Request) -> Response:
        return Response(EventOutput(selectors.event_list(), many=True).data)


class EventTimelineApi(APIView):
    permission_classes = [UseIntake]

    @extend_schema(
        responses=dict, summary="An event's timeline: findings, sources, contradictions, legal checks"
    )
    def get(self, request: Request, pk: int) -> Response:
        event = get_object_or_404(selectors.event_list(), pk=pk)
        return Response(selectors.timeline_as_dict(selectors.event_timeline(event)))


class DocumentOutput(serializers.ModelSerializer[Document]):
    segments = serializers.SerializerMethodField()
    facts = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "sha256",
            "origin",
            "url",
            "title",
            "format",
            "size",
            "published",
            "published_iso",
            "language",
            "readable",
            "outlet",
            "wire",
            "imported_at",
            "event",
            "duplicate_of",
            "similarity",
            "source_key",
            "text",
            "segments",
            "facts",
        ]

    def get_segments(self, document: Document) -> list[dict[str, Any]]:
        return [{"text": s.text, "removed": not s.kept, "reason": s.reason} for s in document.segments.all()]

    def get_facts(self, document: Document) -> list[dict[str, Any]]:
        return [
            {
                "attribute": f.attribute,
                "subject": f.subject,
                "value": f.value or None,
                "count": f.count,
                "inferred": f.inferred,
                "note": f.note,
                "quote": f.quote,
                "sentence": f.sentence,
            }
            for f in document.facts.all()
        ]


class DocumentDetailApi(APIView):
    permission_classes = [UseIntake]

    @extend_schema(responses=DocumentOutput, summary="A document: provenance, cleaned text, removals, facts")
    def get(self, request: Request, pk: int) -> Response:
        return Response(DocumentOutput(selectors.document_detail(pk)).data)


class DocumentCreateApi(APIView):
    """Import one document given as JSON metadata and text or HTML (the JSON Lines format, one record)."""

    permission_classes = [UseIntake]

    class Input(serializers.Serializer[Any]):
        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
        title = serializers.CharField(required=False, allow_blank=True, max_length=500)
        published = serializers.CharField(required=False, allow_blank=True)
        language = serializers.CharField(required=False, allow_blank=True, max_length=8)

    @extend_schema(
        request=Input, responses={201: DocumentOutput, 200: DocumentOutput}, summary="Import a document"
    )
    def post(self, request: Request) -> Response:
        incoming = self.Input(data=request.data)
        incoming.is_valid(raise_exception=True)
        line = json.dumps(incoming.validated_data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        [item] = list(read_jsonl(line, "api"))
        if isinstance(item, Skipped):
            raise DomainError(item.reason)
        document, created = document_import(raw=item, matcher=build_matcher(), by=request.user)
        if created and document.event is not None:
            event_refresh(event=document.event)
        return Response(
            DocumentOutput(selectors.document_detail(document.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
