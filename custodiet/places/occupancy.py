"""Occupancy: how many people a place held on a date, over the official capacity in force then.

Pure functions over dated figures; no database access. The figure used for a
date is the latest one on or before it; the capacity in force is the figure's
own capacity where one was recorded with it, else the place's capacity. Where
either is missing the occupancy is unknown, and the result says why, instead of
pretending to a number. Every result says how old its figure is.

Its words (``label``, ``reason``, ``summary``, ``age``) are ``Said`` sentences (custodiet.treaties.words):
English with ISO dates for the API and the terminal, the reader's language on a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown
from django.utils.translation import ngettext

from custodiet.treaties.words import Number, Said, Word, said

STALE_AFTER_DAYS = 365  # a figure older than this is shown as stale
NEAR_CAPACITY = Decimal("0.9")


@dataclass(frozen=True)
class Figure:
    """One dated population figure, with the capacity recorded with it if any."""

    on: date
    population: int
    capacity: int | None = None
    source: str = ""


class Level(StrEnum):
    UNKNOWN = "unknown"
    WITHIN = "within"  # below 90 % of capacity
    NEAR = "near"  # 90 % to 100 %
    OVER = "over"  # more people than places: overcrowded


LEVEL_LABELS = {
    Level.UNKNOWN: _("unknown"),
    Level.WITHIN: _("within capacity"),
    Level.NEAR: _("near capacity"),
    Level.OVER: _("over capacity"),
}
LEVEL_BADGES = {Level.UNKNOWN: "neutral", Level.WITHIN: "good", Level.NEAR: "warn", Level.OVER: "bad"}
# Why an occupancy is unknown: the reason in a sentence, and in two or three words for a table cell.
UNKNOWN_BECAUSE = {
    "figure": (_("no population figure on or before %(date)s"), _("no figure")),
    "capacity": (_("no official capacity is known"), _("no capacity")),
    "zero": (_("the official capacity is recorded as 0"), _("capacity 0")),
}


@dataclass(frozen=True)
class Occupancy:
    on: date
    population: int | None
    capacity: int | None
    figure_on: date | None
    capacity_from: str  # "figure", "place" or "" when no capacity is known
    source: str = ""

    @property
    def known(self) -> bool:
        return self.ratio is not None

    @property
    def ratio(self) -> Decimal | None:
        if self.population is None or not self.capacity:
            return None
        return (Decimal(self.population) / Decimal(self.capacity)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def percent(self) -> Decimal | None:
        if self.population is None or not self.capacity:
            return None
        return (Decimal(100 * self.population) / Decimal(self.capacity)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def level(self) -> Level:
        return _level(self.population, self.capacity)

    @property
    def label(self) -> Said:
        return said("%(label)s", label=Word(LEVEL_LABELS[self.level]))

    @property
    def badge(self) -> str:
        return LEVEL_BADGES[self.level]

    @property
    def age_days(self) -> int | None:
        return None if self.figure_on is None else (self.on - self.figure_on).days

    @property
    def stale(self) -> bool:
        return self.age_days is not None and self.age_days > STALE_AFTER_DAYS

    @property
    def age(self) -> Said:
        """How old the figure is on the date asked about, in words."""
        return describe_age(self.age_days)

    def _missing(self) -> str:
        """What leaves the occupancy unknown (a key of ``UNKNOWN_BECAUSE``); empty when it is known."""
        if self.figure_on is None:
            return "figure"
        if self.capacity is None:
            return "capacity"
        return "zero" if self.capacity == 0 else ""

    @property
    def reason(self) -> Said:
        """Why the occupancy is unknown; empty when it is known."""
        missing = self._missing()
        if missing == "figure":
            return said(UNKNOWN_BECAUSE[missing][0], date=self.on)
        return said(UNKNOWN_BECAUSE[missing][0] if missing else "")

    @property
    def short_reason(self) -> Said:
        """The reason in two or three words, for a table cell."""
        missing = self._missing()
        return said(UNKNOWN_BECAUSE[missing][1] if missing else "")

    @property
    def summary(self) -> Said:
        """One line for pages and the terminal."""
        if not self.known:
            if self.population is not None:
                return said(
                    _("unknown: %(number)s held; %(reason)s"),
                    number=Number(self.population),
                    reason=self.reason,
                )
            return said(_("unknown: %(reason)s"), reason=self.reason)
        assert self.figure_on is not None and self.capacity is not None and self.population is not None
        assert self.percent is not None
        return said(
            _("%(percent)s %% (%(number)s held for %(capacity)s places), figure of %(date)s, %(age)s"),
            percent=Number(self.percent, grouped=False),
            number=Number(self.population),
            capacity=Number(self.capacity),
            date=self.figure_on,
            age=self.age,
        )


def _level(population: int | None, capacity: int | None) -> Level:
    if population is None or not capacity:
        return Level.UNKNOWN
    if population > capacity:
        return Level.OVER
    if Decimal(population) >= NEAR_CAPACITY * capacity:
        return Level.NEAR
    return Level.WITHIN


def describe_age(days: int | None) -> Said:
    """How old a figure is: "same day", "12 days old", "about 5 months old", "about 3 years old"."""
    if days is None:
        return said(_("no figure"))
    if days == 0:
        return said(_("same day"))
    if days < 62:
        return Said("%(count)s day old", {"count": days}, plural="%(count)s days old", count=days)
    if days < 730:
        months = round(days / 30.44)
        return Said(
            "about %(count)s month old", {"count": months}, plural="about %(count)s months old", count=months
        )
    years = round(days / 365.25)
    return Said("about %(count)s year old", {"count": years}, plural="about %(count)s years old", count=years)


def _marked() -> None:  # never called: makemessages reads the plural messages of describe_age here
    ngettext("%(count)s day old", "%(count)s days old", 1)
    ngettext("about %(count)s month old", "about %(count)s months old", 1)
    ngettext("about %(count)s year old", "about %(count)s years old", 1)


def latest_on_or_before(figures: Iterable[Figure], on: date) -> Figure | None:
    """The latest figure dated on or before ``on``, or None."""
    best: Figure | None = None
    for figure in figures:
        if figure.on <= on and (best is None or figure.on > best.on):
            best = figure
    return best


def capacity_in_force(figure: Figure | None, place_capacity: int | None) -> tuple[int | None, str]:
    """The figure's own capacity where recorded, else the place's; and which one it was."""
    if figure is not None and figure.capacity is not None:
        return figure.capacity, "figure"
    if place_capacity is not None:
        return place_capacity, "place"
    return None, ""


def occupancy_on(figures: Iterable[Figure], *, place_capacity: int | None, on: date) -> Occupancy:
    """Occupancy on a date: the latest figure on or before it over the capacity in force."""
    figure = latest_on_or_before(figures, on)
    capacity, capacity_from = capacity_in_force(figure, place_capacity)
    return Occupancy(
        on=on,
        population=figure.population if figure else None,
        capacity=capacity,
        figure_on=figure.on if figure else None,
        capacity_from=capacity_from,
        source=figure.source if figure else "",
    )


@dataclass(frozen=True)
class Point:
    """One point of the occupancy history: a figure on its own date."""

    on: date
    population: int
    capacity: int | None
    percent: Decimal | None

    @property
    def level(self) -> Level:
        return _level(self.population, self.capacity)

    @property
    def badge(self) -> str:
        return LEVEL_BADGES[self.level]


def occupancy_history(figures: Sequence[Figure], *, place_capacity: int | None) -> list[Point]:
    """Occupancy at every figure, oldest first; ``percent`` is None where no capacity is known."""
    points = []
    for figure in sorted(figures, key=lambda item: item.on):
        result = occupancy_on([figure], place_capacity=place_capacity, on=figure.on)
        points.append(Point(figure.on, figure.population, result.capacity, result.percent))
    return points
