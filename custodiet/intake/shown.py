"""The intake's values as a reader reads them, in the active language: a date as precise as its source
(``DateValue``), and a claim's value (a date or a count).

A date the intake read is often less than a day: a month, a year, a day and month whose year no source
states, or a bare weekday. Each is written in the active language's own formats (``custodiet.formats``:
``DATE_FORMAT`` through ``custodiet.core.dates``, ``YEAR_MONTH_FORMAT``, ``MONTH_DAY_FORMAT``), and
whatever the text did not state is said, never filled in: "20 May (year not stated)", "a Saturday (date
not stated)". The machine forms (``DateValue.iso``, ``DateValue.label`` for the CLI) stay as they are.
The intake's pages use it through the ``stated`` filter (``templatetags/intake_i18n``); the portal's
published timelines through ``shown_claim``.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext

from custodiet.core.dates import shown_date
from custodiet.intake.claims import Claim
from custodiet.intake.datevalue import DateValue


def shown_value(value: DateValue | None) -> str:
    """A date as precise as its source, in the active language; what no source stated is said."""
    if value is None:
        return ""
    precision = value.precision
    if precision == "day":
        return shown_date(value.as_date())
    if precision == "month":
        assert value.year is not None and value.month is not None
        return formats.date_format(date(value.year, value.month, 1), "YEAR_MONTH_FORMAT")
    if precision == "year":
        return str(value.year)
    if precision == "day_month":
        assert value.month is not None and value.day is not None
        # 2000 is a leap year: 29 February without a year can be written
        day_month = formats.date_format(date(2000, value.month, value.day), "MONTH_DAY_FORMAT")
        if value.weekday is not None:
            return gettext("%(weekday)s, %(day)s (year not stated)") % {
                "weekday": WEEKDAYS[value.weekday],
                "day": day_month,
            }
        return gettext("%(day)s (year not stated)") % {"day": day_month}
    return gettext("a %(weekday)s (date not stated)") % {"weekday": WEEKDAYS[value.weekday or 0]}


def shown_claim(claim: Claim) -> str:
    """A claim's value as the reader's language writes it: a count as a number, a date as precise as stated."""
    if claim.count is not None:
        return formats.number_format(claim.count)
    return shown_value(claim.value)


def stated_iso(iso: str) -> str:
    """A date stored in its ISO form as precise as known ("2025-05", ``DateValue.iso``), as ``shown_value``
    writes it; empty for none."""
    return shown_value(DateValue.from_iso(iso)) if iso else ""
