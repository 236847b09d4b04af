"""Relative years, months and seasons: their words in each language, and what they resolve to.

"Last year", "в прошлом году", "w zeszłym roku", "this month", "昨年": the words
come from dateparser's language data (its ``relative-type`` tables, about 200
locales, kept by its maintainers from CLDR and contributions); a language's
vocabulary file adds what those tables lack ("ub.r.", "im vergangenen Jahr"),
seasons ("in the autumn", "im Herbst", "восени") and "the same year". A month
followed by a year word ("in July of last year", "w marcu tego roku") is one
mention: that month in that year.

Everything here is counted from the publication date, never from the day the
intake runs; "the same year" from the year stated just before. A season is kept
at the year (the labelled sources give no finer date for one); without a
publication date it takes the year of the date the document states on its own
event, like a month named alone. This module knows nothing of ``dates``' classes:
it finds spans and turns them into (year, month) with a note.
"""

# ruff: noqa: RUF002  # Cyrillic words are the point: they are Russian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from custodiet.intake import notes, vocabulary

_RELATIVE_KEY = re.compile(r"(?P<in>in )?(?P<n>\d+) (?P<unit>day|month|year)(?P<ago> ago)?")
_LIMITS = {"day": 2, "month": 1, "year": 2}  # offsets farther than these are not words of a date
MONTH_JOIN = re.compile(r"^\s*(?:of|de|del|des|d')?\s*$", re.IGNORECASE)  # "July of last year"
_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Span:
    """A relative expression found in a text: what it is ("year_word", "month_word", "season",
    "same_year") and its offset (years, months; -1 for "last" with a season)."""

    start: int
    end: int
    text: str
    kind: str
    offset: int = 0
    month: int = 0  # a season's first month


def _dateparser_tables(code: str) -> dict[str, Any]:
    """dateparser's relative words of a language ({"1 year ago": ["last year"], ...}), {} if none."""
    from dateparser.languages import default_loader  # lazily: a heavy library (start-up speed)

    try:
        info: dict[str, Any] = default_loader.get_locale(code).info
    except (KeyError, ValueError, ImportError):
        return {}
    tables: dict[str, Any] = info.get("relative-type") or {}
    return tables


def _usable(phrase: str, siblings: list[str]) -> bool:
    """A phrase as running text writes it: not a clipped abbreviation of a sibling ("this mo",
    "в пр г"), with a last word of two letters at least."""
    words = phrase.split()
    if not words or len(words[-1]) < 2 or sum(char.isalpha() for char in phrase) < 2:
        return False
    return not any(other != phrase and other.startswith(phrase.rstrip(".")) for other in siblings)


@cache
def relative_words(code: str) -> dict[str, dict[str, int]]:
    """For "month" and "year": each phrase of the language with its offset ("last year": -1);
    the vocabulary's own phrases (``relative_years``, ``relative_months``, patterns) are added."""
    words: dict[str, dict[str, int]] = {"month": {}, "year": {}}
    for key, phrases in _dateparser_tables(code).items():
        match = _RELATIVE_KEY.fullmatch(key)
        if match is None or match.group("unit") == "day" or (match.group("in") and match.group("ago")):
            continue
        unit, count = match.group("unit"), int(match.group("n"))
        offset = count if match.group("in") else -count
        if abs(offset) > _LIMITS[unit]:
            continue
        for phrase in phrases:
            if _usable(phrase, phrases):
                words[unit].setdefault(re.escape(phrase.lower()).replace(r"\ ", r"\s+"), offset)
    lexicon = vocabulary.load(code)
    if lexicon is not None:
        for unit, key in (("year", "relative_years"), ("month", "relative_months")):
            for pattern, offset in (lexicon.data.get(key) or {}).items():
                words[unit][pattern] = int(offset)
    return words


@dataclass(frozen=True)
class _Finders:
    """One language's relative expressions as one pattern each (named groups say which), so that a
    text is scanned once per kind, however many phrases the language has."""

    words: re.Pattern[str] | None
    word_kinds: dict[str, tuple[str, int]]  # group name -> (kind, offset)
    seasons: re.Pattern[str] | None
    season_months: dict[str, int]  # group name -> first month
    last: re.Pattern[str] | None
    same_year: re.Pattern[str] | None
    days_later: re.Pattern[str] | None  # "a week later", "tydzień później", "le lendemain"
    days_offsets: dict[str, int]  # group name -> days


def _named(patterns: list[str], edge: tuple[str, str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?P<g{index}>{pattern})" for index, pattern in enumerate(patterns))
    return re.compile(rf"{edge[0]}(?:{body}){edge[1]}", _FLAGS)


@cache
def _finders(code: str) -> _Finders:
    tables = relative_words(code)
    found = sorted(
        (
            (pattern, f"{unit}_word", offset)
            for unit in ("year", "month")
            for pattern, offset in tables[unit].items()
        ),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    lexicon = vocabulary.load(code)
    seasons: list[tuple[str, int]] = []
    last = same_year = None
    # Chinese and Japanese write words without spaces: there a word's edge is not a letter's absence.
    edge = ("", "") if lexicon is not None and lexicon.no_spaces else (r"(?<!\w)", r"(?!\w)")
    if lexicon is not None:
        seasons = [(pattern, int(month)) for pattern, month in (lexicon.data.get("seasons") or {}).items()]
        if lexicon.data.get("last_words"):
            last = re.compile(rf"{edge[0]}(?:{lexicon.words('last_words')}){edge[1]}", _FLAGS)
        if lexicon.data.get("same_year"):
            same_year = re.compile(rf"{edge[0]}(?:{lexicon.words('same_year')}){edge[1]}", _FLAGS)
    later = list((lexicon.data.get("days_later") or {}).items()) if lexicon is not None else []
    return _Finders(
        days_later=_named([pattern for pattern, _days in later], edge),
        days_offsets={f"g{index}": int(days) for index, (_pattern, days) in enumerate(later)},
        words=_named([pattern for pattern, _kind, _offset in found], edge),
        word_kinds={f"g{index}": (kind, offset) for index, (_pattern, kind, offset) in enumerate(found)},
        seasons=_named([pattern for pattern, _month in seasons], edge),
        season_months={f"g{index}": month for index, (_pattern, month) in enumerate(seasons)},
        last=last,
        same_year=same_year,
    )


def find(text: str, code: str) -> list[Span]:
    """Every relative year, month, season and "same year" expression in ``text`` (they may overlap
    other dates: the caller keeps those it has room for)."""
    finders = _finders(code)
    spans: list[Span] = []
    if finders.words is not None:
        for match in finders.words.finditer(text):
            kind, offset = finders.word_kinds[str(match.lastgroup)]
            spans.append(Span(match.start(), match.end(), match.group(0), kind, offset))
    if finders.seasons is not None:
        for match in finders.seasons.finditer(text):
            around = text[max(0, match.start() - 30) : match.end() + 12]  # "last autumn", "l'automne dernier"
            last = finders.last is not None and finders.last.search(around)
            month = finders.season_months[str(match.lastgroup)]
            spans.append(Span(match.start(), match.end(), match.group(0), "season", -1 if last else 0, month))
    if finders.days_later is not None:
        for match in finders.days_later.finditer(text):
            days = finders.days_offsets[str(match.lastgroup)]
            spans.append(Span(match.start(), match.end(), match.group(0), "days_later", days))
    if finders.same_year is not None:
        spans.extend(
            Span(m.start(), m.end(), m.group(0), "same_year") for m in finders.same_year.finditer(text)
        )
    return sorted(spans, key=lambda span: (span.start, -(span.end - span.start)))


def month_of(latest: date | None, offset: int) -> tuple[int, int] | None:
    """(year, month) of "this month" or "last month", counted from the publication month."""
    if latest is None:
        return None
    months = latest.year * 12 + latest.month - 1 + offset
    return months // 12, months % 12 + 1


def season_year(start_month: int, offset: int, latest: date) -> int:
    """The year of the latest such season begun on or before ``latest`` (the publication date); for
    "last summer", of the latest one ended before it (a season lasts three months)."""
    year = latest.year if date(latest.year, start_month, 1) <= latest else latest.year - 1
    if offset < 0:
        end_month = start_month + 3  # the month after the season
        ended = date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) <= latest
        year = year if ended else year - 1
    return year


def resolve_span(
    kind: str,
    offset: int,
    month: int,
    *,
    previous_year: int | None,
    published_iso: str,
    latest: date | None,
    anchor: date | None,
) -> tuple[int, int | None, str] | None:
    """(year, month or None, note) for a relative expression, or None when nothing anchors it.

    ``latest`` is the last day the publication date can be (None without one); ``anchor`` a date
    the document states on its own event; ``previous_year`` the year stated just before.
    """
    if kind == "same_year":
        if previous_year is None:
            return None
        return previous_year, None, notes.YEAR_STATED_BEFORE % {"year": previous_year}
    if kind == "year_word":
        if latest is None:
            return None
        year = latest.year + offset
        return year, None, notes.YEAR_COUNTED_FROM_PUBLICATION % {"year": year, "published": published_iso}
    if kind == "month_word":
        found = month_of(latest, offset)
        if found is None:
            return None
        return found[0], found[1], notes.MONTH_COUNTED_FROM_PUBLICATION % {"published": published_iso}
    if kind == "month_year_word":
        if latest is None:
            return None
        year = latest.year + offset
        return year, month, notes.YEAR_COUNTED_FROM_PUBLICATION % {"year": year, "published": published_iso}
    if kind == "season":
        if latest is not None:
            year = season_year(month, offset, latest)
            return year, None, notes.SEASON_BEFORE_PUBLICATION % {"year": year, "published": published_iso}
        if anchor is not None:
            middle = [date(anchor.year + step, month + 1, 15) for step in (-1, 0, 1)]
            year = min(middle, key=lambda day: abs((day - anchor).days)).year
            return (
                year,
                None,
                notes.SEASON_NEAR_EVENT_DATE % {"year": year},
            )
    return None


def day_of_month(day: int, base: date) -> date | None:
    """The latest day ``day`` of a month on or before ``base`` ("22日" in an article of the 23rd is the
    22nd of that month; in one of the 3rd, of the month before); None if neither month has it."""
    month_start = base.replace(day=1)
    start = month_start if day <= base.day else (month_start - timedelta(days=1)).replace(day=1)
    try:
        return start.replace(day=day)
    except ValueError:
        return None
