"""Counts without identities: small counts are hidden, and so is a total that would reveal one."""

from __future__ import annotations

from custodiet.testimony.aggregates import shared_total, suppress, suppress_with_complement, total


def test_small_counts_are_shown_as_fewer_than_the_threshold() -> None:
    cells = suppress({("physical",): 7, ("sexual",): 1, ("psychological",): 2, ("restraints",): 0})
    shown = {cell.key[0]: cell.shown for cell in cells}
    assert shown == {
        "physical": "7",
        "sexual": "fewer than 3",
        "psychological": "fewer than 3",
        "restraints": "0",
    }


def test_a_total_that_would_reveal_a_single_hidden_cell_is_hidden() -> None:
    cells = suppress({("physical",): 7, ("sexual",): 1})
    assert total(cells, 8).suppressed


def test_a_total_over_two_hidden_cells_is_shown() -> None:
    cells = suppress({("physical",): 7, ("sexual",): 1, ("psychological",): 2})
    assert total(cells, 10).shown == "10"


def test_the_threshold_can_be_raised_for_small_places() -> None:
    cells = suppress({("physical",): 4}, threshold=5)
    assert cells[0].suppressed


def test_a_total_shared_by_several_tables_is_hidden_when_any_of_them_would_reveal_a_cell() -> None:
    by_type = suppress({("physical",): 7, ("sexual",): 1, ("psychological",): 2})
    by_place = suppress({("A",): 9, ("B",): 1})
    assert total(by_type, 10).shown == "10"
    assert shared_total([by_type, by_place], 10).suppressed
    assert shared_total([by_type], 10).shown == "10"


def test_a_small_shared_total_is_hidden() -> None:
    assert shared_total([suppress({("physical",): 2})], 2).suppressed
    assert shared_total([suppress({})], 0).shown == "0"


def test_a_total_hidden_to_protect_a_cell_says_not_shown_rather_than_fewer_than() -> None:
    hidden = total(suppress({("physical",): 7, ("sexual",): 1}), 8)
    assert hidden.suppressed and hidden.shown == "not shown"
    assert total(suppress({("physical",): 1}), 1).shown == "fewer than 3"


def test_a_lone_hidden_cell_takes_the_smallest_other_cell_with_it() -> None:
    cells = {
        cell.key[0]: cell for cell in suppress_with_complement({("a",): 9, ("b",): 4, ("c",): 1, ("d",): 0})
    }
    assert cells["c"].shown == "fewer than 3" and cells["b"].shown == "not shown"
    assert cells["a"].shown == "9" and cells["d"].shown == "0"
    assert shared_total([list(cells.values())], 14).shown == "14"


def test_two_hidden_cells_need_no_complement() -> None:
    cells = suppress_with_complement({("a",): 9, ("b",): 2, ("c",): 1})
    assert [cell.shown for cell in cells] == ["9", "fewer than 3", "fewer than 3"]
