"""The store's connections serve SQLite's small allocations from a lookaside large enough
for bulk writes (app/store/lookaside.py), with memory security still on.

A probe registered here (SQLite's auto-extension hook, as the store's own) reads the
handle of each connection as it opens, so the counters SQLite keeps per connection can
be read without relying on the store's code.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from app.store import lookaside
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE

LOOKASIDE_HIT = 4
LOOKASIDE_MISS_FULL = 6

_LIBRARY = ctypes.CDLL(sqlcipher3._sqlite3.__file__)
_ENTRY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


@pytest.fixture
def opened() -> Iterator[list[int]]:
    """The handles of the connections opened while the test runs."""
    handles: list[int] = []

    def probe(handle: int | None, _error: object, _api: object) -> int:
        if handle is not None:
            handles.append(handle)
        return 0

    entry = _ENTRY(probe)
    _LIBRARY.sqlite3_auto_extension.argtypes = [_ENTRY]
    _LIBRARY.sqlite3_cancel_auto_extension.argtypes = [_ENTRY]
    assert _LIBRARY.sqlite3_auto_extension(entry) == 0
    try:
        yield handles
    finally:
        _LIBRARY.sqlite3_cancel_auto_extension(entry)


def _counter(handle: int, operation: int, reset: bool = False) -> int:
    """One of a connection's counters since it was last reset (`sqlite3_db_status`)."""
    current, highest = ctypes.c_int(), ctypes.c_int()
    _LIBRARY.sqlite3_db_status(
        ctypes.c_void_p(handle), operation, ctypes.byref(current), ctypes.byref(highest), reset
    )
    return highest.value


def test_bulk_writes_find_room_in_the_lookaside(db_path: Path, opened: list[int]) -> None:
    """Thousands of rows into a table and an FTS5 index in one transaction: no small
    allocation finds the lookaside full (with SQLite's default, 12,000 of them did here,
    each two system calls under memory security)."""
    with Database.create(db_path, PASSPHRASE, FAST_KDF) as database:
        handle = opened[-1]
        with database.reading() as connection:
            assert connection.execute("PRAGMA cipher_memory_security").fetchone() == ("1",)
        with database.transaction() as connection:
            connection.execute("CREATE TABLE probe_rows (n INTEGER PRIMARY KEY, a TEXT, b TEXT)")
            connection.execute("CREATE VIRTUAL TABLE probe_fts USING fts5(t, content = '')")
            _counter(handle, LOOKASIDE_HIT, reset=True)
            _counter(handle, LOOKASIDE_MISS_FULL, reset=True)
            rows = [(n, f"회령 {n}", "보위부 " * (n % 7)) for n in range(3000)]
            connection.executemany("INSERT INTO probe_rows VALUES (?, ?, ?)", rows)
            connection.executemany(
                "INSERT INTO probe_fts(rowid, t) VALUES (?, ?)", [(n, a + b) for n, a, b in rows]
            )
        assert _counter(handle, LOOKASIDE_HIT) > 3000
        assert _counter(handle, LOOKASIDE_MISS_FULL) == 0


def test_every_store_connection_keeps_memory_security(db_path: Path) -> None:
    with Database.create(db_path, PASSPHRASE, FAST_KDF) as database:
        database.close()
    with Database.open(db_path, PASSPHRASE) as database, database.reading() as connection:
        assert connection.execute("PRAGMA cipher_memory_security").fetchone() == ("1",)


def test_without_the_library_functions_a_connection_keeps_the_default(
    db_path: Path, opened: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another build of sqlcipher3 whose functions cannot be found: the store opens and
    writes as before, with SQLite's default lookaside (slower, never less safe)."""
    monkeypatch.setattr(lookaside, "_library", lambda: None)
    with Database.create(db_path, PASSPHRASE, FAST_KDF) as database:
        handle = opened[-1]
        with database.transaction() as connection:
            connection.execute("CREATE TABLE probe_rows (n INTEGER PRIMARY KEY, a TEXT)")
            _counter(handle, LOOKASIDE_MISS_FULL, reset=True)
            connection.executemany(
                "INSERT INTO probe_rows VALUES (?, ?)", [(n, f"회령 {n}") for n in range(3000)]
            )
            assert _counter(handle, LOOKASIDE_MISS_FULL) > 0
        with database.reading() as connection:
            assert connection.execute("SELECT count(*) FROM probe_rows").fetchone() == (3000,)
            assert connection.execute("PRAGMA cipher_memory_security").fetchone() == ("1",)
