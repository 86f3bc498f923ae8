"""What building the search index costs, in CPU seconds (user and system: memory
security's locking is system time) as well as wall seconds (on a
shared machine the wall time says more about the other work than about ours), on a corpus
kept by search_benchmark.py, and where the time goes.

    .venv/bin/python benchmarks/search_benchmark.py --transcripts 30 --rounds 1 --db /tmp/s/s.db
    .venv/bin/python benchmarks/index_cost.py --db /tmp/s/s.db
    .venv/bin/python benchmarks/index_cost.py --db /tmp/s/s.db --without-memory-security

Each round empties the index and builds it again in one transaction, as `sillok search
--rebuild` does (queue, keys, passage index, interview-level rows, merge). With
`--without-memory-security` the database is opened without `cipher_memory_security`, as
the benchmarks' corpus writers do (benchmarks/bulk_load.py): for comparison only, the app
never does (docs/benchmarks.md says why). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.crypto import keyfile
from app.search import index
from app.store.database import Database
from benchmarks.bulk_load import connect_without_memory_security
from benchmarks.search_benchmark import PASSPHRASE


def _open(path: Path, memory_security: bool) -> Database:
    if memory_security:
        return Database.open(path, PASSPHRASE)
    unlocked, key = keyfile.unlock(keyfile.keyfile_path(path), PASSPHRASE)
    return Database(path, connect_without_memory_security(path, key), unlocked.database_id, key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a search_benchmark.py corpus")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--without-memory-security", action="store_true")
    args = parser.parse_args()
    database = _open(args.db, not args.without_memory_security)
    try:
        with database.reading() as connection:
            chars = int(
                connection.execute("SELECT sum(length(text)) FROM transcript_segments").fetchone()[
                    0
                ]
            )
        rounds = []
        split: list[tuple[float, float]] = []  # (user, system) CPU seconds
        for _ in range(args.rounds):
            with database.transaction() as connection:
                index.requeue_all(connection)
            cpu, wall, times = time.process_time(), time.perf_counter(), os.times()
            index.rebuild(database)
            rounds.append((time.process_time() - cpu, time.perf_counter() - wall))
            after = os.times()
            split.append((after.user - times.user, after.system - times.system))
    finally:
        database.close()
    best = min(cpu for cpu, _wall in rounds)
    print(
        json.dumps(
            {
                "chars": chars,
                "memory_security": not args.without_memory_security,
                "cpu_seconds": [round(cpu, 2) for cpu, _wall in rounds],
                "user_seconds": [round(user, 2) for user, _system in split],
                "system_seconds": [round(system, 2) for _user, system in split],
                "wall_seconds": [round(wall, 2) for _cpu, wall in rounds],
                "chars_per_wall_second_best": round(chars / min(wall for _c, wall in rounds)),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "chars_per_cpu_second_best": round(chars / best),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
