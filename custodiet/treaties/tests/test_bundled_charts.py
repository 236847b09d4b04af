"""The bundled charts, read as a new install reads them: answers for every State at once.

Pinned samples name the source each row was read in (``data/charts/*.csv``, ``SOURCES-*.md``).
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from custodiet.treaties.bundled import CHARTS_DIR, manifest
from custodiet.treaties.tests.helpers import bodies, bundle, bundled_engine

CPT = next(item for item in bodies() if item.code == "CPT")
SPT = next(item for item in bodies() if item.code == "SPT")


def test_every_chart_in_the_manifest_loads_with_its_completeness() -> None:
    entries = {entry.instrument: entry for entry in manifest()}
    assert {"ETS-001", "ETS-005", "ETS-126", "ETS-151", "ETS-152", "UN-CAT", "UN-OPCAT"} <= set(entries)
    engine = bundled_engine()
    for code, entry in entries.items():
        chart = engine.chart(code)
        assert chart is not None and chart.complete_to == entry.complete_to, code
    assert all(not warnings for warnings in bundle().warnings.values()), bundle().warnings


def test_france_on_2_december_2026_is_open_to_the_cpt_and_the_spt() -> None:
    # ECPT: France's row (senat.fr written answer of 1988, Slovak notice 26/1995); OPCAT: approval of
    # 11 November 2008 read on the APT's country page for France.
    coverage = bundled_engine().coverage("FR", date(2026, 12, 2), bodies())
    assert coverage.mechanisms == ["CPT", "SPT"]
    spt = next(line for line in coverage.lines if line.body.code == "SPT")
    assert spt.reasons[0].article == "Articles 4, 11 and 12-14 OPCAT"


def test_opcat_has_at_least_90_parties_and_uncat_at_least_170_on_1_january_2026() -> None:
    engine = bundled_engine()
    assert len(engine.parties("UN-OPCAT", date(2026, 1, 1))) >= 90
    assert len(engine.parties("UN-CAT", date(2026, 1, 1))) >= 170


def test_party_counts_match_the_counts_published_on_those_dates() -> None:
    # SOURCES-un.md: OPCAT had 32 parties in February 2007 (OMCT's list) and 91 in April 2022 (Latvia,
    # 10 Dec 2021, the last); humanrights.ch counted 47 ECPT parties on 5 May 2022.
    engine = bundled_engine()
    assert len(engine.parties("UN-OPCAT", date(2007, 2, 28))) == 32
    assert len(engine.parties("UN-OPCAT", date(2022, 4, 30))) == 91
    assert len(engine.parties("ETS-126", date(2022, 5, 5))) == 47


def test_russia_after_1_october_2026_is_uncertain_with_the_window() -> None:
    engine = bundled_engine()
    for day in (date(2026, 12, 2), date(2027, 6, 1), date(2028, 1, 1)):
        status = engine.status("RU", "ETS-126", day)
        assert status.answer == "uncertain"
        assert status.window is not None and status.window.first == date(2026, 10, 1)
        line = engine.coverage("RU", day, [CPT]).lines[0]
        assert (line.answer, line.covers) == ("uncertain", False)
    assert engine.status("RU", "ETS-126", date(2026, 9, 30)).answer == "bound"


# (State, first 1 January on which the CPT may visit, the source the row was read in)
CPT_SAMPLE = [
    ("AT", 1990, "RIS, BGBl. Nr. 74/1989: in force 1 May 1989"),
    ("CH", 1990, "humanrights.ch and the Federal Department of Justice: in force 1 February 1989"),
    ("DE", 1991, "Slovak notice 26/1995 Z.z.: deposit 21 February 1990, in force 1 June 1990"),
    ("ES", 1990, "BOE text on vLex: in force 1 September 1989"),
    ("NO", 1990, "Norwegian treaty register: in force 1 August 1989"),
    ("SI", 1995, "Uradni list: in force 1 June 1994"),
    ("SK", 1995, "Slov-Lex, notice 26/1995 Z.z.: in force 1 September 1994"),
    ("GE", 2001, "Council of Europe declarations page: in force 1 October 2000"),
    ("AZ", 2003, "Council of Europe declarations page: in force 1 August 2002"),
    ("RU", 1999, "Kommersant, 2025: a Party from 1 September 1998"),
]


@pytest.mark.parametrize(("state", "first_year", "source"), CPT_SAMPLE)
def test_the_cpt_answer_on_1_january_of_each_year_for_a_sample_pinned_to_its_sources(
    state: str, first_year: int, source: str
) -> None:
    engine = bundled_engine()
    answers = {
        year: engine.coverage(state, date(year, 1, 1), [CPT]).lines[0].answer for year in range(1989, 2027)
    }
    assert answers == {year: "yes" if year >= first_year else "no" for year in answers}, source


def _chart_rows(name: str) -> list[dict[str, str]]:
    with (CHARTS_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_cpt_answer_for_every_member_state_and_russia_on_1_january_1989_to_2026() -> None:
    """Every member of the Council of Europe on 1 January 2026 and Russia, every year: the engine's answer
    is the one the ECPT chart's own entry-into-force column gives (no State has denounced the ECPT;
    Russia's denunciation could take effect no earlier than 1 October 2026)."""
    engine = bundled_engine()
    members = set(engine.parties("ETS-001", date(2026, 1, 1)))
    assert len(members) == 46 and "RU" not in members
    rows = {row["state"]: date.fromisoformat(row["entry_into_force"]) for row in _chart_rows("ets-126.csv")}
    assert members | {"RU"} <= set(rows)
    wrong = []
    for state in sorted(members | {"RU"}):
        for year in range(1989, 2027):
            on = date(year, 1, 1)
            expected = "yes" if rows[state] <= on else "no"
            got = engine.coverage(state, on, [CPT]).lines[0]
            if got.answer != expected:
                wrong.append(f"{state} {year}: {got.answer}, expected {expected}")
    assert wrong == []


def test_an_unverified_row_is_shown_as_unverified() -> None:
    # Andorra's ECPT dates are recalled from the Council of Europe chart, not read in a source.
    status = bundled_engine().status("AD", "ETS-126", date(1997, 5, 1))
    assert (status.answer, status.confidence) == ("bound", "uncertain")


def test_a_state_outside_every_chart_is_unknown_after_the_charts_dates_not_not_bound() -> None:
    engine = bundled_engine()
    assert engine.status("US", "UN-OPCAT", date(2020, 1, 1)).answer == "not_bound"
    assert engine.status("US", "UN-OPCAT", date(2026, 1, 1)).answer == "unknown"


def test_greece_left_the_council_of_europe_and_the_echr_and_came_back() -> None:
    engine = bundled_engine()
    assert engine.status("GR", "ETS-005", date(1972, 1, 1)).answer == "not_bound"
    assert engine.status("GR", "ETS-001", date(1972, 1, 1)).ending == "withdrawal"
    assert engine.status("GR", "ETS-005", date(1980, 1, 1)).answer == "bound"


def test_docs_list_each_chart_with_its_coverage_and_its_unverified_rows_as_the_files_say() -> None:
    """docs/treaties.md must stay true: regenerate its table with `custodiet treaty charts`."""
    from pathlib import Path

    from custodiet.treaties.bundled import chart_reports

    docs = (Path(__file__).resolve().parents[3] / "docs" / "treaties.md").read_text(encoding="utf-8")
    stale = [report.entry.file for report in chart_reports() if report.markdown() not in docs]
    assert stale == [], f"docs/treaties.md is out of date for {stale}: run `custodiet treaty charts`"
