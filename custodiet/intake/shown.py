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
from typing import Final

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, gettext_noop

from custodiet.core.dates import shown_date
from custodiet.intake.claims import Claim
from custodiet.intake.datevalue import DateValue
from custodiet.intake.steps import ATTRIBUTES


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


# The labels of the kinds of step (``steps.ATTRIBUTES``, which the pipeline keeps in English), marked here for
# the catalogue; a test fails when a kind has none (custodiet/intake/tests/test_languages.py).
STEP_LABELS: Final = frozenset(
    {
        gettext_noop("Treaty adopted"),
        gettext_noop("Signature"),
        gettext_noop("Ratification"),
        gettext_noop("Accession"),
        gettext_noop("Instrument deposited with the depositary"),
        gettext_noop("Entry into force"),
        gettext_noop("Joined (act not specified: signature, ratification or accession)"),
        gettext_noop("Court's jurisdiction accepted"),
        gettext_noop("Ratification or accession procedure started or resumed"),
        gettext_noop("Constitutional court ruling on the treaty"),
        gettext_noop("National security council decision"),
        gettext_noop("Withdrawal announced or decided"),
        gettext_noop("Decree or resolution signed"),
        gettext_noop("Government proposal or decision"),
        gettext_noop("Government proposal made public"),
        gettext_noop("Bill submitted to parliament"),
        gettext_noop("Lower house approval"),
        gettext_noop("Upper house approval"),
        gettext_noop("Referendum"),
        gettext_noop("Law signed"),
        gettext_noop("Law published"),
        gettext_noop("Notification to the depositary"),
        gettext_noop("Denunciation (as reported)"),
        gettext_noop("Denunciation takes effect"),
        gettext_noop("Visits made"),
        gettext_noop("Reports written"),
        gettext_noop("Reports published"),
    }
)


def step_label(attribute: str) -> str:
    """The label of a kind of step ("Ratification") in the reader's language; an unknown kind as it is."""
    label = ATTRIBUTES.get(attribute)
    return gettext(str(label)) if label is not None else attribute
