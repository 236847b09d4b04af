"""The clock is one seam: no module reads the system clock but custodiet.core.clock, and the suite freezes it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import time_machine

from custodiet.conftest import FROZEN_AT
from custodiet.core import clock as the_clock

PACKAGE = Path(__file__).resolve().parents[2]
READS_THE_CLOCK = re.compile(
    r"timezone\.(now|localdate|localtime)\(\s*\)"
    r"|\b(date|datetime)\.(today|now|utcnow)\("
    r"|\btime\.time\(\)"
    r"|timezone\.(now|localdate)\b(?!\()"  # passed as a callable, e.g. a form's initial
)


def test_no_module_but_the_clock_reads_the_system_clock() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts) or relative.as_posix() in (
            "core/clock.py",
            "conftest.py",
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if READS_THE_CLOCK.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "read the date through custodiet.core.clock:\n" + "\n".join(offenders)


def test_the_suite_runs_on_its_frozen_date_whatever_the_real_one() -> None:
    assert the_clock.today() == FROZEN_AT.date() == date(2026, 11, 22)


def test_a_test_can_move_the_clock(clock: time_machine.Traveller) -> None:
    clock.move_to(date(2031, 6, 1))
    assert the_clock.today() == date(2031, 6, 1)


def test_today_or_keeps_a_date_the_caller_named() -> None:
    assert the_clock.today_or(date(2000, 1, 1)) == date(2000, 1, 1)
    assert the_clock.today_or(None) == FROZEN_AT.date()
