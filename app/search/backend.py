"""The one seam between the search engine and the database it searches.

Everything app/search does is plain SQL on `search_docs`, `search_pending`, the group
tables and the record tables, except what is written here: the index lookups (FTS5
`MATCH` on `search_fts` and `search_groups`), writing and removing index rows, and the
order interviews were written in. `Fts5Index` is the laptop's (its SQLCipher file);
the Geneva repository gives its own for its consolidated view and for PostgreSQL
(app/sync/repository/search_index.py), on a connection that carries it
(`search_backend`): `backend_of` finds it, so no signature of the engine changes.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from typing import Any, Protocol

from app.store.connection import Connection

Rows = list[tuple[Any, ...]]
Where = tuple[str, Sequence[object]]
ALL: Where = ("", ())
"""No condition."""

KEY_TABLES = ("search_fts", "search_groups")
"""The passage index (one row per record: `doc`) and the interview-level index."""


class Source(Protocol):
    """What a search reads: the laptop's `Database`, or a repository seen through
    app/sync/repository/search.py."""

    def reading(self) -> contextlib.AbstractContextManager[Connection]: ...
    def transaction(self) -> contextlib.AbstractContextManager[Connection]: ...


SPAN_RUNS = 32
"""More ranges than this and FTS5 is asked once over their span (`match_docs`)."""


class Fts5Index:
    """The index as FTS5 tables of keys, on the laptop's tables (rowid: write order)."""

    meta = "meta"
    """The table of (key, value) rows where the index keeps its state."""
    groups_sql = (
        "SELECT g.grp, g.interview_id, i.rowid FROM search_group_ids g "
        "LEFT JOIN interviews i ON i.id = g.interview_id"
    )
    """(grp, interview id, order written: 0 for an interview no longer held)."""
    recency_sql = "SELECT id, rowid FROM interviews WHERE id IN ({marks})"
    """(interview id, order written) of the interviews listed."""
    interviews_sql = "SELECT count(*) FROM interviews"
    """How many interviews the store holds."""

    def stamp(self, connection: Connection) -> tuple[int, ...] | None:
        """The state of the database as this connection sees it, so that what a search
        read of it may be kept until it changes (app/search/by_interview.py `_KEPT`):
        SQLite's `data_version` changes when another connection commits, `total_changes`
        with every row this one writes (rolled back too); None where it cannot be known."""
        if not hasattr(connection, "total_changes"):
            return None
        version = connection.execute("PRAGMA data_version").fetchone()[0]
        return int(version), int(connection.total_changes)

    def match(
        self, connection: Connection, table: str, expression: str, where: Where = ALL
    ) -> Rows:
        """(doc, group) of the passages `expression` matches (`where`: conditions on
        `d.`, the passage's search_docs row, and their values); for `search_groups`,
        its row numbers."""
        condition, params = where
        if table == "search_groups":
            return connection.execute(
                "SELECT rowid FROM search_groups WHERE search_groups MATCH ?", (expression,)
            ).fetchall()
        return connection.execute(
            f"""SELECT d.doc, coalesce(d.interview_id, d.kind || ':' || d.record_id)
                FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid
                WHERE search_fts MATCH ?{condition}""",  # noqa: S608 - fixed SQL
            (expression, *params),
        ).fetchall()

    def group_rows(self, connection: Connection, expression: str) -> list[int]:
        """The row numbers `match` gives for `search_groups`, read here as one text: a
        common word matches many rows (예심: 88,797 at 10,000 interviews, nine per
        interview), and a Python tuple per row cost more than FTS5 finding them. A store
        that gives its own `match` (the repository's PostgreSQL) is read through it."""
        if type(self).match is not Fts5Index.match:
            return [int(row[0]) for row in self.match(connection, "search_groups", expression)]
        text = connection.execute(
            "SELECT group_concat(rowid) FROM search_groups WHERE search_groups MATCH ?",
            (expression,),
        ).fetchone()[0]
        # read as a JSON array: its parser turns digits into ints in C (4 ms for 예심's
        # rows against 10 for split and int)
        rows: list[int] = [] if text is None else json.loads(f"[{text}]")
        return rows

    def group_buckets(
        self, connection: Connection, expression: str
    ) -> list[tuple[int, int]] | None:
        """(group, which of its rows: bit b for row `grp * ROWS + b`) of the interview-level
        rows `expression` matches, where the store can tell without reading the rows;
        None where it cannot (then `group_rows`). FTS5 reads no positions for a term of
        one key anyway."""
        return None

    def match_between(
        self, connection: Connection, expression: str, low: int, high: int
    ) -> list[int]:
        """The passage rows from `low` to `high` that `expression` matches, in order."""
        return [
            int(row[0])
            for row in connection.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? "
                "AND rowid >= ? AND rowid <= ?",
                (expression, low, high),
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
        """The passage rows of `docs` (in order; they lie in the ranges `runs`) that
        `expression` matches: FTS5 is asked range by range (`match_between`), or once over
        the span of them all when they lie in many ranges: each question reads the
        expression's keys wherever they are (about 69 ms for a common word at 10,000
        two-hour interviews in the repository, whose interviews' passages lie in hundreds
        of ranges).

        `checking`: the rows are those of groups a term may be in, which mostly do not
        hold it (app/search/by_interview.py). Then the rows of several groups near one
        another are asked in one range, and a phrase of several keys only over the rows
        holding each of its keys: FTS5 checks a phrase's positions before it checks the
        end of the range, so a phrase whose keys are found together but not in a row
        reads on past the range to its next match, to the end of the index where there is
        none (200 ms for 예심구류장 over the 50 facility records in the first rows of the
        repository at 10,000 interviews); a question for one key stops at the range's end.
        Not for a page's interviews, which hold what is asked: a phrase then stops at
        its next match nearby, and asking for its keys first cost more than it saved."""
        among = set(docs)
        options = phrase_options(expression) if checking else None
        if options is None or all(len(keys) == 1 or star for _c, keys, star in options):
            if len(runs) > SPAN_RUNS:
                runs = [(docs[0], docs[-1])]
            return self._match_runs(connection, expression, among, runs)
        runs = _gathered(docs)
        singles = [option for option in options if len(option[1]) == 1 or option[2]]
        found = set()
        if singles:
            found = self._match_runs(connection, _any_of(singles), among, runs)
        holding: dict[tuple[str, str], set[int]] = {}
        for column, keys, star in options:
            if len(keys) == 1 or star:
                continue
            rows = among
            for key in keys:
                if (column, key) not in holding:
                    holding[column, key] = self._match_runs(
                        connection, _any_of([(column, (key,), "")]), among, runs
                    )
                rows = rows & holding[column, key]
                if not rows:
                    break
            if rows - found:
                ordered = sorted(rows)
                found |= self._match_runs(
                    connection, _any_of([(column, keys, star)]), rows, _gathered(ordered)
                )
        return found

    def match_docs_each(
        self,
        connection: Connection,
        expressions: list[str],
        docs: list[int],
        runs: list[tuple[int, int]],
    ) -> list[set[int]]:
        """`match_docs` of each of `expressions` over the same rows (a page's clauses over
        its interviews' passages)."""
        return [self.match_docs(connection, expression, docs, runs) for expression in expressions]

    def _match_runs(
        self, connection: Connection, expression: str, among: set[int], runs: list[tuple[int, int]]
    ) -> set[int]:
        """The rows of `among` in `runs` that `expression` matches."""
        return {
            doc
            for low, high in runs
            for doc in self.match_between(connection, expression, low, high)
            if doc in among
        }

    def add(self, connection: Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Index rows (rowid, bi, uni, latin, ref)."""
        connection.executemany(
            f"INSERT INTO {table}(rowid, bi, uni, latin, ref) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
            rows,
        )

    def remove(self, connection: Connection, table: str, rowids: list[int]) -> None:
        connection.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(?))",  # noqa: S608
            (json.dumps(rowids),),
        )

    def clear(self, connection: Connection, table: str) -> None:
        connection.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")  # noqa: S608

    # Writing the index, one whole step of the engine at a time (app/search/index.py and
    # groups.py): a store whose readers may not write the index tables (the repository's
    # server) does each step through a function that checks it (search_schema.py).

    def write_batch(
        self,
        connection: Connection,
        upto: int,
        docs: list[tuple[int, str, str, str | None]],
        keys: list[tuple[Any, ...]],
        words: list[str],
    ) -> None:
        """Add a batch taken from the queue: its records' rows (doc, kind, record id,
        interview id) and keys, their groups marked stale, their `latin` words; every
        queued record up to `upto` (seq) then leaves the queue."""
        from app.search.groups import mark_stale  # (groups builds on this module)

        connection.executemany(
            "INSERT INTO search_docs(doc, kind, record_id, interview_id) VALUES (?, ?, ?, ?)",
            docs,
        )
        self.add(connection, "search_fts", keys)
        mark_stale(connection, docs)
        connection.executemany(
            "INSERT OR IGNORE INTO search_terms(term) VALUES (?)", [(w,) for w in words]
        )
        connection.execute("DELETE FROM search_pending WHERE seq <= ?", (upto,))

    def write_group(
        self,
        connection: Connection,
        grp: int,
        written: list[int],
        rows: list[tuple[Any, ...]],
        buckets: int,
    ) -> None:
        """Write a stale group's interview-level rows again: remove its rows `written`,
        add `rows` (rowid, keys…), keep which are written (`buckets`); no longer stale."""
        if written:  # deleting rows that are not there costs as much as deleting rows
            self.remove(connection, "search_groups", written)
        self.add(connection, "search_groups", rows)
        if grp > 0:
            connection.execute(
                "UPDATE search_group_ids SET buckets = ? WHERE grp = ?", (buckets, grp)
            )
        connection.execute("DELETE FROM search_groups_stale WHERE grp = ?", (grp,))

    def requeue(self, connection: Connection, docs: list[int]) -> None:
        """Take these passage rows out of the index and queue their records again."""
        part = json.dumps(docs)
        connection.execute(
            "INSERT OR IGNORE INTO search_pending(kind, record_id) SELECT kind, record_id "
            "FROM search_docs WHERE doc IN "
            "(SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY doc",
            (part,),
        )
        self.remove(connection, "search_fts", docs)
        connection.execute(
            "DELETE FROM search_docs WHERE doc IN "
            "(SELECT CAST(value AS INTEGER) FROM json_each(?))",
            (part,),
        )

    def queue(self, connection: Connection, records: list[tuple[str, str]]) -> None:
        """Queue these records (kind, record id), missing from the index."""
        connection.executemany(
            "INSERT OR IGNORE INTO search_pending(kind, record_id) VALUES (?, ?)", records
        )

    def requeue_all(self, connection: Connection, sources: dict[str, str]) -> None:
        """Empty the index (both levels) and queue every searchable record."""
        self.clear(connection, "search_fts")
        _emptied(connection, "search_docs")
        connection.execute("DELETE FROM search_pending")
        self.clear(connection, "search_groups")
        connection.execute("DELETE FROM search_groups_stale")
        connection.execute("UPDATE search_group_ids SET buckets = 0 WHERE buckets != 0")
        # interview by interview (each interview's row is then written once), and within
        # one kind by kind, each in the order written: the order of an interview's passages
        self.queue_all(connection, sources)

    def write_meta(self, connection: Connection, values: dict[str, str]) -> None:
        """The index's own state (`meta` rows)."""
        for key, value in values.items():
            connection.execute(f"DELETE FROM {self.meta} WHERE key = ?", (key,))  # noqa: S608
            connection.execute(
                f"INSERT INTO {self.meta}(key, value) VALUES (?, ?)",  # noqa: S608
                (key, value),
            )

    def optimize(self, connection: Connection) -> None:
        for table in KEY_TABLES:
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608

    def pending_size(self, connection: Connection, size: int) -> None:
        """How many bytes of new keys each index keeps in memory before writing them out
        (FTS5's `hashsize`; kept in the index's configuration, within the transaction)."""
        for table in KEY_TABLES:
            connection.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)",  # noqa: S608
                (size,),
            )

    def page_cache(self, connection: Connection, size: int | None = None) -> int:
        """The connection's page cache (`PRAGMA cache_size`: pages, or KiB when negative)
        as it was, set to `size` unless None. Not part of the transaction: whoever sets
        it sets it back."""
        before = int(connection.execute("PRAGMA cache_size").fetchone()[0])
        if size is not None:
            connection.execute(f"PRAGMA cache_size = {int(size)}")
        return before

    def groups(self, connection: Connection) -> list[tuple[Any, ...]]:
        """Every group of the interview-level index (`groups_sql`)."""
        return connection.execute(self.groups_sql).fetchall()

    def recency(self, connection: Connection, interview_ids: list[str]) -> list[tuple[Any, ...]]:
        """(interview id, order written) of these interviews (`recency_sql`)."""
        marks = ", ".join("?" for _ in interview_ids)
        return connection.execute(self.recency_sql.format(marks=marks), interview_ids).fetchall()

    def queue_all(self, connection: Connection, sources: dict[str, str]) -> None:
        """Queue (kind, record id) of every searchable record, interview by interview and,
        within one, kind by kind, each in the order written."""
        parts = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, {number} AS k, id, "  # noqa: S608 - fixed names
            f"{'NULL' if kind == 'facility' else 'interview_id'} AS interview_id, rowid AS r "
            f'FROM "{table}"'
            for number, (kind, table) in enumerate(sources.items())
        )
        connection.execute(
            "INSERT INTO search_pending(kind, record_id) SELECT x.kind, x.id "  # noqa: S608
            f"FROM ({parts}) x LEFT JOIN interviews i ON i.id = x.interview_id "
            "ORDER BY i.rowid, x.k, x.r"
        )


GAP = 256
"""Passage rows further apart than this are looked up as separate ranges."""

_OPTION = re.compile(r'(\w+) : "([^\W_]+(?: [^\W_]+)*)"(\*?)')
"""One option of an expression: a column and a phrase of keys (maybe a prefix)."""

Option = tuple[str, tuple[str, ...], str]
"""(column, keys, "*" for a prefix or "")."""


def phrase_options(expression: str) -> list[Option] | None:
    """The options of `expression` when it is only options joined by OR (a page's
    clause, a term's phrases), else None."""
    options = [
        (column, tuple(keys.split()), star) for column, keys, star in _OPTION.findall(expression)
    ]
    rest = _OPTION.sub("", expression).replace("(", " ").replace(")", " ").split()
    if not options or set(rest) - {"OR"}:
        return None
    return options


def _any_of(options: list[Option]) -> str:
    return (
        "("
        + " OR ".join(f'{column} : "{" ".join(keys)}"{star}' for column, keys, star in options)
        + ")"
    )


def _emptied(connection: Connection, table: str) -> None:
    """Every row of `table` deleted at once, inside the caller's transaction: its triggers
    (`search_docs`': a record leaving the index marks its interview's row stale, marks a
    requeue throws away just after) are dropped for the statement and made again from
    their own SQL, so that SQLite empties the table and its indexes whole instead of
    deleting and triggering row by row (2 million rows at 10,000 two-hour interviews).
    A rollback takes it all back, the triggers with it."""
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    ).fetchall()
    for name, _sql in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.execute(f"DELETE FROM {table}")  # noqa: S608 - a table of the index
    for _name, sql in triggers:
        connection.execute(sql)


def runs_of(docs: list[int]) -> list[tuple[int, int]]:
    """The ranges of `docs` (in order): rows at most `GAP` apart in one range."""
    runs: list[tuple[int, int]] = []
    for doc in docs:
        if runs and doc - runs[-1][1] <= GAP:
            runs[-1] = (runs[-1][0], doc)
        else:
            runs.append((doc, doc))
    return runs


def _gathered(docs: list[int]) -> list[tuple[int, int]]:
    """`runs_of(docs)`; more than `SPAN_RUNS` ranges, their span."""
    runs = runs_of(docs)
    return runs if len(runs) <= SPAN_RUNS else [(docs[0], docs[-1])]


FTS5 = Fts5Index()


def backend_of(connection: Connection) -> Fts5Index:
    """The index behind `connection`: its own when it carries one (the repository's),
    else the laptop's FTS5 tables."""
    found: Fts5Index = getattr(connection, "search_backend", FTS5)
    return found
