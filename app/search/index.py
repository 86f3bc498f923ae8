"""Keeping the full-text index up to date, inside the encrypted database.

Triggers (migration 0005) queue every record written in `search_pending` and take changed
or deleted records out of the index at once, whoever wrote them. `index_pending` computes
the keys of the queued records (app/search/korean.py; names of reference entries,
app/search/names.py) and adds them; the search runs it first, so a search always sees every
record written before it. `rebuild` indexes everything again from the records (after a
damaged index, or to change the keys).

The name keys depend on the reference data: meta 'search_names' holds the version the
index was built with and 'search_name_list' every (key, spelling) it tagged. When the
shipped reference data differ (after an update of the app), `refresh` indexes again, before
answering, only the records that may name an added or removed spelling: those the index
finds for the added spelling as typed, and those tagged with the key of a removed one.
Everything is indexed again only when the way names are found changed (`names.RULES`), or
for an index built before the list was kept.

Nothing leaves the database: keys are computed in memory and written in the same
transaction that empties the queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from app.search.documents import SOURCES, document
from app.search.korean import fold, index_columns, normalise
from app.search.names import RULES, default_finder
from app.search.spelling import quoted, spelling
from app.store.connection import Connection
from app.store.database import Database

BATCH = 2000

Progress = Callable[[int, int], None]
"""Called with (records indexed so far, records queued when indexing began)."""


NAMES_META = "search_names"
NAME_LIST_META = "search_name_list"


def names_version(connection: Connection) -> str | None:
    """The version of the name keys the index was built with (None: not built yet)."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (NAMES_META,)).fetchone()
    return None if row is None else str(row[0])


def names_current(connection: Connection) -> bool:
    """Whether the index's name keys match the reference data of this app."""
    return names_version(connection) == default_finder().version


def terms_starting(connection: Connection, prefix: str, most: int = 64) -> list[str] | None:
    """The words of the `latin` column that start with `prefix` (folded), or None when
    there are more than `most`."""
    rows = connection.execute(
        "SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
        (prefix, prefix + "\U0010ffff", most + 1),
    ).fetchall()
    return None if len(rows) > most else [str(row[0]) for row in rows]


def pending_count(connection: Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM search_pending").fetchone()[0])


def _next_doc(connection: Connection) -> int:
    return int(connection.execute("SELECT coalesce(max(doc), 0) FROM search_docs").fetchone()[0])


def index_pending(
    connection: Connection,
    progress: Progress | None = None,
    batch: int = BATCH,
    limit: int | None = None,
) -> int:
    """Index the queued records (at most about `limit`, whole batches); call inside a
    write transaction. Returns how many records were taken off the queue."""
    total = pending_count(connection)
    if total == 0:
        return 0
    finder = default_finder()
    done = 0
    for kind, table in SOURCES.items():
        while True:
            rows = connection.execute(
                f"""SELECT p.record_id, t.body, p.seq FROM search_pending p
                    LEFT JOIN "{table}" t ON t.id = p.record_id
                    WHERE p.kind = ? ORDER BY p.seq LIMIT ?""",  # noqa: S608 - fixed table names
                (kind, batch),
            ).fetchall()
            if not rows:
                break
            next_doc = _next_doc(connection)
            docs: list[tuple[int, str, str, str | None]] = []
            keys: list[tuple[int, str, str, str, str]] = []
            words: set[str] = set()
            for record_id, body, _seq in rows:
                if body is None:
                    continue
                found = document(kind, record_id, body)
                if not found.text.strip():
                    continue
                next_doc += 1
                text = normalise(found.text)
                columns = index_columns(text)
                folded = fold(text)
                names = " ".join(finder.keys(text, folded))
                words.update(fold(columns.latin).split())
                docs.append((next_doc, kind, record_id, found.interview_id))
                keys.append((next_doc, columns.bi, columns.uni, columns.latin, names))
            connection.executemany(
                "INSERT INTO search_docs(doc, kind, record_id, interview_id) VALUES (?, ?, ?, ?)",
                docs,
            )
            connection.executemany(
                "INSERT INTO search_fts(rowid, bi, uni, latin, ref) VALUES (?, ?, ?, ?, ?)", keys
            )
            connection.executemany(
                "INSERT OR IGNORE INTO search_terms(term) VALUES (?)", [(w,) for w in words]
            )
            # the batch is every queued record of this kind up to the last one taken
            connection.execute(
                "DELETE FROM search_pending WHERE kind = ? AND seq <= ?", (kind, rows[-1][2])
            )
            done += len(rows)
            if progress is not None:
                progress(done, total)
            if limit is not None and done >= limit:
                return done
    return done


def mark_current(connection: Connection) -> None:
    """Record that the index's name keys are those of this app's reference data: call
    once everything queued after `requeue_all` has been indexed."""
    finder = default_finder()
    connection.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (NAMES_META, finder.version)
    )
    listed = json.dumps({"rules": RULES, "names": sorted(finder.names)}, ensure_ascii=False)
    connection.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (NAME_LIST_META, listed)
    )


def _docs_matching(connection: Connection, expression: str) -> set[int]:
    rows = connection.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (expression,)
    ).fetchall()
    return {int(row[0]) for row in rows}


def requeue_docs(connection: Connection, docs: set[int]) -> None:
    """Take these index rows out and queue their records again (inside a write
    transaction)."""
    ordered = sorted(docs)
    for begin in range(0, len(ordered), 500):
        part = json.dumps(ordered[begin : begin + 500])
        connection.execute(
            "INSERT OR IGNORE INTO search_pending(kind, record_id) SELECT kind, record_id "
            "FROM search_docs WHERE doc IN (SELECT value FROM json_each(?)) ORDER BY doc",
            (part,),
        )
        connection.execute(
            "DELETE FROM search_fts WHERE rowid IN (SELECT value FROM json_each(?))", (part,)
        )
        connection.execute(
            "DELETE FROM search_docs WHERE doc IN (SELECT value FROM json_each(?))", (part,)
        )


def retag_names(connection: Connection) -> bool:
    """Queue again the records whose name keys the shipped reference data change; False
    when that cannot be known (no list kept, or other `RULES`): then everything must be."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (NAME_LIST_META,)).fetchone()
    if row is None:
        return False
    kept = json.loads(row[0])
    if kept.get("rules") != RULES:
        return False
    before = {(str(key), str(text)) for key, text in kept.get("names", [])}
    now = default_finder().names
    docs: set[int] = set()
    for key, _text in before - now:
        docs |= _docs_matching(connection, "ref : " + quoted(key))
    for _key, text in now - before:
        found = spelling(text, prefix=False, word_start=True)
        if found is not None:
            docs |= _docs_matching(connection, found.expression)
    requeue_docs(connection, docs)
    return True


def _index_all_pending(connection: Connection, progress: Progress | None) -> int:
    """Index the queue, first queueing everything if the name keys are out of date; the
    index is then current (the version is written in the same transaction)."""
    if not names_current(connection) and not retag_names(connection):
        requeue_all(connection)
    done = index_pending(connection, progress)
    mark_current(connection)
    return done


def refresh(database: Database, progress: Progress | None = None) -> int:
    """Index whatever was written since the last search (usually nothing or a few records;
    everything after an update that changed the reference data)."""
    with database.reading() as connection:
        if pending_count(connection) == 0 and names_current(connection):
            return 0
    with database.transaction() as connection:
        return _index_all_pending(connection, progress)


def requeue_all(connection: Connection) -> None:
    """Empty the index and queue every searchable record (inside a write transaction)."""
    connection.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    connection.execute("DELETE FROM search_docs")
    connection.execute("DELETE FROM search_pending")
    for kind, table in SOURCES.items():
        connection.execute(
            f'INSERT INTO search_pending(kind, record_id) SELECT ?, id FROM "{table}" '  # noqa: S608
            "ORDER BY rowid",
            (kind,),
        )


def rebuild(database: Database, progress: Progress | None = None) -> int:
    """Empty the index and index every searchable record again, in one transaction."""
    with database.transaction() as connection:
        requeue_all(connection)
        done = index_pending(connection, progress)
        mark_current(connection)
        return done
