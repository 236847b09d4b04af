"""Comparing claims across sources: corroboration, contradiction, and the event's timeline.

Claims about the same attribute of the same subject (the date of the lower
house's approval of the event's law; the number of visits) are grouped into
readings: claims that can be the same value (29 September 2025, "September 29"
with no year, a year alone that contains it) share a reading; claims that
cannot (a Saturday and 25 August 2025, a Monday) are different readings, and
more than one reading is a contradiction. A reading's count is the number of
independent sources behind it: near-duplicates are one source.

A day and month whose year no document stated take the year of the same day
and month stated by another source for the same attribute, or else the year
nearest to the latest full date stated anywhere in the event; both are marked
inferred.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from custodiet.intake import dates, notes
from custodiet.intake.dates import DateValue
from custodiet.intake.extraction import EffectClaim
from custodiet.intake.steps import ATTRIBUTES, COUNT_ATTRIBUTES


@dataclass(frozen=True)
class Claim:
    """One fact as one source states it."""

    attribute: str
    subject: str
    source: str  # the independent source (near-duplicate group)
    document: int
    sentence: str
    quote: str
    value: DateValue | None = None
    count: int | None = None
    inferred: bool = False
    note: str = ""
    effect: EffectClaim | None = None
    document_title: str = ""

    def shown(self) -> str:
        if self.count is not None:
            return str(self.count)
        return self.value.label() if self.value is not None else ""


@dataclass
class Reading:
    claims: list[Claim] = field(default_factory=list)

    @property
    def best(self) -> Claim:
        return self.claims[0]

    @property
    def sources(self) -> int:
        return len({claim.source for claim in self.claims})

    @property
    def documents(self) -> int:
        return len({claim.document for claim in self.claims})

    @property
    def inferred(self) -> bool:
        return all(claim.inferred for claim in self.claims)

    def accepts(self, claim: Claim) -> bool:
        mine = self.best
        if claim.count is not None or mine.count is not None:
            return claim.count == mine.count
        assert claim.value is not None and mine.value is not None
        return all(claim.value.compatible(other.value) for other in self.claims if other.value is not None)


@dataclass
class Finding:
    """Everything the sources say about one attribute of one subject."""

    attribute: str
    subject: str
    readings: list[Reading]

    @property
    def label(self) -> str:
        return ATTRIBUTES.get(self.attribute, self.attribute)

    @property
    def contradiction(self) -> bool:
        return len(self.readings) > 1

    @property
    def corroborated(self) -> bool:
        return not self.contradiction and self.readings[0].sources > 1

    @property
    def status(self) -> str:
        if self.contradiction:
            return "contradiction"
        return "corroborated" if self.corroborated else "single source"

    @property
    def is_count(self) -> bool:
        return self.attribute in COUNT_ATTRIBUTES

    @property
    def value(self) -> DateValue | None:
        return self.readings[0].best.value

    def sort_key(self) -> tuple[int, int, int, int]:
        value = self.value
        order = list(ATTRIBUTES).index(self.attribute) if self.attribute in ATTRIBUTES else 99
        if value is None:
            return (9999, 12, 31, order)
        year, month, day = value.sort_key()
        return (year or 9998, month or 13, day or 32, order)


def _rank(claim: Claim) -> tuple[int, int]:
    if claim.value is None:
        return (0, 0)
    return (-claim.value.rank, 1 if claim.inferred else 0)


def event_anchor(claims: Iterable[Claim]) -> date | None:
    """The latest full date stated (not inferred) by any source of the event."""
    stated = [c.value.as_date() for c in claims if c.value is not None and not c.inferred]
    known = [day for day in stated if day is not None]
    return max(known) if known else None


def resolve_years(claims: list[Claim], period: date | None = None) -> list[Claim]:
    """Give a year to day-and-month claims from the event's other sources, marked inferred.

    The year is the one another source gives for the same day and month (for the same step first);
    else the year nearest to ``period`` (the event's first publication day: the one nearest to what
    happened, later articles looking back) or, without it, to the
    latest date the event's sources state; a weekday given with the day ("Tuesday, May 20") must
    fall on it.
    """
    anchor = period or event_anchor(claims)
    stated: dict[tuple[int, int], list[tuple[str, str, int]]] = {}
    months: dict[int, Counter[int]] = {}
    for other in claims:
        if other.value is None or other.inferred or other.value.year is None or other.value.month is None:
            continue
        months.setdefault(other.value.month, Counter())[other.value.year] += 1
        if other.value.precision == "day":
            assert other.value.day is not None
            key = (other.value.month, other.value.day)
            stated.setdefault(key, []).append((other.attribute, other.subject, other.value.year))
    resolved: list[Claim] = []
    for claim in claims:
        value = claim.value
        if value is None or value.precision != "day_month":
            resolved.append(claim)
            continue
        assert value.month is not None and value.day is not None
        same = stated.get((value.month, value.day), [])
        exact = [
            year
            for attribute, subject, year in same
            if (attribute, subject) == (claim.attribute, claim.subject)
        ]
        year: int | None
        if exact or same:
            year, note = (
                (exact or [y for _a, _s, y in same])[0],
                notes.YEAR_FROM_OTHER_SOURCE,
            )
        elif anchor is not None:
            year = dates.nearest_year(value.month, value.day, anchor, value.weekday)
            source = notes.YEAR_FROM_LAST_PUBLICATION if period else notes.YEAR_FROM_LATEST_SOURCE_DATE
            note = source % {"anchor": anchor.isoformat()}
        else:
            year = None
        if year is None:
            resolved.append(claim)
            continue
        resolved.append(
            replace(claim, value=DateValue(year, value.month, value.day), inferred=True, note=note)
        )
    return resolved


def compare(claims: Iterable[Claim], period: date | None = None) -> list[Finding]:
    """Findings for every (subject, attribute), dated ones in time order, counts last."""
    everything = resolve_years(
        [claim for claim in claims if claim.value is not None or claim.count is not None], period
    )
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in everything:
        if claim.attribute == "takes_effect" and claim.effect is not None and claim.value is None:
            continue  # an offset from a step is checked against the treaty, not compared as a date
        groups.setdefault((claim.subject, claim.attribute), []).append(claim)
    findings: list[Finding] = []
    for (subject, attribute), members in groups.items():
        readings: list[Reading] = []
        for claim in sorted(members, key=_rank):
            home = next((reading for reading in readings if reading.accepts(claim)), None)
            if home is None:
                readings.append(Reading([claim]))
            else:
                home.claims.append(claim)
        readings.sort(key=lambda reading: -reading.sources)
        findings.append(Finding(attribute, subject, readings))
    findings.sort(key=lambda finding: (finding.is_count, finding.sort_key()))
    return findings


def step_dates(findings: Iterable[Finding], subject: str) -> dict[str, date]:
    """The uncontested day-precise date of each step of ``subject``, for the legal check."""
    steps: dict[str, date] = {}
    for finding in findings:
        if finding.subject != subject or finding.contradiction or finding.value is None:
            continue
        day = finding.value.as_date()
        if day is not None:
            steps[finding.attribute] = day
    return steps
