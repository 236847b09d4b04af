"""Time zones of places and visits: which IANA zones a State has, and a local time read in a zone.

Monitors type the local time of the place they are at ("14:00" in Moscow); it is stored in UTC and shown
again in the same zone, with the zone named (custodiet.core.dates.shown_moment). A place (or, for what
happens at no particular place, its visit) has an IANA time zone: by default the State's own where the
State has only one (tzdata's ``zone.tab``), else chosen. A time given with an offset is taken as given.

Pure functions over the tz database (``zoneinfo`` with the ``tzdata`` package, so that every platform
has the same zones); a zone that does not exist, or a local time that does not exist or happens twice
(the hour a clock is put forward or back), is refused with a message that says so.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from django.utils import formats
from django.utils.translation import gettext as _

from custodiet.core.errors import DomainError

UTC = "UTC"


@cache
def _zone_table() -> dict[str, tuple[str, ...]]:
    """ISO 3166-1 alpha-2 code -> the zones tzdata lists for it, in its order (``zone.tab``)."""
    table: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _coordinates, zone, *_ = line.split("\t")
        table.setdefault(code, []).append(zone)
    return {code: tuple(zones) for code, zones in table.items()}


def state_zones(code: str) -> tuple[str, ...]:
    """The time zones of a State (e.g. 11 for the Russian Federation, one for France)."""
    return _zone_table().get(code.upper(), ())


def default_zone(code: str) -> str:
    """The State's time zone where it has only one; "" where it has several (or none is known)."""
    zones = state_zones(code)
    return zones[0] if len(zones) == 1 else ""


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_choices() -> list[tuple[str, str]]:
    """Every zone that a State uses, for a list (the zones of zone.tab, sorted), and UTC."""
    zones = sorted({zone for zones in _zone_table().values() for zone in zones})
    return [(UTC, UTC), *((zone, zone.replace("_", " ")) for zone in zones)]


def check_zone(name: str) -> str:
    """An IANA zone name as given ("Europe/Moscow"), or a DomainError."""
    zone = name.strip()
    if zone not in known_zones():
        raise DomainError(
            _("“%(name)s” is not a time zone of the IANA database (e.g. Europe/Moscow).") % {"name": name}
        )
    return zone


def required_zone(given: str, state_code: str, state_name: str) -> str:
    """The zone given, else the State's only one; a State with several needs one to be chosen."""
    if given.strip():
        return check_zone(given)
    zone = default_zone(state_code)
    if zone:
        return zone
    zones = state_zones(state_code)
    listed = ", ".join(zones[:4]) + (", …" if len(zones) > 4 else "")
    raise DomainError(
        _(
            "%(state)s has several time zones (%(zones)s): choose the time zone in which times are entered "
            "and shown."
        )
        % {"state": state_name, "zones": listed or _("none known")}
    )


def in_zone(moment: datetime, zone: str) -> datetime:
    """A moment made aware: a naive one is the local time in ``zone``; an aware one stays as given.

    A local time that the zone skips (clocks put forward) or repeats (clocks put back) is refused: it
    names no single moment."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return _storable(moment)
    tz = ZoneInfo(zone or UTC)
    first, second = moment.replace(tzinfo=tz, fold=0), moment.replace(tzinfo=tz, fold=1)
    values = {"moment": formats.date_format(moment, "DATETIME_FORMAT"), "zone": zone}
    if first.utcoffset() != second.utcoffset():
        later = first.utcoffset() or timedelta(0)
        earlier = second.utcoffset() or timedelta(0)
        if later > earlier:  # the clock went back: the hour happened twice
            raise DomainError(
                _(
                    "%(moment)s happened twice in %(zone)s (the clocks were put back): give the time with its "
                    "UTC offset, or a time outside that hour."
                )
                % values
            )
        raise DomainError(_("%(moment)s did not exist in %(zone)s (the clocks were put forward).") % values)
    return _storable(first)


def _storable(moment: datetime) -> datetime:
    """The moment, refused when it has no UTC time a datetime can hold (year 1 east of Greenwich, year
    9999 west of it): the database keeps UTC."""
    try:
        moment.astimezone(ZoneInfo(UTC))
    except OverflowError:
        raise DomainError(
            _("%(moment)s is not a moment that can be recorded.") % {"moment": moment.isoformat()}
        ) from None
    return moment
