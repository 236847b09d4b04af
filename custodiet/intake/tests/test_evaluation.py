"""The intake measured against the labelled development corpus (tests/corpus), as issue 15 asks.

The thresholds are the issue's: event grouping recall 0.9 and precision 0.95, dated steps found
with the right step 0.9, language identification 0.95, dates no source states at most 5 %. Those
the pipeline does not reach would be marked as expected failures (strict: the mark must go once
the pipeline reaches them), so that the suite says where it stands instead of hiding it; today the
pipeline reaches every one.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from custodiet.intake.dates import DateValue
from custodiet.intake.evaluation import Step, finds, states_date

CORPUS = Path(__file__).resolve().parent / "corpus"
CORPORA = {"development": CORPUS, "languages": CORPUS.parent / "corpus_languages"}
# Where a corpus does not reach a threshold yet: an expected failure, strict, so that the mark must go
# once it does. The languages added after issue 15 are measured against the same thresholds
# (corpus_languages/README.md says where they stand and why).
NOT_YET: frozenset[tuple[str, str]] = frozenset(
    {
        ("languages", "language_accuracy"),  # lingua calls Serbian in Latin script Bosnian
        ("languages", "dated_steps_found"),
        ("languages", "unstated_dates"),
    }
)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=sorted(CORPORA))
def measured(request: pytest.FixtureRequest, django_db_setup: Any, django_db_blocker: Any) -> tuple[str, Any]:
    folder = CORPORA[request.param]
    if not (folder / "articles.jsonl").is_file():
        pytest.skip(f"the {request.param} corpus is not there")
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("intake", "evaluate", str(folder), "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return request.param, result["measures"]["all"]


@pytest.fixture
def measures(request: pytest.FixtureRequest, measured: tuple[str, Any]) -> dict[str, Any]:
    corpus, values = measured
    measure = request.node.get_closest_marker("measure")
    if measure is not None and (corpus, measure.args[0]) in NOT_YET:
        request.applymarker(
            pytest.mark.xfail(reason=f"the {corpus} corpus does not reach it yet", strict=True)
        )
    return dict(values)


@pytest.mark.measure("language_accuracy")
def test_language_identification(measures: dict[str, Any]) -> None:
    assert measures["language_accuracy"] >= 0.95


@pytest.mark.measure("grouping_recall")
def test_grouping_recall(measures: dict[str, Any]) -> None:
    assert measures["grouping_recall"] >= 0.9


@pytest.mark.measure("grouping_precision")
def test_grouping_precision(measures: dict[str, Any]) -> None:
    assert measures["grouping_precision"] >= 0.95


@pytest.mark.measure("dated_steps_found")
def test_dated_steps(measures: dict[str, Any]) -> None:
    assert measures["dated_steps_found"] >= 0.9


@pytest.mark.measure("unstated_dates")
def test_unstated_dates(measures: dict[str, Any]) -> None:
    assert measures["unstated_dates"] <= 0.05


def test_the_evaluation_changes_nothing(measures: dict[str, Any]) -> None:
    from custodiet.intake.models import Document, Event

    assert (Document.objects.count(), Event.objects.count()) == (0, 0)


def test_a_corpus_that_is_not_there_is_one_line() -> None:
    with pytest.raises(CommandError, match=r"no articles\.jsonl"):
        call_command("intake", "evaluate", "/nonexistent", stdout=StringIO())


def test_a_step_is_found_only_with_a_matching_kind_and_the_labelled_date() -> None:
    step = Step("parliament_vote", DateValue(2025, 5, 20))
    assert finds(step, [("lower_house_approval", DateValue(2025, 5, 20), False)])
    assert not finds(step, [("signature", DateValue(2025, 5, 20), False)])
    assert not finds(
        step, [("lower_house_approval", DateValue(2025, 5), False)]
    )  # less precise than the label
    assert finds(Step("ratification", DateValue(2001)), [("ratification", DateValue(2001, 3, 1), False)])


def test_a_date_is_stated_when_a_label_gives_it() -> None:
    assert states_date(DateValue(2025, 5, 20), DateValue(2025, 5, 20))
    assert states_date(DateValue(2025, 5, 20), DateValue(2025))
    assert states_date(DateValue(2025, 5, 20), DateValue(month=5, day=20))
    assert not states_date(DateValue(2025, 9, 17), DateValue(1995, 9, 17))
