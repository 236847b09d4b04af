"""One document from raw input to analysed text: main text, cleaning, language, subject, facts.

Pure: no database. ``analyse`` takes a ``RawDocument`` and a ``Matcher`` (the
vocabulary of states and treaties) and returns everything the services store:
the cleaned paragraphs with what was removed and why, the language, the state,
treaty and kind of action the document is mainly about, and the facts.
trafilatura is imported inside the function that uses it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from custodiet.intake import cleaning, dates, extraction, language
from custodiet.intake.cleaning import Cleaned, Segment
from custodiet.intake.entities import Matcher, Mention, salient
from custodiet.intake.extraction import Fact
from custodiet.intake.sources import RawDocument
from custodiet.intake.vocabulary import SUPPORTED_LANGUAGES

LAYOUT = "outside the main text (page layout: menus, sidebars, comments, footers)"
LEAD_PARAGRAPHS = 2  # the title and the first paragraph say what an article is about
MIN_WORDS = 5
LAYOUT_CHARS = 20_000  # what is kept of the text outside the main text, for the record  # less than this after cleaning is not a document

ACTIONS: dict[str, str] = {
    "denunciation": (
        r"denounc\w*|denunciation|withdr[ae]w\w*|exit\w*|\bquit\w*|leav\w*|pull\w* out|денонс\w*|выход\w*|вышл\w*"
        r"|вихід\w*|виход\w*|вийш\w*|kündig\w*|austritt\w*|austret\w*|dénonc\w*|retrait\w*|retir\w*|quitt\w*"
    ),
    "ratification": r"ratif\w*|ратифи\w*|ратифі\w*",
    "accession": r"accession|acced\w*|присоедин\w*|приєдна\w*|beitritt\w*|adhésion",
    "signature": r"\bsign(?:s|ed|ing|ature)\b|подписа\w*|підписа\w*|unterzeichn\w*|signature",
}


class NoText(ValueError):
    """The input holds no article text once cleaned."""


@dataclass
class Analysis:
    title: str
    language: str
    published: date | None
    cleaned: Cleaned
    layout_removed: list[str] = field(default_factory=list)
    state: str = ""
    instrument: str = ""
    action: str = ""
    facts: list[Fact] = field(default_factory=list)
    anchor: date | None = None  # the latest full date the document states

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def segments(self) -> list[Segment]:
        """The page's text outside the main text as one segment (" · " between blocks), then the paragraphs."""
        layout = " · ".join(self.layout_removed)[:LAYOUT_CHARS]
        return ([Segment(layout, LAYOUT)] if layout else []) + self.cleaned.segments


def main_text(html: str) -> tuple[str, str, list[str]]:
    """(title, main text, page text left out) of an HTML page, through trafilatura.

    The page is parsed once: the text of its blocks is collected before trafilatura,
    which prunes the tree it is given, extracts the main text from the same tree.
    """
    import trafilatura  # lazily: a heavy library (start-up speed)
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "", "", []
    blocks: list[str] = []
    for element in tree.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "figcaption", "td"):
        piece = " ".join(element.text_content().split())
        if len(piece) >= 3:
            blocks.append(piece)
    extracted = trafilatura.bare_extraction(
        tree, include_comments=False, include_tables=False, favor_precision=True, with_metadata=True
    )
    if extracted is None:
        return "", "", []
    text = getattr(extracted, "text", None) or ""
    title = getattr(extracted, "title", None) or ""
    kept = {" ".join(line.split()) for line in text.splitlines() if line.strip()}
    left_out = [piece for piece in dict.fromkeys(blocks) if piece not in kept and piece != title]
    return title, text, left_out


def _title_of(raw: RawDocument, paragraphs: list[str]) -> str:
    if raw.title:
        return raw.title
    if paragraphs and len(paragraphs[0].split()) <= 20 and not re.search(r"[.!?]$", paragraphs[0]):
        return paragraphs[0]
    return paragraphs[0][:120] if paragraphs else ""


def weighted_mentions(paragraphs: list[str], matcher: Matcher) -> list[tuple[Mention, float]]:
    weighted: list[tuple[Mention, float]] = []
    action = re.compile("|".join(ACTIONS.values()), re.IGNORECASE | re.UNICODE)
    for number, paragraph in enumerate(paragraphs):
        for _offset, sentence in extraction.split_sentences(paragraph):
            acting = bool(action.search(sentence))
            weight = (3.0 if number < LEAD_PARAGRAPHS else 1.0) + (1.0 if acting else 0.0)
            weighted.extend((mention, weight) for mention in matcher.find_all(sentence))
    return weighted


def main_action(text: str) -> str:
    counts = Counter(
        {
            name: len(re.findall(pattern, text, re.IGNORECASE | re.UNICODE))
            for name, pattern in ACTIONS.items()
        }
    )
    name, hits = counts.most_common(1)[0]
    return name if hits else ""


def analyse(raw: RawDocument, matcher: Matcher) -> Analysis:
    """Read, clean and analyse one document; raises NoText when nothing of an article is left."""
    layout: list[str] = []
    title = raw.title
    if raw.format == "html":
        page_title, body, layout = main_text(raw.body)
        title = title or page_title
    else:
        body = raw.body
    cleaned = cleaning.clean(body)
    paragraphs = cleaned.paragraphs
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        raise NoText("no text: nothing of an article is left once the page is cleaned")
    text = cleaned.text
    lang = raw.language if raw.language in SUPPORTED_LANGUAGES else language.detect(text)
    mentions = weighted_mentions(paragraphs, matcher)
    instrument = salient(mentions, "instrument")
    state = salient(mentions, "state")
    facts = extraction.extract(
        paragraphs,
        matcher=matcher,
        main_instrument=instrument,
        published=raw.published,
        language=lang or "en",
    )
    anchor = dates.anchor_of([m for p in paragraphs for m in dates.find_dates(p, lang or "en")])
    return Analysis(
        title=_title_of(raw, paragraphs) if not title else title,
        language=lang,
        published=raw.published,
        cleaned=cleaned,
        layout_removed=layout,
        state=state,
        instrument=instrument,
        action=main_action(text),
        facts=facts,
        anchor=anchor,
    )
