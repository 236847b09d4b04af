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

What a search reads is bounded (``cap()``, 1,000 entries by default). A query whose words are in no more
entries is answered exactly: every match is read, and the total and counts by facet are exact. A query
that matches more is answered by walking the entries in the page's order and asking the database which
of them match, a growing batch at a time, until the page is full (the table of facets keeps that order);
each batch is a range of dates, which PostgreSQL and-s with the GIN index's bitmap, so it reads only the
rows of the range that match: the cost follows the page and not the number of matches (reading every
match of a common word costs seconds there). The page is then still exact, but
the total is a floor ("more than 1,000") and the counts by facet are counted in the matches the
database returned first: the page says both.

So a search gives the same page of results, in the same order, and the same total on SQLite and on
PostgreSQL; only the sampled counts of a capped search may differ between them (each database returns
its own first matches).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
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


def _sql_matches(column: str) -> str:
    """The condition that an entry matches the query (one parameter), in ``column``: "all" (title and
    text) or "title"."""
    if connection.vendor == "postgresql":
        vector = "title_vector" if column == "title" else "search_vector"
        return f"{vector} @@ to_tsquery('simple', %s)"
    return f"{FTS_TABLE} MATCH %s"


def _ids(joined: str | None) -> np.ndarray[Any, Any]:
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


class Matcher:
    """Which entries match one query, asked of the database in bounded steps: at most ``cap`` + 1 of
    them (``first``), or which of some given entries (``among``).

    On PostgreSQL each step is one statement whose cost is bounded by the entries it returns or is given
    (the GIN index finds them; only those rows are read). On SQLite, where FTS5 returns every match faster
    than the rows could be asked for one by one, every match is read once and the steps are answered from
    it; the answers are the same.
    """

    def __init__(self, query: Query) -> None:
        self.query = query
        self.postgresql = connection.vendor == "postgresql"
        self._every: dict[str, np.ndarray[Any, Any]] = {}
        self._before = ""  # PostgreSQL: settings to send with the next statement, in its round trip
        self._set = False  # the settings were sent and are not restored yet

    def _expression(self, column: str) -> str:
        return match_expression(self.query, title=column == "title")

    def every(self, column: str) -> np.ndarray[Any, Any]:
        """Every entry that matches in ``column`` (SQLite only), by entry."""
        if column not in self._every:
            sql = f"SELECT group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - a constant name
            with connection.cursor() as cursor:
                cursor.execute(sql, [self._expression(column)])
                self._every[column] = np.sort(_ids(cursor.fetchone()[0]))
        return self._every[column]

    def first(self, column: str, cap: int) -> np.ndarray[Any, Any]:
        """Up to ``cap`` + 1 entries that match in ``column``: all of them when there are ``cap`` or fewer;
        which ones otherwise is the database's choice."""
        return self.firsts((column,), cap)[0]

    def firsts(self, columns: tuple[str, ...], cap: int) -> list[np.ndarray[Any, Any]]:
        """``first`` for each of ``columns``, asked of PostgreSQL in one statement."""
        if not self.postgresql:
            return [self.every(column)[: cap + 1] for column in columns]
        parts = ", ".join(
            "(SELECT string_agg(id::text, ',') FROM (SELECT id FROM portal_searchentry "  # noqa: S608 - constant parts
            f"WHERE {_sql_matches(column)} LIMIT %s) AS found)"
            for column in columns
        )
        params: list[Any] = []
        for column in columns:
            params += [self._expression(column), cap + 1]
        return [_ids(joined) for joined in self._row(f"SELECT {parts}", params)]

    def among(
        self, column: str, entries: np.ndarray[Any, Any], table: FacetTable, filters: Filters
    ) -> np.ndarray[Any, Any]:
        """Those of ``entries`` (consecutive in the order by date, each with the chosen facets) that match
        in ``column``, in the order given.

        PostgreSQL is asked which entries of their range of dates (and with the chosen facets) match:
        the B-tree on the date gives the range as a bitmap, and-ed with the GIN index's, so only the rows
        that match are read. Asking by their ids instead tested each row the GIN index found against the
        list (1,300 to 5,000 rows read for 60 to 200 results: 70 to 280 ms). An entry of the range that
        is not among ``entries`` (another on the same first or last day) is left out here."""
        if not len(entries):
            return entries
        if self.postgresql:
            days = table.day[entries]
            dated = days[days > 0]
            conditions, params = [], []
            if len(dated):
                conditions.append("day BETWEEN %s AND %s")
                params += [date.fromordinal(int(dated.min())), date.fromordinal(int(dated.max()))]
            if len(dated) < len(days):  # entries with no known date (last in the order)
                conditions.append("day IS NULL")
            where = " OR ".join(conditions)
            chosen = filters.chosen()
            facets = "".join(f" AND {name} = %s" for name in chosen)  # names from FACETS: constants
            sql = (
                "SELECT string_agg(id::text, ',') FROM portal_searchentry "  # noqa: S608 - constant parts
                f"WHERE ({where}){facets} AND {_sql_matches(column)}"
            )
            matched = _ids(self._row(sql, [*params, *chosen.values(), self._expression(column)])[0])
        else:
            matched = self.every(column)
        return entries[np.isin(entries, matched)]

    def _row(self, sql: str, params: list[Any]) -> tuple[Any, ...]:
        """The one row of ``sql``, sent with the settings still to send (one round trip)."""
        with connection.cursor() as cursor:
            _execute(cursor, self._before + sql, params)
            self._set, self._before = self._set or bool(self._before), ""
            return tuple(cursor.fetchone())

    def page(self, ids: list[int]) -> list[Hit]:
        """The entries of a page, in its order (``hits``), read as the settings are restored: on
        PostgreSQL, in the same round trip."""
        if not ids:
            return []
        found = _hits(ids, before=_RESET if self._set else "")
        self._set = False  # only now: a statement that fails is undone with its settings' RESET
        return found

    @contextmanager
    def bitmaps(self) -> Iterator[None]:
        """While open, PostgreSQL answers from the GIN index's bitmap (and-ed with the date's, for
        ``among``) and never reads the rows one by one to test each one's tsvector: with the planner's
        estimates a sequential scan under a LIMIT looks cheap, but each test unpacks a stored tsvector
        (tens of microseconds a row, seconds for a common word). The bitmap needs no test of a row (the
        query has no weights), so only the rows returned are read. The settings are the session's own,
        sent with the search's first statement and restored with its last (``page``), or after it: each
        round trip costs milliseconds on a loaded server."""
        if not self.postgresql:
            yield
            return
        self._before = _SETTINGS
        try:
            yield
        except Exception:
            if self._set and not connection.in_atomic_block:  # else the rollback undoes the SET
                self._restore()
            raise
        finally:
            self._before = ""
        if self._set:
            self._restore()

    def _restore(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_RESET)
        self._set = False


_SETTINGS = "SET enable_seqscan = off; SET enable_indexscan = off; "
_RESET = "RESET enable_seqscan; RESET enable_indexscan; "


def _execute(cursor: Any, sql: str, params: list[Any]) -> None:
    """Run ``sql``, which may open with settings (PostgreSQL, parameters bound by the client: several
    statements in one round trip), and stand on the result of its last statement."""
    cursor.execute(sql, params)
    while cursor.description is None and cursor.nextset():
        pass


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
        entries = np.flatnonzero(self.present)
        self.order = entries[np.argsort(-self.key(entries), kind="stable")]  # newest first, then by entry

    def key(self, entries: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The order of results by date: newest first, then by entry (a later one first); no date (0) last."""
        made: np.ndarray[Any, Any] = (self.day[entries] << 32) | entries
        return made

    def chosen(self, entries: np.ndarray[Any, Any], filters: Filters) -> np.ndarray[Any, Any]:
        """Those of ``entries`` that have every chosen facet."""
        for name, value in filters.chosen().items():
            code = self.lookup[name].get(value)
            entries = entries[self.codes[name][entries] == code] if code is not None else entries[:0]
        return entries

    def counts(self, entries: np.ndarray[Any, Any]) -> dict[str, list[tuple[Any, int]]]:
        counts = {}
        for name in FACETS:
            tally = np.bincount(self.codes[name][entries], minlength=len(self.values[name]))
            counts[name] = [
                (self.values[name][code], int(tally[code])) for code in np.flatnonzero(tally) if code
            ]
        return counts

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


CAP = 1000  # the most entries a search reads to count its results (settings.PORTAL_SEARCH_CAP)


def cap() -> int:
    return int(getattr(settings, "PORTAL_SEARCH_CAP", CAP))


@dataclass(frozen=True)
class Found:
    """A page of results. ``exact``: ``total`` is the number of results and ``counts`` count them all;
    otherwise there are more than ``total`` results, and ``counts`` count the ``sampled`` of them that
    were read (each a number the true count is at least)."""

    ids: list[int]  # the page, in order
    total: int
    counts: dict[str, list[tuple[Any, int]]]  # by facet: (value, count), among the results
    exact: bool = True
    sampled: int = 0
    entries: list[Hit] = field(default_factory=list)  # the page's entries, read back (``hits``)


def search(
    query: Query, filters: Filters, *, order: str, limit: int, offset: int, table: FacetTable | None = None
) -> Found:
    """The page of entries that match (``limit`` from ``offset``), the total and the counts by facet.

    When the query's words are in no more than ``cap()`` entries, all of them are read and everything is
    exact. Otherwise the page is found by walking the entries in the page's order (the table of facets
    keeps it) and asking the database which of them match, a growing batch at a time, until the page is
    full: its cost follows the page, not the number of matches. The total is then a floor (there are
    more than ``cap()``, or more than the entries up to this page), and the counts by facet are counted
    in the results read (those the database returned first, and those of the walk), and said to be so.
    """
    matcher = Matcher(query)
    with matcher.bitmaps():
        found = _search(
            matcher, filters, order=order, limit=limit, offset=offset, table=table or facet_table()
        )
        return replace(found, entries=matcher.page(found.ids))


def _search(
    matcher: Matcher, filters: Filters, *, order: str, limit: int, offset: int, table: FacetTable
) -> Found:
    limit_cap = cap()
    columns = ("all", "title") if order == "relevance" else ("all",)
    first, *asked_titles = matcher.firsts(columns, limit_cap)
    if not table.knows(first):  # written since the table was read
        table = facet_table(reload=True)
    if len(first) <= limit_cap:
        titles = asked_titles[0] if asked_titles else first[:0]
        return _exact(table, table.chosen(first, filters), titles, order=order, limit=limit, offset=offset)
    need = offset + limit + 1  # one more than the page: is there a next page?
    if not matcher.postgresql:  # every match is at hand: the same answer as the walk's, at once
        return _capped_at_hand(matcher, table, filters, first, order=order, need=need, limit=limit)
    candidates = table.chosen(table.order, filters)
    found: list[np.ndarray[Any, Any]] = []
    complete = True
    if order == "relevance":
        titles = asked_titles[0]
        if len(titles) <= limit_cap:  # every title that matches is known: no need to ask again
            chosen_titles = table.chosen(titles, filters)
            found.append(chosen_titles[np.argsort(-table.key(chosen_titles), kind="stable")][:need])
            complete = len(found[0]) < need
        else:
            walked, complete = _walk(
                matcher, "title", candidates, need, _density(table, titles), table, filters
            )
            found.append(walked)
        candidates = candidates[~np.isin(candidates, found[0])]
    if sum(map(len, found)) < need:
        walked, complete = _walk(
            matcher, "all", candidates, need - sum(map(len, found)), _density(table, first), table, filters
        )
        found.append(walked)
    ranked = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    page = [int(entry) for entry in ranked[offset : offset + limit]]
    if complete:  # every entry that has the chosen facets was asked: these are all the results
        return Found(page, len(ranked), table.counts(ranked))
    floor = max(need - 1, 0 if filters.chosen() else limit_cap)
    sample = np.union1d(table.chosen(first, filters), ranked)  # the first returned, and those walked
    return Found(page, floor, table.counts(sample), exact=False, sampled=len(sample))


def _capped_at_hand(
    matcher: Matcher,
    table: FacetTable,
    filters: Filters,
    first: np.ndarray[Any, Any],
    *,
    order: str,
    need: int,
    limit: int,
) -> Found:
    """A capped search where every match is already read (SQLite): the walk would find the first
    ``need`` results in the page's order, and be complete exactly when there are fewer; so here."""
    hits = table.chosen(matcher.every("all"), filters)
    titles = matcher.every("title") if order == "relevance" else hits[:0]
    ranked = _top(table, hits, titles, order=order, wanted=need)
    page = [int(entry) for entry in ranked[need - 1 - limit : need - 1]]
    if len(hits) < need:
        return Found(page, len(hits), table.counts(hits))
    floor = max(need - 1, 0 if filters.chosen() else cap())
    sample = np.union1d(table.chosen(first, filters), ranked)
    return Found(page, floor, table.counts(sample), exact=False, sampled=len(sample))


def _top(
    table: FacetTable, hits: np.ndarray[Any, Any], in_title: np.ndarray[Any, Any], *, order: str, wanted: int
) -> np.ndarray[Any, Any]:
    """The first ``wanted`` of ``hits`` in the page's order."""
    key = table.key(hits)
    if order == "relevance" and len(in_title):
        key = key | (np.isin(hits, in_title).astype(np.int64) << 62)
    wanted = min(len(hits), wanted)
    if not wanted:
        return hits[:0]
    best = np.argpartition(-key, wanted - 1)[:wanted] if wanted < len(hits) else np.arange(len(hits))
    ranked: np.ndarray[Any, Any] = hits[best[np.argsort(-key[best], kind="stable")]]
    return ranked


def _exact(
    table: FacetTable,
    hits: np.ndarray[Any, Any],
    in_title: np.ndarray[Any, Any],
    *,
    order: str,
    limit: int,
    offset: int,
) -> Found:
    ranked = _top(table, hits, in_title, order=order, wanted=offset + limit)
    return Found([int(entry) for entry in ranked[offset:]], len(hits), table.counts(hits))


FIRST_BATCH = 64
LARGEST_BATCH = 16_384  # entries a batch asks about (a range of dates: its size costs little)


def _density(table: FacetTable, first: np.ndarray[Any, Any]) -> float:
    """About which share of the entries match, from the ``cap`` + 1 the database returned first: it read
    them in the order it keeps rows (mostly the order they were written), so they are about that many of
    the entries up to the last of them. Only the size of the walk's first batch depends on it."""
    if not len(first):
        return 1.0
    return min(1.0, len(first) / max(1, int(np.count_nonzero(table.present[: int(first.max()) + 1]))))


def _walk(
    matcher: Matcher,
    column: str,
    candidates: np.ndarray[Any, Any],
    need: int,
    density: float,
    table: FacetTable,
    filters: Filters,
) -> tuple[np.ndarray[Any, Any], bool]:
    """The first ``need`` of ``candidates`` (in their order) that match in ``column``, asked a batch at a
    time: the first sized to hold them at about ``density`` (with a margin), each next four times the
    last; and whether every candidate was asked."""
    found: list[np.ndarray[Any, Any]] = []
    count = start = 0
    batch = min(LARGEST_BATCH, max(FIRST_BATCH, int(1.5 * need / max(density, 1e-6))))
    while count < need and start < len(candidates):
        matched = matcher.among(column, candidates[start : start + batch], table, filters)
        found.append(matched[: need - count])
        count += len(found[-1])
        start += batch
        batch = min(batch * 4, LARGEST_BATCH)
    walked = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    return walked, start >= len(candidates) and count < need


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
    return _hits(ids)


def _hits(ids: list[int], *, before: str = "") -> list[Hit]:
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    columns = "id, key, kind, title, url, address, state, body, day, precision, language, text"
    with connection.cursor() as cursor:
        _execute(
            cursor,
            f"{before}SELECT {columns} FROM portal_searchentry WHERE id IN ({marks})",  # noqa: S608 - placeholders only
            list(ids),
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
