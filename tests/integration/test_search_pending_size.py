"""Indexing a whole queue in one transaction keeps more new keys in memory before FTS5
writes them out (`index.BULK_PENDING`), and leaves the indexes' setting at FTS5's
default afterwards; a search's usual small indexing does not touch it."""

from __future__ import annotations

from app.search import index, refresh
from app.store.connection import Connection
from app.store.database import Database
from tests.integration.search_rows import write_interviews

TABLES = ("search_fts", "search_groups")


def _pending_sizes(connection: Connection) -> tuple[int | None, ...]:
    """Each index's `hashsize` as its configuration holds it (None: never set)."""
    sizes = []
    for table in TABLES:
        row = connection.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'").fetchone()
        sizes.append(None if row is None else int(row[0]))
    return tuple(sizes)


def _segments(count: int) -> list[str]:
    return [f"{n}번째 진술: 보위부에서 조사를 받고 회령 집결소로 갔다" for n in range(count)]


def test_a_rebuild_holds_more_keys_then_sets_the_default_back(database: Database) -> None:
    write_interviews(database, [_segments(30), _segments(20)])
    seen: list[tuple[int | None, ...]] = []
    index.rebuild(database, lambda _done, _total: seen.append(_pending_sizes(database.connection)))
    assert seen
    assert set(seen) == {(index.BULK_PENDING, index.BULK_PENDING)}
    with database.reading() as connection:
        assert _pending_sizes(connection) == (index.PENDING, index.PENDING)


def test_a_large_queue_is_indexed_the_same_way(database: Database) -> None:
    write_interviews(database, [_segments(index.BATCH // 2 + 10), _segments(index.BATCH // 2)])
    seen: list[tuple[int | None, ...]] = []
    assert refresh(database, lambda *_: seen.append(_pending_sizes(database.connection))) > 0
    assert set(seen) == {(index.BULK_PENDING, index.BULK_PENDING)}
    with database.reading() as connection:
        assert _pending_sizes(connection) == (index.PENDING, index.PENDING)


def test_a_search_s_few_records_leave_the_setting_alone(database: Database) -> None:
    write_interviews(database, [_segments(5)])
    seen: list[tuple[int | None, ...]] = []
    assert refresh(database, lambda *_: seen.append(_pending_sizes(database.connection))) == 5
    assert set(seen) == {(None, None)}
    with database.reading() as connection:
        assert _pending_sizes(connection) == (None, None)
