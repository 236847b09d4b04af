"""Reading intake input: plain text, HTML and JSON Lines, from files, directories or a stream.

Each input becomes a ``RawDocument`` that keeps its provenance (where it came
from, its raw bytes and their SHA-256, and whether they were a file or one line
of a JSON Lines file) or a ``Skipped`` entry that says why it was not read
(empty, binary, no text, a bad JSON line, a publication date that is not a date).
A publication date may be partial ("2025", "2025-05"): it is kept as precise as
given. Readers are generators: a directory of ten thousand files is read one
file at a time.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.utils.translation import gettext as _

from custodiet.intake.dates import DateValue

Format = Literal["text", "html", "jsonl"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MAX_BYTES = 20 * 1024 * 1024  # one input file (a JSON Lines file holds many documents)
MAX_DOCUMENT_CHARS = 2_000_000  # one document's text or HTML: a long report fits, a dump of a site does not


@dataclass(frozen=True)
class RawDocument:
    """One document as read, before any cleaning."""

    origin: str
    sha256: str
    size: int
    format: Format
    body: str
    url: str = ""
    title: str = ""
    published: DateValue | None = None
    language: str = ""
    outlet: str = ""
    raw: bytes = b""  # the bytes as read (for a JSON line, the line), kept so that it can be read again
    container: Format = "text"  # what the raw bytes are: a text or HTML file, or one JSON line


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why."""

    origin: str
    reason: str


Item = RawDocument | Skipped


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: a NUL byte, or many control characters."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 50)


def _utf16_as_utf8(data: bytes) -> bytes:
    """A UTF-16 text with its byte-order mark (what Windows calls "Unicode") as UTF-8; other bytes as
    they are. Read as bytes, its every other byte is a NUL, and it would be taken for a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1251 for Cyrillic, else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    high = [byte for byte in data[:8192] if byte >= 0x80]
    if high and sum(1 for byte in high if byte >= 0xC0) / len(high) > 0.6:
        return data.decode("cp1251", errors="replace")
    return data.decode("latin-1")


def sniff_format(text: str) -> Format:
    head = text.lstrip()[:2048].lower()
    if head.startswith("<") and any(
        tag in head for tag in ("<html", "<body", "<p", "<div", "<article", "<!doctype")
    ):
        return "html"
    lines = [line.strip() for line in text.splitlines()[:20] if line.strip()]
    if lines and all(line.startswith("{") and line.endswith("}") for line in lines):
        return "jsonl"
    return "text"


def format_for(path: Path, text: str) -> Format:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return sniff_format(text)


def parse_published(value: object, precision: object = None) -> DateValue | None:
    """A publication date from JSON metadata, as precise as given: an ISO date or date-time, a month
    ("2025-05") or a year ("2025"); ``precision`` ("day", "month", "year") may cut a fuller one down.
    None when absent; ValueError when it is not a date."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(_("'published' must be a string, not %(type)s") % {"type": type(value).__name__})
    if precision not in (None, "") and not isinstance(precision, str):
        raise ValueError(_("'published_precision' must be day, month or year"))
    try:
        return DateValue.parse(value, str(precision or ""))
    except ValueError as error:
        raise ValueError(
            _("'published' is not an ISO date: %(value)r (%(error)s)")
            % {"value": value.strip(), "error": error}
        ) from error


def read_bytes(
    data: bytes, origin: str, *, fmt: Format | None = None, path: Path | None = None
) -> Iterator[Item]:
    """Documents from the bytes of one input (a file, or standard input)."""
    data = _utf16_as_utf8(data)
    if not data.strip():
        yield Skipped(origin, _("empty"))
        return
    if len(data) > MAX_BYTES:
        yield Skipped(origin, _too_large(len(data)))
        return
    if looks_binary(data):
        yield Skipped(origin, _("binary (not text)"))
        return
    text = decode(data)
    kind = fmt or (format_for(path, text) if path is not None else sniff_format(text))
    if kind == "jsonl":
        yield from read_jsonl(data, origin)
        return
    yield RawDocument(
        origin=origin,
        sha256=sha256_of(data),
        size=len(data),
        format=kind,
        body=text,
        raw=data,
        container=kind,
    )


def read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    """One document per JSON line: {"url", "title", "published", "language", "text" or "html"}."""
    for number, line in enumerate(data.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(decode(line))
        except json.JSONDecodeError as error:
            yield Skipped(
                where,
                _("not valid JSON (%(problem)s at column %(column)s)")
                % {"problem": error.msg, "column": error.colno},
            )
            continue
        if not isinstance(record, dict):
            yield Skipped(where, _("a JSON line must be an object"))
            continue
        html, text = record.get("html"), record.get("text")
        body = html if isinstance(html, str) and html.strip() else text
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, _("no text (neither 'text' nor 'html' holds any)"))
            continue
        try:
            published = parse_published(record.get("published"), record.get("published_precision"))
        except ValueError as error:
            yield Skipped(where, str(error))
            continue
        if any("\x00" in str(record.get(key) or "") for key in ("text", "html", "title", "url", "outlet")):
            yield Skipped(where, _("a NUL character (\\u0000) in the line: no text may hold one"))
            continue
        language = record.get("language") or ""
        yield RawDocument(
            origin=where,
            sha256=sha256_of(line.strip()),
            size=len(line),
            format="html" if body is html else "text",
            body=body,
            url=str(record.get("url") or ""),
            title=str(record.get("title") or ""),
            published=published,
            language=str(language).lower()[:8],
            outlet=str(record.get("outlet") or ""),
            raw=line.strip(),
            container="jsonl",
        )


def iter_files(root: Path) -> Iterator[Path]:
    """Files under a directory, sorted, hidden files and folders left out."""
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def read_paths(paths: Iterable[str | Path], *, stdin: bytes | None = None) -> Iterator[Item]:
    """Documents from files, directories, and ``-`` (standard input, given as ``stdin``)."""
    for given in paths:
        if str(given) == "-":
            yield from read_bytes(stdin or b"", "<stdin>")
            continue
        path = Path(given)
        if path.is_dir():
            for file in iter_files(path):
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Skipped(str(path), _("no such file or directory"))


def read_file(path: Path) -> Iterator[Item]:
    origin = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skipped(origin, _too_large(size))
            return
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(origin, _("cannot be read: %(problem)s") % {"problem": error.strerror})
        return
    yield from read_bytes(data, origin, path=path)


def _too_large(size: int) -> str:
    return _("too large (%(size)s bytes; the limit is %(limit)s)") % {"size": size, "limit": MAX_BYTES}
