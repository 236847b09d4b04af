"""The REST API's shared edge: DomainError becomes a problem response once, for every endpoint.

A service refuses a request by raising DomainError with a message for the user;
the endpoint does not catch it. This handler (settings ``EXCEPTION_HANDLER``)
answers 400 with ``{"detail": message}`` (404 for ``NotFound``) and whatever
parts the error gives in ``details()``: the line-by-line ``problems`` of a refused
import, the gate's refusals of a visit plan. Everything else is DRF's.
"""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
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
