"""The reports app's three long lists a page at a time (issue 14): the office's report list, the public
list of published reports and the public statements, each paged by a keyset cursor (``after=``,
``before=``, ``last=1``), newest first; every row once on the way forward and on the way back, in the order
of the whole list; the filters kept from page to page; the same number of queries at ten years of records
as at fifty; and a confidential report on no page of the public list, whoever asks and whatever a cursor
says."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from custodiet.reports import selectors
from custodiet.reports.models import PublicStatement, Report
from custodiet.reports.tests.test_state_record_pages import _fill, _queries
from custodiet.reports.views import PAGE_SIZE

OFFICE = reverse("reports:report_list")
PUBLISHED = reverse("reports:published_list")
STATEMENTS = reverse("reports:statement_list")
ROWS = {  # each list's rows: the title of each, as the page shows it
    OFFICE: "//table[@class='reports']/tbody/tr/td[1]/a/text()",
    PUBLISHED: "//table[@class='reports']/tbody/tr/td[1]/a/text()",
    STATEMENTS: "//table[@class='statements']/tbody/tr/td[3]/text()[1]",
}


def _dated(years: range) -> None:
    """Gives each report the day it was recorded: the day it was published, adopted, or one day for every
    draft (many reports on one day: the order's tie broken by id)."""
    reports = list(Report.objects.all())
    for report in reports:
        day = report.published_on or report.adopted_on or date(years.start, 1, 1)
        report.created_at = datetime.combine(day, time(9), tzinfo=UTC)
    Report.objects.bulk_update(reports, ["created_at"])


@pytest.fixture
def records(cpt: Any, russia: Any, ukraine: Any) -> None:
    """Fifty years of reports and statements of the Russian Federation and of Ukraine."""
    _fill(cpt, [russia, ukraine], range(1976, 2026))
    _dated(range(1976, 2026))


def _client(users: dict[str, Any], role: str) -> Client:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    return client


def _page(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _rows(tree: Any, path: str) -> list[str]:
    return [str(text).strip() for text in tree.xpath(ROWS[path])]


def _link(tree: Any, path: str, rel: str) -> str | None:
    """A link between the list's pages (prev, next, first or last), as an URL to get."""
    nav = tree.xpath("//nav[@class='pagination']")
    if not nav:
        return None
    if rel in ("prev", "next"):
        found = nav[0].xpath(f".//a[@rel='{rel}']/@href")
    else:
        found = [a.get("href") for a in nav[0].xpath(".//a") if rel in a.text]
    return path + str(found[0]) if found else None


def _walk(client: Client, path: str, start: str, rel: str) -> list[str]:
    """Every row met by following ``rel`` links from ``start``, in the list's order."""
    seen: list[str] = []
    url: str | None = start
    while url is not None:
        tree = _page(client, url)
        rows = _rows(tree, path)
        assert 0 < len(rows) <= PAGE_SIZE
        seen += rows if rel == "next" else rows[::-1]
        url = _link(tree, path, rel)
    return seen if rel == "next" else seen[::-1]


def _both_ways(client: Client, path: str, query: str = "") -> list[str]:
    """The list walked forward from its first page and back from its last: the same rows both ways."""
    start = path + query
    forward = _walk(client, path, start, "next")
    last = _link(_page(client, start), path, "last")
    assert last is not None
    assert _walk(client, path, last, "prev") == forward
    return forward


def _expected_statements(**where: Any) -> list[str]:
    statements = PublicStatement.objects.filter(**where)
    return [
        *statements.filter(decided_on__isnull=False)
        .order_by("-decided_on", "-id")
        .values_list("title", flat=True),
        *statements.filter(decided_on__isnull=True).order_by("-id").values_list("title", flat=True),
    ]


def _expected_published(**where: Any) -> list[str]:
    published = Report.objects.filter(status="published", **where)
    return list(published.order_by("-published_on", "-id").values_list("title", flat=True))


@pytest.mark.parametrize("role", ["anonymous", "state_liaison", "secretariat"])
def test_the_public_lists_are_walked_both_ways_every_row_once_newest_first(
    records: None, users: dict[str, Any], role: str
) -> None:
    client = _client(users, role)
    published = _both_ways(client, PUBLISHED)
    assert published == _expected_published()  # no row twice, none lost, in the order of the whole list
    assert len(published) > 2 * PAGE_SIZE
    statements = _both_ways(client, STATEMENTS)
    assert statements == _expected_statements()
    assert "undated statement" in statements[-1]  # the statements nobody dated come last


@pytest.mark.parametrize("role", ["state_liaison", "secretariat"])
def test_the_office_list_is_walked_both_ways_as_its_unpaged_order(
    records: None, users: dict[str, Any], role: str
) -> None:
    client = _client(users, role)
    expected = list(selectors.report_list(users[role]).values_list("title", flat=True))
    assert len(expected) > 2 * PAGE_SIZE
    assert _both_ways(client, OFFICE) == expected
    count = _page(client, OFFICE).xpath("//p[@id='report-count']/text()")[0]
    assert count.strip() == f"{len(expected)} reports"  # the whole list's count, not the page's
    if role == "state_liaison":  # its own State's reports, once transmitted: nothing else on any page
        assert all(title.startswith("RU ") for title in expected)
        assert not any(status in title for title in expected for status in ("draft", "adopted report"))


def test_the_filters_are_kept_from_page_to_page(records: None, users: dict[str, Any]) -> None:
    anonymous, office = Client(), _client(users, "secretariat")
    assert _both_ways(anonymous, PUBLISHED, "?state=RU") == _expected_published(state__code="RU")
    assert _both_ways(anonymous, STATEMENTS, "?state=Ukraine") == _expected_statements(state__code="UA")
    chosen = Report.objects.filter(state__code="RU", status="published").order_by("-created_at", "-id")
    walked = _both_ways(office, OFFICE, "?state=RUS&status=published")
    assert walked == list(chosen.values_list("title", flat=True)) and len(walked) == 2 * PAGE_SIZE
    everything = Report.objects.filter(state__code="RU").order_by("-created_at", "-id")
    tree = _page(office, OFFICE + "?state=RU")
    following = parse_qs(urlsplit(str(_link(tree, OFFICE, "next"))).query)
    assert following["state"] == ["RU"] and following["after"]
    second = _page(office, str(_link(tree, OFFICE, "next")))
    assert (
        _rows(second, OFFICE) == list(everything.values_list("title", flat=True))[PAGE_SIZE : 2 * PAGE_SIZE]
    )
    assert second.xpath("//p[@id='report-count']/text()")[0].strip() == f"{everything.count()} reports"
    first = parse_qs(urlsplit(str(_link(second, OFFICE, "first"))).query)
    assert first == {"state": ["RU"]}  # back to the start of the same filtered list


def _cursor(*values: Any) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, date) else value for value in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("role", ["anonymous", "public", "state_liaison", "other_liaison"])
def test_no_confidential_report_on_any_page_of_the_published_list(
    records: None, users: dict[str, Any], role: str
) -> None:
    client = _client(users, role)
    confidential = set(Report.objects.exclude(status="published").values_list("title", flat=True))
    walked = _both_ways(client, PUBLISHED)
    assert confidential and not confidential & set(walked)
    for url in (PUBLISHED, str(_link(_page(client, PUBLISHED), PUBLISHED, "last"))):
        content = client.get(url).content.decode()
        assert not any(title in content for title in confidential)
    # a cursor is a position, never a way in: one at a confidential report's place lists published ones
    hidden = Report.objects.filter(status="transmitted").order_by("-id").first()
    assert hidden is not None and hidden.adopted_on is not None
    for name in ("after", "before"):
        tree = _page(client, f"{PUBLISHED}?{name}={_cursor(hidden.adopted_on, hidden.pk + 1)}")
        shown = _rows(tree, PUBLISHED)
        assert shown and set(shown) <= set(walked)
        assert not any(title in html.tostring(tree).decode() for title in confidential)


def test_a_cursor_at_another_reports_place_shows_a_liaison_only_its_own(
    records: None, users: dict[str, Any]
) -> None:
    client = _client(users, "state_liaison")
    allowed = set(selectors.report_list(users["state_liaison"]).values_list("title", flat=True))
    draft = Report.objects.filter(state__code="UA", status="adopted", adopted_on__year=2000).first()
    assert draft is not None  # adopted, never transmitted: confidential to the committee
    for name in ("after", "before"):
        shown = _rows(
            _page(client, f"{OFFICE}?{name}={_cursor(draft.created_at.isoformat(), draft.pk)}"), OFFICE
        )
        assert shown and set(shown) <= allowed


@pytest.mark.parametrize("path", [OFFICE, PUBLISHED, STATEMENTS])
def test_an_unreadable_cursor_gives_the_first_page_and_says_so(
    records: None, users: dict[str, Any], path: str
) -> None:
    client = _client(users, "secretariat")
    first = _rows(_page(client, path), path)
    tree = _page(client, path + "?after=not-a-cursor")
    assert _rows(tree, path) == first and len(first) == PAGE_SIZE
    assert tree.xpath("//p[@role='alert']")


def test_each_list_reads_as_many_queries_at_ten_years_as_at_fifty(
    cpt: Any, russia: Any, ukraine: Any, users: dict[str, Any]
) -> None:
    office, liaison, anonymous = (
        _client(users, role) for role in ("secretariat", "state_liaison", "anonymous")
    )
    asked = [
        (client, path + query)
        for client, paths in (
            (office, (OFFICE, PUBLISHED, STATEMENTS)),
            (liaison, (OFFICE,)),
            (anonymous, (PUBLISHED, STATEMENTS)),
        )
        for path in paths
        for query in ("", "?last=1", "?state=RU&last=1")
    ]
    _fill(cpt, [russia, ukraine], range(2016, 2026))
    _dated(range(2016, 2026))
    at_ten = [_queries(client, url) for client, url in asked]
    _fill(cpt, [russia, ukraine], range(1976, 2016))
    _dated(range(1976, 2016))
    at_fifty = [_queries(client, url) for client, url in asked]
    assert at_ten == at_fifty
    middle = _link(_page(office, PUBLISHED), PUBLISHED, "next")
    assert middle is not None and _queries(office, middle) == _queries(office, PUBLISHED)


# -- the API's lists: the same cursors (custodiet.ops.api_paging) --------------------------------------

API_OFFICE = reverse("reports-api:report_list")
API_PUBLISHED = reverse("reports-api:published_list")


def _api_walk(client: Client, url: str, link: str = "next") -> list[str]:
    titles: list[str] = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        data = answer.json()
        titles += [row["title"] for row in data["results"]]
        url = data[link] or ""
    return titles


@pytest.mark.parametrize("role", ["anonymous", "public", "state_liaison", "other_liaison"])
def test_the_published_api_walked_by_cursor_holds_every_published_report_once_and_nothing_else(
    records: None, users: dict[str, Any], role: str
) -> None:
    client = _client(users, role)
    published = list(selectors.published_list(state=None).values_list("title", flat=True))
    assert _api_walk(client, f"{API_PUBLISHED}?limit=40") == published
    confidential = set(Report.objects.exclude(status="published").values_list("title", flat=True))
    hidden = Report.objects.filter(status="transmitted").order_by("-id").first()
    assert hidden is not None and hidden.adopted_on is not None and confidential
    for name in ("after", "before"):  # a cursor at a confidential report's place: published ones only
        data = client.get(f"{API_PUBLISHED}?{name}={_cursor(hidden.adopted_on, hidden.pk + 1)}").json()
        shown = {row["title"] for row in data["results"]}
        assert shown and shown <= set(published) and not shown & confidential


def test_the_office_api_walked_by_cursor_is_the_office_list_and_a_liaison_sees_only_its_own(
    records: None, users: dict[str, Any]
) -> None:
    office = _client(users, "secretariat")
    everything = list(selectors.report_list(users["secretariat"]).values_list("title", flat=True))
    assert _api_walk(office, f"{API_OFFICE}?limit=60") == everything
    backwards = _api_walk(office, f"{API_OFFICE}?limit=60&last=1", link="previous")
    assert sorted(backwards) == sorted(everything)
    liaison = _client(users, "state_liaison")
    allowed = selectors.report_list(users["state_liaison"], state="RU").values_list("title", flat=True)
    assert _api_walk(liaison, f"{API_OFFICE}?limit=25&state=RU") == list(allowed)
    assert _api_walk(liaison, f"{API_OFFICE}?limit=25&state=UA") == []  # not its State
    assert office.get(f"{API_OFFICE}?after=not-a-cursor").status_code == 400
