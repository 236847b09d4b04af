"""The treaty pages' engine answers, computed once for each version of the treaty data and kept.

What the engine says on a page (a State's status under each instrument today and on the day asked, and
who may visit it; an instrument's chart of parties; every State's coverage and the years' chart)
depends only on the treaty data, the question (the State or the instrument, the day asked, today) and,
where the kept value is text already written, the reader's language. The data's part is the token
that database triggers replace on every write to a treaty table (``selectors.data_version``, migration
0005): ``kept`` reads it first, then looks in the cache under a key naming the version and the
question, and only if nothing is kept there asks the engine and keeps its answer. So nothing kept is
read after a write, nor for another day, "today" or language; where no version is recorded (a database
just emptied) nothing is read from the cache nor kept.

The cache is the database's own table (``settings.CACHES``, created by migration 0006): shared by
every web process, worker and application server, so an answer computed by one (or by the job queued
after a write, ``custodiet.treaties.jobs``) is read by all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from custodiet.treaties import selectors, world
from custodiet.treaties.models import State
from custodiet.treaties.plot import coverage_chart
from custodiet.treaties.presenters import chart_rows, coverage_dict, status_dict, world_rows_html
from custodiet.treaties.rules import TreatyEngine

Kept = TypeVar("Kept")
KEPT_FOR = 24 * 3600  # seconds; an answer names its data's version and "today": a day on, nobody reads it
FIRST_YEAR = 1989  # the ECPT's first year in force: the coverage chart starts there
_MISSING = object()


def kept(name: str, *question: str | date, compute: Callable[[], Kept]) -> Kept:
    """``compute()``'s answer to ``question`` for the treaty data as it stands: read from the cache when
    it was kept for this version of the data, otherwise computed and kept. The version is read before
    the data, so what is kept under a version was computed from that data or from newer, never older.
    ``question`` must name everything the answer depends on but the data (and the language, for an
    answer that holds written text)."""
    version = selectors.data_version()
    if version is None:  # no version recorded: nothing kept can be trusted, and nothing is kept
        return compute()
    key = _key(version, name, question)
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return cast(Kept, found)  # what was kept under this key is what compute() gives
    answer = compute()
    cache.set(key, answer, KEPT_FOR)
    return answer


def is_kept(name: str, *question: str | date) -> bool:
    """Whether an answer to ``question`` is kept for the treaty data as it stands (False with no version)."""
    version = selectors.data_version()
    return version is not None and cache.get(_key(version, name, question), _MISSING) is not _MISSING


def _key(version: str, name: str, question: tuple[str | date, ...]) -> str:
    parts = (part.isoformat() if isinstance(part, date) else part for part in question)
    return ":".join(("treaties", name, version, *parts))


def state_answers(state: State, on: date, today: date) -> dict[str, Any]:
    """A State's page, what the engine says: each instrument's status today and on ``on`` (``rows``, in
    the order the instruments were adopted) and who may visit it on either day. Plain values and the
    engine's sentences (said in the reader's language when shown), so kept for every language at once."""
    return kept("state", state.code, on, today, compute=lambda: _state_computed(state, on, today))


def _state_computed(state: State, on: date, today: date) -> dict[str, Any]:
    specs = selectors.instrument_specs()
    engine = selectors.engine_for_state(state, specs)
    bodies = selectors.bodies_for_state(state)
    rows: list[dict[str, Any]] = []
    for spec in sorted(specs.values(), key=lambda spec: spec.adopted_on):
        now = status_dict(engine.status(state.code, spec.code, today, today=today))
        # The page opens on today: the same question is not asked of the engine twice.
        then = now if on == today else status_dict(engine.status(state.code, spec.code, on, today=today))
        rows.append({"spec": spec, "today": now, "on": then})
    coverage_today = engine.coverage(state.code, today, bodies, today=today)
    coverage_on = coverage_today if on == today else engine.coverage(state.code, on, bodies, today=today)
    return {
        "rows": rows,
        "coverage": coverage_dict(coverage_on),
        "coverage_today": coverage_dict(coverage_today),
    }


def instrument_answers(code: str, on: date, today: date) -> dict[str, Any]:
    """An instrument's page, what the engine says: its spec, every State's row of its chart on ``on``
    (``rows``, by name) and the chart loaded (``chart``, None where none is)."""
    return kept("instrument", code, on, today, compute=lambda: _instrument_computed(code, on, today))


def _instrument_computed(code: str, on: date, today: date) -> dict[str, Any]:
    specs = selectors.instrument_specs()
    engine = selectors.engine_for_instrument(code, specs)
    names = dict(State.objects.filter(code__in=engine.states_on_record(code)).values_list("code", "name_en"))
    return {
        "spec": specs[code],
        "rows": chart_rows(engine, code, on, today=today, names=names),
        "chart": engine.chart(code),
    }


COVERAGE = "coverage-world"


def coverage_answer(on: date, today: date) -> dict[str, Any]:
    """The coverage page's answer for ``on``, written in the reader's language (its HTML is kept, so the
    language is part of the question)."""
    written = kept(COVERAGE, on, today, get_language(), compute=lambda: _coverage_written(on, today))
    return {"total": written["total"], "answer": mark_safe(written["answer"])}  # noqa: S308 - the template escaped it


_ENGINE: tuple[str, TreatyEngine] | None = None  # this process's engine over every act, and its data version


def shared_engine() -> TreatyEngine:
    """The engine over every recorded act (``selectors.engine_for_all``), built once in a process for each
    version of the treaty data: building it reads and orders every act (about 140 ms with the reference
    data), asking it a day is a fraction of that. The version is read first, as ``kept`` reads it, so an
    engine is never used for a version older than the data it was built from. Callers only ask it."""
    global _ENGINE
    version = selectors.data_version()
    held = _ENGINE
    if version is not None and held is not None and held[0] == version:
        return held[1]
    engine = selectors.engine_for_all()
    if version is not None:
        _ENGINE = (version, engine)
    return engine


def _years_counted(today: date) -> dict[str, list[world.YearCount]]:
    """The coverage chart's counts by year, from FIRST_YEAR to today's year: the same whatever day the
    page is asked about, so kept apart from it (plain numbers, for every language)."""

    def compute() -> dict[str, list[world.YearCount]]:
        bodies = selectors.international_bodies()
        names = selectors.state_names()
        return world.yearly_counts(
            shared_engine(),
            sorted(names, key=lambda code: names[code]),
            [body for body in bodies if body.basis == "treaty"],
            FIRST_YEAR,
            max(today.year, FIRST_YEAR),
        )

    return kept("coverage-years", today, compute=compute)


def _coverage_written(on: date, today: date) -> dict[str, Any]:
    """Every State's coverage on ``on`` and the years' chart, as the page's HTML (the engine's whole work)."""
    engine = shared_engine()
    bodies = selectors.international_bodies()
    names = selectors.state_names()
    states = sorted(names, key=lambda code: names[code])
    rows = world.coverage_table(engine, states, bodies, on, today=today)
    visiting = [body.code for body in bodies if body.basis == "treaty"]
    counts = _years_counted(today)
    context = {
        "on": on,
        "bodies": visiting,
        "rows": world_rows_html(rows, names, visiting, on),
        "counts": world.table_counts(rows, visiting),
        "years": counts,
        "year_rows": [
            {"year": items[0].year, "cells": items} for items in zip(*counts.values(), strict=True)
        ],
        "chart": mark_safe(coverage_chart(counts, len(states))),  # noqa: S308 - built by plot.py, every text escaped
    }
    return {"total": len(states), "answer": render_to_string("treaties/_coverage_world_answer.html", context)}
