"""Sentences: where a paragraph's sentences end, in the paragraph's language.

A full stop ends a sentence when a capital or a digit follows, unless an
abbreviation of the language ("Art.", "z."), an initial or an ordinal day
("am 18. Juli") stands before it; Chinese and Japanese full stops (。！？) end
one with no space or capital after. A run of text with no sentence end (a list,
a table) is cut into bounded pieces, so that the work per sentence stays bounded
and splitting stays linear in the paragraph's length.
"""

# ruff: noqa: RUF001, RUF002  # typographic quotes and CJK punctuation are the point: texts use them

from __future__ import annotations

import re
from functools import cache

from custodiet.intake import vocabulary

_FLAGS = re.IGNORECASE | re.UNICODE
_ORDINAL = re.compile(
    r"(?<![\d.])\d{1,2}\.$"
)  # "am 18. Juli", "6. märtsil": an ordinal day, not a sentence's end
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»’)]*\s+|[。！？]+[」』”’）)]*\s*")
_FULL_STOP_CJK = "。！？"  # Chinese and Japanese end a sentence with these, with no space or capital after
MAX_SENTENCE_CHARS = 1500  # a longer run without a sentence's end (a list, a table) is read in pieces
ABBREVIATION_REACH = 40  # characters before a full stop in which an abbreviation or an ordinal is looked for


@cache
def _abbreviations(language: str) -> re.Pattern[str]:
    """The language's abbreviations (English's for a language without a vocabulary), initials, U.S."""
    lexicon = vocabulary.load(language) or vocabulary.load("en")
    words = lexicon.words("abbreviations") if lexicon is not None else vocabulary.NEVER
    return re.compile(rf"(?:\b(?:{words})|\b[^\W\d_]|\b(?:U\.S|U\.K|e\.g|i\.e))\.$", _FLAGS)


@cache
def _sentence_end(language: str) -> re.Pattern[str]:
    """Where a sentence may end: the full stops of every language, and the language's own
    (``sentence_stops``: Armenian's "։", and the colon its web texts type for it)."""
    lexicon = vocabulary.load(language)
    extra = "".join(re.escape(stop) for stop in (lexicon.data.get("sentence_stops") or [])) if lexicon else ""
    if not extra:
        return _SENTENCE_END
    return re.compile(rf"[.!?…{extra}]+[\"'”»’)]*\s+|[。！？]+[」』”’）)]*\s*")


def split_sentences(paragraph: str, language: str = "en") -> list[tuple[int, str]]:
    """Sentences of a paragraph with their offsets; abbreviations and initials do not end one.

    Linear in the paragraph: each candidate end is checked against the few characters before it, and
    a run of text with no sentence end is cut at a space every ``MAX_SENTENCE_CHARS`` characters,
    so that the work done per sentence stays bounded.
    """
    abbreviations = _abbreviations(language)
    sentences: list[tuple[int, str]] = []
    start = 0
    for match in _sentence_end(language).finditer(paragraph):
        following = paragraph[match.end() : match.end() + 2].lstrip("\"'“«„‘(")
        if not following:
            continue
        cjk = match.group(0)[0] in _FULL_STOP_CJK
        if not cjk and not (following[0].isupper() or following[0].isdigit()):
            continue
        head_from, head_end = max(start, match.start() - ABBREVIATION_REACH), match.start() + 1
        if not cjk and (
            abbreviations.search(paragraph, head_from, head_end)
            or _ORDINAL.search(paragraph, head_from, head_end)
        ):
            continue
        sentences.extend(_bounded(start, paragraph[start : match.end()]))
        start = match.end()
    if paragraph[start:].strip():
        sentences.extend(_bounded(start, paragraph[start:]))
    return sentences


def _bounded(offset: int, sentence: str) -> list[tuple[int, str]]:
    """A sentence (stripped, with its offset), cut at spaces into pieces of at most ``MAX_SENTENCE_CHARS``."""
    pieces: list[tuple[int, str]] = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        if sentence[:cut].strip():
            pieces.append((offset, sentence[:cut].strip()))
        offset, sentence = offset + cut, sentence[cut:]
        skipped = len(sentence) - len(sentence.lstrip())
        offset, sentence = offset + skipped, sentence[skipped:]
    if sentence.strip():
        pieces.append((offset, sentence.strip()))
    return pieces
