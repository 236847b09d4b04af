"""Template filters that write dates one way (custodiet.core.dates): ``{{ value|day }}`` and
``{{ moment|moment:zone }}``. Loaded for every template (settings ``TEMPLATES`` builtins)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from custodiet.core.dates import shown_date, shown_moment

register = template.Library()


@register.filter
def day(value: date | None, unknown: str = "—") -> str:
    """A date in the active language's format; empty: ``unknown`` (a dash unless said)."""
    return shown_date(value, unknown=unknown) if value is not None and value != "" else unknown


@register.filter
def moment(value: datetime | None, zone: str = "") -> str:
    """A moment in a time zone, with the zone named; empty: a dash."""
    return shown_moment(value, zone or "") if value else "—"
