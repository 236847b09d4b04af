"""Imports that stream: the header is checked before any row is read, and a file that would cost too much
time or memory (a zip bomb, too many rows) is refused before it does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from custodiet.core.errors import ImportRejected
from custodiet.places import importing
from custodiet.places.importing import parse_file, read_table
from custodiet.places.xlsxgen import write_xlsx

TODAY = date(2026, 11, 22)
LOOKUP = {"ru": "RU", "rus": "RU", "russian federation": "RU"}
HEADER = ["ref", "name_local", "type", "state"]


def _rows(count: int) -> Iterator[list[Any]]:
    yield HEADER
    for number in range(1, count + 1):
        yield [f"RU-{number}", f"Изолятор {number}", "pre_trial", "RU"]


def _parse(path: Path) -> Any:
    return parse_file(path.read_bytes(), name=path.name, state_lookup=LOOKUP, today=TODAY)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(importing, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    bomb = write_xlsx(tmp_path / "bomb.xlsx", ("<row/>" for _ in range(400_000)), level=9)
    assert bomb.stat().st_size < 64 * 1024  # a few kilobytes that unpack to megabytes
    with pytest.raises(ImportRejected) as refused:
        _parse(bomb)
    assert refused.value.problems[0][0] == 1
    assert "unpacks to" in refused.value.problems[0][1] and "1 MB" in refused.value.problems[0][1]


def test_a_wrong_header_is_refused_before_the_rows_are_read(tmp_path: Path) -> None:
    # The sheet breaks off into broken XML thousands of rows down: a reader that reads every row before
    # checking the header fails there; this one never gets that far.
    sheet = ['<row r="1"><c r="A1" t="inlineStr"><is><t>not a register</t></is></c></row>']
    sheet += [f'<row r="{line}"><c r="A{line}"><v>{line}</v></c></row>' for line in range(2, 5000)]
    sheet += ['<row r="5000"><c r="A5000" t="inlineStr"><is><t>x</t></is></c>'] + ["<junk>"] * 10
    path = write_xlsx(tmp_path / "wrong.xlsx", sheet, dimension="A1:A5000")
    with pytest.raises(ImportRejected) as refused:
        _parse(path)
    assert "the header lacks the column(s) ref, name_local, type, state" in refused.value.problems[0][1]


def test_a_sheet_of_empty_lines_is_refused_without_reading_them_all(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", ("<row/>" for _ in range(200)), level=9)
    with pytest.raises(ImportRejected) as refused:
        _parse(path)
    assert "no header in the first 50 lines" in refused.value.problems[0][1]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_with_more_rows_than_the_limit_is_refused_and_names_the_limit(
    tmp_path: Path, monkeypatch: Any, kind: str
) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 10)
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "long.xlsx", _rows(11))
    else:
        path = tmp_path / "long.csv"
        path.write_text("\n".join(",".join(row) for row in _rows(11)) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        _parse(path)
    assert refused.value.problems == [
        (12, "the file has more than 10 rows after its header: split it into several files")
    ]
    monkeypatch.setattr(importing, "MAX_ROWS", 11)
    assert len(_parse(path).places) == 11


def test_rows_are_read_as_they_are_checked_not_all_at_once(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", _rows(3))
    table = read_table(path.read_bytes(), name=path.name)
    assert table.header[:4] == HEADER
    assert not isinstance(table.rows, list)  # a generator: the rows come as they are consumed
    assert [line for line, _ in table.rows] == [2, 3, 4]


def test_a_damaged_workbook_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", _rows(3))
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 40] = b"\0" * 40
    with pytest.raises(ImportRejected) as refused:
        parse_file(bytes(data), name="register.xlsx", state_lookup=LOOKUP, today=TODAY)
    assert "XLSX workbook" in refused.value.problems[0][1] or "cannot be read" in refused.value.problems[0][1]


def test_progress_is_told_as_lines_are_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", _rows(2500))
    told: list[tuple[int, int | None]] = []
    parsed = importing.parse_table(
        read_table(path.read_bytes(), name=path.name),
        state_lookup=LOOKUP,
        today=TODAY,
        progress=lambda done, total: told.append((done, total)),
    )
    assert len(parsed.places) == 2500
    assert [done for done, _ in told] == [1001, 2001]


def test_a_sheet_that_claims_fewer_rows_than_it_holds_is_read_to_its_end(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", _rows(5), dimension="A1:D2")  # claims one row of data
    assert [place.values.ref for place in _parse(path).places] == ["RU-1", "RU-2", "RU-3", "RU-4", "RU-5"]


def test_a_csv_holding_a_nul_character_is_refused_whole() -> None:
    from custodiet.core.errors import ImportRejected

    data = b"ref,name_local,type,state\nRU-1,One,police,RU\nRU-2,Tw\x00o,police,RU\n"
    with pytest.raises(ImportRejected) as refused:
        read_table(data, name="register.csv")
    assert refused.value.problems == [(3, "the line holds a NUL character: the file is damaged or not a CSV")]
