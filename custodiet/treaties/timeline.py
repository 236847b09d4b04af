"""Answers over a span of days, computed once per change instead of once per day.

Every answer the engine gives carries ``stable_until``: the first later day on which some date it
compared against would make it come out otherwise. A ``Timeline`` walks from one such day to
the next, so that a State's answer for every day of a year costs a handful of evaluations, and
reading one day is a binary search. The coverage view, its chart over the years and "what
changed" read answers through it; a property test checks it against the full evaluation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from custodiet.treaties.coverage import Body, cover
from custodiet.treaties.rules import TreatyEngine


@dataclass(frozen=True)
class Timeline:
    """An answer for every day from ``starts[0]`` to ``end``: ``answers[i]`` holds from ``starts[i]``."""

    starts: tuple[date, ...]
    answers: tuple[str, ...]
    end: date

    def at(self, day: date) -> str:
        if not self.starts[0] <= day <= self.end:
            raise ValueError(f"{day.isoformat()} is outside the timeline ({self.starts[0]} to {self.end})")
        return self.answers[bisect_right(self.starts, day) - 1]

    def spans(self) -> list[tuple[date, date, str]]:
        """(first day, last day, answer) for each run of days with the same answer."""
        ends = [*(start - timedelta(days=1) for start in self.starts[1:]), self.end]
        return list(zip(self.starts, ends, self.answers, strict=True))

    def by_day(self) -> list[str]:
        """The answer of every day from the first to ``end``, in order."""
        days: list[str] = []
        for first, last, answer in self.spans():
            days.extend([answer] * ((last - first).days + 1))
        return days


def _walk(evaluate: Callable[[date], tuple[str, date]], start: date, end: date) -> Timeline:
    starts: list[date] = []
    answers: list[str] = []
    day = start
    while day <= end:
        answer, stable_until = evaluate(day)
        if not answers or answers[-1] != answer:
            starts.append(day)
            answers.append(answer)
        if stable_until <= day:  # the engine promises a later day; never loop on a bad promise
            stable_until = day + timedelta(days=1)
        day = stable_until
    return Timeline(tuple(starts), tuple(answers), end)


def status_timeline(engine: TreatyEngine, state: str, instrument: str, start: date, end: date) -> Timeline:
    """The State's answer under the instrument (bound, not_bound, uncertain, unknown) on every day."""

    def evaluate(day: date) -> tuple[str, date]:
        status = engine.status(state, instrument, day)
        return status.answer, status.stable_until

    return _walk(evaluate, start, end)


def coverage_timeline(
    engine: TreatyEngine, state: str, body: Body, start: date, end: date
) -> Timeline | None:
    """The body's answer for the State (yes, no, uncertain, unknown) on every day; None where the body is a
    national body of another State."""
    if body.state is not None and body.state != state:
        return None

    def evaluate(day: date) -> tuple[str, date]:
        line = cover(engine, state, day, body, today=None)
        assert line is not None
        return line.answer, line.stable_until

    return _walk(evaluate, start, end)
