"""Rules of the register of places that need no database: types, limits, and what a valid entry is.

Pure functions over plain values, shared by the import, the forms, the API and
the services, so that a place refused on one path is refused on all of them
with the same words. The database constraints in ``custodiet.places.models``
hold the same invariants a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodiet.core.dates import shown_date


class PlaceType(TextChoices):
    PRISON = "prison", _("Prison")
    PRE_TRIAL = "pre_trial", _("Pre-trial detention centre")
    PENAL_COLONY = "penal_colony", _("Penal colony")
    POLICE = "police", _("Police station / temporary detention")
    PSYCHIATRIC = "psychiatric", _("Psychiatric hospital")
    SOCIAL_CARE = "social_care", _("Social care home")
    IMMIGRATION = "immigration", _("Immigration detention")
    MILITARY = "military", _("Military detention")
    JUVENILE = "juvenile", _("Juvenile institution")
    OTHER = "other", _("Other")


MAX_LENGTHS = {"ref": 60, "name_local": 300, "name_en": 300, "authority": 300, "region": 200}
EARLIEST_FIGURE = date(1900, 1, 1)
# No place holds more people than this: a larger capacity or population is a typing error (and a number
# past what the database keeps would fail as a server error).
MOST_HELD = 1_000_000
YO, IE = "\u0451", "\u0435"  # Cyrillic yo is often written as ie; search reads both alike
COORDINATE_PLACES = Decimal("0.000001")  # the model keeps six decimal places (about 10 cm)


def place_type_of(raw: str) -> str | None:
    """The type's code from its code, its English label or its label in the active language, ignoring case;
    None when unknown."""
    wanted = raw.strip().lower()
    with translation.override("en"):
        english = {code: str(label).lower() for code, label in PlaceType.choices}
    for code, label in PlaceType.choices:
        if wanted in (code, english[code], str(label).lower()):
            return code
    return None


def allowed_types() -> str:
    return ", ".join(PlaceType.values)


@dataclass(frozen=True, slots=True)  # slots: an import holds one per row
class PlaceValues:
    """The fields of a place as typed values, before they touch the database."""

    ref: str
    name_local: str
    type: str
    state: str  # alpha-2 code, already resolved
    name_en: str = ""
    authority: str = ""
    region: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: int | None = None
    source: str = ""
    notes: str = ""


def place_problems(values: PlaceValues, *, check_type: bool = True) -> list[str]:
    """Every reason the place cannot be recorded, in the active language; an empty list means it can.
    ``check_type=False``: the caller says itself that the type is missing."""
    problems = [
        gettext("%(name)s is required") % {"name": name}
        for name in ("ref", "name_local")
        if not getattr(values, name).strip()
    ]
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(values, name)) > limit:
            problems.append(
                gettext("%(name)s is longer than %(limit)s characters") % {"name": name, "limit": limit}
            )
    if check_type and place_type_of(values.type) is None:
        problems.append(
            gettext("unknown type %(type)s; use one of: %(types)s")
            % {"type": repr(values.type), "types": allowed_types()}
        )
    problems.extend(coordinate_problems(values.latitude, values.longitude))
    problems.extend(capacity_problems(values.capacity))
    return problems


def coordinate_problems(latitude: Decimal | None, longitude: Decimal | None) -> list[str]:
    if (latitude is None) != (longitude is None):
        return [gettext("give both latitude and longitude, or neither")]
    problems = []
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        problems.append(gettext("latitude %(value)s is outside -90 to 90") % {"value": latitude})
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        problems.append(gettext("longitude %(value)s is outside -180 to 180") % {"value": longitude})
    return problems


def capacity_problems(capacity: int | None, *, name: str = "capacity") -> list[str]:
    """``name``: the column, or the words the caller uses for the capacity (already in the active language)."""
    if capacity is None:
        return []
    if capacity < 1:
        return [
            gettext(
                "%(name)s %(value)s cannot give an occupancy: an official capacity is at least 1 (leave it "
                "blank when unknown)"
            )
            % {"name": name, "value": capacity}
        ]
    return []


def figure_problems(
    *, on: date, population: int, source: str, today: date, check_source: bool = True
) -> list[str]:
    """A dated population figure: in the past, not negative, with its source (``check_source=False``: the
    caller says itself that the source is missing), in the active language.

    There is no upper bound: a place holding far more people than its capacity
    is exactly what the register must be able to show.
    """
    problems = []
    if on > today:
        problems.append(gettext("the figure's date %(day)s is in the future") % {"day": shown_date(on)})
    if on < EARLIEST_FIGURE:
        problems.append(
            gettext("the figure's date %(day)s is before %(year)s")
            % {"day": shown_date(on), "year": EARLIEST_FIGURE.year}
        )
    if population < 0:
        problems.append(gettext("population %(value)s is negative") % {"value": population})
    if check_source and not source.strip():
        problems.append(gettext("a population figure needs its source (a URL or a citation)"))
    return problems


def search_text(*parts: str) -> str:
    """What the text search matches: names, ref and region, case-folded, with yo (U+0451) read as ie.

    Kept in a column because SQLite's LIKE folds only ASCII letters, and the
    register is full of Cyrillic names.
    """
    return " ".join(part.strip() for part in parts if part and part.strip()).casefold().replace(YO, IE)


def search_terms(query: str) -> list[str]:
    """A user's search words, folded the same way as ``search_text``; each must match."""
    return [word.casefold().replace(YO, IE) for word in query.split()][:8]
