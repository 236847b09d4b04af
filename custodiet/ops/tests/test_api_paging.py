"""The API's long lists paged by keyset cursor (custodiet.ops.api_paging): a client that follows ``next`` (or
``previous``) reads every row once, in order, whatever the depth; ``?offset=`` still answers as before; a
cursor that cannot be read is a 400 naming it, never a silent first page a client would loop on."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from custodiet.core.models import Role, User
from custodiet.ops.api_paging import keyset_paged

factory = APIRequestFactory()
ORDER = (("username", False), ("id", False))


class UserRow(serializers.Serializer[User]):
    name = serializers.CharField(source="username")


class UserRows(APIView):
    permission_classes: list[Any] = []

    def get(self, request: Request) -> Response:
        return keyset_paged(request, User.objects.all(), UserRow, order=ORDER)


def _get(url: str) -> Response:
    return UserRows.as_view()(factory.get(url))


def _path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def _walk(first: str, link: str = "next") -> list[list[str]]:
    pages, url = [], first
    while url:
        answer = _get(url)
        assert answer.status_code == 200, answer.data
        pages.append([row["name"] for row in answer.data["results"]])
        url = _path(answer.data[link]) if answer.data[link] else ""
    return pages


@pytest.fixture
def seven(make_user: Any) -> list[str]:
    names = ["anna", "boris", "chen", "dara", "emil", "fatima", "gleb"]
    for name in reversed(names):
        make_user(Role.ANALYST, username=name)
    return names


@pytest.mark.django_db
def test_following_next_then_previous_reads_every_row_once_in_order(seven: list[str]) -> None:
    forward = _walk("/users/?limit=3")
    assert forward == [seven[:3], seven[3:6], seven[6:]]
    first = _get("/users/?limit=3")
    assert first.data["count"] == 7 and first.data["previous"] is None
    assert (
        "after=" in first.data["next"]
        and "limit=3" in first.data["next"]
        and "offset" not in first.data["next"]
    )

    last = _get("/users/?limit=3&last=1")
    assert [row["name"] for row in last.data["results"]] == seven[4:]  # the last page is full
    assert last.data["next"] is None
    backward = _walk("/users/?limit=3&last=1", link="previous")
    assert [name for page in reversed(backward) for name in page] == seven


@pytest.mark.django_db
def test_rows_added_while_a_client_pages_neither_repeat_nor_shift_the_rows_it_has_not_read(
    seven: list[str], make_user: Any
) -> None:
    first = _get("/users/?limit=3")
    make_user(Role.ANALYST, username="aaron")  # before the cursor: OFFSET would show "chen" twice
    rest = _walk(_path(first.data["next"]))
    assert [name for page in rest for name in page] == seven[3:]


@pytest.mark.django_db
def test_the_other_parameters_are_kept_in_the_links(seven: list[str]) -> None:
    first = _get("/users/?limit=2&q=x")
    assert "q=x" in first.data["next"]
    second = _get(_path(first.data["next"]))
    assert "q=x" in second.data["previous"] and "before=" in second.data["previous"]


@pytest.mark.django_db
def test_offset_still_pages_by_position(seven: list[str]) -> None:
    answer = _get("/users/?limit=2&offset=1")
    assert answer.status_code == 200 and answer.data["count"] == 7
    assert [row["name"] for row in answer.data["results"]] == ["boris", "chen"]
    assert "offset=3" in answer.data["next"] and "after=" not in answer.data["next"]
    assert _get("/users/?limit=0").status_code == 400
    assert _get("/users/?limit=2&offset=-1").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("after=not-a-cursor", "after"),
        ("before=%%%", "before"),
        ("after=WyJhbm5hIl0", "after"),  # ["anna"]: a cursor of another list (one value, not two)
        ("after=WyJhbm5hIiwieCJd", "after"),  # ["anna","x"]: an id that is not a number
        ("after=WyJhbm5hIiw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OV0", "after"),  # ["anna",99999999999999999999999]
        ("after=WyJhbm5hIixOYU5d", "after"),  # ["anna",NaN]
        ("after=WyJhbm5hIix7fV0", "after"),  # ["anna",{}]
        ("after=WyJhblx1MDAwMG5hIiwxXQ", "after"),  # ["an\u0000na",1]: a NUL PostgreSQL refuses
        ("last=2", "last"),
        ("limit=501", "limit"),
    ],
)
def test_a_cursor_that_cannot_be_read_is_refused_by_name(seven: list[str], query: str, named: str) -> None:
    answer = _get(f"/users/?{query}")
    assert answer.status_code == 400 and named in answer.data, answer.data


@pytest.mark.django_db
def test_a_deep_page_costs_the_queries_of_the_first(seven: list[str]) -> None:
    with CaptureQueriesContext(connection) as first:
        answer = _get("/users/?limit=2")
    deep = _path(_get(_path(_get(_path(answer.data["next"])).data["next"])).data["next"])
    with CaptureQueriesContext(connection) as later:
        assert _get(deep).status_code == 200
    assert len(later) == len(first) == 2  # the page and the count
    assert "OFFSET" not in later.captured_queries[0]["sql"].upper()
