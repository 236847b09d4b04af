"""One text read through the intake's analysis, as the tests of classes of sentences need it: the
document a user's plain-text file would give, and the dated facts the analysis finds in it."""

from __future__ import annotations

from typing import Any

from custodiet.intake.analysis import analyse
from custodiet.intake.dates import DateValue
from custodiet.intake.sources import RawDocument


def raw_text(text: str, language: str, published: DateValue | None) -> RawDocument:
    """A plain-text document in ``language``, published on ``published`` (None: not stated)."""
    return RawDocument(
        origin="test",
        sha256="0" * 64,
        size=len(text),
        format="text",
        body=text,
        published=published,
        language=language,
    )


def facts(text: str, language: str, published: DateValue | None, matcher: Any) -> set[tuple[str, str]]:
    """(attribute, ISO value) of every dated fact the analysis finds."""
    found = analyse(raw_text(text, language, published), matcher).facts
    return {(f.attribute, f.value.iso()) for f in found if f.value is not None}


def facts_inferred(
    text: str, language: str, published: DateValue | None, matcher: Any
) -> set[tuple[str, str, bool]]:
    """(attribute, ISO value, inferred) of every dated fact the analysis finds."""
    found = analyse(raw_text(text, language, published), matcher).facts
    return {(f.attribute, f.value.iso(), f.inferred) for f in found if f.value is not None}
