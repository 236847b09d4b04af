"""Cleaning an article's text: what is not the article is removed, and each removal is recorded.

The rules are generic: reader comments after a comments heading; donation appeals,
newsletter and subscription prompts, "read more" blocks and photo credits found by
multilingual markers (see ``vocabulary``); and paragraphs repeated within the
document. Each paragraph of the input is kept or removed with a reason, in its
original order, so that a user can check what was taken out and why.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from custodiet.intake import vocabulary

COMMENTS = "reader comments"
REPEATED = "repeated paragraph"
PHOTO_CREDIT = "photo credit"
SHORT_WORDS = 12  # a paragraph this short is a prompt or a caption, not reporting
FRAGMENT_WORDS = 3  # a button or a menu item ("Continue", "Monthly")
MIN_REPEAT_WORDS = 6  # shorter repeated lines ("Share") are not treated as repeated paragraphs


@dataclass(frozen=True)
class Segment:
    """One paragraph of the input: kept (``reason`` empty) or removed with its reason."""

    text: str
    reason: str = ""

    @property
    def kept(self) -> bool:
        return not self.reason


@dataclass(frozen=True)
class Cleaned:
    segments: list[Segment] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [segment.text for segment in self.segments if segment.kept]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def removed(self) -> list[Segment]:
        return [segment for segment in self.segments if not segment.kept]


@cache
def _compiled() -> tuple[
    dict[str, re.Pattern[str]], dict[str, re.Pattern[str]], re.Pattern[str], re.Pattern[str]
]:
    flags = re.IGNORECASE | re.UNICODE
    strong = {kind: re.compile(pattern, flags) for kind, pattern in vocabulary.STRONG_MARKERS.items()}
    weak = {kind: re.compile(pattern, flags) for kind, pattern in vocabulary.WEAK_MARKERS.items()}
    return (
        strong,
        weak,
        re.compile(vocabulary.COMMENTS_HEADING, flags),
        re.compile(vocabulary.APPEAL_VOICE, flags),
    )


# "Caption text. Firstname Lastname / Agency" : a credit line ends with " / " and a name.
_CREDIT_TAIL = re.compile(r"\s/\s*[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}\s*$", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…:;»\"”)]\s*$")
_NORMAL = re.compile(r"[\W_]+", re.UNICODE)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: non-empty lines, with inner whitespace collapsed."""
    return [
        " ".join(line.split())
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if line.strip()
    ]


def words(paragraph: str) -> int:
    return len(paragraph.split())


def classify(paragraph: str) -> str:
    """The kind of boilerplate a paragraph is on its own, or "" for article text."""
    strong, weak, _comments, _voice = _compiled()
    for kind, pattern in strong.items():
        if pattern.search(paragraph):
            return kind
    short = words(paragraph) <= SHORT_WORDS
    if short and _CREDIT_TAIL.search(paragraph) and not _TERMINAL.search(paragraph):
        return PHOTO_CREDIT
    best, best_hits = "", 0
    for kind, pattern in weak.items():
        hits = len({match.group(0).lower() for match in pattern.finditer(paragraph)})
        if hits > best_hits:
            best, best_hits = kind, hits
    if best_hits >= 2 or (best_hits == 1 and short):
        return best
    return ""


def _is_fragment(paragraph: str) -> bool:
    return words(paragraph) <= FRAGMENT_WORDS and not re.search(r"[.!]\s*$", paragraph)


def clean(text: str) -> Cleaned:
    """Split ``text`` into paragraphs and decide, for each, whether it is the article."""
    _strong, _weak, comments_heading, voice = _compiled()
    paragraphs = split_paragraphs(text)
    reasons = [""] * len(paragraphs)

    # 1. Reader comments: everything from a comments heading on (never the first paragraph).
    for index, paragraph in enumerate(paragraphs):
        if index > 0 and comments_heading.match(paragraph):
            for later in range(index, len(paragraphs)):
                reasons[later] = COMMENTS
            break

    # 2. Boilerplate by markers.
    for index, paragraph in enumerate(paragraphs):
        if not reasons[index]:
            reasons[index] = classify(paragraph)

    # 3. Buttons and menu items next to a boilerplate block belong to it.
    changed = True
    while changed:
        changed = False
        for index, paragraph in enumerate(paragraphs):
            if reasons[index] or not _is_fragment(paragraph):
                continue
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(paragraphs) and reasons[neighbour] not in ("", COMMENTS):
                    reasons[index] = reasons[neighbour]
                    changed = True
                    break

    # 4. A few paragraphs in the voice of an appeal ("we", "your") between two parts of the
    #    same block belong to it.
    marked = [index for index, reason in enumerate(reasons) if reason and reason != COMMENTS]
    for first, second in pairwise(marked):
        gap = range(first + 1, second)
        if (
            0 < len(gap) <= 3
            and reasons[first] == reasons[second]
            and all(not reasons[i] and voice.search(paragraphs[i]) for i in gap)
        ):
            for i in gap:
                reasons[i] = reasons[first]

    # 5. Paragraphs repeated within the document.
    seen: dict[str, int] = {}
    for index, paragraph in enumerate(paragraphs):
        if reasons[index] or words(paragraph) < MIN_REPEAT_WORDS:
            continue
        key = _NORMAL.sub(" ", paragraph.casefold()).strip()
        if key in seen:
            reasons[index] = f"{REPEATED} (repeats paragraph {seen[key] + 1})"
        else:
            seen[key] = index

    return Cleaned([Segment(text=p, reason=r) for p, r in zip(paragraphs, reasons, strict=True)])
