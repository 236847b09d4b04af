"""The values of each kind of measurement: the field table, the checks on each value, and their wording.

Pure functions over plain values; no database. The refusals are said in the reader's language (the
labels of the field table are in the standards catalogue, ``field_words``); the summaries of stored values
(``describe``) are written in English. The field table is
data (``data/measurements.json``, read once on import into ``FIELDS``): which
values each kind of measurement has, their labels, types, units and bounds, and
the short words that sum up a stored measurement. The same table drives the
rules (``custodiet.standards.rules``), the form, the API and the catalogue page.

``clean_values`` checks every value against its kind's fields and refuses the
whole measurement with a ``MeasurementRefused`` that lists every bad value.
Areas and lengths are rounded half-up to 0.01 when they are read. Booleans mean
what the delegation established: a value left out (or ``None``) was not checked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

from django.utils import formats
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext as _

from custodiet.core.errors import DomainError

FIELDS_FILE = Path(__file__).resolve().parent / "data" / "measurements.json"
CENT = Decimal("0.01")
TEXT_LIMIT = 1000


class MeasurementRefused(DomainError):
    """A measurement that cannot be recorded; ``problems`` lists every reason, one a line.

    ``valid`` holds the values that were valid, so that a caller can still run its
    own checks on them (the service checks the occupants against the population).
    """

    def __init__(
        self,
        problems: list[str],
        valid: Mapping[str, Any] | None = None,
        fields: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.problems = list(problems)
        self.valid = dict(valid or {})
        self.fields = {name: list(found) for name, found in (fields or {}).items()}
        super().__init__(
            _("The measurement was refused: %(problems)s") % {"problems": "; ".join(self.problems)}
        )

    def details(self) -> dict[str, Any]:
        """The problems in words (by the values' labels, as a person reads them), and, for a program, each
        under the name of the value it concerns."""
        return {"problems": self.problems, "fields": self.fields}


# --- the field table ---------------------------------------------------------------------------

FieldType = Literal["decimal", "integer", "boolean", "choice", "text"]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)


class Choice(NamedTuple):
    """One answer of a choice: its stored value, its label on the form, its words in a summary."""

    value: str
    label: str
    short: str


@dataclass(frozen=True)
class ValueField:
    """One value of a kind of measurement: its type, bounds, and how a form asks for it."""

    name: str
    label: str
    type: FieldType
    required: bool = True
    unit: str = ""
    help: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    above_minimum: bool = False  # True: the value must be strictly greater than `minimum`
    choices: tuple[Choice, ...] = ()
    short: str = ""  # a boolean's name in a summary ("lawyer: no"); "" for none

    @property
    def is_number(self) -> bool:
        return self.type in ("decimal", "integer")


def _bound(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _value_field(data: Mapping[str, Any]) -> ValueField:
    kind = data["type"]
    if kind not in FIELD_TYPES:
        raise ValueError(f"unknown type {kind!r}")
    choices = tuple(Choice(item["value"], item["label"], item["short"]) for item in data.get("choices", ()))
    if (kind == "choice") != bool(choices):
        raise ValueError("a choice, and only a choice, lists its choices")
    return ValueField(
        name=data["name"],
        label=data["label"],
        type=kind,
        required=bool(data.get("required", True)),
        unit=data.get("unit", ""),
        help=data.get("help", ""),
        minimum=_bound(data.get("minimum")),
        maximum=_bound(data.get("maximum")),
        above_minimum=bool(data.get("above_minimum", False)),
        choices=choices,
        short=data.get("short", ""),
    )


def fields_from_data(data: Mapping[str, Any]) -> dict[str, tuple[ValueField, ...]]:
    """The field table from its data (``data/measurements.json``); a malformed field raises ValueError
    naming it."""
    table: dict[str, tuple[ValueField, ...]] = {}
    for kind, entries in data["kinds"].items():
        specs: list[ValueField] = []
        for entry in entries:
            try:
                specs.append(_value_field(entry))
            except (KeyError, TypeError, ValueError, InvalidOperation) as problem:
                raise ValueError(f"{kind}.{entry.get('name', '?')}: {problem!s}") from problem
        names = [spec.name for spec in specs]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"{kind}: a kind of measurement has values, each with its own name")
        table[kind] = tuple(specs)
    return table


def read_fields(path: Path = FIELDS_FILE) -> dict[str, tuple[ValueField, ...]]:
    with path.open(encoding="utf-8") as handle:
        return fields_from_data(json.load(handle))


FIELDS = read_fields()
KINDS = tuple(FIELDS)


# --- checking the values -----------------------------------------------------------------------


def as_decimal(raw: Any) -> Decimal | None:
    """A finite number from a number or its text; None for anything else (a boolean included)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float | str):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            return None
    else:
        return None
    return value if value.is_finite() else None


def as_integer(raw: Any) -> int | None:
    """A whole number from a number or its text; None for anything else."""
    value = as_decimal(raw)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _shown(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "...'"


def _label(spec: ValueField) -> str:
    """The value's label in the reader's language."""
    return gettext(spec.label)


def _check_bounds(spec: ValueField, value: Decimal, raw: Any, problems: list[str]) -> None:
    unit = f" {spec.unit}" if spec.unit else ""
    words = {"label": _label(spec), "value": f"{str(raw).strip()}{unit}"}
    if spec.minimum is not None:
        if spec.above_minimum and value <= spec.minimum:
            problems.append(
                _("%(label)s must be more than %(limit)s; got %(value)s")
                % {**words, "limit": f"{spec.minimum}{unit}"}
            )
            return
        if value < spec.minimum:
            problems.append(
                _("%(label)s cannot be less than %(limit)s; got %(value)s")
                % {**words, "limit": f"{spec.minimum}{unit}"}
            )
            return
    if spec.maximum is not None and value > spec.maximum:
        problems.append(
            _("%(label)s cannot be more than %(limit)s; got %(value)s")
            % {**words, "limit": f"{spec.maximum}{unit}"}
        )


def _clean_one(spec: ValueField, raw: Any, problems: list[str]) -> Any:
    if spec.type == "decimal":
        number = as_decimal(raw)
        if number is None:
            problems.append(
                _("%(label)s must be a number; got %(value)s") % {"label": _label(spec), "value": _shown(raw)}
            )
            return None
        try:
            number = number.quantize(CENT, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than a decimal holds: no measurement is that large
            problems.append(
                _("%(label)s is not a measurement: %(value)s is too large")
                % {"label": _label(spec), "value": _shown(raw)}
            )
            return None
        _check_bounds(spec, number, raw, problems)
        return number
    if spec.type == "integer":
        whole = as_integer(raw)
        if whole is None:
            problems.append(
                _("%(label)s must be a whole number; got %(value)s")
                % {"label": _label(spec), "value": _shown(raw)}
            )
            return None
        _check_bounds(spec, Decimal(whole), raw, problems)
        return whole
    if spec.type == "boolean":
        if not isinstance(raw, bool):
            problems.append(
                _("%(label)s must be true or false; got %(value)s")
                % {"label": _label(spec), "value": _shown(raw)}
            )
            return None
        return raw
    if spec.type == "choice":
        allowed = [choice.value for choice in spec.choices]
        if raw not in allowed:
            problems.append(
                _("%(label)s must be one of %(allowed)s; got %(value)s")
                % {"label": _label(spec), "allowed": ", ".join(allowed), "value": _shown(raw)}
            )
            return None
        return raw
    if not isinstance(raw, str):
        problems.append(
            _("%(label)s must be text; got %(value)s") % {"label": _label(spec), "value": _shown(raw)}
        )
        return None
    text = raw.strip()
    if len(text) > TEXT_LIMIT:
        problems.append(
            _("%(what)s is too long (%(length)d characters; at most %(limit)d)")
            % {"what": _label(spec), "length": len(text), "limit": TEXT_LIMIT}
        )
    return text


def _cross_check(kind: str, cleaned: Mapping[str, Any], problems: list[str]) -> None:
    """What no single value says: a safeguards measurement checks one at least; no privacy without a toilet."""
    if kind == "police_safeguards" and not problems:
        checked = [cleaned.get(spec.name) for spec in FIELDS[kind] if spec.type == "boolean"]
        if not any(isinstance(value, bool) for value in checked):
            problems.append(_("record at least one safeguard that the delegation checked"))
    if kind == "in_cell_sanitation" and cleaned.get("present") is False and "private" in cleaned:
        problems.append(
            _("the toilet's privacy cannot be recorded where there is no ready access to a toilet")
        )


def clean_values(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The values, typed and rounded; refuses with every bad value at once.

    Unknown names are refused (a typo must not silently drop a value). A missing
    optional value, ``None`` or ``""``, is left out.
    """
    if kind not in FIELDS:
        raise MeasurementRefused([f"unknown kind of measurement {kind!r}; known: {', '.join(KINDS)}"])
    if not isinstance(raw, Mapping):
        raise MeasurementRefused([f"the values of a measurement must be given by name; got {_shown(raw)}"])
    specs = {spec.name: spec for spec in FIELDS[kind]}
    problems = [
        f"{name!r} is not a value of a {kind} measurement (expected: {', '.join(specs)})"
        for name in raw
        if name not in specs
    ]
    fields: dict[str, list[str]] = {
        name: [problems[i]] for i, name in enumerate(n for n in raw if n not in specs)
    }
    cleaned: dict[str, Any] = {}
    for name, spec in specs.items():
        value = raw.get(name)
        before = len(problems)
        if value is None or value == "":
            if spec.required:
                problems.append(_("%(label)s is required") % {"label": _label(spec)})
        else:
            result = _clean_one(spec, value, problems)
            if result is not None and not (spec.type == "text" and result == ""):
                cleaned[name] = result
        if len(problems) > before:
            fields[name] = problems[before:]
    _cross_check(kind, cleaned, problems)
    if problems:
        raise MeasurementRefused(problems, valid=cleaned, fields=fields)
    return cleaned


def json_values(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned values as stored in JSON: decimals become strings ("10.50"), nothing is lost."""
    return {name: str(value) if isinstance(value, Decimal) else value for name, value in cleaned.items()}


# --- wording -------------------------------------------------------------------------------------


def number(value: Decimal) -> str:
    """A measured or computed value: two decimals at most, one at least ("10.0", "2.5", "2.33")."""
    shown = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"
    return shown[:-1] if shown.endswith("0") else shown


def plain(value: Decimal) -> str:
    """A threshold or a count as people write it ("4", "2.5", "60")."""
    return f"{value.normalize():f}"


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _yes_no(value: Any) -> str:
    if value is True:
        return pgettext("a measurement's check", "yes")
    return pgettext("a measurement's check", "no") if value is False else _("not checked")


def _shown_number(value: Decimal | None) -> str:
    """A measured value as the reader's language writes it ("10.0", "10,0"); "?" when not recorded."""
    return formats.number_format(Decimal(number(value))) if value is not None else "?"


def _cell(values: Mapping[str, Any]) -> str:
    area = as_decimal(values.get("area_m2"))
    occupants = as_integer(values.get("occupants"))
    held = (
        ngettext("%(count)s person", "%(count)s people", occupants) % {"count": occupants}
        if occupants is not None
        else "?"
    )
    head = _("%(people)s in %(area)s m²") % {"people": held, "area": _shown_number(area)}
    annex = {choice.value: choice.short for spec in FIELDS["cell_space"] for choice in spec.choices}
    chosen = annex.get(values.get("sanitary_annex", ""))
    parts = [f"{head} ({gettext(chosen) if chosen else _('annex not recorded')})"]
    if (ceiling := as_decimal(values.get("ceiling_height_m"))) is not None:
        parts.append(_("ceiling %(height)s m") % {"height": _shown_number(ceiling)})
    if (walls := as_decimal(values.get("min_wall_distance_m"))) is not None:
        parts.append(_("walls %(distance)s m apart") % {"distance": _shown_number(walls)})
    return ", ".join(parts)


def describe(kind: str, values: Mapping[str, Any]) -> str:
    """A short reading of stored values in the active language, e.g. "4 people in 10.0 m² (annex
    partitioned)" (the API, which answers in English, gives the English reading); never raises."""
    try:
        if kind == "cell_space":
            return _cell(values)
        if kind == "outdoor_exercise":
            minutes = as_integer(values.get("minutes_per_day"))
            return _("%(minutes)s min of outdoor exercise a day") % {
                "minutes": minutes if minutes is not None else "?"
            }
        if kind == "solitary_confinement":
            days = as_integer(values.get("days"))
            if days is None:
                return _("? days of solitary confinement as a punishment")
            return ngettext(
                "%(days)s day of solitary confinement as a punishment",
                "%(days)s days of solitary confinement as a punishment",
                days,
            ) % {"days": days}
        named = [spec for spec in FIELDS.get(kind, ()) if spec.short]
        return ", ".join(f"{gettext(spec.short)}: {_yes_no(values.get(spec.name))}" for spec in named)
    except (AttributeError, TypeError, ValueError, InvalidOperation):
        return ""
