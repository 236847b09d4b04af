"""The labelled corpora are sound: every label can be checked against its own article.

Two corpora are checked alike: the development corpus (this folder, the one issue 15 asks for)
and the corpus of the languages read since (``../corpus_languages``).

``custodiet intake evaluate`` measures the pipeline against these labels, so a
label that points at nothing (a quote not in the text, a date of the wrong form,
an event that does not exist, a near-duplicate "pair" of one) would make the
figures wrong without anyone noticing. These tests read the files only: no
database, no pipeline.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel import Locale, UnknownLocaleError

from custodiet.core import clock

CORPUS = Path(__file__).resolve().parent
KINDS = frozenset(
    {
        "signature",
        "ratification",
        "accession",
        "deposit",
        "entry_into_force",
        "withdrawal_announced",
        "withdrawal_notified",
        "withdrawal_effective",
        "denunciation_law",
        "parliament_vote",
        "referendum",
    }
)
OTHER_KIND = re.compile(r"^other:[a-z]+(?:_[a-z]+)*$")
FORMS = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}
BASES = frozenset({"text", "published", "document", "context"})
DISTRACTOR_KINDS = frozenset({"near_topic", "unrelated", "other_treaty_action"})
PUBLISHED_FROM = frozenset({"text", "url", "store_metadata"})
LONGEST_EXCERPT = 1800


CORPORA = {"development": CORPUS, "languages": CORPUS.parent / "corpus_languages"}


@dataclass(frozen=True)
class Corpus:
    articles: list[dict[str, Any]]
    events: dict[str, dict[str, Any]]


def _load(folder: Path) -> Corpus:
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    events: list[dict[str, Any]] = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    return Corpus(
        [json.loads(line) for line in lines if line.strip()], {event["id"]: event for event in events}
    )


def _first_day(value: str, precision: str) -> date:
    """The first day a labelled value can mean; ValueError when it is no calendar date."""
    assert re.match(FORMS[precision], value), f"{value!r} is not of the form for {precision}"
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


DEVELOPMENT = _load(CORPUS)


@pytest.fixture(params=sorted(CORPORA), scope="module")
def corpus(request: pytest.FixtureRequest) -> Corpus:
    return _load(CORPORA[request.param])


def test_ids_and_addresses_are_unique_across_the_corpora() -> None:
    both = [article for folder in CORPORA.values() for article in _load(folder).articles]
    assert [i for i, n in Counter(article["id"] for article in both).items() if n > 1] == []


def test_ids_and_addresses_are_unique(corpus: Corpus) -> None:
    ids = Counter(article["id"] for article in corpus.articles)
    urls = Counter(article["url"] for article in corpus.articles)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [u for u, n in urls.items() if n > 1] == []


def test_events_are_named_by_state_and_instrument(corpus: Corpus) -> None:
    for event in corpus.events.values():
        assert event["title"] and event["instrument"] and event["kind"]
        assert event["states"], event["id"]
        assert all(re.match(r"^[A-Z]{2}$", state) for state in event["states"]), event["id"]
        assert event["state"] in (*event["states"], None), event["id"]
        assert (event["state"] is None) == (len(event["states"]) > 1), event["id"]


def test_every_event_has_articles_and_every_article_a_known_event_or_a_distractor_kind(
    corpus: Corpus,
) -> None:
    used = {article["event"] for article in corpus.articles}
    assert set(corpus.events) <= used
    for article in corpus.articles:
        if article["event"] is None:
            assert article["distractor_kind"] in DISTRACTOR_KINDS, article["id"]
            assert article["steps"] == [], f"{article['id']}: a distractor has no steps of its own"
        else:
            assert article["event"] in corpus.events, article["id"]
            assert article["distractor_kind"] is None, article["id"]


def test_languages_are_iso_639_1_codes(corpus: Corpus) -> None:
    for article in corpus.articles:
        code = article["language"]
        assert re.match(r"^[a-z]{2}$", code), f"{article['id']}: {code!r}"
        try:
            Locale.parse(code)
        except UnknownLocaleError:
            pytest.fail(f"{article['id']}: {code!r} is no ISO 639-1 language")


def test_excerpts_are_short_and_carry_their_source(corpus: Corpus) -> None:
    for article in corpus.articles:
        assert 0 < len(article["text"]) <= LONGEST_EXCERPT, article["id"]
        assert article["url"].startswith(("http://", "https://")), article["id"]
        assert article["outlet"], article["id"]


def test_publication_dates_have_their_precision_and_origin_and_are_not_in_the_future(corpus: Corpus) -> None:
    for article in corpus.articles:
        published, precision, origin = (
            article["published"],
            article["published_precision"],
            article["published_from"],
        )
        if published is None:
            assert precision is None and origin is None, article["id"]
            continue
        assert origin in PUBLISHED_FROM, article["id"]
        assert _first_day(published, precision) <= clock.today(), article["id"]


def _all_steps(corpus: Corpus) -> list[tuple[dict[str, Any], dict[str, Any], bool]]:
    return [
        (article, step, own)
        for article in corpus.articles
        for own, steps in ((True, article["steps"]), (False, article["other_steps"]))
        for step in steps
    ]


def test_every_step_is_quoted_from_its_own_article(corpus: Corpus) -> None:
    for article, step, _ in _all_steps(corpus):
        where = f"{article['id']}: {step['as_written']!r}"
        assert step["quote"] in article["text"], where
        assert step["as_written"] in step["quote"], where


def test_every_step_has_a_known_kind_a_calendar_date_and_a_basis(corpus: Corpus) -> None:
    for article, step, _ in _all_steps(corpus):
        where = f"{article['id']}: {step['as_written']!r}"
        assert step["kind"] in KINDS or OTHER_KIND.match(step["kind"]), where
        _first_day(step["date"], step["precision"])
        assert step["basis"] in BASES, where


def test_a_step_dated_from_the_publication_date_has_one_near_it(corpus: Corpus) -> None:
    """'Tuesday', 'last July', 'in March' take their year from the page: it must have one."""
    for article, step, _ in _all_steps(corpus):
        if step["basis"] != "published":
            continue
        assert article["published"] is not None, article["id"]
        gap = int(step["date"][:4]) - int(article["published"][:4])
        assert -1 <= gap <= 1, f"{article['id']}: {step['as_written']!r} is {gap} years from the page's date"


def test_steps_of_other_events_say_whose_they_are(corpus: Corpus) -> None:
    for article, step, own in _all_steps(corpus):
        if own:
            assert "instrument" not in step, article["id"]
            continue
        assert step["instrument"], article["id"]
        states = step["state"] if isinstance(step["state"], list) else [step["state"]]
        assert all(s is None or re.match(r"^[A-Z]{2}$", s) for s in states), article["id"]


def test_steps_of_joint_events_name_one_of_the_event_states(corpus: Corpus) -> None:
    for article, step, own in _all_steps(corpus):
        if own and "state" in step:
            assert step["state"] in corpus.events[article["event"]]["states"], article["id"]


def test_near_duplicates_come_in_groups_of_one_event(corpus: Corpus) -> None:
    groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for article in corpus.articles:
        if article["duplicate_group"]:
            groups[article["duplicate_group"]].append(article)
    for name, members in groups.items():
        assert len(members) >= 2, name
        assert len({member["event"] for member in members}) == 1, name
        assert len({member["language"] for member in members}) == 1, f"{name}: a translation is no copy"


def test_the_corpus_is_as_large_and_as_varied_as_the_issue_asks() -> None:
    """The development corpus, as issue 15 asks for it."""
    assert len({article["duplicate_group"] for article in DEVELOPMENT.articles} - {None}) >= 5
    on_events = [article for article in DEVELOPMENT.articles if article["event"] is not None]
    assert len(on_events) >= 80
    assert len({article["language"] for article in on_events}) >= 12
    share = (len(DEVELOPMENT.articles) - len(on_events)) / len(DEVELOPMENT.articles)
    assert 0.2 <= share <= 0.3, f"distractors are {share:.0%} of the corpus"
