"""Counts of allegations without identities, safe to show to analysts and to put in reports.

A small count in a small place can identify a person ("the one woman in
block C who complained"). Every count below the suppression threshold is
shown as "fewer than N", never as its exact value, and a total that would let
a reader subtract back to a suppressed cell is suppressed too.

Where a table would hide exactly one cell, ``suppress_with_complement`` hides
a second one as well (the smallest shown, non-zero), so that a total known
from elsewhere (another table of the same allegations) cannot be subtracted
back to the small one. A cell or total hidden for that reason is shown as
"not shown", never as "fewer than N", which would be untrue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

SUPPRESS_BELOW = 3
SMALL = "small"  # hidden because it is below the threshold
COMPLEMENT = "complement"  # hidden so that a small cell cannot be worked out from it


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    count: int | None  # None when suppressed
    threshold: int = SUPPRESS_BELOW
    why: str = SMALL  # when suppressed: SMALL or COMPLEMENT

    @property
    def shown(self) -> str:
        if self.count is not None:
            return str(self.count)
        return f"fewer than {self.threshold}" if self.why == SMALL else "not shown"

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(counts: Mapping[tuple[str, ...], int], *, threshold: int = SUPPRESS_BELOW) -> list[Cell]:
    """Cells sorted by key; counts of 1..threshold-1 are hidden (zero is not a person and is shown)."""
    return [
        Cell(key, count if count == 0 or count >= threshold else None, threshold)
        for key, count in sorted(counts.items())
    ]


def suppress_with_complement(
    counts: Mapping[tuple[str, ...], int], *, threshold: int = SUPPRESS_BELOW
) -> list[Cell]:
    """As ``suppress``; and where exactly one cell is hidden, the smallest shown non-zero cell too."""
    cells = suppress(counts, threshold=threshold)
    if sum(1 for cell in cells if cell.suppressed) != 1:
        return cells
    candidates = [cell for cell in cells if cell.count]
    if not candidates:
        return cells
    smallest = min(candidates, key=lambda cell: (cell.count, cell.key))
    return [replace(cell, count=None, why=COMPLEMENT) if cell is smallest else cell for cell in cells]


def total(cells: Iterable[Cell], exact_total: int, *, threshold: int = SUPPRESS_BELOW) -> Cell:
    """The total row: hidden when exactly one cell is suppressed (it could be recovered by subtraction)."""
    hidden = sum(1 for cell in cells if cell.suppressed)
    return _total(hidden == 1, exact_total, threshold)


def shared_total(
    tables: Iterable[Iterable[Cell]], exact_total: int, *, threshold: int = SUPPRESS_BELOW
) -> Cell:
    """One total for several tables of the same population (by type, by place, by period ...).

    Each table would let a reader subtract back to its single hidden cell, so the
    total is hidden when any table has exactly one hidden cell, and when it is small.
    """
    recoverable = any(sum(1 for cell in cells if cell.suppressed) == 1 for cells in tables)
    return _total(recoverable, exact_total, threshold)


def _total(recoverable: bool, exact_total: int, threshold: int) -> Cell:
    if 0 < exact_total < threshold:
        return Cell(("total",), None, threshold, SMALL)
    if recoverable:
        return Cell(("total",), None, threshold, COMPLEMENT)
    return Cell(("total",), exact_total, threshold)
