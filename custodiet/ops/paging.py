"""Keyset pagination: a long list paged by where the last page ended, never by OFFSET.

``OFFSET 25000`` makes the database read and throw away 25,000 rows, so page 500
costs 500 times page 1; a keyset page asks for the rows *after the last one shown*
in the list's order, which an index finds at once, whatever the page. When every
column of the order runs the same way, the position is one row-value comparison
(``(a, b, id) > (x, y, 7)``), which SQLite and PostgreSQL answer with a range of
an index on those columns; an order that mixes directions gets the equivalent
OR of its terms. The links carry that position as an opaque cursor
(``?after=...``, ``?before=...``, ``?last=1``). The order must be total: end it
with the primary key.

Used by the long lists (places, visits, reports, the State timeline) and by the
API's (``ops/api_paging.py``); ``ops/_keyset_pagination.html`` draws the pages'
links. On a page, a cursor that cannot be read (a link edited by hand, a list
whose order changed) gives the first page and says so; the API refuses it.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Model, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext

from custodiet.core.api import LARGEST_ID

Order = Sequence[tuple[str, bool]]  # (field path, descending)
PARAMETERS = ("after", "before", "last")


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    at_start: bool
    at_end: bool
    problem: str | None = None  # a cursor that could not be read

    @property
    def next_link(self) -> str | None:
        return None if self.at_end or self.next_cursor is None else f"after={self.next_cursor}"

    @property
    def previous_link(self) -> str | None:
        return None if self.at_start or self.previous_cursor is None else f"before={self.previous_cursor}"


def _value(row: Any, path: str) -> Any:
    for part in path.split("__"):
        row = getattr(row, part)
    return row.pk if isinstance(row, Model) else row


def _encode(row: Any, order: Order) -> str:
    values = []
    for path, _ in order:
        value = _value(row, path)
        values.append(value.isoformat() if isinstance(value, date | datetime) else value)
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


ANOTHER_LIST = "this page link is for another list"


def _decode(cursor: str, order: Order) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("this page link cannot be read") from None
    if not isinstance(values, list) or len(values) != len(order):
        raise ValueError(ANOTHER_LIST)
    if not all(_readable(value) for value in values):
        raise ValueError("this page link cannot be read")
    return values


def _readable(value: Any) -> bool:
    """A value a cursor may carry: true or false, a number a column can hold, or a short text without NUL
    (a number out of range, NaN or a NUL would reach the database and fail there, not here)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -LARGEST_ID <= value <= LARGEST_ID
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= LARGEST_ID
    return isinstance(value, str) and len(value) <= 1000 and "\x00" not in value


class RowBeyond(Func):
    """``(a, b, c) > (x, y, z)`` (``<`` when ``less``): rows after a position in an order whose columns all run
    the same way. Each value is converted by its column's field, as a filter would (a wrong type raises
    ValueError or ValidationError). Written out because Django writes tuple comparisons on SQLite as the OR
    of their terms, which SQLite answers by reading the index from its start."""

    output_field = BooleanField()

    def __init__(self, paths: Sequence[str], values: Sequence[Any], *, less: bool) -> None:
        super().__init__(*(F(path) for path in paths))
        self.values = list(values)
        self.operator = "<" if less else ">"

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        columns = self.get_source_expressions()
        left = [compiler.compile(column) for column in columns]
        right = [
            compiler.compile(Value(value, output_field=column.output_field))
            for column, value in zip(columns, self.values, strict=True)
        ]
        sql = f"({', '.join(part for part, _ in left)}) {self.operator} ({', '.join(part for part, _ in right)})"
        return sql, [param for _, params in (*left, *right) for param in params]


def _beyond(order: Order, values: Sequence[Any], *, backwards: bool) -> Q | RowBeyond:
    """Rows strictly after ``values`` in ``order`` (before them when ``backwards``)."""
    directions = {descending for _, descending in order}
    if len(directions) == 1:
        return RowBeyond([path for path, _ in order], values, less=directions.pop() != backwards)
    condition = Q(pk__in=[])
    for index, (path, descending) in enumerate(order):
        lookup = "lt" if descending != backwards else "gt"
        step = Q(**{f"{path}__{lookup}": values[index]})
        for earlier in range(index):
            step &= Q(**{order[earlier][0]: values[earlier]})
        condition |= step
    return condition


def sorted_by(queryset: QuerySet[Any], order: Order, *, backwards: bool = False) -> QuerySet[Any]:
    """``queryset`` in ``order`` (reversed when ``backwards``)."""
    return queryset.order_by(
        *(f"{'-' if descending != backwards else ''}{path}" for path, descending in order)
    )


def keyset_page(
    queryset: QuerySet[Any], params: Mapping[str, Any], *, order: Order, per_page: int, strict: bool = False
) -> KeysetPage:
    """The page of ``queryset`` that ``params`` (a request's GET) asks for: two rows more than a page are
    never read, whatever the position in the list. A cursor that cannot be read gives the first page with
    a ``problem`` to show; ``strict`` raises ValueError instead (the API: a client following links)."""
    problem = None
    try:
        if params.get("last"):
            return _last_page(queryset, order, per_page)
        if cursor := params.get("before"):
            return _page_before(queryset, order, per_page, _decode(str(cursor), order))
        if cursor := params.get("after"):
            return _page_after(queryset, order, per_page, _decode(str(cursor), order))
    except (ValueError, ValidationError) as error:  # a value of the wrong type for its field, too
        if strict:
            raise ValueError(str(error)) from None
        problem = (  # said on the page, in the reader's language
            gettext("this page link is for another list; showing the first page.")
            if isinstance(error, ValueError) and str(error) == ANOTHER_LIST
            else gettext("this page link cannot be read; showing the first page.")
        )
    page = _page_after(queryset, order, per_page, None)
    return KeysetPage(page.rows, page.next_cursor, None, True, page.at_end, problem)


def _page_after(queryset: QuerySet[Any], order: Order, per_page: int, values: list[Any] | None) -> KeysetPage:
    rows_query = sorted_by(queryset, order, backwards=False)
    if values is not None:
        rows_query = rows_query.filter(_beyond(order, values, backwards=False))
    rows = list(rows_query[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        rows=rows,
        next_cursor=_encode(rows[-1], order) if rows else None,
        previous_cursor=_encode(rows[0], order) if rows else None,
        at_start=values is None,
        at_end=not more,
    )


def _page_before(queryset: QuerySet[Any], order: Order, per_page: int, values: list[Any]) -> KeysetPage:
    rows = list(
        sorted_by(queryset, order, backwards=True).filter(_beyond(order, values, backwards=True))[
            : per_page + 1
        ]
    )
    more = len(rows) > per_page
    rows = rows[:per_page][::-1]
    return KeysetPage(
        rows=rows,
        next_cursor=_encode(rows[-1], order) if rows else None,
        previous_cursor=_encode(rows[0], order) if rows else None,
        at_start=not more,
        at_end=False,
    )


def _last_page(queryset: QuerySet[Any], order: Order, per_page: int) -> KeysetPage:
    rows = list(sorted_by(queryset, order, backwards=True)[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page][::-1]
    return KeysetPage(
        rows=rows,
        next_cursor=None,
        previous_cursor=_encode(rows[0], order) if rows else None,
        at_start=not more,
        at_end=True,
    )


def query_without_cursor(params: Mapping[str, Any]) -> str:
    """The list's other parameters, to keep in the links between its pages."""
    return urlencode([(key, value) for key, value in params.items() if key not in (*PARAMETERS, "page")])
