"""The database's own full-text search over the portal's index, and the rest of a search done alike on
every back end.

The database is asked one thing: which entries hold one term of each of the query's words (and which of
them hold them all in their title). SQLite answers from its FTS5 table, PostgreSQL from its tsvector
columns and GIN indexes (migration 0002); both index the same terms (``custodiet.portal.text``), so
they return the same entries. Everything else is computed here, the same way for both, from a table of
every entry's facets and date kept in memory (``FacetTable``, reloaded when the index's version, kept
by the database's own triggers, changes): the facet filters, the total, the counts by facet, and the
order:

- by relevance: the entries whose title holds every word of the query first, then the others; newest
  first within each (an entry with no known date last), then by entry;
- by date: newest first, an entry with no known date last.

So a search gives the same results, in the same order, on SQLite and on PostgreSQL, and its cost is
the database's match plus a few array operations per result, with no per-result reading of rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import connection

from custodiet.portal.text import Query

FTS_TABLE = "portal_search_fts"  # SQLite (migration 0002)
FACETS = ("kind", "state", "body", "year", "language")
ORDERS = ("relevance", "date")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    state: str = ""
    body: str = ""
    year: int | None = None
    language: str = ""

    def chosen(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACETS if getattr(self, name) not in ("", None)}


def match_expression(query: Query, *, title: bool = False) -> str:
    """The query in the back end's own syntax: each word's terms or-ed, the words and-ed (``title``:
    in the title only)."""
    if connection.vendor == "postgresql":
        return " & ".join(
            "(" + " | ".join(f"'{term}'" for term in sorted(group)) + ")" for group in query.groups
        )
    made = " AND ".join(
        "(" + " OR ".join(f'"{term}"' for term in sorted(group)) + ")" for group in query.groups
    )
    return "{title_terms} : (" + made + ")" if title else made


def matching(query: Query, *, titles: bool) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The entries that match, and (``titles``) those whose title holds every word: one statement, each
    list as one comma-separated text (tens of thousands of rows cost more to fetch than to find)."""
    if connection.vendor == "postgresql":
        one = "SELECT string_agg(id::text, ',') FROM portal_searchentry WHERE {column} @@ to_tsquery('simple', %s)"
        sql = f"SELECT ({one.format(column='search_vector')}), "
        sql += f"({one.format(column='title_vector')})" if titles else "NULL"
    else:
        one = f"SELECT group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - a constant name
        sql = f"SELECT ({one}), " + (f"({one})" if titles else "NULL")
    params = [match_expression(query)] + ([match_expression(query, title=True)] if titles else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        everything, in_title = cursor.fetchone()
    return _ids(everything), _ids(in_title)


def _ids(joined: str | None) -> np.ndarray[Any, Any]:
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def raw_search(query: Query, *, limit: int) -> list[int]:
    """The bare full-text query on the same index, ranked by the back end's own measure (FTS5's BM25,
    PostgreSQL's ts_rank), the best ``limit``: no filter, no count, no facet. The benchmark's baseline."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM portal_searchentry, to_tsquery('simple', %s) AS q(query) "
                "WHERE search_vector @@ q.query ORDER BY ts_rank(search_vector, q.query) DESC LIMIT %s",
                [match_expression(query), limit],
            )
        else:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s",  # noqa: S608 - a constant name
                [match_expression(query), limit],
            )
        return [row[0] for row in cursor.fetchall()]


# -- the facets and dates of every entry, in memory ------------------------------------------------------


def index_version() -> int:
    """The index's version: the database's triggers add one on every change of an entry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM portal_indexversion")
        row = cursor.fetchone()
    return int(row[0]) if row else -1


class FacetTable:
    """Every entry's facets (as codes) and date (as a day number), indexed by entry id."""

    def __init__(self, version: int, rows: list[tuple[Any, ...]]) -> None:
        self.version = version
        size = max((row[0] for row in rows), default=0) + 1
        self.present = np.zeros(size, dtype=bool)
        self.day = np.zeros(size, dtype=np.int64)
        self.values: dict[str, list[Any]] = {name: [None] for name in FACETS}
        self.codes = {name: np.zeros(size, dtype=np.int32) for name in FACETS}
        known: dict[str, dict[Any, int]] = {name: {} for name in FACETS}
        for entry, day, *facets in rows:
            self.present[entry] = True
            self.day[entry] = _ordinal(day)
            for name, value in zip(FACETS, facets, strict=True):
                if value in ("", None):
                    continue
                code = known[name].get(value)
                if code is None:
                    code = known[name][value] = len(self.values[name])
                    self.values[name].append(value)
                self.codes[name][entry] = code
        self.lookup = known

    @classmethod
    def load(cls, version: int) -> FacetTable:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, day, kind, state, body, year, language FROM portal_searchentry")
            return cls(version, cursor.fetchall())

    def knows(self, ids: np.ndarray[Any, Any]) -> bool:
        if not len(ids):
            return True
        return bool(ids.max() < len(self.present) and ids.min() >= 0 and self.present[ids].all())


def _ordinal(day: Any) -> int:
    if day is None:
        return 0
    return (date.fromisoformat(day) if isinstance(day, str) else day).toordinal()


_lock = threading.Lock()
_tables: dict[str, FacetTable] = {}  # by database alias


def facet_table(*, reload: bool = False) -> FacetTable:
    """The table for the index as it is now (reloaded when the index's version changed)."""
    version = index_version()
    with _lock:
        table = _tables.get(connection.alias)
        if reload or table is None or table.version != version:
            table = _tables[connection.alias] = FacetTable.load(version)
        return table


@dataclass(frozen=True)
class Found:
    ids: list[int]  # the page, in order
    total: int
    counts: dict[str, list[tuple[Any, int]]]  # by facet: (value, count), among the results


def search(
    query: Query, filters: Filters, *, order: str, limit: int, offset: int, table: FacetTable | None = None
) -> Found:
    """The page of entries that match (``limit`` from ``offset``), the total and the counts by facet."""
    hits, in_title = matching(query, titles=order == "relevance")
    table = table or facet_table()
    if not table.knows(hits):  # written since the table was read
        table = facet_table(reload=True)
    for name, value in filters.chosen().items():
        code = table.lookup[name].get(value)
        hits = hits[table.codes[name][hits] == code] if code is not None else hits[:0]
    counts = {}
    for name in FACETS:
        tally = np.bincount(table.codes[name][hits], minlength=len(table.values[name]))
        counts[name] = [
            (table.values[name][code], int(tally[code])) for code in np.flatnonzero(tally) if code
        ]
    key = (table.day[hits] << 32) | hits  # newest first, then by entry; no date (0) last
    if order == "relevance" and len(in_title):
        key = key | (np.isin(hits, in_title).astype(np.int64) << 62)
    wanted = min(len(hits), offset + limit)
    if wanted <= offset:
        return Found([], len(hits), counts)
    best = np.argpartition(-key, wanted - 1)[:wanted] if wanted < len(hits) else np.arange(len(hits))
    ranked = best[np.argsort(-key[best], kind="stable")]
    return Found([int(entry) for entry in hits[ranked][offset:wanted]], len(hits), counts)


@dataclass(frozen=True)
class Hit:
    """One entry of a page of results, as the page shows it."""

    id: int
    key: str
    kind: str
    title: str
    url: str
    address: str
    state: str
    body: str
    day: date | None
    precision: str
    language: str
    text: str


def hits(ids: list[int]) -> list[Hit]:
    """The entries of a page, in the page's order (one query)."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    columns = "id, key, kind, title, url, address, state, body, day, precision, language, text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM portal_searchentry WHERE id IN ({marks})",  # noqa: S608 - placeholders only
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    found = []
    for entry in ids:
        if entry in rows:
            row = rows[entry]
            day = date.fromisoformat(row[8]) if isinstance(row[8], str) else row[8]
            found.append(
                Hit(
                    id=row[0],
                    key=row[1],
                    kind=row[2],
                    title=row[3],
                    url=row[4],
                    address=row[5],
                    state=row[6],
                    body=row[7],
                    day=day,
                    precision=row[9],
                    language=row[10],
                    text=row[11],
                )
            )
    return found
