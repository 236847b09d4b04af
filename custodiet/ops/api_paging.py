"""The API's long lists paged by keyset cursor, as the pages are: the cost of a page is the same at any depth.

A list endpoint answers ``{"count", "next", "previous", "results"}``. Without
``?offset=`` its ``next`` and ``previous`` links carry a keyset cursor
(``?after=...``, ``?before=...``; ``?last=1`` gives the last page), read by
``custodiet.ops.paging`` in the list's total order, so page 5,000 reads what page
1 reads. ``?limit=`` sets the page size in both cases. ``?offset=`` is still
answered as before (``BoundedPagination``) for clients that count by offset, but
its cost grows with the offset. A cursor that cannot be read is a 400 naming the
parameter, never a silent first page: a client that follows ``next`` would loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from custodiet.core.api import PAGE_PARAMETERS, BoundedPagination
from custodiet.ops.paging import PARAMETERS, Order, keyset_page, sorted_by

# The keyset parameters of a paged list, documented beside ``?limit=`` and ``?offset=``.
KEYSET_PARAMETERS = [
    *PAGE_PARAMETERS,
    OpenApiParameter(
        "after",
        str,
        description="The cursor of a `next` link: the page after it (the first page without one).",
    ),
    OpenApiParameter("before", str, description="The cursor of a `previous` link: the page before it."),
    OpenApiParameter("last", {"type": "integer", "enum": [1]}, description="1: the last page of the list."),
]


@dataclass(frozen=True)
class ApiPage:
    rows: list[Any]
    count: int
    next: str | None
    previous: str | None

    def response(self, results: Any, **extra: Any) -> Response:
        return Response(
            {"count": self.count, "next": self.next, "previous": self.previous, "results": results, **extra}
        )


def _link(request: Request, others: list[tuple[str, str]], cursor: tuple[str, str]) -> str:
    query = urlencode([*others, cursor])
    return request.build_absolute_uri(f"{request.path}?{query}")


def api_page(request: Request, records: QuerySet[Any], *, order: Order, default_limit: int = 100) -> ApiPage:
    """The page of ``records`` a request asks for: by keyset cursor in ``order`` (total: it ends with the
    primary key), or by ``?offset=`` when it gives one."""
    paginator = BoundedPagination()
    paginator.default_limit = default_limit
    params = request.query_params
    if params.get("offset") not in (None, ""):  # the same order as the cursors', counted by position
        rows = list(paginator.paginate_queryset(sorted_by(records, order), request) or [])
        return ApiPage(rows, paginator.count or 0, paginator.get_next_link(), paginator.get_previous_link())
    limit = paginator.get_limit(request) or default_limit
    if params.get("last") not in (None, "", "1"):
        raise serializers.ValidationError({"last": ["Give 1 for the last page, or leave it out."]})
    try:
        page = keyset_page(records, params, order=order, per_page=limit, strict=True)
    except ValueError:
        name = next((name for name in ("before", "after") if params.get(name)), "after")
        raise serializers.ValidationError(
            {name: ["This cursor cannot be read for this list: start again from the list's first page."]}
        ) from None
    others = [  # the list's other parameters (a filter given twice, twice), kept in its links
        (key, str(value))
        for key, values in params.lists()
        if key not in (*PARAMETERS, "offset", "page")
        for value in values
    ]
    return ApiPage(
        rows=page.rows,
        count=records.count(),
        next=_link(request, others, ("after", page.next_cursor))
        if page.next_link and page.next_cursor
        else None,
        previous=(
            _link(request, others, ("before", page.previous_cursor))
            if page.previous_link and page.previous_cursor
            else None
        ),
    )


def keyset_paged(
    request: Request,
    records: QuerySet[Any],
    output: type[serializers.BaseSerializer[Any]],
    *,
    order: Order,
) -> Response:
    """One page of ``records`` (``api_page``), each row written by ``output``; its schema is
    ``core.api.page_of(output, ...)`` with ``KEYSET_PARAMETERS``."""
    page = api_page(request, records, order=order)
    return page.response(output(page.rows, many=True).data)
