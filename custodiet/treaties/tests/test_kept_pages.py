"""A State's page and an instrument's page ask the engine once for each version of the treaty data, day
asked and today, and keep its answer in the cache every process shares (the database's): the page is the
same whether computed or kept, a write gives the next reader the new answer, and with no version recorded
nothing is read from the cache."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodiet.treaties import kept, selectors
from custodiet.treaties.models import Instrument, State, TreatyAction
from custodiet.treaties.tests.test_coverage_kept import russia_notified

pytestmark = pytest.mark.django_db
STATE = reverse("treaties:state_detail", args=["RU"])
ECPT = reverse("treaties:instrument_detail", args=["ETS-126"])


def html(client: Any, url: str, language: str = "en", **query: str) -> str:
    """The page without its CSRF token (a new one each response)."""
    text: str = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each engine built for a page: "state RU", "instrument ETS-126"."""
    built: list[str] = []
    for_state, for_instrument = selectors.engine_for_state, selectors.engine_for_instrument

    def state_engine(state: State, *args: Any, **kwargs: Any) -> Any:
        built.append(f"state {state.code}")
        return for_state(state, *args, **kwargs)

    def instrument_engine(code: str, *args: Any, **kwargs: Any) -> Any:
        built.append(f"instrument {code}")
        return for_instrument(code, *args, **kwargs)

    monkeypatch.setattr(selectors, "engine_for_state", state_engine)
    monkeypatch.setattr(selectors, "engine_for_instrument", instrument_engine)
    return built


def russia_ecpt_on(text: str) -> str:
    """The answer of the status table's ECPT row on the day asked."""
    return text.split('<tr data-instrument="ETS-126" data-answer="', 1)[1].split('"', 1)[0]


def test_the_state_page_kept_is_the_page_computed_in_english_and_russian(
    client: Any, reference_data: Any, engines: list[str]
) -> None:
    for language in ("en", "ru"):
        for query in ({}, {"on": "2001-03-05"}, {"on": "2026-12-02", "last": "1"}):
            computed = html(client, STATE, language, **query)
            assert html(client, STATE, language, **query) == computed, (language, query)
    # Three questions: the engine's answers, language-neutral, are kept once for both languages.
    assert engines == ["state RU"] * 3
    russian = html(client, STATE, "ru", on="2001-03-05")
    assert 'lang="ru"' in russian and "5 марта 2001" in russian and russia_ecpt_on(russian) == "bound"


def test_a_write_gives_the_next_reader_the_new_answer(
    client: Any, reference_data: Any, engines: list[str]
) -> None:
    assert russia_ecpt_on(html(client, STATE, on="2026-12-02")) == "uncertain"
    russia_notified()
    assert russia_ecpt_on(html(client, STATE, on="2026-12-02")) == "not_bound"
    assert engines == ["state RU", "state RU"]


def test_another_today_asks_the_engine_again(
    client: Any, reference_data: Any, engines: list[str], clock: Any
) -> None:
    html(client, STATE, on="2001-03-05")
    clock.move_to("2027-01-05 10:00Z")
    text = html(client, STATE, on="2001-03-05")
    assert engines == ["state RU", "state RU"]
    assert "Today (5 January 2027)" in text


def test_with_no_version_recorded_nothing_is_kept_nor_read(
    client: Any, reference_data: Any, engines: list[str]
) -> None:
    html(client, STATE)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM treaties_treatydataversion")
    html(client, STATE)
    html(client, STATE)
    html(client, ECPT)
    html(client, ECPT)
    assert engines == ["state RU"] * 3 + ["instrument ETS-126"] * 2


def test_the_instrument_page_kept_is_the_page_computed_and_reads_less(
    client: Any, reference_data: Any, engines: list[str]
) -> None:
    for language in ("en", "ru"):
        for query in ({}, {"on": "2000-01-01"}):
            computed = html(client, ECPT, language, **query)
            with CaptureQueriesContext(connection) as read:
                again = html(client, ECPT, language, **query)
            assert again == computed, (language, query)
    assert engines == ["instrument ETS-126"] * 2
    assert 'id="party-count">1<' in html(client, ECPT, on="2000-01-01")
    assert not any("treaties_treatyaction" in query["sql"] for query in read.captured_queries)


def test_the_state_page_reads_only_its_timeline_notes_and_seats_when_kept(
    client: Any, reference_data: Any
) -> None:
    html(client, STATE)
    with CaptureQueriesContext(connection) as read:
        html(client, STATE)
    tables = [re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]) for query in read.captured_queries]
    assert tables == [
        ["treaties_state"],  # the State named in the URL
        ["treaties_treatydataversion"],
        ["custodiet_cache"],  # the engine's answers, kept
        ["treaties_treatyaction", "treaties_instrument"],  # the timeline's page
        ["treaties_recordnote", "treaties_instrument"],
        ["treaties_committeemembership", "treaties_monitoringbody"],
    ]


def test_the_kept_answer_is_in_the_database_for_every_process(
    client: Any, reference_data: Any, engines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = html(client, STATE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM custodiet_cache")
        keys = [row[0] for row in cursor.fetchall()]
    version = selectors.data_version()
    assert keys == [f":1:treaties:state:{version}:RU:2026-11-22:2026-11-22"]
    # Another process: a cache object of its own, empty memory, the same table.
    other = caches.create_connection("default")
    assert isinstance(other, DatabaseCache) and other is not caches["default"]
    monkeypatch.setattr(kept, "cache", other)
    assert html(client, STATE) == first
    assert engines == ["state RU"]


def test_the_acts_added_show_on_the_timeline_after_a_kept_page(client: Any, reference_data: Any) -> None:
    html(client, STATE, last="1")
    TreatyAction.objects.create(
        state=State.objects.get(code="RU"),
        instrument=Instrument.objects.get(code="ETS-126"),
        kind="ratification_law_signed",
        on=date(2026, 11, 1),
        source="an act recorded after the page was kept",
    )
    assert "an act recorded after the page was kept" in html(client, STATE, last="1")
