"""Counts that articles report: visits made, reports written, reports published, in a language's words.

Only languages whose vocabulary lists the nouns of visits and reports ("counts"
in the data file) are read for counts; a number that is a year ("its 27 years in
the convention") is not a count.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from custodiet.intake import vocabulary
from custodiet.intake.dates import number_value

_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class _CountPatterns:
    hint: re.Pattern[str]
    counted: re.Pattern[str]
    after: re.Pattern[str]
    before: re.Pattern[str]
    visit: re.Pattern[str]
    published_tail: re.Pattern[str]


@cache
def _patterns(language: str) -> _CountPatterns | None:
    lexicon = vocabulary.load(language)
    if lexicon is None or not lexicon.data.get("counts"):
        return None
    group = lexicon.group
    numbers = "|".join(sorted((re.escape(word) for word in lexicon.numbers), key=len, reverse=True))
    number = rf"(?P<n>\d{{1,4}}{'|' + numbers if numbers else ''})"
    visit, report = group("counts", "visit"), group("counts", "report")
    published = group("counts", "published")
    counted = re.compile(rf"(?<![\w-]){number}\s+(?:[\w-]+\s+)?(?P<noun>{visit}|{report})(?![\w])", _FLAGS)
    after = re.compile(
        rf"(?<![\w-]){number}\s+(?:(?:{group('counts', 'of_which')})\s+)?(?:[\w’'-]+\s+){{0,3}}?"
        rf"(?:(?:{group('counts', 'passive')})\s+)?(?:{published})",
        _FLAGS,
    )
    before = re.compile(rf"(?:{published})\s+(?:(?:{group('counts', 'only')})\s+)?{number}(?![\w])", _FLAGS)
    return _CountPatterns(
        hint=re.compile(rf"{visit}|{report}", _FLAGS),
        counted=counted,
        after=after,
        before=before,
        visit=re.compile(rf"^(?:{visit})$", _FLAGS),
        published_tail=re.compile(rf"^\s*(?:{group('counts', 'published_tail')})", _FLAGS),
    )


def speaks_of_counts(sentence: str, language: str) -> bool:
    """A cheap test: does the sentence name visits or reports at all?"""
    patterns = _patterns(language)
    return patterns is not None and bool(patterns.hint.search(sentence))


def find_counts(sentence: str, language: str = "en") -> list[tuple[str, int, str]]:
    """(attribute, number, quote) for each count of visits or reports in a sentence."""
    patterns = _patterns(language)
    if patterns is None:
        return []
    results: list[tuple[str, int, str]] = []
    used: list[tuple[int, int]] = []
    for pattern in (patterns.after, patterns.before):
        for match in pattern.finditer(sentence):
            value = number_value(match.group("n"), language)
            if value is not None and value < 1000:
                results.append(("reports_published", value, match.group(0)))
                used.append(match.span("n"))
    for match in patterns.counted.finditer(sentence):
        if any(s <= match.start("n") < e for s, e in used):
            continue
        value = number_value(match.group("n"), language)
        if value is None or value >= 1000:
            continue
        tail = sentence[match.end() : match.end() + 40]
        if patterns.published_tail.match(tail):
            attribute = "reports_published"
        elif patterns.visit.match(match.group("noun")):
            attribute = "visits_made"
        else:
            attribute = "reports_written"
        results.append((attribute, value, match.group(0)))
    return results
