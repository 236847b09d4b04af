"""Reading registers of places and population figures from CSV or XLSX, every row or none.

Two file formats, told apart by their header (names are case-insensitive;
spaces and hyphens read as underscores):

* a **register** (it has a ``name_local`` column): one place per row::

      ref,name_local,name_en,type,authority,state,region,address,latitude,longitude,capacity,source,notes
      RU-MOW-SIZO-1,СИЗО-1 «Матросская тишина»,SIZO-1 Matrosskaya Tishina,pre_trial,FSIN,RU,Moscow,,55.792,37.697,,https://...,

  ``ref``, ``name_local``, ``type`` and ``state`` are required; the others are
  optional, and a column left out of the file leaves that field of existing
  places as it is. A row may also carry one dated figure in ``population``,
  ``population_on`` and ``population_source``.

* a **population file** (it has an ``on`` column and no ``name_local``): one
  dated figure per row, for places already in the register::

      ref,on,population,capacity,source
      RU-MOW-SIZO-1,2024-01-01,2300,,https://...

``type`` is a code (``pre_trial``) or its English label ("Pre-trial detention
centre"); ``state`` an ISO 3166 alpha-2 or alpha-3 code or the state's English
(or French) name; dates are ISO (2024-03-01) or day-first (01/03/2024,
01.03.2024); numbers may use a space as thousands separator ("1 200") and a
decimal comma in coordinates. CSV is UTF-8, with or without a byte-order mark,
separated by commas, semicolons or tabs. An XLSX workbook is read from its
first sheet.

The reader is pure: it checks every row against the rules and returns typed
rows, or raises ``ImportRejected`` with every problem as (line, reason).
Nothing here touches the database; ``custodiet.places.services`` writes.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from custodiet.core.errors import ImportRejected
from custodiet.places.rules import (
    COORDINATE_PLACES,
    MOST_HELD,
    PlaceValues,
    capacity_problems,
    figure_problems,
    place_problems,
    place_type_of,
)

REGISTER_REQUIRED = ("ref", "name_local", "type", "state")
PLACE_OPTIONAL = (
    "name_en",
    "authority",
    "region",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "source",
    "notes",
)
FIGURE_COLUMNS = ("population", "population_on", "population_source")
REGISTER_COLUMNS = (*REGISTER_REQUIRED, *PLACE_OPTIONAL, *FIGURE_COLUMNS)
POPULATION_REQUIRED = ("ref", "on", "population", "source")
POPULATION_COLUMNS = (*POPULATION_REQUIRED, "capacity")
PLACE_FIELDS = ("name_local", "type", "state", *PLACE_OPTIONAL)  # the fields an import may set

REGISTER, POPULATION = "register", "population"
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+$")  # "1 200", with ordinary or thin spaces
Cell = Any  # str from CSV; str, int, float, datetime or None from XLSX


@dataclass(frozen=True, slots=True)
class FigureRow:
    line: int
    ref: str
    on: date
    population: int
    source: str
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class PlaceRow:
    line: int
    values: PlaceValues
    columns: frozenset[str]  # the place fields the file gives, so that absent ones are left alone
    figure: FigureRow | None = None


@dataclass
class ParsedImport:
    kind: str
    columns: frozenset[str] = frozenset()
    places: list[PlaceRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    rows: int = 0


@dataclass
class Table:
    header: list[str]
    rows: Iterable[tuple[int, list[Cell]]]  # read as they are consumed: a file is never held whole
    estimated_rows: int | None = None  # for progress; None when unknown


# Limits on what a file may hold. They stop a hostile or mistaken file (a "zip bomb" of a few megabytes
# that unpacks to gigabytes, a sheet that claims a million rows) before it costs time or memory.
MAX_ROWS = 100_000  # lines after the header
MAX_COLUMNS = 64  # cells read on a line; the header may name at most this many
MAX_BLANK_LINES_BEFORE_HEADER = 50
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024  # all the parts of an XLSX workbook, unpacked


# -- reading files -------------------------------------------------------------------------------


def read_table(data: bytes, *, name: str = "") -> Table:
    """The header and the rows (with their line numbers) of a CSV or XLSX file.

    Only the header is read here; the rows are read as the caller consumes them, and
    reading stops with ``ImportRejected`` past ``MAX_ROWS`` lines. A workbook that
    would unpack to more than ``MAX_UNCOMPRESSED_BYTES`` is refused before it is opened.
    """
    if data.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected([(1, "this is an old Excel .xls file: save it as .xlsx or as CSV (UTF-8)")])
    return _read_csv(data)


def _too_many_rows(line: int) -> ImportRejected:
    return ImportRejected(
        [(line, f"the file has more than {MAX_ROWS:,} rows after its header: split it into several files")]
    )


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [(line, "the file is not UTF-8 text: save it as 'CSV UTF-8' (or as XLSX) and try again")]
        ) from None
    if not text.strip():
        raise ImportRejected([(1, "the file is empty")])
    if "\x00" in text:  # no text may hold one (PostgreSQL refuses it): the file is damaged or not a CSV
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportRejected([(line, "the line holds a NUL character: the file is damaged or not a CSV")])
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                header = cells
                break
    except csv.Error as error:
        raise ImportRejected([(reader.line_num, f"the CSV cannot be read: {error}")]) from None
    if header is None:
        raise ImportRejected([(1, "the file is empty")])
    return Table(header=header, rows=_csv_rows(reader, reader.line_num), estimated_rows=text.count("\n"))


def _csv_rows(reader: Any, header_line: int) -> Iterator[tuple[int, list[Cell]]]:
    last = header_line
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if start - header_line > MAX_ROWS:
                raise _too_many_rows(start)
            yield start, cells
    except csv.Error as error:
        raise ImportRejected([(reader.line_num, f"the CSV cannot be read: {error}")]) from None


def _unpacked_size(data: bytes) -> int:
    """The size of a workbook's parts once unpacked, as its zip directory declares them.

    Python's zipfile never returns more than the declared size of a part (a part that
    holds more fails its checksum), so this bounds what reading the workbook can unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportRejected([(1, f"not a readable XLSX workbook ({error.__class__.__name__})")]) from None


def _read_xlsx(data: bytes) -> Table:
    unpacked = _unpacked_size(data)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportRejected(
            [
                (
                    1,
                    f"the workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the "
                    f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB a register may take: split it, or save it as CSV",
                )
            ]
        )
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only once the size is known

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, SyntaxError) as error:
        raise ImportRejected([(1, f"not a readable XLSX workbook ({error.__class__.__name__})")]) from None
    try:
        if not workbook.worksheets:
            raise ImportRejected([(1, "the workbook has no sheet")])
        sheet = workbook.worksheets[0]
        claimed = sheet.max_row  # the sheet's <dimension>, if any: a hint for progress, never trusted
        estimated = claimed if isinstance(claimed, int) and claimed <= MAX_ROWS + 1 else None
        sheet.reset_dimensions()  # read every row there is, whatever the sheet claims (openpyxl's advice)
        lines = enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        header = _xlsx_header(lines)
    except ImportRejected:
        workbook.close()
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, SyntaxError) as error:
        workbook.close()
        raise ImportRejected([(1, f"not a readable XLSX workbook ({error.__class__.__name__})")]) from None
    return Table(header=header[1], rows=_xlsx_rows(workbook, lines, header[0]), estimated_rows=estimated)


def _xlsx_header(lines: Iterator[tuple[int, tuple[Cell, ...]]]) -> tuple[int, list[str]]:
    for line, values in lines:
        if any(_is_filled(cell) for cell in values):
            return line, ["" if cell is None else str(cell) for cell in values]
        if line >= MAX_BLANK_LINES_BEFORE_HEADER:
            raise ImportRejected(
                [(line, f"no header in the first {MAX_BLANK_LINES_BEFORE_HEADER} lines of the first sheet")]
            )
    raise ImportRejected([(1, "the file is empty")])


def _xlsx_rows(
    workbook: Any, lines: Iterator[tuple[int, tuple[Cell, ...]]], header_line: int
) -> Iterator[tuple[int, list[Cell]]]:
    try:
        for line, values in lines:
            if line - header_line > MAX_ROWS:
                raise _too_many_rows(line)
            yield line, list(values)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, SyntaxError) as error:
        raise ImportRejected(
            [(header_line, f"the workbook cannot be read to its end ({error.__class__.__name__})")]
        ) from None
    finally:
        workbook.close()


def _is_filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


# -- cells ---------------------------------------------------------------------------------------


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def integer(cell: Cell, column: str) -> int | None:
    """A whole number, or None when blank; "1 200" reads as 1200."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError(f"{column} {cell!r} is not a whole number")
    if isinstance(cell, int):
        return _at_most_held(cell, column)
    if isinstance(cell, float):
        if math.isfinite(cell) and cell.is_integer():
            return _at_most_held(int(cell), column)
        raise ValueError(f"{column} {cell!r} is not a whole number")
    raw = str(cell).strip()
    if _GROUPED.match(raw):
        raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if re.fullmatch(r"[+-]?\d{1,18}", raw):
        return _at_most_held(int(raw), column)
    if re.fullmatch(r"[+-]?\d+", raw):
        raise ValueError(f"{column} {raw[:20]}… is more than any place holds (at most {MOST_HELD:,})")
    raise ValueError(f"{column} {str(cell).strip()[:40]!r} is not a whole number")


def _at_most_held(value: int, column: str) -> int:
    if value > MOST_HELD:
        raise ValueError(f"{column} {value} is more than any place holds (at most {MOST_HELD:,})")
    return value


def decimal(cell: Cell, column: str) -> Decimal | None:
    """A decimal number (a decimal comma is accepted), or None when blank."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    raw = str(cell).strip().replace(",", ".") if isinstance(cell, str) else repr(cell)
    if isinstance(cell, bool) or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", raw, re.IGNORECASE):
        raise ValueError(f"{column} {text(cell)!r} is not a number")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{column} {text(cell)!r} is not a number") from None
    return value.quantize(COORDINATE_PLACES) if abs(value) < 1000 else value


def a_date(cell: Cell, column: str) -> date | None:
    """A calendar date: an XLSX date cell, ISO (2024-03-01) or day-first (01/03/2024, 01.03.2024)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    raw = str(cell).strip()
    try:
        if match := _DAY_FIRST.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else _bad_date(raw)
    except ValueError:
        raise ValueError(f"{column} {raw!r} is not a date (use 2024-03-01 or 01/03/2024)") from None


def _bad_date(raw: str) -> date:
    raise ValueError(raw)


# -- rows ----------------------------------------------------------------------------------------


def _normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _header(table: Table) -> tuple[str, list[str]]:
    header = [_normalise(name) for name in table.header]
    while header and not header[-1]:
        header.pop()
    problems: list[tuple[int, str]] = []
    kind = REGISTER if "name_local" in header or "on" not in header else POPULATION
    required, known = (
        (REGISTER_REQUIRED, REGISTER_COLUMNS)
        if kind == REGISTER
        else (POPULATION_REQUIRED, POPULATION_COLUMNS)
    )
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append((1, f"column {position} has no name"))
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(
            (
                1,
                f"the header lacks the column(s) {', '.join(missing)}: a register needs "
                f"{', '.join(REGISTER_REQUIRED)}; a population file needs {', '.join(POPULATION_REQUIRED)}",
            )
        )
    unknown = [name for name in header if name and name not in known]
    if unknown:
        problems.append((1, f"unknown column(s) {', '.join(unknown)}; known columns: {', '.join(known)}"))
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        problems.append((1, f"the column(s) {', '.join(twice)} appear more than once"))
    if problems:
        raise ImportRejected(problems)
    return kind, header


def _records(table: Table, header: list[str]) -> Iterable[tuple[int, dict[str, Cell]]]:
    for line, cells in table.rows:
        extra = cells[len(header) :]
        if any(_is_filled(cell) for cell in extra):
            yield line, {"__extra__": len(cells)}
            continue
        record = {name: (cells[index] if index < len(cells) else None) for index, name in enumerate(header)}
        if any(_is_filled(cell) for cell in record.values()):
            yield line, record


Progress = Callable[[int, "int | None"], None]  # (lines read, lines expected or None)
PROGRESS_EVERY = 1000  # lines


def parse_table(
    table: Table, *, state_lookup: Mapping[str, str], today: date, progress: Progress | None = None
) -> ParsedImport:
    """Check every row; return typed rows, or raise ImportRejected listing every problem with its line.

    The header is checked before any row is read. ``state_lookup`` maps a lower-cased
    ISO code or name to the alpha-2 code; ``progress`` is told every thousand lines.
    """
    kind, header = _header(table)
    parsed = ParsedImport(kind=kind, columns=frozenset(header))
    problems: list[tuple[int, str]] = []
    seen: dict[Any, int] = {}
    for line, record in _records(table, header):
        parsed.rows += 1
        if progress is not None and parsed.rows % PROGRESS_EVERY == 0:
            progress(line, table.estimated_rows)
        if "__extra__" in record:
            problems.append(
                (line, f"the row has {record['__extra__']} cells but the header only {len(header)}")
            )
            continue
        reasons: list[str] = []
        if kind == REGISTER:
            place = _place_row(line, record, header, state_lookup, today, reasons)
            key: Any = place.values.ref if place else text(record.get("ref"))
        else:
            figure = _figure_row(line, record, today, reasons)
            key = (figure.ref, figure.on) if figure else None
        if key and key in seen:
            what = f"ref {key}" if kind == REGISTER else f"a figure for {key[0]} on {key[1].isoformat()}"
            reasons.append(f"{what} appears twice in the file (also on line {seen[key]})")
        elif key:
            seen[key] = line
        problems.extend((line, reason) for reason in reasons)
        if reasons:
            continue
        if kind == REGISTER and place is not None:
            parsed.places.append(place)
            if place.figure is not None:
                parsed.figures.append(place.figure)
        elif kind == POPULATION and figure is not None:
            parsed.figures.append(figure)
    if problems:
        raise ImportRejected(problems)
    if parsed.rows == 0:
        raise ImportRejected([(2, "the file has a header but no rows")])
    return parsed


def _place_row(
    line: int,
    record: dict[str, Cell],
    header: list[str],
    state_lookup: Mapping[str, str],
    today: date,
    reasons: list[str],
) -> PlaceRow | None:
    def convert(function: Any, column: str) -> Any:
        try:
            return function(record.get(column), column)
        except ValueError as error:
            reasons.append(str(error))
            return None

    raw_state = text(record.get("state"))
    state = state_lookup.get(raw_state.lower(), "")
    if not raw_state:
        reasons.append("state is required")
    elif not state:
        reasons.append(
            f"unknown state {raw_state!r} (use an ISO 3166 code such as RU or RUS, or the state's English name)"
        )
    raw_type = text(record.get("type"))
    latitude = convert(decimal, "latitude")
    longitude = convert(decimal, "longitude")
    capacity = convert(integer, "capacity")
    if capacity is not None and capacity < 0:
        reasons.append(f"capacity {capacity} is negative")
        capacity = None
    values = PlaceValues(
        ref=text(record.get("ref")),
        name_local=text(record.get("name_local")),
        type=place_type_of(raw_type) or raw_type,
        state=state,
        name_en=text(record.get("name_en")),
        authority=text(record.get("authority")),
        region=text(record.get("region")),
        address=text(record.get("address")),
        latitude=latitude,
        longitude=longitude,
        capacity=capacity,
        source=text(record.get("source")),
        notes=text(record.get("notes")),
    )
    reasons.extend(place_problems(values, check_type=bool(raw_type)))
    if not raw_type:
        reasons.append("type is required")
    figure = _register_figure(line, record, values.ref, today, reasons)
    if reasons:
        return None
    columns = frozenset(name for name in PLACE_FIELDS if name in header)
    return PlaceRow(line=line, values=values, columns=columns, figure=figure)


def _register_figure(
    line: int, record: dict[str, Cell], ref: str, today: date, reasons: list[str]
) -> FigureRow | None:
    given = {name for name in FIGURE_COLUMNS if _is_filled(record.get(name))}
    if not given:
        return None
    local: list[str] = []
    try:
        population = integer(record.get("population"), "population")
    except ValueError as error:
        local.append(str(error))
        population = None
    try:
        on = a_date(record.get("population_on"), "population_on")
    except ValueError as error:
        local.append(str(error))
        on = None
    source = text(record.get("population_source"))
    if "population" not in given:
        local.append("population_on or population_source is given without a population figure")
    if "population_on" not in given:
        local.append("a population figure needs its date in population_on")
    if not source:
        local.append("a population figure needs its source in population_source")
    if population is not None and on is not None:
        local.extend(
            figure_problems(on=on, population=population, source=source, today=today, check_source=False)
        )
    reasons.extend(local)
    if local or population is None or on is None:
        return None
    return FigureRow(line=line, ref=ref, on=on, population=population, source=source)


def _figure_row(line: int, record: dict[str, Cell], today: date, reasons: list[str]) -> FigureRow | None:
    local: list[str] = []
    ref = text(record.get("ref"))
    if not ref:
        local.append("ref is required")
    values: dict[str, Any] = {}
    for column, function in (("on", a_date), ("population", integer), ("capacity", integer)):
        try:
            values[column] = function(record.get(column), column)
        except ValueError as error:
            local.append(str(error))
            values[column] = None
    if not _is_filled(record.get("on")):
        local.append("on (the date of the figure) is required")
    if not _is_filled(record.get("population")):
        local.append("population is required")
    local.extend(capacity_problems(values["capacity"]))
    source = text(record.get("source"))
    if values["on"] is not None and values["population"] is not None:
        local.extend(
            figure_problems(on=values["on"], population=values["population"], source=source, today=today)
        )
    elif not source:
        local.append("a population figure needs its source (a URL or a citation)")
    reasons.extend(local)
    if local:
        return None
    return FigureRow(
        line=line,
        ref=ref,
        on=values["on"],
        population=values["population"],
        source=source,
        capacity=values["capacity"],
    )


def parse_file(data: bytes, *, name: str = "", state_lookup: Mapping[str, str], today: date) -> ParsedImport:
    """Read and check a whole file (CSV or XLSX)."""
    return parse_table(read_table(data, name=name), state_lookup=state_lookup, today=today)


def table_from_records(records: list[Mapping[str, Any]]) -> Table:
    """Rows given as mappings (column -> value), numbered as in a file with a header on line 1."""
    header: list[str] = []
    for record in records:
        header.extend(name for name in record if name not in header)
    return Table(
        header=header,
        rows=[
            (index, [record.get(name) for name in header]) for index, record in enumerate(records, start=2)
        ],
    )
