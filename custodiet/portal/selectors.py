"""Reads of the portal: the search over everything public, and the published timelines.

Everything here is public: the search reads only the index (``SearchEntry``), which holds nothing but
published material (``custodiet.portal.indexing``), and a timeline is read only while it is published.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import get_language

from custodiet.core.api import LARGEST_ID
from custodiet.core.dates import shown_date
from custodiet.core.errors import NotFound
from custodiet.intake import selectors as intake_selectors
from custodiet.intake.claims import Finding, Reading
from custodiet.intake.shown import shown_claim, stated_iso
from custodiet.portal import fulltext
from custodiet.portal.fulltext import Filters, Hit
from custodiet.portal.indexing import public_address
from custodiet.portal.models import Kind, Precision, PublishedTimeline
from custodiet.portal.text import INTERFACE_LANGUAGES, Piece, Query, highlight, parse_query, snippet
from custodiet.treaties.models import State, state_name

PER_PAGE = 20
MAX_OFFSET = 10_000  # deeper pages are refused: narrow the search with a facet instead


def query_languages(table: fulltext.FacetTable | None = None) -> tuple[str, ...]:
    """The languages a query's words are read in: the interface's, and those of the documents."""
    table = table or fulltext.facet_table()
    return tuple(dict.fromkeys([*INTERFACE_LANGUAGES, *(str(code) for code in table.values["language"][1:])]))


@dataclass(frozen=True)
class Result:
    entry: Hit
    title: list[Piece]
    snippet: list[Piece]

    @property
    def when(self) -> str:
        return date_label(self.entry.day, self.entry.precision)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.entry.kind).label)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class SearchPage:
    text: str
    query: Query
    filters: Filters
    order: str
    offset: int
    total: int = 0  # the number of results; when not ``exact``, a number they are more than
    exact: bool = True
    sampled: int = 0  # when not exact: the counts by facet are counted in this many of the results
    results: list[Result] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def per_page(self) -> int:
        return PER_PAGE

    @property
    def next_offset(self) -> int | None:
        following = self.offset + PER_PAGE
        more = following < self.total or (not self.exact and following <= self.total)
        return following if more and following <= MAX_OFFSET else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - PER_PAGE) if self.offset > 0 else None


def date_label(day: date | None, precision: str) -> str:
    """A date as precise as it is known, in the interface's language: "24 September 2019", "July 2001",
    "2001"; "" when not known."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return shown_date(day)


@lru_cache(maxsize=8)
def _state_names(version: int) -> dict[str, tuple[str, str]]:
    """The States' recorded names, read again whenever the index changes (a renamed State changes its entry)."""
    return {
        code: (name_en, name_fr)
        for code, name_en, name_fr in State.objects.values_list("code", "name_en", "name_fr")
    }


def _labels(facet: str, values: set[Any], version: int) -> dict[Any, str]:
    if facet == "kind":
        return {value: str(Kind(value).label) for value in values if value in Kind.values}
    if facet == "state":
        names = _state_names(version)
        return {value: state_name(value, *names[value]) if value in names else value for value in values}
    if facet == "language":
        return {value: language_label(value) for value in values}
    return {value: str(value) for value in values}


def language_label(code: str) -> str:
    """A language's name in the interface's language (CLDR), capitalised as a label."""
    return _language_names((get_language() or "en")[:2]).get(code, code)


@cache
def _language_names(interface: str) -> dict[str, str]:
    return {code: str(name)[:1].upper() + str(name)[1:] for code, name in Locale(interface).languages.items()}


def _facets(found: fulltext.Found, filters: Filters, version: int) -> dict[str, list[FacetValue]]:
    facets = {}
    chosen = filters.chosen()
    for name, counts in found.counts.items():
        labels = _labels(name, {value for value, _ in counts}, version)
        if name == "year":
            ordered = sorted(counts, key=lambda pair: -int(pair[0]))
        else:
            ordered = sorted(counts, key=lambda pair: (-pair[1], labels.get(pair[0], str(pair[0]))))
        facets[name] = [
            FacetValue(
                str(value), labels.get(value, str(value)), count, name in chosen and chosen[name] == value
            )
            for value, count in ordered
        ]
    return facets


def search(
    text: str, filters: Filters | None = None, *, order: str = "relevance", offset: int = 0
) -> SearchPage:
    """One page of the public material that matches ``text``: each result with its title and a snippet,
    the matching words marked; the total; and the counts by facet among the results. When the words
    are in more entries than a search reads (``fulltext.cap()``), the page is still exact, but the total
    is a floor and the counts are counted in a sample (``exact`` false, ``sampled``)."""
    filters = filters or Filters()
    order = order if order in fulltext.ORDERS else "relevance"
    offset = min(max(0, offset), MAX_OFFSET)
    table = fulltext.facet_table()
    query = parse_query(text, query_languages(table))
    page = SearchPage(text=text, query=query, filters=filters, order=order, offset=offset)
    if not query:
        return page
    found = fulltext.search(query, filters, order=order, limit=PER_PAGE, offset=offset, table=table)
    terms = query.terms
    page.total, page.exact, page.sampled = found.total, found.exact, found.sampled
    page.results = [
        Result(
            entry=hit,
            title=highlight(hit.title, hit.language, terms),
            snippet=snippet(hit.text, hit.language, query),
        )
        for hit in found.entries
    ]
    page.facets = _facets(found, filters, table.version)
    return page


# -- published timelines ------------------------------------------------------------------------------


def published_timelines() -> QuerySet[PublishedTimeline]:
    return PublishedTimeline.objects.select_related("event", "event__state", "event__instrument").order_by(
        "-published_on", "-pk"
    )


def published_timeline(pk: int) -> PublishedTimeline:
    """A published timeline (by its event's number); NotFound when the event is not published."""
    found = published_timelines().filter(event_id=pk).first() if 0 < pk <= LARGEST_ID else None  # no overflow
    if found is None:
        raise NotFound("No published timeline has that number.")
    return found


def timeline_of(published: PublishedTimeline) -> intake_selectors.Timeline:
    return intake_selectors.event_timeline(published.event)


@dataclass(frozen=True)
class PublicSource:
    """A source of a published timeline as the public sees it: never where a file was read from."""

    pk: int
    title: str
    outlet: str
    language: str
    published: str  # as precise as known; "" when not known
    address: str  # its public web address; "" when none is recorded
    duplicate_of: int | None


def public_sources(timeline: intake_selectors.Timeline) -> list[PublicSource]:
    return [
        PublicSource(
            pk=document.pk,
            title=document.title or document.outlet or "",
            outlet=document.outlet,
            language=language_label(document.language) if document.language else "",
            published=stated_iso(document.published_iso),
            address=public_address(document.url),
            duplicate_of=document.duplicate_of_id,
        )
        for document in timeline.documents
    ]


def _public_reading(reading: Reading, sources: dict[int, PublicSource]) -> dict[str, Any]:
    return {
        "shown": shown_claim(reading.best),
        "inferred": reading.inferred,
        "sources": reading.sources,
        "claims": [
            {
                "source": claim.document,
                "source_title": sources[claim.document].title if claim.document in sources else "",
                "address": sources[claim.document].address if claim.document in sources else "",
                "quote": claim.quote or claim.sentence,
                "inferred": claim.inferred,
                "note": claim.note,
            }
            for claim in reading.claims
        ],
    }


def public_timeline(published: PublishedTimeline) -> dict[str, Any]:
    """A published timeline as the public page and API show it: each date (and count) with what the
    sources say, their public addresses, and where they disagree; the sources without file paths."""
    timeline = timeline_of(published)
    sources = public_sources(timeline)
    by_pk = {source.pk: source for source in sources}
    event = published.event

    def finding_dict(finding: Finding) -> dict[str, Any]:
        return {
            "what": finding.label,
            "subject": timeline.subject_names.get(finding.subject, finding.subject),
            "status": finding.status,
            "disagreement": finding.contradiction,
            "readings": [_public_reading(reading, by_pk) for reading in finding.readings],
        }

    return {
        "id": event.pk,
        "title": event.title,
        "summary": published.summary,
        "state": event.state.code if event.state else None,
        "state_name": event.state.name_en if event.state else None,
        "instrument": event.instrument.code if event.instrument else None,
        "published_on": published.published_on,
        "sources_count": event.source_count,
        "documents_count": event.document_count,
        "disagreements": len(timeline.contradictions),
        "dates": [finding_dict(finding) for finding in timeline.dated],
        "counts": [finding_dict(finding) for finding in timeline.counts],
        "sources": [asdict(source) for source in sources],
    }
