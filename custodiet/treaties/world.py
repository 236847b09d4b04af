"""Every State at once: who may visit on a date, how that changed over the years, and what changed
between two dates, for one State or for the world.

Pure functions over the engine (custodiet.treaties.rules) and its timelines: a State's answers
are read from a ``Timeline`` built once for the span asked, so that the whole world over decades
costs a few thousand evaluations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from custodiet.treaties.coverage import Body, CoverageLine, cover
from custodiet.treaties.records import Action, Reason, cite
from custodiet.treaties.rules import Status, TreatyEngine
from custodiet.treaties.timeline import coverage_timeline
from custodiet.treaties.words import said

ANSWER_ORDER = ("yes", "uncertain", "unknown", "no")


@dataclass(frozen=True)
class WorldRow:
    """One State on a date: each international body's line."""

    state: str
    lines: dict[str, CoverageLine]


def coverage_table(
    engine: TreatyEngine,
    states: Sequence[str],
    bodies: Sequence[Body],
    on: date,
    *,
    today: date | None = None,
) -> list[WorldRow]:
    """Every State's coverage by every body with no national limit, on one date."""
    wide = [body for body in bodies if body.state is None]
    rows = []
    for state in states:
        lines = {body.code: cover(engine, state, on, body, today=today) for body in wide}
        rows.append(WorldRow(state, {code: line for code, line in lines.items() if line is not None}))
    return rows


def table_counts(rows: Iterable[WorldRow], codes: Sequence[str]) -> dict[str, dict[str, int]]:
    """For each body: how many States answer yes, uncertain, unknown, no."""
    counts = {code: dict.fromkeys(ANSWER_ORDER, 0) for code in codes}
    for row in rows:
        for code in codes:
            if (line := row.lines.get(code)) is not None:
                counts[code][line.answer] += 1
    return counts


@dataclass(frozen=True)
class YearCount:
    year: int
    yes: int
    uncertain: int
    unknown: int


def yearly_counts(
    engine: TreatyEngine, states: Sequence[str], bodies: Sequence[Body], first_year: int, last_year: int
) -> dict[str, list[YearCount]]:
    """For each body with no national limit: the States it may visit on 1 January of each year (and how
    many are uncertain or unknown), read from one timeline per State."""
    start, end = date(first_year, 1, 1), date(last_year, 1, 1)
    found: dict[str, list[YearCount]] = {}
    for body in (body for body in bodies if body.state is None):
        per_year = {
            year: {"yes": 0, "uncertain": 0, "unknown": 0} for year in range(first_year, last_year + 1)
        }
        for state in states:
            timeline = coverage_timeline(engine, state, body, start, end)
            assert timeline is not None
            for year in per_year:
                answer = timeline.at(date(year, 1, 1))
                if answer in per_year[year]:
                    per_year[year][answer] += 1
        found[body.code] = [YearCount(year, **counts) for year, counts in per_year.items()]
    return found


def coverage_by_day(
    engine: TreatyEngine, states: Sequence[str], bodies: Sequence[Body], start: date, end: date
) -> dict[tuple[str, str], list[str]]:
    """Every State's answer by every body on every day from ``start`` to ``end`` (the benchmark's task)."""
    answers = {}
    for state in states:
        for body in bodies:
            timeline = coverage_timeline(engine, state, body, start, end)
            if timeline is not None:
                answers[(state, body.code)] = timeline.by_day()
    return answers


@dataclass(frozen=True)
class Change:
    """One answer that differs between two dates: an instrument's status, or a body's right to visit."""

    state: str
    subject: str  # an instrument code or a body code
    kind: str  # "status" or "coverage"
    before: str
    after: str
    before_summary: str
    after_summary: str
    reasons: tuple[Reason, ...] = ()


@dataclass
class StateChanges:
    state: str
    start: date
    end: date
    changes: list[Change] = field(default_factory=list)
    events: list[Reason] = field(default_factory=list)
    to_or_from_unknown: int = 0  # changes left out because one side is "unknown" (``world_changes``)


def state_changes(
    engine: TreatyEngine,
    state: str,
    bodies: Sequence[Body],
    start: date,
    end: date,
    *,
    instruments: Sequence[str] | None = None,
    today: date | None = None,
) -> StateChanges:
    """What changed for one State from ``start`` to ``end``: statuses, rights to visit, and the acts dated
    between (after ``start``, up to ``end``), each with its source."""
    result = StateChanges(state, start, end)
    codes = instruments if instruments is not None else sorted(engine.instruments)
    for code in codes:
        before, after = (
            engine.status(state, code, start, today=today),
            engine.status(state, code, end, today=today),
        )
        if _differs(before, after):
            result.changes.append(
                Change(
                    state,
                    code,
                    "status",
                    before.answer,
                    after.answer,
                    before.summary,
                    after.summary,
                    after.reasons[:3],
                )
            )
    for body in bodies:
        first, second = (
            cover(engine, state, start, body, today=today),
            cover(engine, state, end, body, today=today),
        )
        if first is None or second is None or first.answer == second.answer:
            continue
        result.changes.append(
            Change(
                state,
                body.code,
                "coverage",
                first.answer,
                second.answer,
                first.reasons[0].text,
                second.reasons[0].text,
                second.reasons[:3],
            )
        )
    result.events = _events(engine, state, codes, start, end)
    return result


def _differs(before: Status, after: Status) -> bool:
    return (before.answer, before.phase) != (after.answer, after.phase)


def _events(engine: TreatyEngine, state: str, codes: Iterable[str], start: date, end: date) -> list[Reason]:
    acts: list[Action] = [
        act for code in codes for act in engine.actions(state, code) if start < act.earliest <= end
    ]
    acts.sort(key=lambda act: act.earliest)
    return [
        cite(
            act,
            said(
                "%(day)s: %(title)s: %(act)s.",
                day=act.day,
                title=engine.spec(act.instrument).short_title,
                act=act.label,
            ),
        )
        for act in acts
    ]


def world_changes(
    engine: TreatyEngine,
    states: Sequence[str],
    bodies: Sequence[Body],
    start: date,
    end: date,
    *,
    instruments: Sequence[str] | None = None,
    include_unknown: bool = False,
) -> list[StateChanges]:
    """``state_changes`` for every State where something changed (statuses, rights or acts).

    Unless ``include_unknown``, a change to or from "unknown" is counted, not listed: for the world
    it mostly says that a chart is complete only to a date, not that anything happened.
    """
    found = []
    for state in states:
        changes = state_changes(engine, state, bodies, start, end, instruments=instruments)
        if not include_unknown:
            known = [item for item in changes.changes if "unknown" not in (item.before, item.after)]
            changes.to_or_from_unknown = len(changes.changes) - len(known)
            changes.changes = known
        if changes.changes or changes.events:
            found.append(changes)
    return found
