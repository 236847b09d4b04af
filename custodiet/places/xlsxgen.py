"""Workbooks written row by row without holding them in memory: for the tests and the benchmarks.

A minimal XLSX (one sheet, inline strings) written straight into a zip stream, so
that a workbook of a million rows, or a "zip bomb" that unpacks to gigabytes, costs
no more memory than one row. Not used to serve users: exports, if any, use openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Places" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def row_xml(line: int, cells: Sequence[Any]) -> str:
    parts = []
    for index, value in enumerate(cells):
        if value is None or value == "":
            continue
        reference = f"{_column(index)}{line}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            parts.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            parts.append(f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    return f'<row r="{line}">{"".join(parts)}</row>'


def write_xlsx(
    path: Path, rows: Iterable[Sequence[Any] | str], *, level: int = 6, dimension: str | None = None
) -> Path:
    """Write the rows (lists of values, or ready-made ``<row>`` XML) as the first sheet of a workbook.

    ``dimension`` (e.g. "A1:D100") is written in the sheet's ``<dimension>`` element, as Excel does;
    by default there is none, as in files written by many other programs.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            tag = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(_SHEET_START.format(dimension=tag).encode())
            buffer: list[str] = []
            for line, row in enumerate(rows, start=1):
                buffer.append(row if isinstance(row, str) else row_xml(line, row))
                if len(buffer) >= 1000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write(("".join(buffer) + _SHEET_END).encode())
    return path
