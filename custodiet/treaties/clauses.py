"""Final clauses as data: how a treaty enters into force, and how it stops binding a state.

A clause is read from the instrument's reference data (JSON) and knows which
article says so. ``effective_date`` applies the clause's anchor to a date:

- ``first_day_of_month_after_period``: the Council of Europe formula, "the first
  day of the month following the expiration of a period of N months after ...";
- ``after_period``: "N days / one year after ..." (UN treaties);
- ``on_date``: on the day of the deposit itself (ECHR for later ratifications,
  accession to the Statute of the Council of Europe);
- ``end_of_financial_year``: withdrawal from the Council of Europe (Statute,
  Art. 7): the end of the current financial year if notified in its first nine
  months, otherwise the end of the next one. The effect date is the first day on
  which the state is no longer bound (1 January).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

from custodiet.treaties.dates import Period, add_period, first_day_of_month_following_expiry

Anchor = Literal["first_day_of_month_after_period", "after_period", "on_date", "end_of_financial_year"]
ANCHORS: tuple[Anchor, ...] = (
    "first_day_of_month_after_period",
    "after_period",
    "on_date",
    "end_of_financial_year",
)


@dataclass(frozen=True)
class Timing:
    """When an act takes effect, counted from a starting date."""

    anchor: Anchor
    period: Period = field(default_factory=Period)

    def effective_date(self, start: date) -> date:
        if self.anchor == "first_day_of_month_after_period":
            return first_day_of_month_following_expiry(start, self.period)
        if self.anchor == "after_period":
            return add_period(start, self.period)
        if self.anchor == "on_date":
            return start
        # end_of_financial_year: the financial year is the calendar year.
        year = start.year if start.month <= 9 else start.year + 1
        return date(year + 1, 1, 1)

    def describe(self, counted_from: str) -> str:
        if self.anchor == "first_day_of_month_after_period":
            return f"the first day of the month following the expiry of {self.period.describe()} after {counted_from}"
        if self.anchor == "after_period":
            return f"{self.period.describe()} after {counted_from}"
        if self.anchor == "on_date":
            return f"on the date of {counted_from}"
        return (
            f"at the end of the financial year of {counted_from} if it falls in the first nine months, "
            "otherwise at the end of the following financial year"
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Timing:
        anchor = data.get("anchor")
        if anchor not in ANCHORS:
            raise ValueError(f"unknown anchor {anchor!r}; expected one of {', '.join(ANCHORS)}")
        return cls(anchor=cast(Anchor, anchor), period=Period.from_data(data.get("period")))


@dataclass(frozen=True)
class EntryIntoForce:
    """The instrument's own entry into force, and its entry into force for later consents."""

    article: str
    general: Timing
    later: Timing
    later_article: str
    consents_required: int | None  # None: all parties of ``consents_of`` must consent (amending protocols)
    consents_from: str
    in_force_on: date | None  # the recorded date of the general entry into force
    text: str = ""

    def for_consent(self, deposited_on: date) -> date:
        """The date the instrument enters into force for a state that consents on ``deposited_on``."""
        own = self.later.effective_date(deposited_on)
        if self.in_force_on is not None and own < self.in_force_on:
            return self.in_force_on
        return own


@dataclass(frozen=True)
class Denunciation:
    article: str
    notify: str
    timing: Timing
    anchor_event: str = "notification_received"
    not_before: Period | None = None  # e.g. ECHR: not before five years as a party
    not_before_article: str | None = None
    text: str = ""

    @property
    def anchor(self) -> str:
        return self.anchor_event

    def effective_date(self, received_on: date) -> date:
        return self.timing.effective_date(received_on)

    def describe(self) -> str:
        rule = self.timing.describe(f"the date the {self.notify} receives the notification")
        return f"a denunciation takes effect {'on ' if self.timing.anchor == 'first_day_of_month_after_period' else ''}{rule} ({self.article})"


@dataclass(frozen=True)
class MembershipCondition:
    """Being a party depends on membership of an organisation (ECHR Art. 58(3))."""

    instrument: str
    article: str
    timing: Timing
    text: str = ""


@dataclass(frozen=True)
class CommitteeRules:
    body: str
    seats: str | int  # "one_per_party", or a fixed number of members
    seats_article: str
    term_years: int
    term_article: str
    reelections: tuple[tuple[date | None, date | None, int, str], ...] = field(default_factory=tuple)
    # each: (from, until, times re-eligible, article)

    def reelections_allowed(self, on: date) -> tuple[int, str]:
        for start, until, times, article in self.reelections:
            if (start is None or on >= start) and (until is None or on < until):
                return times, article
        raise ValueError(f"no re-election rule covers {on.isoformat()}")


def parse_date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None
