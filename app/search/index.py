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

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator

from app.search import documents, groups
from app.search.backend import Source, backend_of
from app.search.documents import SOURCES, document
from app.search.groups import Words, record_keys
from app.search.names import RULES, default_finder
from app.search.spelling import quoted, spelling
from app.store.connection import Connection

BATCH = 2000

Progress = Callable[[int, int], None]
"""Called with (records indexed so far, records queued when indexing began)."""


NAMES_META = "search_names"
NAME_LIST_META = "search_name_list"


def names_version(connection: Connection) -> str | None:
    """The version of the name keys the index was built with (None: not built yet)."""
    row = connection.execute(
        f"SELECT value FROM {backend_of(connection).meta} WHERE key = ?",  # noqa: S608
        (NAMES_META,),
    ).fetchone()
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


def nothing_pending(connection: Connection) -> bool:
    """Whether the queue is empty, asked of its first entry: counting it reads every row,
    and on the repository server an emptied queue keeps its rows as dead versions until
    it is vacuumed (42 MB after indexing 500 two-hour interviews: 35-84 ms per search)."""
    return (
        connection.execute("SELECT seq FROM search_pending ORDER BY seq LIMIT 1").fetchone() is None
    )


def _next_doc(connection: Connection) -> int:
    return int(connection.execute("SELECT coalesce(max(doc), 0) FROM search_docs").fetchone()[0])


def index_pending(
    connection: Connection,
    progress: Progress | None = None,
    batch: int = BATCH,
    limit: int | None = None,
) -> int:
    """Index the queued records in the order they were written (at most about `limit`,
    whole batches), and write again the interview-level row of each interview they belong
    to; call inside a write transaction. Returns how many records were taken off the
    queue."""
    total = pending_count(connection)
    if total == 0:
        return 0
    finder = default_finder()
    done = 0
    known: dict[int, Words] = {}
    while True:
        queued = connection.execute(
            "SELECT kind, record_id, seq FROM search_pending ORDER BY seq LIMIT ?", (batch,)
        ).fetchall()
        if not queued:
            break
        held = bodies(connection, ((kind, record_id) for kind, record_id, _seq in queued))
        next_doc = _next_doc(connection)
        docs: list[tuple[int, str, str, str | None]] = []
        keys: list[tuple[int, str, str, str, str]] = []
        words: set[str] = set()
        for kind, record_id, _seq in queued:
            body = held.get((kind, record_id))
            if body is None:
                continue
            found = document(kind, record_id, body)
            if not found.text.strip():
                continue
            next_doc += 1
            record, latin, known[next_doc] = record_keys(finder, found.text)
            words.update(latin.split())
            docs.append((next_doc, kind, record_id, found.interview_id))
            keys.append((next_doc, *record))
        backend_of(connection).write_batch(
            connection, int(queued[-1][2]), docs, list(keys), sorted(words)
        )
        done += len(queued)
        # every interview of the batch but the last, whose records the next may continue
        keep: frozenset[int] = frozenset()
        if docs and len(queued) == batch:
            last = groups.group_of(connection, docs[-1][3], docs[-1][0])
            keep = frozenset() if last is None else frozenset({last})
        groups.rebuild_stale(connection, finder, known, keep)
        if progress is not None:
            progress(done, total)
        if limit is not None and done >= limit:
            return done
    groups.rebuild_stale(connection, finder, known)
    return done


def bodies(
    connection: Connection, records: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The stored bodies of these records (kind, id), read 5,000 of a kind at a time (a
    deleted record, or one no longer held, has none)."""
    by_kind: dict[str, list[str]] = {}
    for kind, record_id in records:
        by_kind.setdefault(kind, []).append(record_id)
    bodies: dict[tuple[str, str], str] = {}
    for kind, ids in by_kind.items():
        for begin in range(0, len(ids), 5000):
            for record_id, body in connection.execute(
                f'SELECT id, body FROM "{SOURCES[kind]}" '  # noqa: S608 - fixed table names
                "WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[begin : begin + 5000]),),
            ):
                bodies[(kind, str(record_id))] = str(body)
    return bodies


def mark_current(connection: Connection) -> None:
    """Record that the index's name keys are those of this app's reference data: call
    once everything queued after `requeue_all` has been indexed."""
    finder = default_finder()
    listed = json.dumps(
        {
            "rules": RULES,
            "names": sorted(finder.names),
            "documents": documents.DOCUMENT_VERSIONS,
        },
        ensure_ascii=False,
    )
    backend_of(connection).write_meta(
        connection, {NAMES_META: finder.version, NAME_LIST_META: listed}
    )


def _docs_matching(connection: Connection, expression: str) -> set[int]:
    return {
        int(row[0]) for row in backend_of(connection).match(connection, "search_fts", expression)
    }


def requeue_docs(connection: Connection, docs: set[int]) -> None:
    """Take these index rows out and queue their records again (inside a write
    transaction)."""
    ordered = sorted(docs)
    backend = backend_of(connection)
    for begin in range(0, len(ordered), 500):
        backend.requeue(connection, ordered[begin : begin + 500])


def retag_names(connection: Connection) -> bool:
    """Queue again the records whose name keys the shipped reference data change; False
    when that cannot be known (no list kept, or other `RULES`): then everything must be."""
    row = connection.execute(
        f"SELECT value FROM {backend_of(connection).meta} WHERE key = ?",  # noqa: S608
        (NAME_LIST_META,),
    ).fetchone()
    if row is None:
        return False
    kept = json.loads(row[0])
    if kept.get("rules") != RULES:
        return False
    before = {(str(key), str(text)) for key, text in kept.get("names", [])}
    now = default_finder().names
    docs = _docs_of_kinds(connection, _kinds_changed(kept.get("documents") or {}))
    for key, _text in before - now:
        docs |= _docs_matching(connection, "ref : " + quoted(key))
    for _key, text in now - before:
        found = spelling(text, prefix=False, word_start=True)
        if found is not None:
            docs |= _docs_matching(connection, found.expression)
    requeue_docs(connection, docs)
    return True


def _kinds_changed(kept: dict[str, int]) -> list[str]:
    """The record kinds whose text is not what the index was built from (a kind not
    named is at version 1)."""
    now = documents.DOCUMENT_VERSIONS
    return sorted(kind for kind in SOURCES if kept.get(kind, 1) != now.get(kind, 1))


def _docs_of_kinds(connection: Connection, kinds: list[str]) -> set[int]:
    if not kinds:
        return set()
    rows = connection.execute(
        "SELECT doc FROM search_docs WHERE kind IN (SELECT value FROM json_each(?))",
        (json.dumps(kinds),),
    ).fetchall()
    return {int(row[0]) for row in rows}


def _index_all_pending(connection: Connection, progress: Progress | None) -> int:
    """Index the queue, first queueing everything if the name keys are out of date, and
    write the interview-level rows still stale; the index is then current (the version is
    written in the same transaction)."""
    if not names_current(connection) and not retag_names(connection):
        requeue_all(connection)
    with _bulk(connection, pending_count(connection) >= BATCH):
        done = index_pending(connection, progress)
        groups.rebuild_stale(connection, default_finder(), {}, progress=progress)
        if worth_merging(connection, done):
            optimize(connection)
    mark_current(connection)
    return done


@contextlib.contextmanager
def _bulk(connection: Connection, bulk: bool = True) -> Iterator[None]:
    """Index a whole queue (`bulk`) with FTS5's larger buffer of new keys
    (`BULK_PENDING`) and a page cache sized for the records indexed and queued
    (`bulk_cache_kib`); each set back as it was afterwards (the buffer by the rollback
    when the indexing fails, the cache, which no transaction holds, always)."""
    if not bulk:
        yield
        return
    backend = backend_of(connection)
    records = _next_doc(connection) + pending_count(connection)  # indexed and to index
    cache = backend.page_cache(connection, -bulk_cache_kib(records))
    try:
        backend.pending_size(connection, BULK_PENDING)
        yield
        backend.pending_size(connection, PENDING)
    finally:
        backend.page_cache(connection, cache)


PENDING = 1024 * 1024
"""FTS5's own `hashsize`: the bytes of new keys an index keeps in memory before writing
them out as a segment."""
BULK_PENDING = 16 * 1024 * 1024
"""`hashsize` while one transaction indexes a whole queue of `BATCH` records or more (a
rebuild, the first indexing after an update): fewer, larger segments to write and merge,
and fewer of FTS5's blocks taken and freed again (each locked and wiped under memory
security). About a tenth less CPU for a rebuild of 6.74 M characters; 64 MB gained no
more (docs/benchmarks.md). Set back to `PENDING` before the transaction ends; a rolled
back transaction takes the setting with it."""

BULK_CACHE_PER_RECORD = 1024
"""Bytes of the connection's page cache per record (indexed or queued) while one
transaction indexes a whole queue (a rebuild, the first indexing after an update),
between `BULK_CACHE_LEAST` and `BULK_CACHE_MOST` KiB, instead of SQLite's 8 MB. Each
record indexed (or taken out of the old index) adds (or deletes) a row at a random place
of two b-trees ordered by record id (`search_docs`' and the queue's unique
keys, about 90 bytes a record each: some 18 MB each at 1,000 two-hour interviews, 180 MB
at 10,000, estimated from the keys' length); once they outgrow the cache, nearly every
insert reads a page from disk (decrypting it and checking its HMAC), changes it and, the
cache being full of changed pages, writes it out in the middle of the transaction, to
read it again later: at 1,000 two-hour interviews (201,578 records) 497,000 pages were
written out that way in a rebuild, none with a 256 MB cache (1,300 bytes a record); at
3,000 (605,074 records), 142,000 with 256 MB (440 bytes a record) (docs/benchmarks.md,
"The index build at 1,000, 3,000 and 10,000 two-hour interviews"). Memory is taken only
as pages are used and given back (wiped, under memory security) when the cache is set
back; pages are locked as far as the process's limit allows, as every page of the
cache."""
BULK_CACHE_LEAST = 32 * 1024
BULK_CACHE_MOST = 1024 * 1024


def bulk_cache_kib(records: int) -> int:
    """The page cache (KiB) for indexing `records` queued records in one transaction."""
    return min(BULK_CACHE_MOST, max(BULK_CACHE_LEAST, records * BULK_CACHE_PER_RECORD // 1024))


OPTIMIZE_AFTER = 20_000
"""Records indexed in one go beyond which both indexes are merged into one segment each."""
OPTIMIZE_FROM = 1000
"""Records indexed in one go from which both indexes are also merged when they are at
least half of the index (its first indexing, as the repository's first search does):
merging rewrites the whole index, so at most three times what was just written. A
repository's 12,488 records indexed unmerged made each lookup of its searches five
times slower (several words: 466 → 93 ms)."""


def worth_merging(connection: Connection, done: int) -> bool:
    """Whether indexing `done` records in one go calls for merging both indexes
    (`OPTIMIZE_AFTER`, `OPTIMIZE_FROM`)."""
    return done >= OPTIMIZE_AFTER or (done >= OPTIMIZE_FROM and 2 * done >= _next_doc(connection))


def optimize(connection: Connection) -> None:
    """Merge each FTS5 index into one segment (inside a write transaction): after indexing
    many records at once, lookups restricted to one interview's passages (every page of
    results makes some) read one b-tree per key instead of dozens: 6–9 ms → 1.6 ms per
    lookup at 1,000 two-hour interviews; merging took 4.5 s there."""
    backend_of(connection).optimize(connection)


def _up_to_date(connection: Connection) -> bool:
    """Nothing queued, the name keys current, no interview's rows stale."""
    return (
        nothing_pending(connection)
        and names_current(connection)
        and groups.stale_count(connection) == 0
    )


def refresh(database: Source, progress: Progress | None = None) -> int:
    """Index whatever was written since the last search (usually nothing or a few records;
    everything after an update that changed the reference data)."""
    with database.reading() as connection:
        if _up_to_date(connection):
            return 0
    with database.transaction() as connection:
        return _index_all_pending(connection, progress)


def refresh_in_batches(
    database: Source, progress: Progress | None = None, batch: int | None = None
) -> int:
    """As `refresh`, but each batch of the queue in a transaction of its own (committed
    before the next), so that what waits for the index's lock (the repository server's
    ingest, whose triggers queue records) waits one batch at most, never the whole first
    indexing after an upgrade, a move or an update of the reference data. The queue is the
    index's to-do list: the name keys are marked current as soon as everything they change
    is queued again, and a search stopped half-way leaves the rest queued for the next.
    `progress` is told after each batch is committed."""
    size = BATCH if batch is None else batch
    with database.reading() as connection:
        if _up_to_date(connection):
            return 0
    with database.transaction() as connection:
        if not names_current(connection):
            if not retag_names(connection):
                requeue_all(connection)
            mark_current(connection)
        total = pending_count(connection)
    done = 0
    while True:
        with database.transaction() as connection:
            taken = index_pending(connection, batch=size, limit=size)
            if taken == 0:  # the queue is empty: the groups still stale are written
                groups.rebuild_stale(connection, default_finder(), {})
                if worth_merging(connection, done):
                    optimize(connection)
        if taken == 0:
            return done
        done += taken
        if progress is not None:
            progress(min(done, max(total, done)), max(total, done))


def requeue_all(connection: Connection) -> None:
    """Empty the index and queue every searchable record (inside a write transaction)."""
    backend_of(connection).requeue_all(connection, SOURCES)


def rebuild(database: Source, progress: Progress | None = None) -> int:
    """Empty the index and index every searchable record again, in one transaction."""
    with database.transaction() as connection:
        with _bulk(connection):
            requeue_all(connection)  # emptying the old index touches the same b-trees
            done = index_pending(connection, progress)
            optimize(connection)
        mark_current(connection)
        return done
