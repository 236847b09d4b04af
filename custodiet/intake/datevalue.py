"""Dates as precise as their source (``DateValue``) and where a text states one (``DateMention``).

A ``DateValue`` may be a full day, a month, a year, a day and month whose year is
not stated, or a bare weekday ("on Saturday"). A ``DateMention`` is a date
expression found in a text, with what it still needs to be resolved and, once
resolved, whether it was inferred and from what. Finding and resolving them is
``dates``; this module holds only the values, so that ``dates`` stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "day_month", "month", "year", "weekday"]
MONTH_NAMES = "January February March April May June July August September October November December".split()
WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MIN_YEAR, MAX_YEAR = 1800, 2100
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
            weekday = f"W{self.weekday + 1}" if self.weekday is not None else ""
            return f"--{self.month:02d}-{self.day:02d}{weekday}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        return f"W{(self.weekday or 0) + 1}"

    def label(self) -> str:
        if self.precision == "day":
            return f"{self.day} {MONTH_NAMES[(self.month or 1) - 1]} {self.year}"
        if self.precision == "day_month":
            weekday = f"{WEEKDAY_NAMES[self.weekday]}, " if self.weekday is not None else ""
            return f"{weekday}{self.day} {MONTH_NAMES[(self.month or 1) - 1]} (year not stated)"
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
            month, day = text[2:7].split("-")
            weekday = int(text[8:]) - 1 if text[7:8] == "W" else None
            return cls(month=int(month), day=int(day), weekday=weekday)
        parts = [int(part) for part in text.split("-")]
        return cls(*parts)  # year[, month[, day]]

    def latest_day(self) -> date | None:
        """The last day this value can be (for a year or a month); None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is not None:
            return date(self.year, self.month, self.day)
        following = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    def earliest_day(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str, precision: str = "") -> DateValue:
        """An ISO date as precise as written ("2025", "2025-05", "2025-05-14", or a date-time);
        ``precision`` ("year", "month", "day") cuts a fuller one down. Raises ValueError."""
        raw = text.strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ].*)?)?)?", raw)
        if match is None:
            raise ValueError(f"not an ISO date: {raw!r}")
        year, month, day = (int(part) if part else None for part in match.groups())
        if precision == "year":
            month = day = None
        elif precision == "month":
            day = None
        elif precision not in ("", "day"):
            raise ValueError(f"unknown precision {precision!r} (year, month or day)")
        if not MIN_YEAR <= (year or 0) <= MAX_YEAR:
            raise ValueError(f"not a plausible year: {raw!r}")
        date(year or 2000, month or 1, day or 1)  # raises ValueError for 2025-02-30
        return cls(year, month, day)


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
    relative: str = ""  # "weekday", "day_month", "later", "day_word", "month": what still needs an anchor
    offset_years: int = 0
    month: int = 0  # a month named alone ("in April"), until a year is found for it
    day: int = 0  # a day of the month named alone ("22日"), until a month and year are found for it
    offset_days: int = 0  # "a week later": days after the full date stated just before
    strictly_before: bool = False  # "last Friday": the weekday before the publication date, never that day


def valid_day(year: int | None, month: int, day: int) -> bool:
    """True for a day that exists (29 February without a year does) in a plausible year."""
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is possible
    except ValueError:
        return False
    return year is None or MIN_YEAR <= year <= MAX_YEAR


WEEKDAY_REACH = 3  # "Tuesday, May 20": the year is looked for this many years around the anchor


def nearest_year(month: int, day: int, anchor: date, weekday: int | None = None) -> int | None:
    """The year that puts day/month nearest to ``anchor`` (a date the document or event states);
    with a weekday ("Tuesday, May 20"), the nearest year in which that day is that weekday, or None
    when none is within ``WEEKDAY_REACH`` years."""
    reach = WEEKDAY_REACH if weekday is not None else 1
    best: tuple[int, int] | None = None
    for year in range(anchor.year - reach, anchor.year + reach + 1):
        if not valid_day(year, month, day):
            continue
        if weekday is not None and date(year, month, day).weekday() != weekday:
            continue
        distance = abs((date(year, month, day) - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    if best is None:
        return anchor.year if weekday is None else None
    return best[1]


# A day and month recur within this many years (29 February: eight, across 1900 or 2100).
_RECUR_WITHIN = 9


def past_year(month: int, day: int, published: date) -> int | None:
    """The year that makes day/month the latest such day on or before ``published``; None when there is
    none in a plausible year (a document dated 1800 that speaks of "5 May" before it)."""
    for year in range(published.year, published.year - _RECUR_WITHIN, -1):
        if valid_day(year, month, day) and date(year, month, day) <= published:
            return year
    return None


def next_year(month: int, day: int, base: date) -> int | None:
    """The year that makes day/month the first such day on or after ``base``; None when there is none in
    a plausible year."""
    for year in range(base.year, base.year + _RECUR_WITHIN):
        if valid_day(year, month, day) and date(year, month, day) >= base:
            return year
    return None
