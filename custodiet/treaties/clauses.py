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
from functools import cached_property
from typing import Any, Literal, cast

from django.utils.translation import gettext_noop as _  # marks a message; a Said translates it when shown

from custodiet.treaties.dates import Period, add_months, add_period, first_day_of_month_following_expiry
from custodiet.treaties.words import Said, Word, said

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

    def leap_day_note(self, start: date) -> Said | None:
        """A sentence when ``start`` is 29 February and the period ends in a year without one.

        The engine counts a period of months or years to the same day number, or to the last day
        of a shorter month: a notification received on 29 February 2028 under a "one year after"
        clause takes effect on 28 February 2029, not on 1 March (see docs/treaties.md).
        """
        if self.anchor == "on_date" or self.anchor == "end_of_financial_year":
            return None
        if (start.month, start.day) != (2, 29) or self.period.days:
            return None
        landed = add_months(start, self.period.years * 12 + self.period.months)
        if landed.day == 29:
            return None
        return said(
            _(
                "%(start)s is 29 February and %(year)s has none: a period counted in months or years ends "
                "on the same day number or, where the month is shorter, on its last day, so the period ends "
                "on %(end)s (a depositary reading it as 1 March would differ by one day)."
            ),
            start=start,
            year=landed.year,
            end=landed,
        )

    def describe(self, counted_from: str) -> Said:
        """When the act takes effect, counted from ``counted_from`` (a phrase: "the date of ...")."""
        period = self.period.describe()
        if self.anchor == "first_day_of_month_after_period":
            return said(
                _("the first day of the month following the expiry of %(period)s after %(start)s"),
                period=period,
                start=counted_from,
            )
        if self.anchor == "after_period":
            return said(_("%(period)s after %(start)s"), period=period, start=counted_from)
        if self.anchor == "on_date":
            return said(_("on the date of %(start)s"), start=counted_from)
        return said(
            _(
                "at the end of the financial year of %(start)s if it falls in the first nine months, "
                "otherwise at the end of the following financial year"
            ),
            start=counted_from,
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
    """The treaty's own way out by notification: a denunciation, or a withdrawal (Statute Art. 7)."""

    article: str
    notify: str
    timing: Timing
    anchor_event: str = "notification_received"
    not_before: Period | None = None  # e.g. ECHR: not before five years as a party
    not_before_article: str | None = None
    text: str = ""
    kind: str = "denunciation"  # the word the treaty uses: "denunciation" or "withdrawal"

    @property
    def anchor(self) -> str:
        return self.anchor_event

    def effective_date(self, received_on: date) -> date:
        return self.timing.effective_date(received_on)

    def describe(self) -> Said:
        """The clause in words (made once per clause)."""
        return self._described

    @cached_property
    def _described(self) -> Said:
        """ "a denunciation takes effect on the first day of the month following ... (Article 22)"."""
        received = said(
            _("the date the %(depositary)s receives the notification"), depositary=Word(self.notify)
        )
        rule = self.timing.describe(received)
        parts = {"kind": Word(self.kind), "rule": rule, "article": self.article}
        if self.timing.anchor == "first_day_of_month_after_period":
            return said(_("a %(kind)s takes effect on %(rule)s (%(article)s)"), **parts)
        return said(_("a %(kind)s takes effect %(rule)s (%(article)s)"), **parts)


@dataclass(frozen=True)
class EndingClause:
    """An ending that is no notification by the State: a decision (Statute Art. 8) or a treaty rule
    (ECHR Art. 58(3)); ``text`` says what the article provides."""

    kind: str
    article: str
    text: str = ""


@dataclass(frozen=True)
class DeclarationRule:
    """A declaration that changes what a body may do in the declaring State.

    ``suspends``: kinds of bodies whose work under the instrument is postponed while it applies
    (OPCAT Art. 24, Part III: the SPT, "international"; Part IV: the national preventive mechanism);
    ``may_suspend``: the declaration's record does not say which part, so those bodies' answer is
    uncertain while it may apply; ``limits``: kinds of bodies whose procedure it excludes without
    touching a right to visit (UNCAT Art. 28(1): the Art. 20 inquiry). A declaration with no end
    recorded applies for ``max_period`` from the entry into force, and may have been extended by
    ``extension``.
    """

    code: str
    article: str
    text: str
    suspends: tuple[str, ...] = ()
    may_suspend: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    max_period: Period | None = None
    extension: Period | None = None


@dataclass(frozen=True)
class SeatRule:
    """How many seats a committee with a fixed size has, from a date (``precision``: how well it is known)."""

    seats: int
    since: date | None
    article: str
    precision: str = "day"


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

    seat_rules: tuple[SeatRule, ...] = field(default_factory=tuple)

    def fixed_seats(self, on: date) -> SeatRule | None:
        """The fixed size on a date, for a committee whose size does not follow its parties."""
        rules = [rule for rule in self.seat_rules if rule.since is None or rule.since <= on]
        return rules[-1] if rules else None

    def reelections_allowed(self, on: date) -> tuple[int, str]:
        for start, until, times, article in self.reelections:
            if (start is None or on >= start) and (until is None or on < until):
                return times, article
        raise ValueError(f"no re-election rule covers {on.isoformat()}")


def parse_date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None
