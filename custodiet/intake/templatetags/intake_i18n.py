"""The intake's values written in the reader's language: dates as precise as their source, counts,
languages of documents, and the verdicts of the legal-effect check.

A date the intake read is often less than a day: a month, a year, a day and month whose year no source
states, or a bare weekday. Each is written in the active language's own formats (``custodiet.formats``:
``DATE_FORMAT``, ``YEAR_MONTH_FORMAT``, ``MONTH_DAY_FORMAT``), and whatever the text did not state is
said, never filled in: "20 May (year not stated)", "a Saturday (date not stated)". The machine forms
(``DateValue.iso``, the API's ``shown``) stay as they are.
"""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from django import template
from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, ngettext, pgettext

from custodiet.core.dates import shown_date
from custodiet.intake.claims import Claim
from custodiet.intake.datevalue import DateValue
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.steps import ATTRIBUTES

register = template.Library()


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


@register.filter
def stated(value: DateValue | Claim | str | None) -> str:
    """A date (a ``DateValue``, its ISO form, or a claim's value or count) as the reader's language
    writes it; a count as a number of that language. Empty when there is nothing."""
    if isinstance(value, Claim):
        if value.count is not None:
            return formats.number_format(value.count)
        return shown_value(value.value)
    if isinstance(value, str):
        return shown_value(DateValue.from_iso(value)) if value else ""
    return shown_value(value)


@register.filter
def language_label(code: str) -> str:
    """The name of a language (a document's ``ru``) in the reader's language: "russe", "русский"."""
    if not code:
        return ""
    try:
        names = Locale.parse(get_language() or "en", sep="-").languages
    except (UnknownLocaleError, ValueError):
        return code
    return str(names.get(code.split("-")[0], code))


@register.filter
def verdict_label(verdict: str) -> str:
    """The legal-effect check's verdict, in the reader's language."""
    words = {
        "consistent": pgettext("legal effect", "consistent"),
        "approximate": pgettext("legal effect", "approximate"),
        "inconsistent": pgettext("legal effect", "inconsistent"),
        "unchecked": pgettext("legal effect", "not checked"),
    }
    return words.get(verdict, verdict)


@register.filter
def effect_said(effect: EffectClaim | None) -> str:
    """What a source says of when a denunciation takes effect, as a sentence of the reader's language:
    a date ("on 16 March 2023"), or a span after a step ("6 months after the notification")."""
    if effect is None:
        return ""
    if effect.date is not None:
        return gettext("The source says it takes effect on %(day)s.") % {"day": shown_value(effect.date)}
    parts = []
    if effect.years:
        parts.append(ngettext("%(count)d year", "%(count)d years", effect.years) % {"count": effect.years})
    if effect.months:
        parts.append(
            ngettext("%(count)d month", "%(count)d months", effect.months) % {"count": effect.months}
        )
    step = str(ATTRIBUTES[effect.anchor]) if effect.anchor in ATTRIBUTES else gettext("an unrecognised step")
    if len(parts) == 2:
        span = gettext("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    else:
        span = parts[0] if parts else "?"
    return gettext("The source says it takes effect %(span)s after this step: %(step)s (“%(words)s”).") % {
        "span": span,
        "step": step,
        "words": effect.anchor_text,
    }


@register.filter
def read_from(where: str) -> str:
    """Where a publication date was read (``Document.published_from``, written by the analysis in English),
    in the reader's language when it is one the analysis writes; anything else as stored."""
    known = {"a metadata line at the top": gettext("a metadata line at the top of the page")}
    return known.get(where, where)
