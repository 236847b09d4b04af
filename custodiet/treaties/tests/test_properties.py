"""Properties over random records: no hindsight, and status, coverage, parties and timelines agree.

Hypothesis draws States' records (any acts, in any order, at any precision, on any instrument,
endings with and without a recorded effect day, domestic laws, declarations) and charts complete
to random dates, then checks, for random dates:

- an answer never depends on an act dated after the date asked about (only ``later`` lists them);
- a body's coverage line says what the instrument's status says;
- ``parties`` lists a State exactly when its answer is "bound";
- a timeline built once reads the same answer as the full evaluation, day by day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custodiet.treaties.coverage import FROM_STATUS
from custodiet.treaties.records import Action, Completeness
from custodiet.treaties.rules import TreatyEngine
from custodiet.treaties.tests.helpers import SPECS, body
from custodiet.treaties.timeline import coverage_timeline, status_timeline

STATES = ("FR", "RU", "GR")
INSTRUMENTS = ("ETS-001", "ETS-005", "ETS-126", "ETS-151", "UN-CAT", "UN-OPCAT")
KINDS = (
    "signature",
    "ratification",
    "accession",
    "succession",
    "entry_into_force",
    "denunciation",
    "withdrawal",
    "cessation",
    "expulsion",
    "declaration",
    "declaration_withdrawn",
    "denunciation_law_signed",
    "denunciation_proposed",
    "ratification_law_signed",
)
DAYS = st.dates(min_value=date(1945, 1, 1), max_value=date(2040, 12, 31))
RUN = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def actions(draw: Any) -> list[Action]:
    found = []
    for _ in range(draw(st.integers(min_value=0, max_value=14))):
        instrument = draw(st.sampled_from(INSTRUMENTS))
        kind = draw(st.sampled_from(KINDS))
        on = draw(DAYS)
        codes = sorted(SPECS[instrument].declarations) or ["art28"]
        found.append(
            Action(
                state=draw(st.sampled_from(STATES)),
                instrument=instrument,
                kind=kind,
                on=on,
                precision=draw(st.sampled_from(("day", "day", "month", "year"))),
                confidence=draw(st.sampled_from(("certain", "sourced", "uncertain", "disputed"))),
                source="generated",
                effective_on=draw(st.one_of(st.none(), st.dates(min_value=on, max_value=date(2045, 1, 1)))),
                detail=draw(st.sampled_from(codes)) if kind.startswith("declaration") else "",
                until=draw(st.one_of(st.none(), st.dates(min_value=on, max_value=date(2045, 1, 1))))
                if kind == "declaration"
                else None,
            )
        )
    return found


@st.composite
def charts(draw: Any) -> list[Completeness]:
    found = [
        Completeness(instrument, draw(st.one_of(st.none(), DAYS)), "https://example.org/chart")
        for instrument in INSTRUMENTS
        if draw(st.booleans())
    ]
    found.extend(
        Completeness(draw(st.sampled_from(INSTRUMENTS)), draw(DAYS), "https://example.org/list", state=state)
        for state in STATES
        if draw(st.booleans())
    )
    return found


def comparable(status: Any) -> Any:
    """A status without what may mention later acts: the labelled "known later" part and the next change."""
    return replace(status, later=(), stable_until=date.max)


@RUN
@given(actions(), charts(), DAYS, st.sampled_from(STATES), st.sampled_from(INSTRUMENTS))
def test_an_answer_never_depends_on_an_act_dated_after_the_date_asked_about(
    record: list[Action], completeness: list[Completeness], on: date, state: str, instrument: str
) -> None:
    everything = TreatyEngine(SPECS, record, completeness)
    known_then = TreatyEngine(SPECS, [act for act in record if act.earliest <= on], completeness)
    today = date(2026, 11, 22)
    full = everything.status(state, instrument, on, today=today)
    assert comparable(full) == comparable(known_then.status(state, instrument, on, today=today))
    assert len(full.later) == sum(
        1 for act in record if (act.state, act.instrument) == (state, instrument) and act.earliest > on
    )


@RUN
@given(actions(), charts(), DAYS, st.sampled_from(STATES))
def test_status_coverage_and_parties_agree(
    record: list[Action], completeness: list[Completeness], on: date, state: str
) -> None:
    engine = TreatyEngine(SPECS, [act for act in record if act.kind != "declaration"], completeness)
    for code, instrument in (("CPT", "ETS-126"), ("SPT", "UN-OPCAT")):
        status = engine.status(state, instrument, on)
        line = engine.coverage(state, on, [body(code)]).lines[0]
        assert line.answer == FROM_STATUS[status.answer], (code, status.summary, line.reasons[0].text)
        assert (state in engine.parties(instrument, on)) == (status.answer == "bound")


@RUN
@given(actions(), charts(), st.sampled_from(STATES), st.sampled_from(INSTRUMENTS), DAYS, st.integers(0, 4000))
def test_a_timeline_reads_what_the_full_evaluation_says_on_every_day(
    record: list[Action],
    completeness: list[Completeness],
    state: str,
    instrument: str,
    start: date,
    span: int,
) -> None:
    engine = TreatyEngine(SPECS, record, completeness)
    end = start + timedelta(days=span)
    timeline = status_timeline(engine, state, instrument, start, end)
    for first, last, answer in timeline.spans():
        for day in {first, last, first + (last - first) // 2}:
            assert engine.status(state, instrument, day).answer == answer, (day, timeline.spans())
    cpt = coverage_timeline(engine, state, body("SPT"), start, end)
    assert cpt is not None
    for first, last, answer in cpt.spans():
        for day in {first, last}:
            assert engine.coverage(state, day, [body("SPT")]).lines[0].answer == answer


def test_every_day_of_a_timeline_agrees_with_the_full_evaluation_on_the_bundled_record() -> None:
    """The same check, exhaustively, on Russia's real record around its denunciation law."""
    from custodiet.treaties.tests.helpers import bundled_engine

    engine = bundled_engine()
    start, end = date(2025, 1, 1), date(2027, 12, 31)
    for instrument in ("ETS-126", "ETS-151", "ETS-005", "ETS-001", "UN-OPCAT"):
        timeline = status_timeline(engine, "RU", instrument, start, end)
        day = start
        while day <= end:
            assert timeline.at(day) == engine.status("RU", instrument, day).answer, (instrument, day)
            day += timedelta(days=1)
