"""Outlets and wire agencies: who published a document, and whose story it is.

The outlet is the site a document came from (its URL's host, without "www."
and "m."), or the outlet its metadata names. A wire story is one credited to a
news agency (``data/outlets.json``: Reuters, AFP, AP, dpa, TASS, RIA Novosti,
Interfax, ...) where a wire credit stands: in the dateline at the start of the
text ("WARSAW (Reuters) -", "Вильнюс, 6 марта. /ТАСС/."), or in a short credit
line at the top or the bottom ("Source: AFP", "(dpa)", "Reporting by ...").
"According to Reuters" in the body is a citation, not a credit. An agency's
own site is its wire. A wire story counts as one source however many sites run
it; two stories of one outlet count as one source too.
"""

# ruff: noqa: RUF001, RUF002  # Cyrillic letters and typographic dashes and quotes are the point: texts use them

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from custodiet.intake.vocabulary import DATA

DATELINE_CHARS = 120  # where a dateline's credit may stand in the first paragraph
CREDIT_WORDS = 14  # a credit line is short
EDGE_PARAGRAPHS = 2  # credit lines are looked for among the first and last paragraphs


@dataclass(frozen=True)
class _Agency:
    name: str
    credit: re.Pattern[str]
    domains: tuple[str, ...]


def _credit_pattern(credits: list[str]) -> re.Pattern[str]:
    # Acronyms (AFP, AP, TASS) only in capitals; names in any case.
    parts = [
        rf"(?<![\w-]){re.escape(name)}(?![\w-])"
        if name.isupper()
        else rf"(?i:(?<!\w){re.escape(name)}(?!\w))"
        for name in credits
    ]
    return re.compile("|".join(parts), re.UNICODE)


@cache
def _agencies() -> tuple[_Agency, ...]:
    data = json.loads((DATA / "outlets.json").read_text(encoding="utf-8"))
    return tuple(
        _Agency(entry["name"], _credit_pattern(entry["credits"]), tuple(entry["domains"]))
        for entry in data["agencies"]
    )


_DATELINE = re.compile(
    r"^[^\n]{0,80}?(?:\(\s*(?P<a>[^()]{2,40}?)\s*\)|/\s*(?P<b>[^/]{2,30}?)\s*/|[—–-]\s*(?P<c>[^—–-]{2,30}?)\s*[—–-])",
    re.UNICODE,
)
_CREDIT_LINE = re.compile(
    r"^\s*(?:\(|©|source\s*:|sources?\s*:|quelle\s*:|источник\s*:|джерело\s*:|fuente\s*:|fonte\s*:|źródło\s*:"
    r"|forrás\s*:|lähde\s*:|allikas\s*:|šaltinis\s*:|avots\s*:|kaynak\s*:|with\s+|reporting\s+by\b|mit\s+material\s+von)",
    re.IGNORECASE | re.UNICODE,
)


def outlet_of(url: str, given: str = "") -> str:
    """The outlet of a document: what its metadata names, else its URL's host; "" when neither."""
    if given.strip():
        return given.strip()[:200]
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def _agency_in(text: str) -> str:
    for agency in _agencies():
        if agency.credit.search(text):
            return agency.name
    return ""


def wire_of(paragraphs: list[str], url: str = "") -> str:
    """The news agency whose story this is, or "" when it carries no wire credit."""
    host = outlet_of(url)
    for agency in _agencies():
        if any(host == domain or host.endswith("." + domain) for domain in agency.domains):
            return agency.name
    if not paragraphs:
        return ""
    opening = paragraphs[0][:DATELINE_CHARS]
    dateline = _DATELINE.match(opening)
    if dateline is not None:
        credited = _agency_in(next(group for group in dateline.groups() if group))
        if credited:
            return credited
    edges = paragraphs[:EDGE_PARAGRAPHS] + paragraphs[-EDGE_PARAGRAPHS:]
    for paragraph in edges:
        if len(paragraph.split()) <= CREDIT_WORDS and (
            _CREDIT_LINE.match(paragraph) or paragraph.strip().upper() == paragraph.strip()
        ):
            credited = _agency_in(paragraph)
            if credited:
                return credited
    if re.search(r"\bReporting by\b.*\bEditing by\b", " ".join(paragraphs[-EDGE_PARAGRAPHS:]), re.IGNORECASE):
        return "Reuters"
    return ""


def source_key(*, wire: str, outlet: str, fallback: str) -> str:
    """The independent source a document stands for: its wire agency, else its outlet, else itself."""
    if wire:
        return f"wire:{wire}"[:40]
    if outlet:
        return f"outlet:{outlet}"[:40]
    return fallback
