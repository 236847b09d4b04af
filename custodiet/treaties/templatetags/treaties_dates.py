"""A date the presenters carry as ISO text (``status_dict``: "2026-10-01"), written for the reader:
``{{ row.on.in_force_from|iso_day }}`` ("1 October 2026" in English)."""

from __future__ import annotations

from datetime import date

from django import template

from custodiet.core.dates import shown_date

register = template.Library()


@register.filter
def iso_day(value: str | date | None, unknown: str = "—") -> str:
    """An ISO date (or a date) in the active language's format; empty: ``unknown`` (a dash unless said)."""
    if value is None or value == "":
        return unknown
    if isinstance(value, date):
        return shown_date(value)
    try:
        return shown_date(date.fromisoformat(value))
    except ValueError:
        return value  # not a date: shown as it came
