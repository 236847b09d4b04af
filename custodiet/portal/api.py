"""REST endpoints of the portal, open to everyone: the search, and the published timelines.

``GET /api/portal/search/?q=&kind=&state=&body=&year=&language=&sort=relevance|date&start=`` answers the
same as the search page: ``count`` (with ``count_exact``: false when the words are in more entries than
a search counts, and ``count`` is then a number the results are more than), the page of ``results`` (each with its title and snippet as pieces,
``{"text", "mark"}``, the matching words marked, to be shown escaped), and the counts by facet among
the results. A bad parameter is a 400 naming it. ``GET /api/portal/timelines/`` lists the published
timelines; ``/api/portal/timelines/{id}/`` gives one, each date with what its sources say, their public
addresses, and where they disagree (404 for an event that is not published).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import PublicApi
from custodiet.portal import selectors
from custodiet.portal.forms import SearchForm
from custodiet.portal.text import Piece


class ReadOnlyPublic(APIView):
    permission_classes = [PublicApi]
    http_method_names = ["get", "head", "options"]


def _pieces(pieces: list[Piece]) -> list[dict[str, Any]]:
    return [{"text": piece.text, "mark": piece.mark} for piece in pieces]


def search_dict(page: selectors.SearchPage) -> dict[str, Any]:
    return {
        "query": page.text,
        "words": list(page.query.words),
        "count": page.total,
        "count_exact": page.exact,
        "facets_sampled": None if page.exact else page.sampled,
        "start": page.offset,
        "sort": page.order,
        "next_start": page.next_offset,
        "results": [
            {
                "kind": result.entry.kind,
                "kind_label": result.kind_label,
                "title": result.entry.title,
                "title_marked": _pieces(result.title),
                "snippet": _pieces(result.snippet),
                "url": result.entry.url,
                "address": result.entry.address or None,
                "state": result.entry.state or None,
                "body": result.entry.body or None,
                "date": result.entry.day.isoformat() if result.entry.day else None,
                "date_precision": result.entry.precision or None,
                "date_shown": result.when or None,
                "language": result.entry.language or None,
            }
            for result in page.results
        ],
        "facets": {
            name: [{"value": value.value, "label": value.label, "count": value.count} for value in values]
            for name, values in page.facets.items()
        },
    }


PIECE = inline_serializer("Piece", {"text": serializers.CharField(), "mark": serializers.BooleanField()})
SEARCH_OUTPUT = inline_serializer(
    "SearchOutput",
    {
        "query": serializers.CharField(),
        "words": serializers.ListField(child=serializers.CharField()),
        "count": serializers.IntegerField(
            help_text="The number of results; when count_exact is false, a number they are more than"
        ),
        "count_exact": serializers.BooleanField(
            help_text="False when the words are in more entries than a search counts (1,000 by default)"
        ),
        "facets_sampled": serializers.IntegerField(
            allow_null=True,
            help_text="When count_exact is false: the facets' counts are counted in this many of the results",
        ),
        "start": serializers.IntegerField(),
        "sort": serializers.CharField(),
        "next_start": serializers.IntegerField(allow_null=True),
        "results": serializers.ListField(child=serializers.DictField()),
        "facets": serializers.DictField(child=serializers.ListField(child=serializers.DictField())),
    },
)


class SearchApi(ReadOnlyPublic):
    @extend_schema(
        summary="Search everything public",
        description="Published reports, the States' responses, public statements, published timelines and "
        "their sources, States and treaties; words matched across their forms in English, French, Russian, "
        "Ukrainian and the documents' languages. Titles and snippets come as pieces, the matching words "
        "with mark=true.",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="The words"),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description="report, response, statement, timeline, source, state or instrument",
            ),
            OpenApiParameter("state", OpenApiTypes.STR, description="A State's ISO code (RU)"),
            OpenApiParameter("body", OpenApiTypes.STR, description="A monitoring body's code (CPT)"),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter(
                "language", OpenApiTypes.STR, description="ISO 639-1 code of the text's language"
            ),
            OpenApiParameter("sort", OpenApiTypes.STR, description="relevance (default) or date"),
            OpenApiParameter("start", OpenApiTypes.INT, description="The first result to give (20 a page)"),
        ],
        responses={200: SEARCH_OUTPUT},
    )
    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {name: [str(error) for error in errors] for name, errors in form.errors.items()}
            )
        data = form.cleaned_data
        page = selectors.search(
            data["q"], form.filters(), order=data.get("sort") or "relevance", offset=data.get("start") or 0
        )
        return Response(search_dict(page))


class TimelineListApi(ReadOnlyPublic):
    @extend_schema(
        summary="Published timelines",
        responses={
            200: inline_serializer(
                "PublishedTimelineRow",
                {
                    "id": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "state": serializers.CharField(allow_null=True),
                    "published_on": serializers.DateField(),
                    "url": serializers.CharField(),
                },
                many=True,
            )
        },
    )
    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "id": row.event_id,
                    "title": row.event.title,
                    "state": row.event.state.code if row.event.state else None,
                    "published_on": row.published_on.isoformat(),
                    "url": reverse("portal:timeline_detail", args=[row.event_id]),
                }
                for row in selectors.published_timelines()
            ]
        )


class TimelineDetailApi(ReadOnlyPublic):
    @extend_schema(
        summary="A published timeline",
        description="Each date and count with what the sources say, their public addresses (never a file "
        "path), and where they disagree.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pk: int) -> Response:
        published = selectors.published_timeline(pk)  # NotFound: a 404 (custodiet.core.api)
        timeline = selectors.public_timeline(published)
        timeline["published_on"] = published.published_on.isoformat()
        return Response(timeline)
