"""Cleaning an article's text: what is not the article is removed, and each removal is recorded.

The rules are generic: reader comments after a comments heading; donation appeals,
newsletter and subscription prompts, "read more" blocks and photo credits found by
the markers of the document's own language (see ``vocabulary``: the Russian word
for "subscribe" is never looked for in a Ukrainian text, and the verb "signed",
подписал, is not a subscription prompt); metadata lines that some page stores put
at the top of an excerpt ("date 2025-09-25 source ..."); and paragraphs repeated
within the document. A paragraph is a line, except in a text hard-wrapped at a fixed
width, whose lines are joined back into their paragraphs first. Each paragraph of the
input is kept or removed with a reason, in its original order, so that a user can
check what was taken out and why.
"""

# ruff: noqa: RUF001  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from custodiet.intake import notes, vocabulary

COMMENTS = notes.COMMENTS  # the reasons are written from the templates of ``notes``
PHOTO_CREDIT = notes.PHOTO_CREDIT
METADATA = notes.METADATA
METADATA_LINES = 3  # metadata lines are looked for among the first paragraphs only
_DATE_KEY = r"date|published|updated|modified|fecha|datum|data|дата|päivämäärä|kuupäev|dátum|tarih"
_OTHER_KEY = r"source|url|link|lang|language|outlet|site|id|tags?|author|джерело|источник"
_METADATA_PAIR = (
    rf"(?:(?P<date_key>{_DATE_KEY})\s*[:=]?\s+(?P<date>\d{{4}}(?:-\d{{2}}){{0,2}})(?:[T ][\d:]+Z?)?"
    rf"|(?:{_OTHER_KEY})\s*[:=]?\s+\S+)\s*"
)
# One or more "key value" pairs at the very start of a paragraph, one of them a date.
_METADATA = re.compile(rf"^\s*(?:{_METADATA_PAIR})+", re.IGNORECASE | re.UNICODE)
_METADATA_DATE = re.compile(rf"(?:{_DATE_KEY})\s*[:=]?\s+(\d{{4}}(?:-\d{{2}}){{0,2}})\b", re.IGNORECASE)
# Markers that are the same in every language: a copyright sign, an agency's photo desk, a caption prefix.
_NEUTRAL_CREDIT = re.compile(
    r"©|\bgetty images\b|^(?:photos?|фото|світлина|foto|bild|crédit photo|image|kuva|fotó|nuotr\.?)\s*[:/©|]",
    re.IGNORECASE | re.UNICODE,
)
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
    metadata_date: str = ""  # an ISO date a metadata line at the top gave, as written

    @property
    def paragraphs(self) -> list[str]:
        return [segment.text for segment in self.segments if segment.kept]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def removed(self) -> list[Segment]:
        return [segment for segment in self.segments if not segment.kept]


@dataclass(frozen=True)
class _Markers:
    strong: dict[str, re.Pattern[str]]
    weak: dict[str, list[re.Pattern[str]]]  # each marker on its own: hits count markers, not word forms
    comments_heading: re.Pattern[str]
    voice: re.Pattern[str]


@cache
def _compiled(language: str) -> _Markers:
    """The markers of one language; a language without a vocabulary has none but the neutral ones."""
    flags = re.IGNORECASE | re.UNICODE
    lexicon = vocabulary.load(language)
    if lexicon is None:
        never = re.compile(vocabulary.NEVER)
        return _Markers({}, {}, never, never)
    boilerplate = lexicon.data.get("boilerplate") or {}
    heading = vocabulary.alternatives(boilerplate.get("comments_heading") or [])
    return _Markers(
        strong={
            kind: re.compile(vocabulary.alternatives(p), flags)
            for kind, p in boilerplate.get("strong", {}).items()
        },
        weak={
            kind: [re.compile(pattern, flags) for pattern in patterns]
            for kind, patterns in boilerplate.get("weak", {}).items()
        },
        comments_heading=re.compile(rf"^\s*(?:\d+\s+)?(?:{heading})\s*(?:\(\d+\))?\s*:?\s*$", flags),
        voice=re.compile(vocabulary.alternatives(boilerplate.get("appeal_voice") or []), flags),
    )


# "Caption text. Firstname Lastname / Agency" : a credit line ends with " / " and a name.
_CREDIT_TAIL = re.compile(r"\s/\s*[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}\s*$", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…:;»\"”)]\s*$")
_NORMAL = re.compile(r"[\W_]+", re.UNICODE)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: non-empty lines, with inner whitespace collapsed; the lines of a hard-wrapped text
    (a fixed width, sentences running on across line ends) are joined back into their paragraphs."""
    lines = [
        " ".join(line.split())
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if line.strip()
    ]
    return _unwrapped(lines)


WRAP_MIN_LINES = 4  # fewer lines say nothing about a width
WRAP_WIDTHS = (40, 110)  # the widths texts are wrapped at (e-mail, plain text, gopher: 60 to 80)
WRAP_SHARE = 0.5  # a text is wrapped when at least this share of its lines run on at about one width
_ENDS = re.compile(r"[.!?…:;。！？][\"'”»’)\]]*$")  # a line that ends a sentence (or opens a list)
_MARKUP = re.compile(r"^(?:[#>*•|-]|\d+[.)]\s|IMG\b|\[\d+\])")  # a heading, quote, list item, image


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines joined where a hard wrap cut a paragraph: in a text most of whose lines run on at about
    one width, a line of about that width that ends no sentence continues on the next; linear."""
    if len(lines) < WRAP_MIN_LINES:
        return lines
    lengths = sorted(len(line) for line in lines)
    width = lengths[(len(lengths) * 3) // 4]  # most wrapped lines come near the width, few pass it
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return lines

    def runs_on(line: str) -> bool:
        return 0.6 * width <= len(line) <= 1.15 * width and not _ENDS.search(line)

    # Wrapped: most lines run on at about the width, few pass it by far, and many a next line goes on
    # with a sentence's lower-case word or a number (a list of headlines starts each with a capital).
    running = [index for index, line in enumerate(lines[:-1]) if runs_on(line)]
    goes_on = sum(1 for index in running if not lines[index + 1][0].isupper())
    longer = sum(1 for line in lines if len(line) > 1.5 * width)
    if len(running) < WRAP_SHARE * (len(lines) - 1) or 3 * goes_on < len(running) or 10 * longer > len(lines):
        return lines
    joined: list[str] = []
    previous = ""  # the line before, as it stood
    for line in lines:
        quoted = previous.startswith(">") and line.startswith(">")  # "> " marks every line of a quote
        if (
            previous
            and runs_on(previous)
            and (quoted or not (_MARKUP.match(previous) or _MARKUP.match(line)))
        ):
            joined[-1] = f"{joined[-1]} {line[1:].lstrip() if quoted else line}"
        else:
            joined.append(line)
        previous = line
    return joined


def words(paragraph: str) -> int:
    return len(paragraph.split())


def classify(paragraph: str, language: str = "en") -> str:
    """The kind of boilerplate a paragraph is on its own, in its language, or "" for article text."""
    markers = _compiled(language)
    for kind, pattern in markers.strong.items():
        if pattern.search(paragraph):
            return kind
    short = words(paragraph) <= SHORT_WORDS
    if short and _CREDIT_TAIL.search(paragraph) and not _TERMINAL.search(paragraph):
        return PHOTO_CREDIT
    if _NEUTRAL_CREDIT.search(paragraph) and (short or not _TERMINAL.search(paragraph)):
        return PHOTO_CREDIT
    best, best_hits = "", 0
    for kind, patterns in markers.weak.items():
        # Two forms of one word ("підтримали", "підтримав": the parliament supported) are one marker.
        hits = sum(1 for pattern in patterns if pattern.search(paragraph))
        if hits > best_hits:
            best, best_hits = kind, hits
    if best_hits >= 2 or (best_hits == 1 and short):
        return best
    return ""


def _is_fragment(paragraph: str) -> bool:
    return words(paragraph) <= FRAGMENT_WORDS and not re.search(r"[.!]\s*$", paragraph)


def _fragments_join_blocks(paragraphs: list[str], reasons: list[str]) -> None:
    """Runs of fragments (buttons, menu items) next to a boilerplate paragraph take its reason, the
    block before a run first; linear in the number of paragraphs."""
    fragment = [not reasons[i] and _is_fragment(p) for i, p in enumerate(paragraphs)]

    def block(index: int) -> str:
        return reasons[index] if reasons[index] not in ("", COMMENTS, METADATA) else ""

    index = 0
    while index < len(paragraphs):
        if not fragment[index]:
            index += 1
            continue
        end = index
        while end < len(paragraphs) and fragment[end]:
            end += 1
        before = block(index - 1) if index > 0 else ""
        after = block(end) if end < len(paragraphs) else ""
        for inside in range(index, end):
            reasons[inside] = before or after
        index = end


def metadata_prefix(paragraph: str) -> tuple[str, str]:
    """(the metadata a page store put at the start of a paragraph, its date), or ("", "") if none.

    "date 2025-09-25 source example.org The parliament voted ..." gives the prefix up to "The".
    """
    match = _METADATA.match(paragraph)
    if match is None:
        return "", ""
    found = _METADATA_DATE.search(match.group(0))
    if found is None:
        return "", ""
    return match.group(0), found.group(1)


def clean(text: str, language: str = "en") -> Cleaned:
    """Split ``text`` into paragraphs and decide, for each, whether it is the article."""
    markers = _compiled(language)
    comments_heading, voice = markers.comments_heading, markers.voice
    paragraphs = split_paragraphs(text)

    # 0. Metadata of a page store at the top: a line of its own, or the start of the first paragraph.
    metadata_date = ""
    metadata_at: set[int] = set()
    for index in range(min(METADATA_LINES, len(paragraphs))):
        prefix, found = metadata_prefix(paragraphs[index])
        if not prefix:
            continue
        metadata_date = metadata_date or found
        rest = paragraphs[index][len(prefix) :].strip()
        paragraphs[index : index + 1] = [prefix.strip(), rest] if rest else [prefix.strip()]
        metadata_at.add(index)
        break
    reasons = [METADATA if index in metadata_at else "" for index in range(len(paragraphs))]

    # 1. Reader comments: everything from a comments heading on (never the first paragraph).
    for index, paragraph in enumerate(paragraphs):
        if index > 0 and comments_heading.match(paragraph):
            for later in range(index, len(paragraphs)):
                reasons[later] = COMMENTS
            break

    # 2. Boilerplate by markers.
    for index, paragraph in enumerate(paragraphs):
        if not reasons[index]:
            reasons[index] = classify(paragraph, language)

    # 3. Buttons and menu items next to a boilerplate block belong to it: a run of them takes the
    #    reason of the block before it, else of the block after it (one pass each way).
    _fragments_join_blocks(paragraphs, reasons)

    # 4. A few paragraphs in the voice of an appeal ("we", "your") between two parts of the
    #    same block belong to it.
    marked = [index for index, reason in enumerate(reasons) if reason and reason not in (COMMENTS, METADATA)]
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
            reasons[index] = notes.REPEATED_AT % {"number": seen[key] + 1}
        else:
            seen[key] = index

    segments = [Segment(text=p, reason=r) for p, r in zip(paragraphs, reasons, strict=True)]
    return Cleaned(segments, metadata_date)
