"""Dates in text: finding them, knowing how precise they are, and resolving the relative ones.

A ``DateValue`` may be a full day, a month, a year, a day and month whose year is
not stated, or a bare weekday ("on Saturday"). Relative expressions are resolved
against the document's publication date, or, where that is unknown, against the
latest full date the document itself states; every value obtained that way is
marked inferred, with a note that says from what. A weekday or a yearless date
that nothing in the document can anchor stays as it is, unresolved, rather than
being given a guessed year.

dateparser is used for numeric dates (``29.09.2025``, ``2025-09-29``) and for
relative day words, always with explicit languages, ``RELATIVE_BASE`` and
``PREFER_DATES_FROM``; month names and weekdays are read with the vocabularies
in ``vocabulary``.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Literal

from custodiet.intake import vocabulary

Precision = Literal["day", "day_month", "month", "year", "weekday"]
MONTH_NAMES = "January February March April May June July August September October November December".split()
WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MIN_YEAR, MAX_YEAR = 1800, 2100
LATER_REACH = 200  # "two years later" refers to a year stated at most this many characters before
PRECISION_RANK: dict[str, int] = {"day": 5, "day_month": 4, "month": 3, "weekday": 2, "year": 1}


@dataclass(frozen=True)
class DateValue:
    """A date as precise as its source: any of year, month, day, weekday may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None and self.month is not None:
            return "day" if self.year is not None else "day_month"
        if self.month is not None and self.year is not None:
            return "month"
        if self.year is not None:
            return "year"
        return "weekday"

    @property
    def rank(self) -> int:
        return PRECISION_RANK[self.precision]

    def as_date(self) -> date | None:
        if self.precision == "day":
            assert self.year is not None and self.month is not None and self.day is not None
            return date(self.year, self.month, self.day)
        return None

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """A compact machine form: 2025-09-29, 2025-09, 2025, --09-29, or W6 (Saturday)."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "day_month":
            return f"--{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        return f"W{(self.weekday or 0) + 1}"

    def label(self) -> str:
        if self.precision == "day":
            return f"{self.day} {MONTH_NAMES[(self.month or 1) - 1]} {self.year}"
        if self.precision == "day_month":
            return f"{self.day} {MONTH_NAMES[(self.month or 1) - 1]} (year not stated)"
        if self.precision == "month":
            return f"{MONTH_NAMES[(self.month or 1) - 1]} {self.year}"
        if self.precision == "year":
            return str(self.year)
        return f"a {WEEKDAY_NAMES[self.weekday or 0]} (date not stated)"

    def compatible(self, other: DateValue) -> bool:
        """True when both could be the same day: no known part differs, weekdays agree."""
        for mine, theirs in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if mine is not None and theirs is not None and mine != theirs:
                return False
        mine_weekday, their_weekday = self.known_weekday(), other.known_weekday()
        return mine_weekday is None or their_weekday is None or mine_weekday == their_weekday

    def known_weekday(self) -> int | None:
        full = self.as_date()
        return full.weekday() if full is not None else self.weekday

    @classmethod
    def from_iso(cls, text: str) -> DateValue:
        if text.startswith("W"):
            return cls(weekday=int(text[1:]) - 1)
        if text.startswith("--"):
            month, day = text[2:].split("-")
            return cls(month=int(month), day=int(day))
        parts = [int(part) for part in text.split("-")]
        return cls(*parts)  # year[, month[, day]]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, with its value and how it was obtained."""

    start: int
    end: int
    text: str
    value: DateValue
    inferred: bool = False
    note: str = ""
    since: bool = False  # "since 1996": a duration's start, not the date of an event
    relative: str = ""  # "weekday", "day_month", "later", "day_word": what still needs an anchor
    offset_years: int = 0


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    months = "|".join(f"(?:{pattern})" for pattern in vocabulary.MONTH_WORDS.values())
    weekdays = "|".join(f"(?:{pattern})" for pattern in vocabulary.WEEKDAY_WORDS.values())
    numbers = "|".join(sorted((re.escape(word) for word in vocabulary.NUMBER_WORDS), key=len, reverse=True))
    year = r"(?P<y>(?:18|19|20)\d\d)"
    year_tail = r"(?:\s*(?:года|году|г\.|року|р\.|рік))?"
    flags = re.IGNORECASE | re.UNICODE
    return {
        "dmy": re.compile(
            rf"(?<![\w-])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|re|\.|-?го|-?е)?\s+(?:of\s+)?(?P<m>{months})(?![\w])"
            rf"(?:,?\s+{year}(?!\d){year_tail})?",
            flags,
        ),
        "mdy": re.compile(
            rf"(?<![\w-])(?P<m>{months})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d\w])(?:,?\s+{year}(?!\d))?",
            flags,
        ),
        "my": re.compile(rf"(?<![\w-])(?P<m>{months})\s+(?:of\s+)?{year}(?!\d){year_tail}", flags),
        "numeric": re.compile(
            r"(?<![\w./-])(?:(?:18|19|20)\d\d-[01]\d-[0-3]\d|[0-3]?\d[./][01]?\d[./](?:18|19|20)\d\d)(?![\w./-])"
        ),
        "year": re.compile(
            rf"(?<![\w./-]){year}(?![\w]|[./-]\d|\s*(?:billion|million|%|euros?|dollars?)){year_tail}"
        ),
        "weekday": re.compile(rf"(?<![\w-])(?P<w>{weekdays})(?![\w])", flags),
        "later": re.compile(
            rf"(?<![\w-])(?:(?P<n>\d+|{numbers}|a|an)\s+(?:{vocabulary.YEAR_WORDS})\s+(?:{vocabulary.LATER_WORDS})"
            rf"|(?:спустя|через)\s+(?P<n2>\d+|{numbers})\s+(?:{vocabulary.YEAR_WORDS}))(?![\w])",
            flags,
        ),
        "day_word": re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in vocabulary.RELATIVE_DAYS) + r")(?![\w])",
            flags,
        ),
        "since": re.compile(
            rf"(?:^|\W)(?:{vocabulary.SINCE_WORDS})\s+(?:(?:the\s+)?(?:end|beginning)\s+of\s+)?$", flags
        ),
    }


@cache
def _month_matchers() -> list[tuple[int, re.Pattern[str]]]:
    return [
        (number, re.compile(rf"^(?:{pattern})$", re.IGNORECASE | re.UNICODE))
        for number, pattern in vocabulary.MONTH_WORDS.items()
    ]


@cache
def _weekday_matchers() -> list[tuple[int, re.Pattern[str]]]:
    return [
        (number, re.compile(rf"^(?:{pattern})$", re.IGNORECASE | re.UNICODE))
        for number, pattern in vocabulary.WEEKDAY_WORDS.items()
    ]


def month_number(word: str) -> int | None:
    for number, pattern in _month_matchers():
        if pattern.match(word):
            return number
    return None


def weekday_number(word: str) -> int | None:
    for number, pattern in _weekday_matchers():
        if pattern.match(word):
            return number
    return None


def number_value(word: str) -> int | None:
    lowered = word.lower()
    if lowered.isdigit():
        return int(lowered)
    if lowered in ("a", "an"):
        return 1
    return vocabulary.NUMBER_WORDS.get(lowered)


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is possible
    except ValueError:
        return False
    return year is None or MIN_YEAR <= year <= MAX_YEAR


# Words that, right before a short month abbreviation, show that it is not a month ("may" the verb).
_MODAL_CONTEXT = re.compile(r"^(?:may|mar|jun|dec|sept|sep|oct|nov|jan|feb|apr|aug|jul)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _parse_numeric(text: str, language: str) -> date | None:
    """A numeric date through dateparser, day first unless the text is English with slashes."""
    import dateparser  # lazily: a heavy library (start-up speed)

    order = "MDY" if language == "en" and "/" in text else "DMY"
    if re.match(r"\d{4}-", text):
        order = "YMD"
    parsed = dateparser.parse(
        text,
        languages=[language if language in vocabulary.SUPPORTED_LANGUAGES else "en"],
        settings={
            "DATE_ORDER": order,
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime(2000, 1, 1),  # noqa: DTZ001  (a calendar date: no time zone)
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
        },
    )
    return parsed.date() if parsed is not None else None


def find_dates(text: str, language: str = "en") -> list[DateMention]:
    """Every date expression in ``text``, longest first where they overlap, in text order."""
    patterns = _patterns()
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: DateMention) -> None:
        taken.append((mention.start, mention.end))
        before = text[max(0, mention.start - 40) : mention.start]
        since = bool(patterns["since"].search(before))
        found.append(replace(mention, since=since))

    digits = any(char.isdigit() for char in text)
    for kind in ("numeric", "dmy", "mdy", "my") if digits else ():
        for match in patterns[kind].finditer(text):
            start, end = match.span()
            if not free(start, end):
                continue
            if kind == "numeric":
                parsed = _parse_numeric(match.group(0), language)
                if parsed is None:
                    continue
                value = DateValue(parsed.year, parsed.month, parsed.day)
            else:
                month_word = match.group("m")
                month = month_number(month_word)
                if month is None:
                    continue
                year_text = match.group("y")
                year = int(year_text) if year_text else None
                if kind == "my":
                    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
                        continue
                    value = DateValue(year, month)
                else:
                    day = int(match.group("d"))
                    if not _valid(year, month, day):
                        continue
                    if kind == "mdy" and _MODAL_CONTEXT.match(month_word) and month_word.islower():
                        continue  # "may 3 ..." in running text is the verb, not the month
                    value = DateValue(year, month, day)
            relative = "day_month" if value.precision == "day_month" else ""
            add(DateMention(start, end, match.group(0), value, relative=relative))

    for match in patterns["year"].finditer(text) if digits else ():
        start, end = match.span()
        if free(start, end):
            add(DateMention(start, end, match.group(0), DateValue(int(match.group("y")))))

    for match in patterns["weekday"].finditer(text):
        start, end = match.span()
        weekday = weekday_number(match.group("w"))
        if weekday is not None and free(start, end):
            add(DateMention(start, end, match.group(0), DateValue(weekday=weekday), relative="weekday"))

    for match in patterns["day_word"].finditer(text):
        start, end = match.span()
        if free(start, end):
            add(DateMention(start, end, match.group(0), DateValue(), relative="day_word"))

    for match in patterns["later"].finditer(text):
        start, end = match.span()
        count = number_value(match.group("n") or match.group("n2") or "")
        if count and free(start, end):
            add(DateMention(start, end, match.group(0), DateValue(), relative="later", offset_years=count))

    found.sort(key=lambda mention: mention.start)
    return found


def anchor_of(mentions: list[DateMention]) -> date | None:
    """The latest full date a text states explicitly (not inferred): the anchor for relative dates."""
    days = [m.value.as_date() for m in mentions if not m.relative and not m.inferred]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def nearest_year(month: int, day: int, anchor: date) -> int:
    """The year that puts day/month nearest to ``anchor`` (a date a document states)."""
    best: tuple[int, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not _valid(year, month, day):
            continue
        distance = abs((date(year, month, day) - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best is not None else anchor.year


def past_year(month: int, day: int, published: date) -> int:
    """The year that makes day/month the latest such day on or before ``published``."""
    year = published.year
    if not _valid(year, month, day) or date(year, month, day) > published:
        year -= 1
    while not _valid(year, month, day):
        year -= 1
    return year


@lru_cache(maxsize=1024)
def _relative_day(word: str, base: date, language: str) -> date | None:
    """'yesterday', 'вчера', 'gestern' ... through dateparser, against ``base``."""
    import dateparser  # lazily: a heavy library (start-up speed)

    parsed = dateparser.parse(
        word,
        languages=[language if language in vocabulary.SUPPORTED_LANGUAGES else "en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),  # noqa: DTZ001  (a calendar date)
            "PREFER_DATES_FROM": "past",
        },
    )
    if isinstance(parsed, datetime):
        return parsed.date()
    offset = vocabulary.RELATIVE_DAYS.get(word.lower())
    return base + timedelta(days=offset) if offset is not None else None


def resolve(
    mentions: list[DateMention], *, published: date | None, anchor: date | None, language: str = "en"
) -> list[DateMention]:
    """Resolve relative mentions against the publication date, else the document's own anchor date.

    ``anchor`` is the latest full date the whole document states (see ``anchor_of``).
    Mentions that neither can anchor are returned unchanged (still relative).
    """
    base, source = (
        (published, "the publication date") if published else (anchor, "a date the document states")
    )
    resolved: list[DateMention] = []
    previous: tuple[int, int] | None = None  # (year, end offset) of the last mention with a year
    for mention in mentions:
        value = mention.value
        if mention.relative == "later":
            if previous is not None and mention.start - previous[1] <= LATER_REACH:
                previous_year = previous[0]
                year = previous_year + mention.offset_years
                mention = replace(
                    mention,
                    value=DateValue(year),
                    relative="",
                    inferred=True,
                    note=f"{mention.offset_years} year(s) after {previous_year}, stated just before",
                )
        elif base is not None and mention.relative == "day_month":
            assert value.month is not None and value.day is not None
            year = (
                past_year(value.month, value.day, base)
                if published
                else nearest_year(value.month, value.day, base)
            )
            mention = replace(
                mention,
                value=DateValue(year, value.month, value.day),
                relative="",
                inferred=True,
                note=f"year {year} inferred from {source} ({base.isoformat()})",
            )
        elif base is not None and mention.relative == "weekday":
            assert value.weekday is not None
            day = base - timedelta(days=(base.weekday() - value.weekday) % 7)
            mention = replace(
                mention,
                value=DateValue(day.year, day.month, day.day),
                relative="",
                inferred=True,
                note=f"the {WEEKDAY_NAMES[value.weekday]} on or before {source} ({base.isoformat()})",
            )
        elif base is not None and mention.relative == "day_word":
            found_day = _relative_day(mention.text, base, language)
            if found_day is not None:
                mention = replace(
                    mention,
                    value=DateValue(found_day.year, found_day.month, found_day.day),
                    relative="",
                    inferred=True,
                    note=f"'{mention.text}' counted from {source} ({base.isoformat()})",
                )
        if mention.value.year is not None:
            previous = (mention.value.year, mention.end)
        resolved.append(mention)
    return resolved
