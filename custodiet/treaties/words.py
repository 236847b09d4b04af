"""The engine's sentences, said twice: once for machines (English, ISO dates), once for the reader.

A reason, a summary or a window of the treaty engine is a ``Said``: a ``str`` whose value is the
English sentence with ISO dates (what the API, ``--json``, the CLI and the audit trail carry,
unchanged whatever language a request asks for), and which keeps its English message and its parts
so that it can be said again, at display time, in the reader's language: ``said.shown()`` (and in a
template, simply ``{{ reason.text }}``: Django escapes a value through its ``__html__``, which says it
in the active language, dates written by ``custodiet.core.dates.shown_date``).

The parts of a sentence are shown by their kind: a ``date`` as the language writes a date, a
``Month`` or ``Year`` for a date known only that well, a ``Word`` (a word of the reference data, such
as "Secretary General of the Council of Europe") through the catalogue, a ``Number`` grouped as the
language groups digits, another ``Said`` said again, anything else as it is. Nothing here reads a request: the active language is gettext's.

In the engine's modules ``_`` is ``gettext_noop``: it only marks a message for ``makemessages``; the
``Said`` translates it when it is shown. The catalogue is ``custodiet/treaties/locale``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

from custodiet.core.dates import shown_date


@dataclass(frozen=True)
class Month:
    """A date known only to its month: "September 2025" for machines."""

    day: date

    def english(self) -> str:
        return self.day.strftime("%B %Y")

    def shown(self) -> str:
        # Translators: a date format (Django's letters) for a month named inside a sentence ("in %(month)s");
        # a language that declines the month there may use the genitive, "E".
        return formats.date_format(self.day, pgettext("month in a sentence", "F Y"))


@dataclass(frozen=True)
class Word:
    """A word or sentence of the reference data or of the engine's vocabulary, translated where the
    catalogue has it (``vocabulary.py`` marks them), shown as recorded otherwise."""

    text: str
    context: str = ""  # a message context where the word takes a form of its own in a sentence

    def english(self) -> str:
        return self.text

    def shown(self) -> str:
        if not self.text:
            return ""
        return pgettext(self.context, self.text) if self.context else gettext(self.text)


@dataclass(frozen=True)
class Number:
    """A count or a percentage: "1,250" for machines, "1 250" or "1\u00a0250" as the language groups it."""

    value: int | Decimal
    grouped: bool = True  # False: a percentage, written without thousands separators for machines

    def english(self) -> str:
        return f"{self.value:,}" if self.grouped else str(self.value)

    def shown(self) -> str:
        return formats.number_format(self.value, force_grouping=self.grouped)


class Said(str):
    """An English sentence with ISO dates (the ``str`` value) that can be said in the reader's language.

    ``message`` is the English msgid with ``%(name)s`` placeholders; ``plural`` and ``count`` (kept as
    ``number``: ``str.count`` is a method) make it a plural message; ``english`` overrides the machine
    value where it writes numbers in words.
    """

    message: str
    parts: Mapping[str, Any]
    plural: str | None
    number: int | None

    def __new__(
        cls,
        message: str,
        parts: Mapping[str, Any] | None = None,
        *,
        plural: str | None = None,
        count: int | None = None,
        english: str | None = None,
    ) -> Said:
        chosen = plural if plural is not None and count != 1 else message
        value = english if english is not None else _fill(chosen, parts, machine=True)
        made = super().__new__(cls, value)
        made.message = message
        made.parts = parts if parts is not None else {}  # never changed after: kept, not copied
        made.plural = plural
        made.number = count
        return made

    def shown(self) -> str:
        """The sentence in the active language, dates as it writes them."""
        if self.plural is not None and self.number is not None:
            template = ngettext(self.message, self.plural, self.number)
        else:
            template = gettext(self.message)
        return _fill(template, self.parts if self.parts else None, machine=False)

    def __html__(self) -> SafeString:
        return SafeString(escape(self.shown()))

    def __reduce__(self) -> tuple[Any, ...]:
        # A Said travels through pickle (a cache, a job) whole: its machine value and its parts.
        return (_rebuilt, (self.message, self.parts, self.plural, self.number, str.__str__(self)))


def _rebuilt(
    message: str, parts: Mapping[str, Any], plural: str | None, count: int | None, english: str
) -> Said:
    return Said(message, parts, plural=plural, count=count, english=english)


def said(message: str, /, **parts: Any) -> Said:
    """A sentence (a literal marked with ``gettext_noop``) with its parts."""
    return Said(message, parts)


def shown(value: Any) -> str:
    """Any value as the reader reads it: a ``Said`` said again, a date written, a word translated."""
    if isinstance(value, Said):
        return value.shown()
    if isinstance(value, (Month, Word, Number)):
        return value.shown()
    if isinstance(value, date):
        return shown_date(value)
    return str(value)


def _machine(value: Any) -> str:
    if type(value) is str:
        return value
    if type(value) is date:
        return value.isoformat()
    if isinstance(value, Said):
        return str.__str__(value)
    if isinstance(value, (Month, Word, Number)):
        return value.english()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s(\.?)")


def _fill(template: str, parts: Mapping[str, Any] | None, *, machine: bool) -> str:
    if parts is None:
        return template
    if machine:
        machine_parts = {}
        for name, value in parts.items():
            machine_parts[name] = value if type(value) is str else _machine(value)
        return template % machine_parts
    said_parts = {name: shown(value) for name, value in parts.items()}

    def put(found: re.Match[str]) -> str:
        if found.group(0) == "%%":
            return "%"
        value = said_parts[found.group(1)]
        # A date written with a full stop ("... 2025 g." in Russian) ending a sentence: one stop, not two.
        return value if found.group(2) and value.endswith(".") else value + found.group(2)

    return _PLACEHOLDER.sub(put, template)
