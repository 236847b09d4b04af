"""The intake's REST API: events, an event's timeline, documents, and importing one document.

A document posted is checked at once (its JSON, its publication date, its size) and
then read in the background (``custodiet.intake.jobs``): the answer is 202 with the
job, whose state ``GET /api/intake/imports/<job>/`` gives, with the document's number
once it is stored. The same document posted again answers 200 with the stored one.

Refusals are not caught here: a DomainError (a bad date, a document too large)
becomes a 400 and a NotFound (no such document) a 404, both ``{"detail": message}``,
in the core exception handler (``custodiet.core.api``).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import Capability, api_permission
from custodiet.core.api import validated
from custodiet.core.errors import DomainError, NotFound
from custodiet.intake import selectors
from custodiet.intake.jobs import IMPORT, api_enqueue
from custodiet.intake.models import Document, Event
from custodiet.intake.services import check_size
from custodiet.intake.sources import Skipped, read_jsonl
from custodiet.ops.models import Job
from custodiet.ops.selectors import jobs_visible_to

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


class ImportOutput(serializers.Serializer[Any]):
    job = serializers.UUIDField()
    state = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    done = serializers.BooleanField()
    progress = serializers.DictField()
    error = serializers.CharField(allow_null=True)
    added = serializers.IntegerField(allow_null=True)
    unchanged = serializers.IntegerField(allow_null=True)
    documents = serializers.ListField(child=serializers.IntegerField())
    skipped = serializers.ListField(child=serializers.DictField())
    status_url = serializers.CharField()
    page = serializers.CharField()


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
        request=Input,
        responses={202: ImportOutput, 200: DocumentOutput},
        summary="Import a document (read in the background; 200 with the stored one if it is already there)",
    )
    def post(self, request: Request) -> Response:
        line = json.dumps(validated(self.Input, request), ensure_ascii=False, sort_keys=True).encode("utf-8")
        [item] = list(read_jsonl(line, "api"))
        if isinstance(item, Skipped):
            raise DomainError(item.reason)
        check_size(item)
        stored = Document.objects.filter(sha256=item.sha256).first()
        if stored is not None:
            return Response(
                DocumentOutput(selectors.document_detail(stored.pk)).data, status=status.HTTP_200_OK
            )
        started = api_enqueue(line=line, by=request.user)
        return Response(_import_state(started), status=status.HTTP_202_ACCEPTED)


class ImportStateApi(APIView):
    """How an import started through the API goes: queued, running, done (with the document) or failed."""

    permission_classes = [UseIntake]

    @extend_schema(responses=ImportOutput, summary="The state of an import, and its documents once done")
    def get(self, request: Request, pk: UUID) -> Response:
        started = jobs_visible_to(request.user).filter(name=IMPORT, pk=pk).first()
        if started is None:
            raise NotFound("No such import.")
        return Response(_import_state(started))


def _import_state(started: Job) -> dict[str, Any]:
    result = started.result or {}
    return {
        "job": str(started.pk),
        "state": started.state,
        "done": started.finished,
        "progress": {"done": started.progress_done, "total": started.progress_total},
        "error": started.error or None,
        "added": result.get("added"),
        "unchanged": result.get("unchanged"),
        "documents": result.get("documents", []),
        "skipped": result.get("skipped", []),
        "status_url": reverse("intake-api:import_state", args=[started.pk]),
        "page": reverse("ops:job_detail", args=[started.pk]),
    }
