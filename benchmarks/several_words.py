"""The several-words class alone, on a kept corpus: CPU and wall time of each first page
(with the exact count), or a digest of pages at several offsets in both orders, to
compare two versions of the engine on the same data (issues 16 and 17).

    .venv/bin/python benchmarks/several_words.py laptop /work/bench/q10k.db time
    .venv/bin/python benchmarks/several_words.py repository /work/bench/r10k/file digest

`laptop`: a corpus kept by search_quality.py (`--db`); `repository`: a folder kept by
repository_benchmark.py (`--keep`), the file store or the server store (with
`--throwaway-server`: its kept cluster, in the folder's `pg`, is started for the run and
stopped after, the repository opened as the cluster's superuser). Both are only read (a
search indexes what is new first: nothing, on a kept corpus; a server store of an older
schema is upgraded when opened). CPU time is this process's (`time.process_time`): the
database's own work included on SQLite, the server's not. `--queries phrases`: the phrase
classes of the benchmark (store schema 11):

    .venv/bin/python benchmarks/several_words.py repository /tmp/x digest --queries phrases
        --throwaway-server
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ["예심 구류장", "보위부 집결소", "회령 교화소"]
PHRASES = [
    "교화소",
    "집결소",
    "구류장",
    "노동단련대",
    "관리소",
    "보위부에서",
    "집결소로",
    "회령에서",
    unicodedata.normalize("NFD", "구류장"),
    *QUERIES,
]
"""Phrases of several keys (words of three syllables or more, words and their
particles, NFD, several words): what the server's pairs of adjacent keys answer."""
PAGES = ((0, 20, 3), (20, 20, 3), (100, 50, 1), (4990, 20, 3), (9980, 40, 0))
"""(offset, limit, passages) of the pages digested, best and newest first."""
EXACT = {"no": (False,), "yes": (True,), "both": (False, True)}
"""`--exact`: each query digested as typed (its spellings and stems), exact, or both."""


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
    parser.add_argument(
        "--queries", default=",".join(QUERIES), help="comma-separated, or `phrases`"
    )
    parser.add_argument(
        "--throwaway-server",
        action="store_true",
        help="a server store: start its kept cluster (the folder's pg) for the run",
    )
    parser.add_argument("--shared-buffers", default="256MB")
    parser.add_argument(
        "--exact", choices=list(EXACT), default="no", help="digest: as typed, exact, or both"
    )
    args = parser.parse_args()
    listed = PHRASES if args.queries == "phrases" else args.queries.split(",")
    queries = [query for query in listed if query]
    if not args.throwaway_server:
        return _run(args, queries)
    from tests import postgres_support

    cluster = postgres_support.start(args.path / "pg", args.shared_buffers)
    os.environ["PGUSER"] = postgres_support.SUPERUSER
    try:
        return _run(args, queries)
    finally:
        postgres_support.stop(cluster, remove=False)


def _run(args: argparse.Namespace, queries: list[str]) -> int:
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
            for exact in EXACT[args.exact]:
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
                            exact=exact,
                        )
                        page = (newest, offset, limit, passages, _page(results))
                        digest.update(repr(page).encode())
                shown = unicodedata.normalize("NFC", query)
                shown += " (NFD)" if shown != query else ""
                shown += " exact" if exact else ""
                print(shown, results.total, digest.hexdigest()[:16], flush=True)
                whole.update(digest.digest())
        print("all", whole.hexdigest()[:16])
    source.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
