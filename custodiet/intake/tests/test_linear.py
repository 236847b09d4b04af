"""The analysis is linear in the size of a document, and a document too large is refused (issues 14, 15).

Issue 14 found the analysis quadratic: every mention was scanned for each sentence
(8,000 sentences 2.9 s, 16,000 9.6 s, 32,000 46 s; a 2.2 MB post ran past 600 s).
These tests analyse documents of 100,000 sentences, in paragraphs and in one
paragraph, and a run of text with no sentence end, and check that the whole
document was read (the last sentence's fact is there) within a deadline that a
linear pipeline meets with a wide margin on a shared two-core machine and a
quadratic one misses by hours. The speed itself is measured in
``bench/bench_intake.py --long`` (BENCHMARKS.md), not here.
"""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from custodiet.intake.analysis import MAX_TEXT_CHARS, NoText, TooLarge, analyse, check_size
from custodiet.intake.dates import MONTH_NAMES, DateValue
from custodiet.intake.tests.reading import raw_text

SENTENCES = 100_000
DEADLINE_S = 120  # a linear pipeline takes a small fraction of this; a quadratic one, hours
STATES = ["Poland", "Hungary", "Latvia", "Lithuania", "Estonia", "Finland", "Turkey", "Armenia"]
TEMPLATES = [
    "{state} signed the treaty on {day}.",
    "The parliament approved the bill on {day}.",
    "{state} ratified it in {year}.",
    "Officials spoke on {day}.",
    "Rights groups criticised the step.",
    "Detainees may lose a safeguard.",
    "The vote was close.",
    "{state} said it would withdraw.",
]


def document(sentences: int, *, per_paragraph: int, seed: int = 15) -> tuple[str, str]:
    """Short, varied news sentences (no two paragraphs alike), and a last sentence with a known fact."""
    rng = random.Random(seed)
    written: list[str] = []
    for _ in range(sentences - 1):
        day = f"{rng.randrange(1, 29)} {MONTH_NAMES[rng.randrange(12)]} {rng.randrange(1990, 2026)}"
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        written.append(template.format(state=rng.choice(STATES), day=day, year=rng.randrange(1990, 2026)))
    last = "Latvia ratified the Ottawa Convention on 9 September 1999."
    written.append(last)
    separator = "\n" if per_paragraph else " "
    size = per_paragraph or len(written)
    return separator.join(" ".join(written[i : i + size]) for i in range(0, len(written), size)), last


def analysed(text: str, matcher: Any) -> tuple[Any, float]:
    raw = raw_text(text, "en", DateValue(2025, 11, 1))
    started = time.perf_counter()
    analysis = analyse(raw, matcher)
    return analysis, time.perf_counter() - started


@pytest.mark.parametrize("per_paragraph", [5, 0], ids=["in paragraphs", "in one paragraph"])
def test_a_100000_sentence_document_is_read_to_its_end_in_linear_time(
    per_paragraph: int, matcher: Any
) -> None:
    text, last = document(SENTENCES, per_paragraph=per_paragraph)
    assert len(text) <= MAX_TEXT_CHARS  # analysed, not refused
    analysis, seconds = analysed(text, matcher)
    assert seconds < DEADLINE_S, f"{SENTENCES} sentences took {seconds:.1f} s"
    assert any(
        fact.attribute == "ratification" and fact.value == DateValue(1999, 9, 9) and fact.sentence == last
        for fact in analysis.facts
    )
    assert len(analysis.facts) > SENTENCES // 4  # facts throughout, not only at the end


def test_a_run_of_text_without_a_sentence_end_is_read_in_pieces(matcher: Any) -> None:
    words = " ".join(f"item {number} of the list" for number in range(50_000))
    text = f"{words} and Latvia ratified the Ottawa Convention on 9 September 1999"
    analysis, seconds = analysed(text, matcher)
    assert seconds < DEADLINE_S
    assert [(f.attribute, f.value) for f in analysis.facts] == [("ratification", DateValue(1999, 9, 9))]


def test_a_document_longer_than_the_limit_is_refused_with_a_reason_before_it_is_read(matcher: Any) -> None:
    text = "Latvia ratified the Ottawa Convention on 9 September 1999. " * (MAX_TEXT_CHARS // 50)
    assert len(text) > MAX_TEXT_CHARS
    started = time.perf_counter()
    with pytest.raises(TooLarge) as refused:
        analysed(text, matcher)
    assert time.perf_counter() - started < 1
    message = str(refused.value)
    assert f"{len(text):,} characters" in message and f"{MAX_TEXT_CHARS:,}" in message
    assert "Split it into parts" in message
    assert isinstance(refused.value, NoText)  # the services refuse it as they refuse an empty page
    check_size("x" * MAX_TEXT_CHARS)  # the limit itself is allowed
