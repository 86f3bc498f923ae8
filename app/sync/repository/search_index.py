"""The search index of the repository, behind the laptop engine's one seam
(app/search/backend.py): the same keys, queries and ranking, on the consolidated view.

- `ViewIndex` (the SQLCipher file): the laptop's FTS5 tables; what differs is where the
  index keeps its state (`search_meta`) and the order interviews came in: the order the
  repository first indexed them (`search_group_ids.grp`), which follows the order their
  records were received (the laptop's is the order written, its tables' rowid).
- `TsvectorIndex` (PostgreSQL, which has no FTS5): each row of keys is stored as
  `tsvector`s under a GIN index and the engine's FTS5 expressions are answered with
  `tsquery`s (see `search_tsquery.py`). Same keys, same phrase semantics (`<->`: the next
  position), so the same records match.
"""

from __future__ import annotations

import json
from typing import Any

from app.search.backend import ALL, Fts5Index, Rows, Where
from app.search.groups import ROWS
from app.store.connection import Connection
from app.sync.repository import search_stamps, search_tsquery


class ViewIndex(Fts5Index):
    """The repository's index on its SQLCipher file: the laptop's FTS5 tables."""

    meta = "search_meta"
    groups_sql = (
        "SELECT g.grp, g.interview_id, CASE WHEN c.record_id IS NULL THEN 0 ELSE g.grp END "
        "FROM search_group_ids g LEFT JOIN current_records c ON c.kind = 'interview' "
        "AND c.record_id = g.interview_id AND c.deleted = 0"
    )
    recency_sql = (
        "SELECT g.interview_id, CASE WHEN c.record_id IS NULL THEN 0 ELSE g.grp END "
        "FROM search_group_ids g LEFT JOIN current_records c ON c.kind = 'interview' "
        "AND c.record_id = g.interview_id AND c.deleted = 0 WHERE g.interview_id IN ({marks})"
    )
    """(interview id, order received: 0 for an interview no longer current, whose records
    may still be: the engine then finds none of them, as on the laptop where they go with
    it)."""
    interviews_sql = "SELECT count(*) FROM current_records WHERE kind = 'interview' AND deleted = 0"
    """How many interviews the view `interviews` shows, without joining each with its
    version in `records` as the view does (every current record's version is there: it
    was derived from it): 2.1 ms against 10.7 on the server at 10,000 interviews."""

    def queue_all(self, connection: Connection, sources: dict[str, str]) -> None:
        connection.execute(queue_all_sql(sources))


def queue_all_sql(sources: dict[str, str]) -> str:
    """Queue every current searchable record, interview by interview (in the order they
    came in), kind by kind, each in the order received. Text is sorted byte by byte on both
    stores (`COLLATE BINARY`, PostgreSQL's "C"), so that both give the same order."""
    kinds = list(sources)
    number = " ".join(f"WHEN '{kind}' THEN {n}" for n, kind in enumerate(kinds))
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    return (
        "INSERT OR IGNORE INTO search_pending(kind, record_id) "  # noqa: S608 - fixed names
        "SELECT c.kind, c.record_id FROM current_records c "
        "LEFT JOIN search_group_ids g ON g.interview_id = c.interview_id "
        f"WHERE c.deleted = 0 AND c.kind IN ({listed}) "
        "ORDER BY coalesce(g.grp, 0), CASE WHEN c.kind = 'facility' THEN '' "
        "ELSE coalesce(c.interview_id, '') END COLLATE BINARY, "
        f"CASE c.kind {number} END, c.device_id COLLATE BINARY, c.sequence, "
        "c.record_id COLLATE BINARY"
    )


class TsvectorIndex(ViewIndex):
    """The repository's index on PostgreSQL: rows of `tsvector`s (search_schema.SERVER)."""

    def stamp(self, connection: Connection) -> tuple[int, ...] | None:
        """The server's own stamp of what a search keeps (search_stamps.py), read in the
        search's snapshot."""
        return search_stamps.stamp(connection)

    def match(
        self, connection: Connection, table: str, expression: str, where: Where = ALL
    ) -> Rows:
        condition, params = where
        rows, values = search_tsquery.rowset(expression, table)
        if rows is None:
            return []
        if table == "search_groups":
            # each row once (a row's pieces may each match), made distinct here: asked of
            # the server (DISTINCT), the planner read the rows in the order of `rowid`
            # through its b-tree, every interview's rows, to check each (35 ms for a
            # common syllable at 500 interviews, against 3 through the GIN index)
            found = connection.execute(rows, values).fetchall()
            return [(rowid,) for rowid in dict.fromkeys(row[0] for row in found)]
        return connection.execute(
            "SELECT d.doc, coalesce(d.interview_id, d.kind || ':' || d.record_id) "  # noqa: S608
            f"FROM search_docs d WHERE d.doc IN ({rows}){condition}",
            (*values, *params),
        ).fetchall()

    def group_buckets(
        self, connection: Connection, expression: str
    ) -> list[tuple[int, int]] | None:
        """An OR of phrases, those of one or two keys from the keys' b-trees, not row by
        row from `search_groups` through the GIN index with a recheck of positions: a
        phrase of one key from `search_group_terms` (148,786 rows on 30,000 pages for
        b:예심 at 10,000 two-hour interviews, 80-136 ms), of two keys from
        `search_group_pairs` (구류장: 88 ms); longer ones as before (`_by_positions`)."""
        found = search_tsquery.phrases(expression)
        if found is None:
            return None
        single = [phrase for phrase in found if len(phrase.tokens) == 1]
        double = [phrase for phrase in found if len(phrase.tokens) == 2]
        longer = [phrase for phrase in found if len(phrase.tokens) > 2]
        parts: list[list[tuple[int, int]]] = []
        if single or not found:
            keys = [(search_tsquery.lexeme(p.column, p.tokens[0]), p.prefix) for p in single]
            parts.append(_bits(connection, "search_group_terms", "term", keys))
        if double:
            keys = [(search_tsquery.pairs(phrase)[0], phrase.prefix) for phrase in double]
            parts.append(_bits(connection, "search_group_pairs", "pair", keys))
        if longer:
            parts.append(_by_positions(connection, longer))
        if len(parts) == 1:
            return parts[0]
        merged: dict[int, int] = {}
        for part in parts:
            for grp, buckets in part:
                merged[grp] = merged.get(grp, 0) | buckets
        return list(merged.items())

    def match_between(
        self, connection: Connection, expression: str, low: int, high: int
    ) -> list[int]:
        rows, values = search_tsquery.rowset(
            expression, "search_fts", " AND rowid >= ? AND rowid <= ?", [low, high]
        )
        if rows is None:
            return []
        return [
            int(row[0])
            for row in connection.execute(
                f"SELECT DISTINCT rowid FROM ({rows}) x ORDER BY rowid",  # noqa: S608
                values,
            )
        ]

    def match_docs(
        self,
        connection: Connection,
        expression: str,
        docs: list[int],
        runs: list[tuple[int, int]],
        checking: bool = False,
    ) -> set[int]:
        """One statement for every passage row asked (a page's interviews, or those a
        term proposes), not one per range of each interview: each was a round trip."""
        # each range through the b-tree (an OR of them: a bitmap of the ranges); asked
        # for `rowid = ANY(docs)` the server descended the b-tree once per row asked and
        # took twice as long as the ranges one by one. The rows of the ranges are checked
        # one by one (`UNINDEXED`): the planner otherwise also read the term's rows of the
        # whole repository from the GIN index to intersect them (41 of 47 ms at 1,500
        # interviews, growing with the repository)
        ranges, bounds = _ranges(runs)
        rows, values = search_tsquery.rowset(
            expression, "search_fts", f" AND ({ranges})", bounds, search_tsquery.UNINDEXED
        )
        if rows is None:
            return set()
        among = set(docs)
        return {
            doc
            for row in connection.execute(
                f"SELECT DISTINCT rowid FROM ({rows}) x",  # noqa: S608 - built from fixed SQL
                values,
            )
            if (doc := int(row[0])) in among
        }

    def match_docs_each(
        self,
        connection: Connection,
        expressions: list[str],
        docs: list[int],
        runs: list[tuple[int, int]],
    ) -> list[set[int]]:
        """A page's clauses in one statement: the rows of its interviews' ranges read once
        and checked against each clause, not read again for each (27-35 ms per clause at
        10,000 two-hour interviews). The same rows as `match_docs` of each: a row matches
        a clause when one of its pieces does."""
        queries = [search_tsquery.one_tsquery(expression) for expression in expressions]
        if len(expressions) < 2 or any(query is None for query in queries):
            return super().match_docs_each(connection, expressions, docs, runs)
        asked = [(number, query) for number, query in enumerate(queries) if query]
        found: list[set[int]] = [set() for _ in expressions]
        if not asked:
            return found
        keys = search_tsquery.UNINDEXED
        checks = ", ".join(f"{keys} @@ ?::tsquery AS c{n}" for n, _query in asked)
        ranges, bounds = _ranges(runs)
        # OFFSET 0: the rows read once, each checked once per clause (not flattened into
        # the outer condition, which would check each again)
        sql = (
            f"SELECT rowid, {', '.join(f'c{n}' for n, _query in asked)} "  # noqa: S608
            f"FROM (SELECT rowid, {checks} FROM search_fts WHERE {ranges} OFFSET 0) x "
            f"WHERE {' OR '.join(f'c{n}' for n, _query in asked)}"
        )
        among = set(docs)
        for rowid, *hits in connection.execute(sql, [*(q for _n, q in asked), *bounds]):
            if (doc := int(rowid)) in among:
                for (number, _query), hit in zip(asked, hits, strict=True):
                    if hit:
                        found[number].add(doc)
        return found

    def add(self, connection: Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
        connection.executemany(
            f"INSERT INTO {table}(rowid, keys) VALUES (?, ?::tsvector)",  # noqa: S608
            vectors_of(rows),
        )

    def remove(self, connection: Connection, table: str, rowids: list[int]) -> None:
        connection.execute(f"DELETE FROM {table} WHERE rowid = ANY(?)", (rowids,))  # noqa: S608

    def clear(self, connection: Connection, table: str) -> None:
        connection.execute(f"DELETE FROM {table}")  # noqa: S608

    def optimize(self, connection: Connection) -> None:
        """Nothing to merge: a GIN index has no segments (its pending list is merged by
        PostgreSQL's own vacuum)."""

    def pending_size(self, connection: Connection, size: int) -> None:
        """Nothing to size: PostgreSQL writes each row as it comes."""

    def page_cache(self, connection: Connection, size: int | None = None) -> int:
        """Nothing to size: the server's buffers are the server's."""
        return 0

    # The readers of testimony index as they search but may not write the index tables
    # (a reader could otherwise take records out of everyone's searches): each step goes
    # through a function of the owner's that does only what the queue and the view allow
    # (search_schema.WRITERS).

    def write_batch(
        self,
        connection: Connection,
        upto: int,
        docs: list[tuple[int, str, str, str | None]],
        keys: list[tuple[Any, ...]],
        words: list[str],
    ) -> None:
        connection.execute(
            "SELECT sillok_search_add(?, ?::jsonb, ?::jsonb, ?::jsonb)",
            (upto, _json(docs), _json(vectors_of(keys)), _json(words)),
        )

    def write_group(
        self,
        connection: Connection,
        grp: int,
        written: list[int],
        rows: list[tuple[Any, ...]],
        buckets: int,
    ) -> None:
        connection.execute(
            "SELECT sillok_search_group(?, ?::jsonb, ?)", (grp, _json(vectors_of(rows)), buckets)
        )

    def requeue(self, connection: Connection, docs: list[int]) -> None:
        connection.execute("SELECT sillok_search_requeue(?::jsonb)", (_json(docs),))

    def queue(self, connection: Connection, records: list[tuple[str, str]]) -> None:
        connection.execute("SELECT sillok_search_queue(?::jsonb)", (_json(records),))

    def requeue_all(self, connection: Connection, sources: dict[str, str]) -> None:
        connection.execute("SELECT sillok_search_requeue_all()")

    def write_meta(self, connection: Connection, values: dict[str, str]) -> None:
        connection.execute("SELECT sillok_search_meta(?::jsonb)", (_json(values),))


def _ranges(runs: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The condition that a row is in one of `runs` (an OR of ranges: a bitmap of them on
    the b-tree) and its bounds."""
    return " OR ".join("rowid BETWEEN ? AND ?" for _ in runs), [b for run in runs for b in run]


def _bits(
    connection: Connection, table: str, column: str, keys: list[tuple[str, bool]]
) -> list[tuple[int, int]]:
    """(group, bits of its rows) holding any of these keys of `table` (single keys or
    pairs: each exact, or the start of those it stands for), as an index-only range."""
    exact = [key for key, prefix in keys if not prefix]
    # a prefix's keys are a range of the b-tree ("C" order; keys hold no % nor _)
    starts = [key + "%" for key, prefix in keys if prefix]
    if not exact and not starts:
        return []
    if len(exact) == 1 and not starts:
        return connection.execute(
            f"SELECT grp, buckets FROM {table} WHERE {column} = ?",  # noqa: S608 - fixed SQL
            (exact[0],),
        ).fetchall()
    found = [f"{column} = ANY(?)"] * bool(exact) + [f"{column} LIKE ?"] * len(starts)
    return connection.execute(
        f"SELECT grp, bit_or(buckets) FROM {table} "  # noqa: S608 - fixed SQL
        f"WHERE {' OR '.join(found)} GROUP BY grp",
        [*([exact] if exact else []), *starts],
    ).fetchall()


def _by_positions(
    connection: Connection, phrases: list[search_tsquery.Phrase]
) -> list[tuple[int, int]]:
    """(group, bits of its rows) matching any of these phrases of three keys or more,
    through the GIN index with their positions, as `group_rows` reads every phrase. Not
    from the pairs: the rows holding all a phrase's pairs are only candidates (`A B … B
    C` holds both pairs of `A B C`), and rechecking them by row number reads every piece
    of each (1,985 pieces for the 500 rows of 노동단련대 at 500 two-hour interviews:
    8.5-10.5 ms), where the GIN index reads only the pieces holding all its keys (512:
    1.5-6.5 ms)."""
    masks: dict[int, int] = {}
    for (rowid,) in connection.execute(
        "SELECT rowid FROM search_groups WHERE keys @@ ?::tsquery",
        (search_tsquery.phrase_tsquery(phrases),),
    ):
        grp = int(rowid) // ROWS
        masks[grp] = masks.get(grp, 0) | 1 << int(rowid) % ROWS
    return list(masks.items())


def vectors_of(rows: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """(rowid, tsvector) of rows of keys (rowid, bi, uni, latin, ref)."""
    return [
        (rowid, vector) for rowid, *columns in rows for vector in search_tsquery.vectors(columns)
    ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Indexed:
    """A repository connection that carries its index (`search_backend`), as the engine
    finds it (app/search/backend.py); everything else is the connection's."""

    def __init__(self, connection: Connection, backend: ViewIndex) -> None:
        self._connection = connection
        self.search_backend = backend

    @property
    def underlying(self) -> Connection:
        """The connection itself (the same at every search: what a search keeps of the
        index is kept for it, app/search/by_interview.py)."""
        return self._connection

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self._connection.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Any:
        return self._connection.executemany(sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


VIEW = ViewIndex()
TSVECTOR = TsvectorIndex()
