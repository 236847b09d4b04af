"""The State page's timeline is paged (keyset): 2,000 recorded acts are not rendered at once, the pages
follow one another in date order, the chosen date is kept in the links, and the page runs the same
number of queries with 2,000 acts as with the reference record alone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.views import TIMELINE_PER_PAGE

pytestmark = pytest.mark.django_db
START = date(1800, 1, 1)


def timeline_rows(html: str) -> list[str]:
    table = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td>", table.split("<tbody>", 1)[1], flags=re.S)


def add_acts(count: int) -> None:
    ru = State.objects.get(code="RU")
    instruments = list(Instrument.objects.all())
    TreatyAction.objects.bulk_create(
        TreatyAction(
            state=ru,
            instrument=instruments[n % len(instruments)],
            kind="ratification_law_signed",
            on=START + timedelta(days=n),
            source=f"act {n}",
        )
        for n in range(count)
    )


def unmasked(content: bytes) -> str:
    """A page without its CSRF token (masked anew in each response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def link(html: str, rel: str) -> str:
    found = re.search(rf'<a href="\?([^"]*)" rel="{rel}">', html)
    assert found, rel
    return found.group(1).replace("&amp;", "&")


def test_two_thousand_acts_are_shown_a_page_at_a_time_in_date_order(client: Any, reference_data: Any) -> None:
    url = reverse("treaties:state_detail", args=["RU"])
    recorded = TreatyAction.objects.filter(state__code="RU").count()
    add_acts(2_000)
    first = client.get(url, {"on": "2020-01-01"}).content.decode()
    rows = timeline_rows(first)
    assert len(rows) == TIMELINE_PER_PAGE  # not 2,000 + the record
    assert "1800" in rows[0]  # the oldest act first
    following = link(first, "next")
    assert "on=2020-01-01" in following  # the chosen date stays chosen
    second = client.get(f"{url}?{following}").content.decode()
    assert len(timeline_rows(second)) == TIMELINE_PER_PAGE
    assert link(second, "prev")
    assert ">act 0</td>" in first and f">act {TIMELINE_PER_PAGE - 1}</td>" in first
    assert f">act {TIMELINE_PER_PAGE}</td>" not in first and f">act {TIMELINE_PER_PAGE}</td>" in second
    last = client.get(url, {"last": "1"}).content.decode()
    assert len(timeline_rows(last)) == TIMELINE_PER_PAGE  # the newest acts, a full page from the end
    assert 'rel="next"' not in last and link(last, "prev")
    assert recorded >= TIMELINE_PER_PAGE or ">act 1999</td>" in last


def test_the_page_runs_as_many_queries_with_two_thousand_acts_as_with_the_record(
    client: Any, reference_data: Any
) -> None:
    """The same count at both sizes, when the engine's answers are computed (the first request after a
    write) and when they are kept (every later one, which reads fewer)."""
    url = reverse("treaties:state_detail", args=["RU"])
    client.get(reverse("treaties:state_detail", args=["FR"]))  # what a process does once, out of the count

    def counted() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as computed:
            response = client.get(url, {"last": "1"})
        with CaptureQueriesContext(connection) as kept:
            again = client.get(url, {"last": "1"})
        assert unmasked(again.content) == unmasked(response.content)
        assert response.status_code == 200
        return len(computed), len(kept)

    small = counted()
    add_acts(2_000)
    large = counted()
    assert large == small
    assert small[1] < small[0]


def test_each_act_of_the_timeline_shows_its_precision_effect_declaration_confidence_and_source(
    client: Any, reference_data: Any
) -> None:
    """The rows are written in the view (for speed): what each shows is pinned here."""
    ru = State.objects.get(code="RU")
    ecpt = Instrument.objects.get(code="ETS-126")
    long_note = "A note that runs on. " * 20  # 420 characters: cut at 300
    citation = "Ведомости Съезда народных депутатов, " * 6  # a citation, not a link: cut at 160
    rows = [
        dict(
            kind="signature", on=date(1700, 3, 1), precision="month", source="https://example.org/" + "x" * 80
        ),
        dict(kind="ratification_law_signed", on=date(1701, 1, 1), precision="year", source=citation),
        dict(
            kind="withdrawal",
            on=date(1702, 5, 6),
            effective_on=date(1702, 8, 1),
            source="a gazette & its page",
            confidence="uncertain",
            note=long_note,
        ),
        dict(kind="declaration", on=date(1703, 2, 3), detail="art28", until=date(1704, 2, 3), source="src"),
    ]
    for row in rows:
        TreatyAction.objects.create(state=ru, instrument=ecpt, **row)
    html = client.get(reverse("treaties:state_detail", args=["RU"])).content.decode()
    table = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    shown = re.findall(r"<tr><td>(.*?)</td></tr>", table, flags=re.S)[:4]
    month, year, ending, declaration = shown
    assert month.startswith("March 1700</td>")  # to the month: no day invented
    assert (
        '<a href="https://example.org/' in month
        and 'rel="noreferrer">https://example.org/xxxxxxxxxxxxxxxxxxxxxxxxxxx…</a>' in month
    )
    assert year.startswith("1701</td>")
    assert citation[:159] + "…" in year and "<a href" not in year
    assert ending.startswith('6 May 1702<br><span class="small muted">effective 1 August 1702</span>')
    assert '<span class="badge warn">unverified</span>' in ending
    assert "a gazette &amp; its page" in ending  # escaped, as the template escapes it
    assert long_note[:299] + "…" in ending and long_note not in ending
    assert declaration.startswith("3 February 1703</td>")
    assert '(art28)<br><span class="small muted">until 3 February 1704</span>' in declaration
    assert '<span class="badge neutral">sourced</span>' in declaration
