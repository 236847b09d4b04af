"""Calendar arithmetic for final clauses: periods, expiry, "the first day of the month following".

Pure functions over ``datetime.date``. A period of months ends on the same day
number in the later month, or on that month's last day where it is shorter
(a period of one month from 31 January ends on 28 or 29 February).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown
from django.utils.translation import ngettext

from custodiet.treaties.words import Said, said

# Each unit of a period: its English word and its message (singular, plural), said in the reader's language.
UNITS = (
    ("year", "%(count)s year", "%(count)s years"),
    ("month", "%(count)s month", "%(count)s months"),
    ("day", "%(count)s day", "%(count)s days"),
)


def _marked() -> None:  # never called: makemessages reads the plural messages of UNITS here
    ngettext("%(count)s year", "%(count)s years", 1)
    ngettext("%(count)s month", "%(count)s months", 1)
    ngettext("%(count)s day", "%(count)s days", 1)


@dataclass(frozen=True)
class Period:
    """A treaty period: so many years, months and days (any may be zero)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if min(self.years, self.months, self.days) < 0:
            raise ValueError("a treaty period cannot be negative")

    @property
    def is_zero(self) -> bool:
        return self.years == self.months == self.days == 0

    @cached_property
    def _described(self) -> Said:
        return self._describe()

    def describe(self) -> Said:
        """The period in words (made once per period)."""
        return self._described

    def _describe(self) -> Said:
        """ "one year and six months" (for a reader, "1 year and 6 months" in the reader's language)."""
        parts = []
        for amount, (unit, one, many) in zip((self.years, self.months, self.days), UNITS, strict=True):
            if amount:
                english = f"{_number_word(amount)} {unit}{'' if amount == 1 else 's'}"
                parts.append(Said(one, {"count": amount}, plural=many, count=amount, english=english))
        if not parts:
            return said(_("no period"))
        text = parts[0]
        for part in parts[1:]:
            text = said(_("%(first)s and %(second)s"), first=text, second=part)
        return text

    @classmethod
    def from_data(cls, data: dict[str, int] | None) -> Period:
        data = data or {}
        unknown = set(data) - {"years", "months", "days"}
        if unknown:
            raise ValueError(f"a period takes years, months and days, not {sorted(unknown)}")
        return cls(years=data.get("years", 0), months=data.get("months", 0), days=data.get("days", 0))


_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    30: "thirty",
}


def _number_word(amount: int) -> str:
    return _WORDS.get(amount, str(amount))


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_period(day: date, period: Period) -> date:
    """The day on which a period that starts on ``day`` expires."""
    return add_months(day, period.years * 12 + period.months) + timedelta(days=period.days)


def first_day_of_next_month(day: date) -> date:
    if day.month == 12:
        return date(day.year + 1, 1, 1)
    return date(day.year, day.month + 1, 1)


def first_day_of_month_following_expiry(day: date, period: Period) -> date:
    """ "The first day of the month following the expiration of a period of ... after ``day``"."""
    return first_day_of_next_month(add_period(day, period))


def end_of_year(day: date) -> date:
    return date(day.year, 12, 31)
