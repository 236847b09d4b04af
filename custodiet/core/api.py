"""The REST API's shared edge: DomainError becomes a problem response once, for every endpoint.

A service refuses a request by raising DomainError with a message for the user;
the endpoint does not catch it. This handler (settings ``EXCEPTION_HANDLER``)
answers 400 with ``{"detail": message}`` (404 for ``NotFound``) and whatever
parts the error gives in ``details()``: the line-by-line ``problems`` of a refused
import, the gate's refusals of a visit plan. Everything else is DRF's.

The kit every app's ``api.py`` builds on: ``validated`` (an Input serializer's
parse, a 400 naming each field), ``BoundedPagination`` and ``page_of`` (a page by
offset and its schema; ``ops/api_paging.py`` pages the long lists by cursor),
``post_endpoint`` (one documented POST endpoint per step of a record's life),
``id_field`` and ``LocalDateTimeField`` (inputs), and the schema's documented
refusals (``document_errors``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from custodiet.core.errors import DomainError, NotFound


def problem_response(problem: DomainError) -> Response:
    """The API's answer to a refusal by a rule of the mechanism."""
    body: dict[str, Any] = {"detail": str(problem), **problem.details()}
    code = status.HTTP_404_NOT_FOUND if isinstance(problem, NotFound) else status.HTTP_400_BAD_REQUEST
    return Response(body, status=code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return problem_response(exc)
    return drf_exception_handler(exc, context)


# The largest integer a database column or a Python slice of a query can take on every backend.
LARGEST_ID = 2**63 - 1


class BoundedPagination(LimitOffsetPagination):
    """``?limit=`` and ``?offset=`` read to their range: a limit from 1 to ``max_limit``, an offset from 0;
    anything else is a 400 that names the parameter (DRF's own class ignores a bad value silently and
    passes a huge one to the database, which fails with an overflow)."""

    max_limit = 500
    max_offset = 2**31 - 1

    def _bounded(self, request: Request, name: str, low: int, high: int, default: int | None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        text = raw.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 12 or not low <= int(text) <= high:
            raise serializers.ValidationError({name: [f"Give a whole number from {low} to {high}."]})
        return int(text)

    def get_limit(self, request: Request) -> int | None:
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self._bounded(request, self.offset_query_param, 0, self.max_offset, 0) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, maximum=self.max_offset)
        return parameters


# The ``?limit=`` and ``?offset=`` of a paged list, documented with the bounds BoundedPagination reads them to.
PAGE_PARAMETERS = [
    OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": BoundedPagination.max_limit}),
    OpenApiParameter(
        "offset",
        {"type": "integer", "minimum": 0, "maximum": BoundedPagination.max_offset},
        description="Rows to skip (the links then carry offsets; the cost grows with the offset).",
    ),
]


def id_field(**options: Any) -> serializers.IntegerField:
    """A record's id in an API input: a whole number from 1 to the largest id a database column holds (a
    longer one is a 400 naming the field, never an overflow in the database)."""
    return serializers.IntegerField(min_value=1, max_value=LARGEST_ID, **options)


class LocalDateTimeField(serializers.DateTimeField):
    """A moment in an API input: with an offset ("2026-12-02T14:00:00+03:00", "...Z") it is taken as given;
    without one it is the local time of the place (or visit) it is about, read in its time zone by the
    service (custodiet.core.zones.in_zone), as the pages read it. Output: ISO 8601 in UTC."""

    def enforce_timezone(self, value: Any) -> Any:
        if value.tzinfo is None or value.utcoffset() is None:
            return value  # naive: the service reads it in the place's zone
        return super().enforce_timezone(value)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A refusal: `detail` says why; a refused input names each field with its problems "
    '(`{"year": ["Give a year from 1900 to 2200."]}`), a refused rule may add its own parts.',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "The input was refused: `detail`, or each field named with its problems",
    "403": "Not signed in, or the role may not do this",
    "404": "No such record, or not one the caller may see",
}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular's last step (settings ``POSTPROCESSING_HOOKS``): every operation documents the
    refusals every endpoint can give (400 for its input, 403 for its access, 404 for a record), with one
    problem schema, so that a client, and the schemathesis run of the suite, find each answer in it."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Problem", PROBLEM_SCHEMA)
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": reference})
            _either_problem(responses["400"])
    return result


def _either_problem(response: dict[str, Any]) -> None:
    """A 400 documented with its own shape (a refused plan with the gate's reasons) may also be a plain
    refusal of the input, field by field: the schema says both."""
    for media in response.get("content", {}).values():
        schema = media.get("schema", {})
        if schema.get("$ref") != "#/components/schemas/Problem" and "anyOf" not in schema:
            media["schema"] = {"anyOf": [schema, {"$ref": "#/components/schemas/Problem"}]}


def page_of(output: type[serializers.BaseSerializer[Any]], name: str) -> type[serializers.Serializer[Any]]:
    """The schema of a page of ``output`` as ``BoundedPagination`` gives it: count, next, previous and the
    results (so that a paged list is not documented as a bare array)."""
    fields: dict[str, Any] = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": output(many=True),
    }
    return type(name, (serializers.Serializer,), fields)


def validated(shape: type[serializers.Serializer[Any]], request: Request, **options: Any) -> dict[str, Any]:
    """The request's body parsed by the Input serializer ``shape`` (``options`` as ``partial=True`` go to it);
    a 400 naming each field with its problems when the body does not fit."""
    incoming = shape(data=request.data, **options)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


Handler = Callable[..., Response]


def post_endpoint(
    name: str,
    *,
    summary: str,
    shape: type[serializers.Serializer[Any]],
    responses: dict[int, Any],
    handle: Handler,
    permission: type[BasePermission] | None = None,
    base: type[APIView] = APIView,
) -> type[APIView]:
    """An endpoint with one POST, documented with ``summary``, the Input serializer ``shape`` and its
    ``responses``: ``handle(view, request, **url_arguments)`` answers it. Its access is ``permission``
    (an ``api_permission``) or the ``base`` class's; ``shape`` stays on the class as ``Input``.

    For the endpoints that are one step of a record's life and differ only in these parts (the reports'
    adoption, transmission, publication; a visit's notification or objection): each is one call, not a
    class that repeats the same decorator and method."""

    @extend_schema(summary=summary, request=shape, responses=responses)
    def post(self: APIView, request: Request, **arguments: Any) -> Response:
        return handle(self, request, **arguments)

    namespace: dict[str, Any] = {
        "__module__": handle.__module__,
        "__qualname__": name,
        "Input": shape,
        "post": post,
    }
    if permission is not None:
        namespace["permission_classes"] = [permission]
    return type(name, (base,), namespace)
