"""The several-words class alone, on a kept corpus: CPU and wall time of each first page
(with the exact count), or a digest of pages at several offsets in both orders, to
compare two versions of the engine on the same data (issues 16 and 17).

    .venv/bin/python benchmarks/several_words.py laptop /work/bench/q10k.db time
    .venv/bin/python benchmarks/several_words.py repository /work/bench/r10k/file digest

`laptop`: a corpus kept by search_quality.py (`--db`); `repository`: a folder kept by
repository_benchmark.py (`--keep`; the file store). Both are only read (a search indexes
what is new first: nothing, on a kept corpus). CPU time is this process's
(`time.process_time`): the database's own work included, the neighbours' load not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ["예심 구류장", "보위부 집결소", "회령 교화소"]
PAGES = ((0, 20, 3), (20, 20, 3), (100, 50, 1), (4990, 20, 3), (9980, 40, 0))
"""(offset, limit, passages) of the pages digested, best and newest first."""


def _hit(hit: Any) -> tuple[Any, ...]:
    return (
        hit.kind,
        hit.record_id,
        hit.target,
        hit.snippet,
        hit.highlights,
        hit.start,
        hit.end,
        repr(hit.score),
    )


def _page(results: Any) -> tuple[Any, ...]:
    return (
        results.total,
        results.offset,
        [
            (
                group.interview_id,
                group.interview_code,
                repr(group.score),
                group.count,
                [_hit(hit) for hit in group.hits],
            )
            for group in results.groups
        ],
        [term.typed for term in results.searched],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", choices=["laptop", "repository"])
    parser.add_argument("path", type=Path)
    parser.add_argument("mode", choices=["time", "digest"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", default=",".join(QUERIES))
    args = parser.parse_args()
    queries = [query for query in args.queries.split(",") if query]
    source: Any
    if args.store == "laptop":
        from app.search import search
        from app.store.database import Database
        from benchmarks.search_benchmark import PASSPHRASE

        source = Database.open(args.path, PASSPHRASE)
    else:
        from app.sync.repository.search import search  # type: ignore[assignment]
        from app.sync.repository.store import Repository
        from benchmarks.repository_benchmark import PASSPHRASE as REPOSITORY

        source = Repository.open(args.path / "geneva", REPOSITORY)
    search(source, "강", exact=True)  # what every search reads first, read once
    if args.mode == "time":
        for query in queries:
            cpu, wall = [], []
            for _round in range(args.rounds):
                began, clock = time.process_time(), time.perf_counter()
                search(source, query, limit=20, passages=3)
                cpu.append((time.process_time() - began) * 1000)
                wall.append((time.perf_counter() - clock) * 1000)
            print(
                f"{query}: CPU ms median {statistics.median(cpu):.1f} "
                f"{[round(x) for x in cpu]}; wall ms median {statistics.median(wall):.1f} "
                f"{[round(x) for x in wall]}; load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    else:
        whole = hashlib.sha256()
        for query in queries:
            digest = hashlib.sha256()
            for newest in (False, True):
                for offset, limit, passages in PAGES:
                    results = search(
                        source,
                        query,
                        limit=limit,
                        offset=offset,
                        passages=passages,
                        newest_first=newest,
                    )
                    digest.update(repr((newest, offset, limit, passages, _page(results))).encode())
            print(query, results.total, digest.hexdigest()[:16], flush=True)
            whole.update(digest.digest())
        print("all", whole.hexdigest()[:16])
    source.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
