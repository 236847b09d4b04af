"""One document from raw input to analysed text: main text, language, cleaning, subject, facts, wire.

Pure: no database. ``analyse`` takes a ``RawDocument`` and a ``Matcher`` (the
vocabulary of states and treaties) and returns everything the services store:
the language (and whether the intake has a vocabulary for it), the cleaned
paragraphs with what was removed and why, the state, treaty and kind of action
the document is mainly about, the facts, the outlet and the wire agency whose
story it is. A document in a language without a vocabulary is cleaned only by
the language-neutral rules and yields no fact: it is never read with another
language's rules. trafilatura is imported inside the function that uses it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from custodiet.intake import cleaning, extraction, language, outlets, vocabulary
from custodiet.intake.cleaning import Cleaned, Segment
from custodiet.intake.dates import DateValue
from custodiet.intake.entities import Matcher, Mention, choose_shared, salient
from custodiet.intake.extraction import Fact
from custodiet.intake.sources import RawDocument

LAYOUT = "outside the main text (page layout: menus, sidebars, comments, footers)"
LEAD_PARAGRAPHS = 2  # the title and the first paragraph say what an article is about
MIN_WORDS = 5  # less than this after cleaning is not a document ...
MIN_LETTERS = 25  # ... unless it has this many letters (Chinese and Japanese do not space their words)
CO_ACTOR = 0.75  # a State weighing this share of the first, named with it, acts with it
LAYOUT_CHARS = 20_000  # what is kept of the text outside the main text, for the record


MAX_TEXT_CHARS = 5_000_000  # characters of text one document may hold (about 2,000 pages); see check_size


class NoText(ValueError):
    """The input cannot be read as an article: no text once cleaned, or too much to analyse.

    The message says why, for the user (the services show it as the refusal)."""


class TooLarge(NoText):
    """The document holds more text than one document may (``MAX_TEXT_CHARS``)."""


def check_size(text: str) -> None:
    """Refuse a text longer than ``MAX_TEXT_CHARS``, with a message a user can act on (TooLarge).

    Every step of the analysis is linear in the text's length, so the limit bounds the time one
    document can take; the services may call this before they analyse or queue a document."""
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(
            f"too large to analyse: {len(text):,} characters of text; one document may hold at most "
            f"{MAX_TEXT_CHARS:,} (about 2,000 pages). Split it into parts and import each."
        )


@dataclass
class Analysis:
    title: str
    language: str
    published: DateValue | None
    cleaned: Cleaned
    layout_removed: list[str] = field(default_factory=list)
    state: str = ""
    instrument: str = ""
    action: str = ""
    facts: list[Fact] = field(default_factory=list)
    published_from: str = ""  # "" (the metadata), or where a publication date was read
    outlet: str = ""
    wire: str = ""

    @property
    def readable(self) -> bool:
        """Whether the intake has a vocabulary for the document's language."""
        return vocabulary.load(self.language) is not None

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


def weighted_mentions(
    paragraphs: list[str], matcher: Matcher, lang: str, title: str = ""
) -> tuple[list[tuple[Mention, float, int]], list[list[Mention]]]:
    """Every mention with its weight and its sentence's number, and the mentions of each paragraph.

    The title and the lead count more; a sentence that speaks of an action on a treaty ("Hungary's
    parliament voted to leave the ICC") counts more again, so that the State that acts outweighs the
    States only mentioned. Each paragraph is matched once; its mentions are shared with extraction.
    """
    weighted: list[tuple[Mention, float, int]] = []
    per_paragraph: list[list[Mention]] = []
    action = _actions(lang)
    lead = [title] if title and (not paragraphs or title.strip() != paragraphs[0].strip()) else []
    sentence_number = 0
    for number, paragraph in enumerate([*lead, *paragraphs]):
        found_here = matcher.find_all(paragraph, lang)
        if number >= len(lead):
            per_paragraph.append(found_here)
        starts = [m.start for m in found_here]
        for offset, sentence in extraction.split_sentences(paragraph, lang):
            found = extraction.within(found_here, starts, offset, offset + len(sentence))
            acting = bool(action is not None and action.search(sentence))
            on_treaty = any(m.kind == "instrument" for m in found)
            weight = (3.0 if number < LEAD_PARAGRAPHS + len(lead) else 1.0) * (2.0 if acting else 1.0)
            weighted.extend(
                (m, weight * (2.0 if on_treaty and m.kind == "state" else 1.0), sentence_number)
                for m in found
            )
            sentence_number += 1
    return weighted, per_paragraph


def acting_states(mentions: list[tuple[Mention, float, int]], lead: int = 2) -> str:
    """The State a document is about, or the States that act together ("BF+ML+NE"): those weighing at
    least ``CO_ACTOR`` of the first and named with it in one of the ``lead`` sentences that open it
    (the title, the first sentence)."""
    scores: Counter[str] = Counter()
    for mention, weight, _sentence in mentions:
        if mention.kind == "state":
            scores[mention.code] += weight * mention.weight  # type: ignore[assignment]
    if not scores:
        return ""
    top = salient([(m, w) for m, w, _s in mentions], "state")
    with_top = {s for m, _w, s in mentions if m.kind == "state" and m.code == top}
    shared: dict[str, set[int]] = {}
    for mention, _weight, sentence in mentions:
        if (
            mention.kind == "state"
            and sentence in with_top
            and scores[mention.code] >= CO_ACTOR * scores[top]
        ):
            shared.setdefault(mention.code, set()).add(sentence)
    # Named with the first State in an opening sentence, and in another sentence too.
    together = {code for code, sentences in shared.items() if min(sentences) < lead and len(sentences) >= 2}
    return "+".join(sorted(together | {top}))


@cache
def _actions(lang: str) -> re.Pattern[str] | None:
    lexicon = vocabulary.load(lang)
    if lexicon is None:
        return None
    return re.compile("|".join(lexicon.groups("actions").values()), re.IGNORECASE | re.UNICODE)


@cache
def _action_patterns(lang: str) -> dict[str, re.Pattern[str]]:
    lexicon = vocabulary.load(lang)
    if lexicon is None:
        return {}
    return {name: re.compile(p, re.IGNORECASE | re.UNICODE) for name, p in lexicon.groups("actions").items()}


def main_action(text: str, lang: str = "en") -> str:
    """The kind of action a text speaks of most (denunciation, ratification, accession, signature)."""
    counts = Counter({name: len(pattern.findall(text)) for name, pattern in _action_patterns(lang).items()})
    if not counts:
        return ""
    name, hits = counts.most_common(1)[0]
    return name if hits else ""


def _language_of(raw: RawDocument, body: str) -> str:
    given = raw.language.split("-")[0].lower()
    if given in vocabulary.IDENTIFIED_LANGUAGES or vocabulary.load(given) is not None:
        return given
    return language.detect(body)


def analyse(raw: RawDocument, matcher: Matcher) -> Analysis:
    """Read, clean and analyse one document; raises NoText when nothing of an article is left, and
    TooLarge (a NoText) when its text is longer than ``MAX_TEXT_CHARS``."""
    layout: list[str] = []
    title = raw.title
    if raw.format == "html":
        page_title, body, layout = main_text(raw.body)
        title = title or page_title
    else:
        body = raw.body
    check_size(body)
    lang = _language_of(raw, body)
    cleaned = cleaning.clean(body, lang)
    paragraphs = cleaned.paragraphs
    if (
        sum(len(p.split()) for p in paragraphs) < MIN_WORDS
        and sum(c.isalpha() for c in cleaned.text) < MIN_LETTERS
    ):
        raise NoText("no text: nothing of an article is left once the page is cleaned")
    published, published_from = raw.published, ""
    if published is None and cleaned.metadata_date:
        try:
            published, published_from = DateValue.parse(cleaned.metadata_date), "a metadata line at the top"
        except ValueError:
            published = None
    mentions, per_paragraph = weighted_mentions(paragraphs, matcher, lang, title)
    chosen = choose_shared([m for m, _w, _s in mentions], matcher)
    resolved = [
        (Mention(m.start, m.end, chosen.get(m.code, m.code), m.kind, m.text, m.weight, m.family), w, s)
        if m.candidates
        else (m, w, s)
        for m, w, s in mentions
    ]
    instrument = salient([(m, w) for m, w, _s in resolved], "instrument")
    action = main_action(cleaned.text, lang)
    facts = extraction.extract(
        paragraphs,
        matcher=matcher,
        main_instrument=instrument,
        published=published,
        language=lang,
        action=action,
        chosen=chosen,
        found=per_paragraph,
    )
    return Analysis(
        title=title or _title_of(raw, paragraphs),
        language=lang,
        published=published,
        cleaned=cleaned,
        layout_removed=layout,
        state=acting_states(resolved),
        instrument=instrument,
        action=action,
        facts=facts,
        published_from=published_from,
        outlet=outlets.outlet_of(raw.url, raw.outlet),
        wire=outlets.wire_of(paragraphs, raw.url),
    )
