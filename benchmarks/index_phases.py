"""Where one rebuild of the search index spends its time, and what the page cache did:
CPU and wall seconds of each step of `index.rebuild` (emptying and queueing, reading the
records, their keys in Python, writing a batch, the interview-level rows, the merge) and
SQLite's page-cache counters of the connection (`sqlite3_db_status`: hits, misses, pages
written, pages written out in the middle of the transaction because the cache was full
of changed pages). Memory security on, as the app.

    .venv/bin/python benchmarks/index_phases.py --db /tmp/ix/q1k.db
    .venv/bin/python benchmarks/index_phases.py --db /tmp/ix/q1k.db --cache-kib 262144

The corpus is one of search_benchmark.py or search_quality.py (`--db`, same passphrase).
`--cache-kib` sets the connection's page cache before the rebuild (the code's own bulk
setting, where it has one, applies during it). Run from the root of the tree to measure
(an older tree extracted elsewhere works the same). Prints one line of JSON.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, os.getcwd())

from app.search import backend, groups, index
from app.store import lookaside
from app.store.database import Database
from benchmarks.search_benchmark import PASSPHRASE

_HANDLES: list[int] = []
_ENTRY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def _seen(handle: int, _error: object, _api: object) -> int:
    _HANDLES.append(handle)
    return 0


_HOOK = _ENTRY(_seen)
COUNTERS = {"hit": 7, "miss": 8, "write": 9, "spill": 12}
"""SQLITE_DBSTATUS_CACHE_HIT, _MISS, _WRITE, _SPILL."""
SPENT: dict[str, list[float]] = {}


def _timed(owner: Any, name: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent = SPENT.setdefault(name, [0.0, 0.0, 0])
            spent[0] += time.process_time() - cpu
            spent[1] += time.perf_counter() - wall
            spent[2] += 1

    setattr(owner, name, timed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--cache-kib", type=int, default=None)
    args = parser.parse_args()
    library = lookaside._library()
    if library is None:
        raise SystemExit("the SQLCipher library's functions cannot be found")
    library.sqlite3_auto_extension(_HOOK)
    for owner, name in (
        (index, "bodies"),
        (index, "record_keys"),
        (backend.Fts5Index, "write_batch"),
        (backend.Fts5Index, "write_group"),
        (backend.Fts5Index, "optimize"),
        (backend.Fts5Index, "requeue_all"),
        (groups, "group_rows"),
        (groups, "rebuild_stale"),
    ):
        _timed(owner, name)
    database = Database.open(args.db, PASSPHRASE)
    handle = ctypes.c_void_p(_HANDLES[-1])

    def counters() -> dict[str, int]:
        now, high = ctypes.c_int(), ctypes.c_int()
        out = {}
        for name, op in COUNTERS.items():
            library.sqlite3_db_status(handle, op, ctypes.byref(now), ctypes.byref(high), 0)
            out[name] = now.value
        return out

    try:
        if args.cache_kib is not None:
            database.connection.execute(f"PRAGMA cache_size = -{int(args.cache_kib)}")
        with database.reading() as connection:
            chars = int(
                connection.execute("SELECT sum(length(text)) FROM transcript_segments").fetchone()[
                    0
                ]
            )
        before = counters()
        cpu, wall, times = time.process_time(), time.perf_counter(), os.times()
        index.rebuild(database)
        cpu, wall, after = time.process_time() - cpu, time.perf_counter() - wall, os.times()
        cache = {name: value - before[name] for name, value in counters().items()}
    finally:
        database.close()
    print(
        json.dumps(
            {
                "chars": chars,
                "cpu_seconds": round(cpu, 2),
                "user_seconds": round(after.user - times.user, 2),
                "system_seconds": round(after.system - times.system, 2),
                "wall_seconds": round(wall, 2),
                "chars_per_cpu_second": round(chars / cpu),
                "chars_per_wall_second": round(chars / wall),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "page_cache": cache,
                "steps_cpu_wall_calls": {
                    name: [round(cpu_s, 2), round(wall_s, 2), int(calls)]
                    for name, (cpu_s, wall_s, calls) in SPENT.items()
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
