"""Keyset paging: every row once, in order, both ways, whatever the directions of the order; the position
written as one row-value comparison when the order's columns all run the same way."""

from __future__ import annotations

import base64
import itertools
import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from custodiet.core import clock
from custodiet.core.models import User
from custodiet.ops.paging import Order, keyset_page

pytestmark = pytest.mark.django_db

ORDERS: list[Order] = [
    (("username", False), ("id", False)),
    (("date_joined", True), ("id", True)),
    (("is_active", False), ("date_joined", True), ("id", False)),  # mixed: the OR of its terms
]


@pytest.fixture
def users(db: Any) -> None:
    """23 users whose sign-up times and activity tie in places, so that the order's last column decides."""
    start = clock.now()
    User.objects.bulk_create(
        [
            User(
                username=f"user-{index:02d}",
                password="!",  # no password
                date_joined=start - timedelta(days=index % 5),
                is_active=index % 3 != 0,
            )
            for index in range(23)
        ]
    )


def _all_pages(order: Order, per_page: int) -> list[list[int]]:
    pages, params = [], {}
    while True:
        page = keyset_page(User.objects.all(), params, order=order, per_page=per_page)
        pages.append([user.pk for user in page.rows])
        if page.at_end:
            return pages
        params = {"after": page.next_cursor}


@pytest.mark.parametrize("order", ORDERS)
def test_every_row_once_in_order_forwards_and_back(users: Any, order: Order) -> None:
    every = list(
        User.objects.order_by(
            *(f"{'-' if descending else ''}{path}" for path, descending in order)
        ).values_list("pk", flat=True)
    )
    pages = _all_pages(order, 5)
    assert list(itertools.chain.from_iterable(pages)) == every and [len(page) for page in pages] == [
        5,
        5,
        5,
        5,
        3,
    ]
    last = keyset_page(User.objects.all(), {"last": "1"}, order=order, per_page=5)
    assert [user.pk for user in last.rows] == every[-5:] and last.at_end
    back = keyset_page(User.objects.all(), {"before": last.previous_cursor}, order=order, per_page=5)
    assert [user.pk for user in back.rows] == every[-10:-5] and not back.at_start


@pytest.mark.parametrize(("order", "written"), [(ORDERS[0], ") > ("), (ORDERS[1], ") < (")])
def test_one_direction_is_one_row_value_comparison(users: Any, order: Order, written: str) -> None:
    first = keyset_page(User.objects.all(), {}, order=order, per_page=5)
    with CaptureQueriesContext(connection) as queries:
        keyset_page(User.objects.all(), {"after": first.next_cursor}, order=order, per_page=5)
    sql = queries.captured_queries[0]["sql"]
    assert written in sql and " OR " not in sql


def test_a_value_of_the_wrong_type_gives_the_first_page_and_says_so(users: Any) -> None:
    order = (("date_joined", True), ("id", True))
    cursor = base64.urlsafe_b64encode(json.dumps(["not a date", 3]).encode()).decode().rstrip("=")
    page = keyset_page(User.objects.all(), {"after": cursor}, order=order, per_page=5)
    assert page.problem == "this page link cannot be read; showing the first page."
    assert page.at_start and len(page.rows) == 5


def test_a_link_for_another_list_is_said_in_the_reader_s_language(users: Any) -> None:
    order = (("date_joined", True), ("id", True))
    cursor = base64.urlsafe_b64encode(json.dumps(["2026-11-01", 3, 4]).encode()).decode().rstrip("=")
    page = keyset_page(User.objects.all(), {"after": cursor}, order=order, per_page=5)
    assert page.problem == "this page link is for another list; showing the first page."
    with translation.override("ru"):
        said = keyset_page(User.objects.all(), {"after": "%%%"}, order=order, per_page=5).problem
    assert said == "эту ссылку на страницу невозможно прочитать; показана первая страница."
