"""Counts of allegations without identities, safe to show to analysts and to put in reports.

A small count in a small place can identify a person ("the one woman in
block C who complained"). Every count below the suppression threshold is
shown as "fewer than N", never as its exact value, and a total that would let
a reader subtract back to a suppressed cell is suppressed too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SUPPRESS_BELOW = 3


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    count: int | None  # None when suppressed
    threshold: int = SUPPRESS_BELOW

    @property
    def shown(self) -> str:
        return str(self.count) if self.count is not None else f"fewer than {self.threshold}"

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(counts: Mapping[tuple[str, ...], int], *, threshold: int = SUPPRESS_BELOW) -> list[Cell]:
    """Cells sorted by key; counts of 1..threshold-1 are hidden (zero is not a person and is shown)."""
    return [
        Cell(key, count if count == 0 or count >= threshold else None, threshold)
        for key, count in sorted(counts.items())
    ]


def total(cells: Iterable[Cell], exact_total: int, *, threshold: int = SUPPRESS_BELOW) -> Cell:
    """The total row: hidden when exactly one cell is suppressed (it could be recovered by subtraction)."""
    hidden = sum(1 for cell in cells if cell.suppressed)
    shown = exact_total if hidden != 1 and (exact_total == 0 or exact_total >= threshold) else None
    return Cell(("total",), shown, threshold)


def shared_total(
    tables: Iterable[Iterable[Cell]], exact_total: int, *, threshold: int = SUPPRESS_BELOW
) -> Cell:
    """One total for several tables of the same population (by type, by place, by period ...).

    Each table would let a reader subtract back to its single hidden cell, so the
    total is hidden when any table has exactly one hidden cell, and when it is small.
    """
    recoverable = any(sum(1 for cell in cells if cell.suppressed) == 1 for cells in tables)
    shown = exact_total if not recoverable and (exact_total == 0 or exact_total >= threshold) else None
    return Cell(("total",), shown, threshold)
