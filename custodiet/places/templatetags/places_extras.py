"""Template filters of the register's pages: numbers with thousands separators, map links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def thousands(value: Any) -> str:
    """1700 -> "1,700" ("1 700" in French, "1\u00a0700" in Russian: as the active language groups digits);
    blank for None."""
    if value is None or value == "":
        return ""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def coordinate(value: Decimal | None) -> str:
    """A coordinate without trailing zeros: 55.792000 -> "55.792"."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.simple_tag
def osm_url(latitude: Decimal, longitude: Decimal, zoom: int = 16) -> str:
    """A link to the point on OpenStreetMap."""
    lat, lon = coordinate(latitude), coordinate(longitude)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"
