"""A document's segments, fingerprints and facts made ready for the database before its transaction.

A long document has thousands of facts and fingerprints. Building their model
instances and compiling the INSERT statements took most of the time of the
transaction that stores the document (13 s for a 650 KB article on a loaded
two-core machine), and on SQLite every other write, logins included, waits for
that transaction. So the rows are converted to the database's values here, while
the document is prepared (outside any transaction), and the transaction only runs
one prepared ``INSERT`` per table with the new document's id (``insert``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from custodiet.intake.analysis import Analysis
from custodiet.intake.models import Fact, Fingerprint, Segment

SEGMENT = ("position", "text", "reason")
FINGERPRINT = ("value",)
FACT = (
    "attribute",
    "subject",
    "value",
    "count",
    "inferred",
    "note",
    "sentence",
    "quote",
    "paragraph",
    "effect_anchor",
    "effect_anchor_text",
    "effect_years",
    "effect_months",
)


@dataclass(frozen=True)
class Rows:
    """Database values of a document's rows, without the document's (and the event's) id."""

    segments: list[tuple[Any, ...]]
    fingerprints: list[tuple[Any, ...]]
    facts: list[tuple[Any, ...]]


def _converter(model: type[Model], names: Sequence[str]) -> Any:
    fields = [model._meta.get_field(name) for name in names]

    def convert(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            field.get_db_prep_save(value, connection)  # type: ignore[union-attr]
            for field, value in zip(fields, values, strict=True)
        )

    return convert


def rows_of(analysis: Analysis, keys: Sequence[int]) -> Rows:
    """The rows of a document's analysis and fingerprint keys, converted for the database."""
    segment, fingerprint, fact = (
        _converter(Segment, SEGMENT),
        _converter(Fingerprint, FINGERPRINT),
        _converter(Fact, FACT),
    )
    return Rows(
        segments=[
            segment((number, part.text, part.reason[:200])) for number, part in enumerate(analysis.segments)
        ],
        fingerprints=[fingerprint((value,)) for value in keys],
        facts=[
            fact(
                (
                    found.attribute,
                    found.subject[:200],
                    found.value.iso() if found.value is not None else "",
                    found.count,
                    found.inferred,
                    found.note[:300],
                    found.sentence,
                    found.quote[:300],
                    found.paragraph,
                    found.effect.anchor if found.effect else "",
                    (found.effect.anchor_text if found.effect else "")[:300],
                    found.effect.years if found.effect else 0,
                    found.effect.months if found.effect else 0,
                )
            )
            for found in analysis.facts
        ],
    )


def insert(
    model: type[Model],
    leading: Sequence[str],
    ids: tuple[Any, ...],
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
) -> None:
    """One prepared INSERT of every row, each after the ids of ``leading`` (the document, the event)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(model._meta.get_field(name).column))  # type: ignore[union-attr]
        for name in (*leading, *names)
    )
    marks = ", ".join(["%s"] * (len(leading) + len(names)))
    # Table and column names come from the model's metadata; the values are parameters.
    sql = f"INSERT INTO {quote(str(model._meta.db_table))} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [ids + row for row in rows])
