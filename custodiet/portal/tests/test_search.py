"""The search over the corpus of conftest.py, made through the apps' services (no reindex: the receivers
keep the index in step). The suite runs once on SQLite and once on PostgreSQL: the expectations below
are exact (which entries, in which order, with which counts), so both back ends give the same results."""

# ruff: noqa: RUF001  # Cyrillic letters and typographic apostrophes are the point: texts use them
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from custodiet.portal import api, fulltext, selectors
from custodiet.portal.fulltext import Filters
from custodiet.portal.indexing import reindex
from custodiet.portal.models import SearchEntry
from custodiet.portal.services import timeline_withdraw
from custodiet.portal.tests.conftest import MARKER
from custodiet.portal.text import index_terms, parse_query

pytestmark = pytest.mark.django_db


def keys(text: str, filters: Filters | None = None, order: str = "relevance") -> list[str]:
    return [result.entry.key for result in selectors.search(text, filters, order=order).results]


def test_a_russian_query_finds_the_report_by_another_form_of_its_words(corpus: Any) -> None:
    report = f"report:{corpus.russian.pk}"
    assert report in keys("пыток")  # the text says "пытки", "пыткам"
    assert report in keys("колониях жалобам")  # "колонии", "жалобы"
    assert keys("пыток колония", Filters(kind="report")) == [report]


def test_the_states_response_is_found_apart_from_its_report(corpus: Any) -> None:
    response = corpus.russian.responses.get()
    assert keys("проверки насилию") == [f"response:{corpus.russian.pk}.{response.pk}"]


def test_an_english_query_finds_other_forms(corpus: Any) -> None:
    assert keys("overcrowded remand prison") == [f"report:{corpus.english.pk}"]


def test_nothing_confidential_is_ever_found(corpus: Any) -> None:
    assert keys(MARKER) == []
    assert keys("изолятор") == []  # words only the draft has
    assert not SearchEntry.objects.filter(key=f"report:{corpus.draft.pk}").exists()
    assert not SearchEntry.objects.filter(text__contains=MARKER).exists()
    reindex()
    assert keys(MARKER) == [] and keys("изолятор") == []


def test_an_unpublished_timeline_and_its_sources_are_never_found(corpus: Any) -> None:
    reindex()
    assert keys("expelled ceased") == []  # words of the unpublished event's only source
    assert not SearchEntry.objects.filter(key__startswith=f"timeline:{corpus.unpublished_event.pk}").exists()
    assert not SearchEntry.objects.filter(key__startswith=f"source:{corpus.unpublished_event.pk}.").exists()


def test_a_published_timeline_and_its_sources_are_found_with_their_public_address(corpus: Any) -> None:
    found = {result.entry.key: result.entry for result in selectors.search("денонсации конвенции").results}
    assert f"timeline:{corpus.event.pk}" in found
    assert found[corpus.signed_source].address == "https://example.org/news/signed"
    assert found[corpus.file_source].address == ""  # read from a file: no public address, and no path shown
    assert "fixtures" not in found[corpus.file_source].url


def test_withdrawing_a_timeline_takes_it_out_of_the_search(
    corpus: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        timeline_withdraw(event=corpus.event, by=corpus.secretariat)
    assert not any(key.startswith(("timeline:", "source:")) for key in keys("денонсации конвенции"))


def test_the_same_results_in_the_same_order_on_every_back_end(corpus: Any) -> None:
    """Exact lists: by date (newest first; two reports published the same day, the later entry first; no
    date last), by relevance (every word in the title first), and the counts by facet."""
    reindex()
    russian, english = f"report:{corpus.russian.pk}", f"report:{corpus.english.pk}"
    response = f"response:{corpus.russian.pk}.{corpus.russian.responses.get().pk}"
    timeline = f"timeline:{corpus.event.pk}"
    assert keys("Russian Federation", order="date") == [english, russian, response, timeline, "state:RU"]
    assert keys("власти", order="date") == [russian, response]
    assert keys("penal colonies") == [russian, response]  # the response carries its report's title
    assert keys("пыток") == [
        russian,
        corpus.signed_source,
        "instrument:UN-OPCAT",
        "instrument:ETS-126",
        "instrument:UN-CAT",
        corpus.file_source,  # its publication date is not known: last
    ]
    page = selectors.search("власти")
    assert page.total == 2
    assert {value.value: value.count for value in page.facets["kind"]} == {"report": 1, "response": 1}
    assert {value.value: value.count for value in page.facets["state"]} == {"RU": 2}
    assert [(value.value, value.count) for value in page.facets["language"]] == [("ru", 2)]


def test_facets_filter_and_count(corpus: Any) -> None:
    reindex()
    everything = selectors.search("Russian")
    kinds = {value.value: value.count for value in everything.facets["kind"]}
    assert kinds["state"] == 1 and kinds["report"] >= 1
    only_states = selectors.search("Russian", Filters(kind="state"))
    assert [result.entry.key for result in only_states.results] == ["state:RU"]
    assert selectors.search("cooperate", Filters(year=2019)).total == 1
    assert selectors.search("cooperate", Filters(year=2018)).total == 0
    assert selectors.search("cooperate", Filters(state="FR")).total == 0


def test_states_are_found_by_their_names_in_the_interface_languages(corpus: Any) -> None:
    reindex()
    for name in ("Russian Federation", "Fédération de Russie", "Россия", "Росія", "России"):
        assert "state:RU" in keys(name, Filters(kind="state")), name


def test_treaties_are_found_by_title_and_alias(corpus: Any) -> None:
    reindex()
    assert "instrument:ETS-126" in keys("prevention of torture", Filters(kind="instrument"))


def test_reindex_changes_nothing_when_the_index_is_in_step(corpus: Any) -> None:
    first = reindex()
    again = reindex()
    assert (again.added, again.changed, again.removed) == (0, 0, 0)
    assert again.unchanged == first.added + first.changed + first.unchanged
    SearchEntry.objects.filter(kind="report").delete()
    assert keys("пыток", Filters(kind="report")) == []
    assert reindex().added == 2
    assert keys("пыток", Filters(kind="report")) == [f"report:{corpus.russian.pk}"]


def test_a_deep_page_and_an_empty_query(corpus: Any) -> None:
    assert selectors.search("").total == 0
    assert selectors.search("пыток", offset=500).results == []


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_reads_the_same_tokens_as_the_index(corpus: Any) -> None:
    """The generated tsvector holds exactly the terms the portal made (no word split or changed)."""
    sample = "Ввиду «пыток» 2019г. Réunion d'experts, ICC-01/04; Ελλάδα; 東京 3½ prisoner's cells"
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [index_terms(sample, "ru")])
        (lexemes,) = cursor.fetchone()
    assert sorted(lexemes) == sorted(set(index_terms(sample, "ru").split()))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_search_leaves_the_planner_settings_as_they_were(corpus: Any) -> None:
    """The search turns the sequential and index scans off for its own statements (sent with the first,
    restored with the page's entries): after it, with results or none, they are on again."""
    reindex()
    for text in ("пыток", "zzqqxx"):
        selectors.search(text)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
            assert cursor.fetchone() == ("on", "on"), text


# -- a search that matches more entries than it reads (fulltext.cap()) ---------------------------------------

CASES = [
    ("пыток", Filters(), "relevance"),
    ("пыток", Filters(), "date"),
    ("Russian Federation", Filters(), "date"),
    ("Russian Federation", Filters(), "relevance"),
    ("Russian", Filters(kind="report"), "relevance"),
    ("Russian", Filters(state="RU"), "date"),
    ("пыток", Filters(language="en"), "relevance"),
    ("пыток", Filters(year=2019), "date"),
]


def _pages(text: str, filters: Filters, order: str, size: int) -> list[list[int]]:
    """Every page of ``size`` results, one at a time, as the walk of a capped search finds them."""
    query = parse_query(text, selectors.query_languages())
    pages, offset = [], 0
    while True:
        found = fulltext.search(query, filters, order=order, limit=size, offset=offset)
        pages.append(found.ids)
        if len(found.ids) < size:
            return pages
        offset += size


@pytest.mark.parametrize(("text", "filters", "order"), CASES)
def test_a_capped_search_gives_the_same_pages_and_never_a_wrong_count(
    corpus: Any, settings: Any, monkeypatch: Any, text: str, filters: Filters, order: str
) -> None:
    """With a cap of 2 every query below matches more than the search reads: each page (of two) is still
    exactly the one the full count gives, walked in batches of one entry so that every step of the walk is
    taken; the total is either exact or a floor below the true total; each count by facet is at most the
    true one."""
    reindex()
    settings.PORTAL_SEARCH_CAP = 10_000
    assert selectors.search(text).total > 2, "the words match more than the cap below"
    exact_pages = _pages(text, filters, order, size=2)
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    everything = selectors.search(text, filters, order=order)
    settings.PORTAL_SEARCH_CAP = 2
    monkeypatch.setattr(fulltext, "FIRST_BATCH", 1)
    monkeypatch.setattr(fulltext, "_density", lambda table, first: 1e9)  # a first batch of one entry
    assert _pages(text, filters, order, size=2) == exact_pages
    capped = selectors.search(text, filters, order=order)
    assert [r.entry.key for r in capped.results] == [r.entry.key for r in everything.results]
    assert capped.next_offset == everything.next_offset
    if capped.exact:
        assert (capped.total, capped.facets) == (everything.total, everything.facets)
    else:
        assert capped.total < everything.total
        true_counts = {(name, v.value): v.count for name, values in everything.facets.items() for v in values}
        for name, values in capped.facets.items():
            for value in values:
                assert 0 < value.count <= true_counts[(name, value.value)]
        assert 0 < capped.sampled <= everything.total


def test_a_capped_search_says_more_than_and_where_its_counts_come_from(
    corpus: Any, settings: Any, monkeypatch: Any
) -> None:
    """More matches than the cap and than the page: "more than 2", never a wrong exact count; the page, the
    API and the link to the next page say so, in the reader's language."""
    reindex()
    settings.PORTAL_SEARCH_CAP = 2
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    page = selectors.search("пыток")
    assert (page.exact, page.total, len(page.results)) == (False, 2, 2)
    assert 3 <= page.sampled <= 6  # the three the database returned first, and those the walk read
    assert page.next_offset == 2
    assert sum(value.count for value in page.facets["kind"]) == page.sampled
    assert (api.search_dict(page)["count_exact"], api.search_dict(page)["facets_sampled"]) == (
        False,
        page.sampled,
    )
    html = Client().get("/search/", {"q": "пыток"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 2 results" in html
    assert "Counted in a sample of the results, not in all of them." in html
    assert "start=2" in html  # the next page
    russian = Client().get("/search/", {"q": "пыток"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Более 2 результатов" in russian
    last = selectors.search("пыток", offset=4)  # the walk reached the end: the count is exact again
    assert (last.exact, last.total, last.next_offset) == (True, 6, None)
    settings.PORTAL_SEARCH_CAP = 10
    exact = Client().get("/search/", {"q": "пыток"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "6 results" in exact and "More than" not in exact and "sample" not in exact
