"""Standards as data, and the arithmetic that turns a measurement into breaches.

Pure functions over plain values; no database and no Django. The catalogue is
``data/standards.json``: ``spec_from_data`` turns one entry into a typed
``StandardSpec``. A measurement is a kind (``cell_space``, ``outdoor_exercise``
...) and a dict of values; ``clean_values`` checks every value against the
kind's fields (``FIELDS``) and refuses the whole measurement with a
``MeasurementRefused`` that lists every bad value. ``evaluate`` returns one
``Breach`` per standard crossed, whose text says which standard, by how much and
where.

Numbers are ``Decimal``: areas and lengths are rounded half-up to 0.01 when they
are read. Space per person is rounded *down* to 0.01, so that a cell that falls
short of a minimum always shows a shortfall of at least 0.01 m². A threshold is
crossed strictly: exactly 4 m² per person meets a 4 m² minimum.

Booleans mean what the delegation established. ``False`` is a breach; a value
left out (or ``None``) was not checked and is never a breach.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

from custodiet.core.errors import DomainError

DATA_FILE = Path(__file__).resolve().parent / "data" / "standards.json"
CENT = Decimal("0.01")
SEVERITIES = ("grave", "serious", "moderate")


class MeasurementRefused(DomainError):
    """A measurement that cannot be recorded; ``problems`` lists every reason, one a line.

    ``valid`` holds the values that were valid, so that a caller can still run its
    own checks on them (the service checks the occupants against the population).
    """

    def __init__(self, problems: list[str], valid: Mapping[str, Any] | None = None) -> None:
        self.problems = list(problems)
        self.valid = dict(valid or {})
        super().__init__("The measurement was refused: " + "; ".join(self.problems))


# --- the values of each kind of measurement ---------------------------------------------------

FieldType = Literal["decimal", "integer", "boolean", "choice", "text"]


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
    choices: tuple[tuple[str, str], ...] = ()


def _detail() -> ValueField:
    return ValueField("detail", "Details", "text", required=False, help="What was seen, how it was checked")


def _present(label: str, help_text: str) -> ValueField:
    return ValueField("present", label, "boolean", help=help_text)


def _safeguard(name: str, label: str) -> ValueField:
    return ValueField(
        name, label, "boolean", required=False, help="Leave unchecked when the delegation could not verify it"
    )


SANITARY_ANNEX = (
    ("none", "No sanitary annex in the cell"),
    ("partitioned", "Fully partitioned annex"),
    ("unpartitioned", "Annex not fully partitioned"),
)

FIELDS: dict[str, tuple[ValueField, ...]] = {
    "cell_space": (
        ValueField(
            "area_m2",
            "Floor area (sanitary annex excluded)",
            "decimal",
            unit="m²",
            minimum=Decimal(0),
            above_minimum=True,
            maximum=Decimal(5000),
            help="The living space: measure the floor and leave out the toilet and washbasin area",
        ),
        ValueField(
            "occupants",
            "People held in the cell",
            "integer",
            minimum=Decimal(1),
            maximum=Decimal(5000),
            help="Everyone held there on the day, not the number of beds",
        ),
        ValueField("sanitary_annex", "Sanitary annex", "choice", choices=SANITARY_ANNEX),
        ValueField(
            "ceiling_height_m",
            "Floor to ceiling",
            "decimal",
            required=False,
            unit="m",
            minimum=Decimal(0),
            above_minimum=True,
            maximum=Decimal(20),
        ),
        ValueField(
            "min_wall_distance_m",
            "Shortest distance between walls",
            "decimal",
            required=False,
            unit="m",
            minimum=Decimal(0),
            above_minimum=True,
            maximum=Decimal(200),
        ),
        _detail(),
    ),
    "outdoor_exercise": (
        ValueField(
            "minutes_per_day",
            "Outdoor exercise offered per day",
            "integer",
            unit="min",
            minimum=Decimal(0),
            maximum=Decimal(1440),
            help="Minutes in the open air on an ordinary day; 0 when there is none",
        ),
        _detail(),
    ),
    "solitary_confinement": (
        ValueField(
            "days",
            "Days of solitary confinement imposed as a punishment",
            "integer",
            unit="days",
            minimum=Decimal(0),
            maximum=Decimal(36500),
            help="For one offence, as recorded in the disciplinary register or told by the person",
        ),
        _detail(),
    ),
    "police_safeguards": (
        _safeguard("notified", "A relative or third party was notified of the custody from the outset"),
        _safeguard("lawyer", "Access to a lawyer from the outset"),
        _safeguard("doctor", "Access to a doctor from the outset"),
        _safeguard("informed", "Informed of these rights from the outset"),
        _detail(),
    ),
    "natural_light": (
        _present("Natural light reaches the accommodation", "No: windows blocked, shutters, no window"),
        _detail(),
    ),
    "ventilation": (
        _present("Fresh air and adequate ventilation", "No: windows cannot open, stale air, no ventilation"),
        _detail(),
    ),
    "in_cell_sanitation": (
        _present(
            "Ready access to a toilet",
            "In the cell, or release to one without undue delay at all times (night included)",
        ),
        ValueField(
            "private",
            "The toilet offers privacy",
            "boolean",
            required=False,
            help="Fully partitioned in a shared cell; leave unchecked when not verified",
        ),
        _detail(),
    ),
    "admission_screening": (
        _present(
            "Newly arrived people are medically screened on admission",
            "Seen by the health-care service without delay, examined by a doctor as soon as possible",
        ),
        _detail(),
    ),
}
KINDS = tuple(FIELDS)
_TEXT_LIMIT = 1000


def _decimal(raw: Any) -> Decimal | None:
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


def _integer(raw: Any) -> int | None:
    value = _decimal(raw)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _shown(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "...'"


def _check_bounds(spec: ValueField, value: Decimal, raw: Any, problems: list[str]) -> None:
    unit = f" {spec.unit}" if spec.unit else ""
    got = f"got {str(raw).strip()}{unit}"
    if spec.minimum is not None:
        if spec.above_minimum and value <= spec.minimum:
            problems.append(f"{spec.label} must be more than {spec.minimum}{unit}; {got}")
            return
        if value < spec.minimum:
            problems.append(f"{spec.label} cannot be less than {spec.minimum}{unit}; {got}")
            return
    if spec.maximum is not None and value > spec.maximum:
        problems.append(f"{spec.label} cannot be more than {spec.maximum}{unit}; {got}")


def _clean_one(spec: ValueField, raw: Any, problems: list[str]) -> Any:
    if spec.type == "decimal":
        number = _decimal(raw)
        if number is None:
            problems.append(f"{spec.label} must be a number; got {_shown(raw)}")
            return None
        number = number.quantize(CENT, rounding=ROUND_HALF_UP)
        _check_bounds(spec, number, raw, problems)
        return number
    if spec.type == "integer":
        whole = _integer(raw)
        if whole is None:
            problems.append(f"{spec.label} must be a whole number; got {_shown(raw)}")
            return None
        _check_bounds(spec, Decimal(whole), raw, problems)
        return whole
    if spec.type == "boolean":
        if not isinstance(raw, bool):
            problems.append(f"{spec.label} must be true or false; got {_shown(raw)}")
            return None
        return raw
    if spec.type == "choice":
        allowed = [value for value, _ in spec.choices]
        if raw not in allowed:
            problems.append(f"{spec.label} must be one of {', '.join(allowed)}; got {_shown(raw)}")
            return None
        return raw
    if not isinstance(raw, str):
        problems.append(f"{spec.label} must be text; got {_shown(raw)}")
        return None
    text = raw.strip()
    if len(text) > _TEXT_LIMIT:
        problems.append(f"{spec.label} is too long ({len(text)} characters; at most {_TEXT_LIMIT})")
    return text


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
    cleaned: dict[str, Any] = {}
    for name, spec in specs.items():
        value = raw.get(name)
        if value is None or value == "":
            if spec.required:
                problems.append(f"{spec.label} ({name}) is required")
            continue
        result = _clean_one(spec, value, problems)
        if result is not None and not (spec.type == "text" and result == ""):
            cleaned[name] = result
    if kind == "police_safeguards" and not problems:
        if not any(
            isinstance(cleaned.get(name), bool) for name in ("notified", "lawyer", "doctor", "informed")
        ):
            problems.append("record at least one safeguard that the delegation checked")
    if kind == "in_cell_sanitation" and cleaned.get("present") is False and "private" in cleaned:
        problems.append("the toilet's privacy cannot be recorded where there is no ready access to a toilet")
    if problems:
        raise MeasurementRefused(problems, valid=cleaned)
    return cleaned


def json_values(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned values as stored in JSON: decimals become strings ("10.50"), nothing is lost."""
    return {name: str(value) if isinstance(value, Decimal) else value for name, value in cleaned.items()}


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpacePerPerson:
    """Living space per person (area / occupants) at least `min_m2`, for an occupancy range."""

    min_m2: Decimal
    occupants_min: int
    occupants_max: int | None = None

    def covers(self, occupants: int) -> bool:
        return occupants >= self.occupants_min and (
            self.occupants_max is None or occupants <= self.occupants_max
        )


@dataclass(frozen=True)
class Minimum:
    field: str
    min: Decimal
    unit: str


@dataclass(frozen=True)
class Maximum:
    field: str
    max: Decimal
    unit: str


@dataclass(frozen=True)
class PartitionedAnnex:
    occupants_min: int


@dataclass(frozen=True)
class MustBeTrue:
    fields: tuple[str, ...]


Rule = SpacePerPerson | Minimum | Maximum | PartitionedAnnex | MustBeTrue


@dataclass(frozen=True)
class StandardSpec:
    code: str
    title: str
    measure: str
    rule: Rule
    threshold: str
    citation: str
    place_types: frozenset[str]
    severity: str
    source: str
    source_url: str = ""
    requirement: str = ""
    observation: str = ""
    shortfall_phrase: str = ""
    failures: Mapping[str, str] = field(default_factory=dict)

    def applies_to(self, place_type: str) -> bool:
        return place_type in self.place_types

    @property
    def unit(self) -> str:
        if isinstance(self.rule, SpacePerPerson):
            return "m² per person"
        if isinstance(self.rule, Minimum | Maximum):
            return self.rule.unit
        return ""

    @property
    def limit(self) -> Decimal | None:
        """The number the standard sets, if it sets one."""
        if isinstance(self.rule, SpacePerPerson):
            return self.rule.min_m2
        if isinstance(self.rule, Minimum):
            return self.rule.min
        if isinstance(self.rule, Maximum):
            return self.rule.max
        return None


def _rule_from_data(kind: str, data: Mapping[str, Any]) -> Rule:
    names = {spec.name: spec for spec in FIELDS[kind]}
    rule_type = data["type"]
    if rule_type == "space_per_person":
        if kind != "cell_space":
            raise ValueError("a space_per_person rule measures cell_space")
        maximum = data.get("occupants_max")
        return SpacePerPerson(
            min_m2=Decimal(str(data["min_m2"])),
            occupants_min=int(data["occupants_min"]),
            occupants_max=int(maximum) if maximum is not None else None,
        )
    if rule_type == "partitioned_annex":
        if kind != "cell_space":
            raise ValueError("a partitioned_annex rule measures cell_space")
        return PartitionedAnnex(occupants_min=int(data["occupants_min"]))
    if rule_type in ("minimum", "maximum"):
        name = data["field"]
        if name not in names or names[name].type not in ("decimal", "integer"):
            raise ValueError(f"{name!r} is not a number measured by {kind}")
        if rule_type == "minimum":
            return Minimum(field=name, min=Decimal(str(data["min"])), unit=data["unit"])
        return Maximum(field=name, max=Decimal(str(data["max"])), unit=data["unit"])
    if rule_type == "must_be_true":
        fields = tuple(data["fields"])
        if not fields or any(name not in names or names[name].type != "boolean" for name in fields):
            raise ValueError(f"must_be_true names booleans of {kind}; got {list(fields)}")
        return MustBeTrue(fields=fields)
    raise ValueError(f"unknown rule type {rule_type!r}")


def spec_from_data(data: Mapping[str, Any]) -> StandardSpec:
    """One catalogue entry as a typed spec; a malformed entry raises ValueError naming it."""
    code = data.get("code", "?")
    try:
        measure = data["measure"]
        if measure not in FIELDS:
            raise ValueError(f"unknown measure {measure!r}")
        severity = data["severity"]
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        rule = _rule_from_data(measure, data["rule"])
        failures = dict(data.get("failures", {}))
        if isinstance(rule, MustBeTrue) and set(failures) != set(rule.fields):
            raise ValueError("every field of a must_be_true rule needs its failure text")
        if not isinstance(rule, MustBeTrue) and not data.get("requirement"):
            raise ValueError("a rule with a threshold needs its requirement text")
        place_types = frozenset(data["place_types"])
        if not place_types:
            raise ValueError("a standard applies to at least one type of place")
        return StandardSpec(
            code=data["code"],
            title=data["title"],
            measure=measure,
            rule=rule,
            threshold=data["threshold"],
            citation=data["citation"],
            place_types=place_types,
            severity=severity,
            source=data["source"],
            source_url=data.get("source_url", ""),
            requirement=data.get("requirement", ""),
            observation=data.get("observation", ""),
            shortfall_phrase=data.get("shortfall_phrase", ""),
            failures=failures,
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as problem:
        raise ValueError(f"standard {code}: {problem!s}") from problem


def read_catalogue(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    entries: list[dict[str, Any]] = data["standards"]
    return entries


@cache
def catalogue() -> tuple[StandardSpec, ...]:
    """The shipped catalogue, read once per process."""
    specs = tuple(spec_from_data(entry) for entry in read_catalogue())
    codes = [spec.code for spec in specs]
    if len(set(codes)) != len(codes):
        raise ValueError("two standards share a code in standards.json")
    return specs


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """A standard crossed by a measurement: by how much, and the finding's wording."""

    standard: str
    severity: str
    observed: Decimal | None
    required: Decimal | None
    unit: str
    shortfall: Decimal | None
    text: str


def number(value: Decimal) -> str:
    """A measured or computed value: two decimals at most, one at least ("10.0", "2.5", "2.33")."""
    shown = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"
    return shown[:-1] if shown.endswith("0") else shown


def plain(value: Decimal) -> str:
    """A threshold or a count as people write it ("4", "2.5", "60")."""
    shown = f"{value.normalize():f}"
    return shown


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _sentence(where: str, body: str) -> str:
    if where.strip():
        return f"{where.strip()}: {body}"
    return body[:1].upper() + body[1:]


def applicable(specs: Iterable[StandardSpec], kind: str, place_type: str) -> list[StandardSpec]:
    """The standards a measurement of this kind is checked against at this type of place."""
    return [spec for spec in specs if spec.measure == kind and spec.applies_to(place_type)]


def _space(spec: StandardSpec, rule: SpacePerPerson, values: Mapping[str, Any], where: str) -> Breach | None:
    area: Decimal = values["area_m2"]
    occupants: int = values["occupants"]
    if not rule.covers(occupants) or area >= rule.min_m2 * occupants:
        return None
    per_person = (area / occupants).quantize(CENT, rounding=ROUND_DOWN)
    shortfall = rule.min_m2 - per_person
    if occupants == 1:
        body = f"1 person in {number(area)} m² (sanitary annex excluded), {number(shortfall)} m² below {spec.requirement}"
    else:
        body = (
            f"{people(occupants)} in {number(area)} m² (sanitary annex excluded) is {number(per_person)} m² "
            f"per person, {number(shortfall)} m² below {spec.requirement}"
        )
    return Breach(
        standard=spec.code,
        severity=spec.severity,
        observed=per_person,
        required=rule.min_m2,
        unit=spec.unit,
        shortfall=shortfall,
        text=_sentence(where, f"{body} ({spec.citation})"),
    )


def _threshold(
    spec: StandardSpec, rule: Minimum | Maximum, values: Mapping[str, Any], where: str
) -> Breach | None:
    if rule.field not in values:
        return None  # an optional value the delegation did not measure
    observed = Decimal(values[rule.field])
    if isinstance(rule, Minimum):
        if observed >= rule.min:
            return None
        limit, shortfall, default_phrase = rule.min, rule.min - observed, "{shortfall} {unit} below"
    else:
        if observed <= rule.max:
            return None
        limit, shortfall, default_phrase = rule.max, observed - rule.max, "{shortfall} {unit} beyond"
    observation = (spec.observation or "{observed} {unit}").format(
        observed=_shown_number(observed), unit=rule.unit
    )
    phrase = (spec.shortfall_phrase or default_phrase).format(
        shortfall=_shown_number(shortfall), unit=rule.unit
    )
    return Breach(
        standard=spec.code,
        severity=spec.severity,
        observed=observed,
        required=limit,
        unit=rule.unit,
        shortfall=shortfall,
        text=_sentence(where, f"{observation}, {phrase} {spec.requirement} ({spec.citation})"),
    )


def _shown_number(value: Decimal) -> str:
    return plain(value) if value == value.to_integral_value() else number(value)


def _annex(
    spec: StandardSpec, rule: PartitionedAnnex, values: Mapping[str, Any], where: str
) -> Breach | None:
    occupants: int = values["occupants"]
    if occupants < rule.occupants_min or values["sanitary_annex"] != "unpartitioned":
        return None
    body = f"{people(occupants)} share a sanitary annex that is not fully partitioned, contrary to {spec.requirement}"
    return Breach(
        standard=spec.code,
        severity=spec.severity,
        observed=None,
        required=None,
        unit="",
        shortfall=None,
        text=_sentence(where, f"{body} ({spec.citation})"),
    )


def _booleans(spec: StandardSpec, rule: MustBeTrue, values: Mapping[str, Any], where: str) -> Breach | None:
    failed = [spec.failures[name] for name in rule.fields if values.get(name) is False]
    if not failed:
        return None
    return Breach(
        standard=spec.code,
        severity=spec.severity,
        observed=None,
        required=None,
        unit="",
        shortfall=None,
        text=_sentence(where, f"{'; '.join(failed)} ({spec.citation})"),
    )


def evaluate(
    specs: Iterable[StandardSpec], kind: str, values: Mapping[str, Any], place_type: str, *, where: str = ""
) -> list[Breach]:
    """Every breach of the applicable standards, in catalogue order. Refuses invalid values first."""
    cleaned = clean_values(kind, values)
    breaches: list[Breach] = []
    for spec in applicable(specs, kind, place_type):
        rule = spec.rule
        if isinstance(rule, SpacePerPerson):
            breach = _space(spec, rule, cleaned, where)
        elif isinstance(rule, Minimum | Maximum):
            breach = _threshold(spec, rule, cleaned, where)
        elif isinstance(rule, PartitionedAnnex):
            breach = _annex(spec, rule, cleaned, where)
        else:
            breach = _booleans(spec, rule, cleaned, where)
        if breach is not None:
            breaches.append(breach)
    return breaches


# --- wording of a stored measurement ---------------------------------------------------------

_ANNEX_WORDS = {
    "none": "no sanitary annex",
    "partitioned": "annex partitioned",
    "unpartitioned": "annex not partitioned",
}


_SHORT: dict[str, dict[str, str]] = {
    "police_safeguards": {
        "notified": "third party notified",
        "lawyer": "lawyer",
        "doctor": "doctor",
        "informed": "informed of rights",
    },
    "natural_light": {"present": "natural light"},
    "ventilation": {"present": "fresh air"},
    "in_cell_sanitation": {"present": "access to a toilet", "private": "privacy"},
    "admission_screening": {"present": "screening on admission"},
}


def _yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else "not checked"


def describe(kind: str, values: Mapping[str, Any]) -> str:
    """A short reading of stored values, e.g. "4 people in 10.0 m² (annex partitioned)"; never raises."""
    try:
        if kind == "cell_space":
            area = _decimal(values.get("area_m2"))
            occupants = _integer(values.get("occupants"))
            head = f"{people(occupants) if occupants is not None else '?'} in {number(area) if area is not None else '?'} m²"
            parts = [f"{head} ({_ANNEX_WORDS.get(values.get('sanitary_annex', ''), 'annex not recorded')})"]
            if (ceiling := _decimal(values.get("ceiling_height_m"))) is not None:
                parts.append(f"ceiling {number(ceiling)} m")
            if (walls := _decimal(values.get("min_wall_distance_m"))) is not None:
                parts.append(f"walls {number(walls)} m apart")
            return ", ".join(parts)
        if kind == "outdoor_exercise":
            return f"{values.get('minutes_per_day', '?')} min of outdoor exercise a day"
        if kind == "solitary_confinement":
            return f"{values.get('days', '?')} days of solitary confinement as a punishment"
        labels = _SHORT.get(kind, {})
        return ", ".join(f"{label}: {_yes_no(values.get(name))}" for name, label in labels.items())
    except (AttributeError, TypeError, ValueError, InvalidOperation):
        return ""
