"""Every query of search_quality.py's classes on a kept repository, pass after pass in one
process, with the slow searches' statements: to tell a first round read from disk (the
cluster just started) from a slow plan (issue 17, docs/benchmarks.md "Run 7").

    .venv/bin/python benchmarks/repository_rounds.py /work/bench/r10k/pg --passes 3 --over 100

The folder is one kept by repository_benchmark.py (`--keep` with `--throwaway-server`):
its cluster is started for the run and stopped after. Each pass runs `ANALYZE` (as the
benchmark does before its searches) and then every query of every class `--rounds`
times, first page with the exact count, and prints p50 / p95 per class; each search over
`--over` ms is listed with its statements over 4 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--over", type=float, default=100.0, help="ms")
    parser.add_argument("--shared-buffers", default="1GB")
    args = parser.parse_args()

    from app.sync.repository.store import Repository  # noqa: I001 - before postgres: its imports
    from app.sync.repository import postgres
    from app.sync.repository.search import search
    from benchmarks.repository_benchmark import PASSPHRASE
    from benchmarks.search_benchmark import percentile
    from benchmarks.search_quality import QUERIES
    from tests import postgres_support

    cluster = postgres_support.start(args.folder / "pg", args.shared_buffers)
    os.environ["PGUSER"] = postgres_support.SUPERUSER
    sent: list[tuple[float, str]] = []
    execute = postgres.Connection.execute

    def timed(self: Any, sql: str, params: Any = None) -> Any:
        began = time.perf_counter()
        cursor = execute(self, sql, params)
        sent.append(((time.perf_counter() - began) * 1000, " ".join(sql.split())[:160]))
        return cursor

    try:
        repository = Repository.open(args.folder / "geneva", PASSPHRASE)
        search(repository, "보위부")  # indexes what is new (nothing, on a kept store)
        postgres.Connection.execute = timed  # type: ignore[method-assign]
        for number in range(1, args.passes + 1):
            execute(repository.connection, "ANALYZE")
            slow, summary = 0, []
            for name, (queries, exact) in QUERIES.items():
                times: list[float] = []
                for round_ in range(args.rounds):
                    for query in queries:
                        sent.clear()
                        began = time.perf_counter()
                        search(repository, query, exact=exact)
                        took = (time.perf_counter() - began) * 1000
                        times.append(took)
                        if took > args.over:
                            slow += 1
                            shown = unicodedata.normalize("NFC", query)
                            print(f"pass {number}: {name} {shown} round {round_}: {took:.0f} ms")
                            for ms, sql in sent:
                                if ms > 4:
                                    print(f"    {ms:6.1f} {sql}")
                p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
                summary.append(f"{name} {p50:.0f} / {p95:.0f}")
            print(
                f"pass {number}: {slow} searches over {args.over:.0f} ms; load "
                f"{os.getloadavg()[0]:.2f}; " + "; ".join(summary),
                flush=True,
            )
        repository.close()
    finally:
        postgres.Connection.execute = execute  # type: ignore[method-assign]
        postgres_support.stop(cluster, remove=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
