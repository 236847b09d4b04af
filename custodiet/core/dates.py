"""Dates users ask about: "on this date" parameters of pages, the API and the CLI, parsed one way.

A date is written YYYY-MM-DD and must fall in the range the engines answer for;
anything else is refused with a message that says what was wrong, never a
traceback and never silently replaced (the pages show today instead, and say so).

Dates shown to people go through one place, ``shown_date`` / ``shown_moment`` (and the template filters
``day`` and ``moment`` of ``custodiet.core.templatetags.custodiet_dates``): the active language's
``DATE_FORMAT`` (``custodiet.formats``), so that a page, a PDF and a DOCX write a date the same way. A
moment is shown in the time zone of the place or visit it happened at, with the zone named.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

EARLIEST_QUERY = date(1900, 1, 1)
LATEST_QUERY = date(2200, 12, 31)


def parse_query_date(raw: str) -> date:
    """A date a user asks about (YYYY-MM-DD), within the range the engine answers for."""
    text = raw.strip()
    if not text:
        raise ValueError(_("no date given; use YYYY-MM-DD"))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("'%(text)s' is not a date; use YYYY-MM-DD") % {"text": text}) from None
    if not EARLIEST_QUERY <= day <= LATEST_QUERY:
        raise ValueError(
            _("%(day)s is outside the range answered (%(earliest)s to %(latest)s)")
            % {
                "day": day.isoformat(),
                "earliest": EARLIEST_QUERY.isoformat(),
                "latest": LATEST_QUERY.isoformat(),
            }
        )
    return day


def shown_date(day: date | None, *, unknown: str | None = None) -> str:
    """A date as the interface writes it in the active language ("2 December 2026"); None: "not known"."""
    if day is None:
        return unknown if unknown is not None else _("not known")
    if isinstance(day, datetime):
        day = day.date()
    return formats.date_format(day, "DATE_FORMAT")


def shown_moment(moment: datetime | None, zone: str = "") -> str:
    """A moment in the time zone it is shown in, with the zone named: "2 December 2026, 14:00 (Europe/Moscow,
    UTC+03:00)". Without a zone, UTC, said as such."""
    if moment is None:
        return _("not known")
    tz = ZoneInfo(zone) if zone else ZoneInfo("UTC")
    local = timezone.localtime(moment, tz) if timezone.is_aware(moment) else moment.replace(tzinfo=tz)
    offset = local.strftime("%z")
    label = f"{zone or 'UTC'}, UTC{offset[:3]}:{offset[3:]}" if zone else "UTC"
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({label})"
