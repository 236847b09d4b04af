"""Standards as data, and the threshold arithmetic that turns a measurement into breaches.

Pure functions over plain values; no database and no Django. The catalogue is
``data/standards.json``: ``spec_from_data`` turns one entry into a typed
``StandardSpec`` whose rule names values of its kind of measurement (the field
table, ``custodiet.standards.measures.FIELDS``). ``evaluate`` checks the values
(``measures.clean_values``, which refuses impossible ones) and returns one
``Breach`` per standard crossed, whose text says which standard, by how much and
where.

Space per person is rounded *down* to 0.01, so that a cell that falls short of a
minimum always shows a shortfall of at least 0.01 m². A threshold is crossed
strictly: exactly 4 m² per person meets a 4 m² minimum. Booleans mean what the
delegation established: ``False`` is a breach; a value left out (or ``None``) was
not checked and is never a breach.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from custodiet.standards.measures import CENT, FIELDS, clean_values, number, people, plain

DATA_FILE = Path(__file__).resolve().parent / "data" / "standards.json"
SEVERITIES = ("grave", "serious", "moderate")


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
        if name not in names or not names[name].is_number:
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


def _sentence(where: str, body: str) -> str:
    if where.strip():
        return f"{where.strip()}: {body}"
    return body[:1].upper() + body[1:]


def _unmeasured(spec: StandardSpec, where: str, body: str) -> Breach:
    """The breach of a standard that sets no number: the words only."""
    return Breach(
        standard=spec.code,
        severity=spec.severity,
        observed=None,
        required=None,
        unit="",
        shortfall=None,
        text=_sentence(where, f"{body} ({spec.citation})"),
    )


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
    return _unmeasured(spec, where, body)


def _booleans(spec: StandardSpec, rule: MustBeTrue, values: Mapping[str, Any], where: str) -> Breach | None:
    failed = [spec.failures[name] for name in rule.fields if values.get(name) is False]
    if not failed:
        return None
    return _unmeasured(spec, where, "; ".join(failed))


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
