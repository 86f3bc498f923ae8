"""Indexing a whole queue in one transaction gives the connection a larger page cache
(`index.bulk_cache_kib`: 1 KiB a queued record, 32 MB at least, 1 GB at most): at a
few thousand two-hour interviews the b-trees written at random places (each record's row
in `search_docs` and in the queue, by record id) no longer fit SQLite's default cache,
and every insert read, decrypted, wrote out and read again a page. The connection's own
setting is set back afterwards, also when the build fails; a search's usual few records
do not touch it."""

from __future__ import annotations

import pytest

from app.search import index, refresh
from app.store.connection import Connection
from app.store.database import Database
from tests.integration.search_rows import write_interviews

OWN = -3000
"""A cache size the connection is given before, so that "set back" cannot be the default."""


def _cache(connection: Connection) -> int:
    return int(connection.execute("PRAGMA cache_size").fetchone()[0])


def _segments(count: int) -> list[str]:
    return [f"{n}번째 진술: 보위부에서 조사를 받고 회령 집결소로 갔다" for n in range(count)]


def test_a_rebuild_uses_the_larger_cache_then_sets_the_connection_s_back(
    database: Database,
) -> None:
    write_interviews(database, [_segments(30), _segments(20)])
    database.connection.execute(f"PRAGMA cache_size = {OWN}")
    seen: list[int] = []
    index.rebuild(database, lambda _done, _total: seen.append(_cache(database.connection)))
    assert seen
    assert set(seen) == {-index.BULK_CACHE_LEAST}
    assert _cache(database.connection) == OWN


def test_a_large_queue_is_indexed_with_it_too(database: Database) -> None:
    write_interviews(database, [_segments(index.BATCH // 2 + 10), _segments(index.BATCH // 2)])
    database.connection.execute(f"PRAGMA cache_size = {OWN}")
    seen: list[int] = []
    assert refresh(database, lambda *_: seen.append(_cache(database.connection))) > 0
    assert set(seen) == {-index.BULK_CACHE_LEAST}
    assert _cache(database.connection) == OWN


def test_a_search_s_few_records_leave_the_cache_alone(database: Database) -> None:
    write_interviews(database, [_segments(5)])
    database.connection.execute(f"PRAGMA cache_size = {OWN}")
    seen: list[int] = []
    assert refresh(database, lambda *_: seen.append(_cache(database.connection))) == 5
    assert set(seen) == {OWN}
    assert _cache(database.connection) == OWN


def test_a_failed_rebuild_sets_the_cache_back_and_keeps_the_index(database: Database) -> None:
    write_interviews(database, [_segments(30)])
    assert refresh(database) == 30
    database.connection.execute(f"PRAGMA cache_size = {OWN}")

    def fail(_done: int, _total: int) -> None:
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        index.rebuild(database, fail)
    assert _cache(database.connection) == OWN
    with database.reading() as connection:
        assert index.pending_count(connection) == 0
        assert connection.execute("SELECT count(*) FROM search_docs").fetchone()[0] == 30


def test_the_cache_follows_the_queue_within_its_bounds() -> None:
    assert index.bulk_cache_kib(index.BATCH) == index.BULK_CACHE_LEAST
    assert index.bulk_cache_kib(600_000) == 600_000
    assert index.bulk_cache_kib(10_000_000) == index.BULK_CACHE_MOST


def test_a_rebuild_empties_the_old_index_with_the_larger_cache(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_interviews(database, [_segments(30)])
    assert refresh(database) == 30
    database.connection.execute(f"PRAGMA cache_size = {OWN}")
    seen: list[int] = []
    emptying = index.requeue_all

    def requeue_all(connection: Connection) -> None:
        seen.append(_cache(connection))
        emptying(connection)

    monkeypatch.setattr(index, "requeue_all", requeue_all)
    index.rebuild(database)
    assert seen == [-index.BULK_CACHE_LEAST]
    assert _cache(database.connection) == OWN


def test_the_cache_is_sized_for_the_records_indexed_and_queued(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_interviews(database, [_segments(40)])
    assert refresh(database) == 40
    write_interviews(database, [_segments(index.BATCH // 2 + 10), _segments(index.BATCH // 2)])
    asked: list[int] = []
    sizing = index.bulk_cache_kib

    def bulk_cache_kib(records: int) -> int:
        asked.append(records)
        return sizing(records)

    monkeypatch.setattr(index, "bulk_cache_kib", bulk_cache_kib)
    assert refresh(database) == index.BATCH + 10
    assert asked == [40 + index.BATCH + 10]
