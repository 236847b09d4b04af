"""The State record page's long lists, a page at a time (issue 14): the published reports and the public
statements each paged by its own keyset cursor, newest first, every row once on the way forward and on
the way back; the same number of queries at five years of records as at fifty; and a confidential report
on no page of the lists, whoever asks and whatever the cursor says."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from custodiet.reports.models import PublicStatement, Report
from custodiet.reports.selectors import RECORD_PER_PAGE

URL = reverse("reports:state_record", args=["RU"])
CONFIDENTIAL = ("draft", "adopted", "transmitted", "response_received")


def _reports(cpt: Any, state: Any, years: range) -> None:
    """Each year: two reports published on the same day (the order's tie broken by id), and one report at
    each confidential step."""
    made = []
    for year in years:
        for n, status in enumerate(("published", "published", *CONFIDENTIAL)):
            adopted = date(year, 3, 1) if status != "draft" else None
            sent = adopted + timedelta(days=10) if adopted and status not in ("draft", "adopted") else None
            made.append(
                Report(
                    body=cpt,
                    state=state,
                    title=f"{state.code} {status} report {year}-{n}",
                    status=status,
                    adopted_on=adopted,
                    votes_for=30 if adopted else None,
                    transmitted_on=sent,
                    response_due=sent + timedelta(days=183) if sent else None,
                    response_received_on=sent + timedelta(days=170)
                    if status in ("published", "response_received")
                    else None,
                    publication_requested_on=date(year, 11, 1) if status == "published" else None,
                    publication_request_reference="Note verbale" if status == "published" else "",
                    published_on=date(year, 12, 1) if status == "published" else None,
                )
            )
    Report.objects.bulk_create(made)


def _statements(cpt: Any, state: Any, years: range) -> None:
    """Each year: two statements; every tenth year one more whose date nobody stated (reference data)."""
    made = [
        PublicStatement(
            body=cpt,
            state=state,
            title=f"{state.code} statement {year}-{n}",
            decided_on=date(year, 6 * n + 3, 15),
            decided_precision="month" if n else "day",
            votes_for=40,
            members=47,
            views_invited_on=date(year, 6 * n + 2, 1),
        )
        for year in years
        for n in range(2)
    ]
    made += [
        PublicStatement(
            body=cpt,
            state=state,
            origin="reference",
            title=f"{state.code} undated statement {year}",
            source="https://www.coe.int/en/web/cpt/public-statements",
        )
        for year in years
        if year % 10 == 0
    ]
    PublicStatement.objects.bulk_create(made)


def _fill(cpt: Any, states: list[Any], years: range) -> None:
    for state in states:
        _reports(cpt, state, years)
        _statements(cpt, state, years)


@pytest.fixture
def record(cpt: Any, russia: Any, ukraine: Any) -> None:
    """Fifty years of records of the Russian Federation, and as many of Ukraine beside them."""
    _fill(cpt, [russia, ukraine], range(1976, 2026))


def _page(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _rows(tree: Any, section: str) -> list[str]:
    if section == "published":
        return [
            text.strip()
            for text in tree.xpath("//section[@aria-labelledby='published-heading']//td/a/text()")
        ]
    return [
        item.text_content().split(": ", 1)[1].split(" (", 1)[0]
        for item in tree.xpath("//section[@aria-labelledby='statements-heading']/ul/li")
    ]


def _link(tree: Any, section: str, rel: str) -> str | None:
    """The href of a list's link: prev, next, or the text of first/last."""
    nav = tree.xpath(f"//section[@aria-labelledby='{section}-heading']/nav")
    if not nav:
        return None
    if rel in ("prev", "next"):
        found = nav[0].xpath(f".//a[@rel='{rel}']/@href")
    else:
        found = [
            a.get("href") for a in nav[0].xpath(".//a") if ("first" if rel == "first" else "last") in a.text
        ]
    return str(found[0]) if found else None


def _walk(client: Client, section: str, start: str, rel: str) -> tuple[list[str], int]:
    """Every row of one list met by following ``rel`` links from ``start``, and the pages read."""
    seen: list[str] = []
    url: str | None = start
    pages = 0
    while url is not None:
        tree = _page(client, url if url.startswith("/") else URL + url)
        rows = _rows(tree, section)
        assert 0 < len(rows) <= RECORD_PER_PAGE
        seen += rows if rel == "next" else rows[::-1]
        pages += 1
        url = _link(tree, section, rel)
    return seen, pages


def _expected_reports(state: str = "RU") -> list[str]:
    return list(
        Report.objects.filter(state__code=state, status="published")
        .order_by("-published_on", "-id")
        .values_list("title", flat=True)
    )


def _expected_statements(state: str = "RU") -> list[str]:
    dated = PublicStatement.objects.filter(state__code=state, decided_on__isnull=False)
    undated = PublicStatement.objects.filter(state__code=state, decided_on__isnull=True)
    return [
        *dated.order_by("-decided_on", "-id").values_list("title", flat=True),
        *undated.order_by("-id").values_list("title", flat=True),
    ]


@pytest.mark.parametrize("role", ["anonymous", "state_liaison", "secretariat"])
def test_each_list_is_walked_forward_and_back_every_row_once_newest_first(
    record: None, users: dict[str, Any], role: str
) -> None:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    for section, expected in (("published", _expected_reports()), ("statements", _expected_statements())):
        forward, pages = _walk(client, section, URL, "next")
        assert forward == expected  # no row twice, none lost, in the order of the whole list
        assert pages == -(-len(expected) // RECORD_PER_PAGE)
        last = _link(_page(client, URL), section, "last")
        assert last is not None
        backward, _ = _walk(client, section, last, "prev")
        assert backward == expected[::-1]
    assert "undated statement" in expected[-1]  # the statements nobody dated come last, shown as undated


def test_a_list_at_its_boundary_and_the_other_lists_position_kept(
    cpt: Any, russia: Any, users: dict[str, Any]
) -> None:
    _reports(cpt, russia, range(2021, 2026))  # 10 published: one page, no links
    _statements(cpt, russia, range(2016, 2026))  # 20 statements and 1 undated: three pages
    client = Client()
    tree = _page(client, URL)
    assert len(_rows(tree, "published")) == RECORD_PER_PAGE
    assert not tree.xpath("//section[@aria-labelledby='published-heading']/nav")
    _reports(cpt, russia, range(2020, 2021))  # 12 published: the second page holds the two oldest
    tree = _page(client, URL)
    second = _page(client, URL + str(_link(tree, "published", "next")))
    assert _rows(second, "published") == _expected_reports()[RECORD_PER_PAGE:]
    assert _link(second, "published", "next") is None and _link(second, "published", "last") is None
    last = _page(client, URL + str(_link(tree, "published", "last")))  # the last full page
    assert _rows(last, "published") == _expected_reports()[-RECORD_PER_PAGE:]
    # the statements move on; the reports stay on their second page, and the reverse
    statements_next = str(_link(second, "statements", "next"))
    assert parse_qs(urlsplit(statements_next).query)["reports_after"]
    both = _page(client, URL + statements_next)
    assert _rows(both, "published") == _rows(second, "published")
    assert _rows(both, "statements") == _expected_statements()[RECORD_PER_PAGE : 2 * RECORD_PER_PAGE]
    back = _page(client, URL + str(_link(both, "published", "first")))
    assert _rows(back, "published") == _expected_reports()[:RECORD_PER_PAGE]
    assert _rows(back, "statements") == _rows(both, "statements")


def test_an_unreadable_cursor_gives_the_first_page_and_says_so(record: None) -> None:
    tree = _page(Client(), URL + "?reports_after=not-a-cursor&statements_before=W10")
    assert _rows(tree, "published") == _expected_reports()[:RECORD_PER_PAGE]
    assert _rows(tree, "statements") == _expected_statements()[:RECORD_PER_PAGE]
    assert len(tree.xpath("//p[@role='alert']")) == 2


@pytest.mark.parametrize("role", ["anonymous", "public", "state_liaison", "other_liaison"])
def test_no_confidential_report_on_any_page_of_the_lists(
    record: None, users: dict[str, Any], role: str
) -> None:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    pages = [URL]
    tree = _page(client, URL)
    links = [_link(tree, section, rel) for section in ("published", "statements") for rel in ("next", "last")]
    pages += [URL + link for link in links if link]
    reports, _ = _walk(client, "published", URL, "next")
    statements, _ = _walk(client, "statements", URL, "next")
    assert reports == _expected_reports() and statements == _expected_statements()
    confidential = set(Report.objects.exclude(status="published").values_list("title", flat=True))
    assert confidential and not confidential & set(reports)
    others = set(_expected_reports("UA") + _expected_statements("UA"))
    assert not others & set(reports + statements)  # another State's record is not on this one's page
    for url in pages:
        content = client.get(url).content.decode()
        assert not any(title in content for title in confidential)
        assert "Cooperation indicators" not in content
    # a cursor is a position, never a way in: one at a confidential report's place lists published ones
    hidden = Report.objects.filter(state__code="RU", status="transmitted").order_by("-id").first()
    assert hidden is not None and hidden.adopted_on is not None
    position = json.dumps([hidden.adopted_on.isoformat(), hidden.pk + 1]).encode()
    cursor = base64.urlsafe_b64encode(position).decode().rstrip("=")
    for name in ("after", "before"):
        shown = _rows(_page(client, f"{URL}?reports_{name}={cursor}"), "published")
        assert shown and set(shown) <= set(reports)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_reads_as_many_queries_and_rows_at_five_years_as_at_fifty(
    cpt: Any, russia: Any, ukraine: Any, users: dict[str, Any]
) -> None:
    office, anonymous = Client(), Client()
    office.force_login(users["secretariat"])
    _fill(cpt, [russia, ukraine], range(2021, 2026))
    later = URL + "?reports_last=1&statements_last=1"  # the pages read backwards from the end
    at_five = [_queries(client, url) for client in (office, anonymous) for url in (URL, later)]
    _fill(cpt, [russia, ukraine], range(1976, 2021))
    at_fifty = [_queries(client, url) for client in (office, anonymous) for url in (URL, later)]
    assert at_five == at_fifty
    for client in (office, anonymous):
        tree = _page(client, URL)
        assert len(_rows(tree, "published")) == len(_rows(tree, "statements")) == RECORD_PER_PAGE
    assert "Cooperation indicators" in office.get(URL).content.decode()
