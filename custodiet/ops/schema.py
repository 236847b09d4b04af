"""The OpenAPI schema, built once per process and served from memory.

drf-spectacular builds the schema by walking every view; building it is slow
(about a second) and was seen to fail when several first requests built it at
the same time. Here it is built once, under a lock, either at start
(``custodiet serve`` builds it in the master process before forking its
workers) or by the first request; every later request is served the same bytes.
"""

from __future__ import annotations

import threading
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from custodiet.core.access import PublicApi

_lock = threading.Lock()
_schema: dict[str, Any] | None = None


def warm_schema() -> dict[str, Any]:
    """The schema, built on the first call (under a lock: one build per process) and kept."""
    global _schema
    if _schema is None:
        with _lock:
            if _schema is None:
                generator = SchemaGenerator()  # type: ignore[no-untyped-call]
                _schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return _schema


def forget_schema() -> None:
    """Drop the kept schema (tests that change the URL map)."""
    global _schema
    with _lock:
        _schema = None


class SchemaApi(APIView):
    """The OpenAPI description of the API (YAML, or JSON with ``?format=json``); every endpoint keeps its
    own access."""

    permission_classes = [PublicApi]
    renderer_classes = [OpenApiYamlRenderer, OpenApiYamlRenderer2, OpenApiJsonRenderer, OpenApiJsonRenderer2]
    schema = None  # not part of the schema it describes

    def get(self, request: Request) -> Response:
        return Response(warm_schema())
