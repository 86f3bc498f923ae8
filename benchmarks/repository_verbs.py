"""The analysis verbs on a kept repository (issue 17): each timed, wall and CPU, and
optionally each answer written out as JSON, so that two versions of the code can be
compared on the same store, alternated, and their answers compared byte for byte.

    .venv/bin/python benchmarks/repository_verbs.py --keep /work/bench/r10k-verbs/pg --server
    .venv/bin/python benchmarks/repository_verbs.py --keep /work/bench/r10k/file --dump /tmp/old

`--keep` names a folder that repository_benchmark.py --keep filled (its repository in
`geneva/`); with `--server` its kept PostgreSQL cluster (`pg/`) is started as the tests
start one (tests/postgres_support.py) and stopped at the end. Each verb runs once to warm
the caches, then `--rounds` times measured: median and minimum wall-clock seconds and this
process's CPU seconds (on the file store SQLCipher's own work included; on the server the
database's work is in its own processes). `--dump DIR` writes each verb's answer of the
first run as DIR/<verb>.json; `--profile VERB` runs that verb once under cProfile and
prints the 30 costliest functions instead. Prints JSON (and `--out` writes it).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.store.connection import Connection
from app.sync.repository import matrix, registers
from app.sync.repository.store import Repository
from benchmarks.repository_benchmark import PASSPHRASE

VERBS: dict[str, Callable[[Connection], Any]] = {
    "interviews": registers.interviews,
    "matrix": matrix.matrix,
    "gaps_and_reinterview": matrix.gaps_and_reinterview,
    "corroboration": registers.corroborations,
    "register_units": lambda c: registers.register(c, "units"),
    "register_perpetrators": lambda c: registers.register(c, "perpetrators"),
    "register_facilities": lambda c: registers.register(c, "facilities"),
    "statements": lambda c: [asdict(s) for s in matrix.statements(c)],
}
"""`statements`: what the matrix, gaps and re-interview candidates are made of, each tag's
(compared old against new where the gaps themselves are empty, as in the benchmark's
synthetic repositories)."""


def measured(action: Callable[[], object], rounds: int) -> dict[str, float]:
    wall, cpu = [], []
    for _ in range(rounds):
        start, used = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return {
        "wall_median": round(statistics.median(wall), 3),
        "wall_min": round(min(wall), 3),
        "cpu_median": round(statistics.median(cpu), 3),
        "cpu_min": round(min(cpu), 3),
    }


def run(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    wanted = args.verbs.split(",") if args.verbs else [v for v in VERBS if v != "statements"]
    results: dict[str, Any] = {}
    with Repository.open(folder / "geneva", PASSPHRASE) as repository:
        with repository.reading() as connection:
            if args.profile:
                VERBS[args.profile](connection)
                profile = cProfile.Profile()
                profile.runcall(VERBS[args.profile], connection)
                order = os.environ.get("SORT", "cumulative")
                pstats.Stats(profile).sort_stats(order).print_stats(30)
                return {}
            for name in wanted:
                answer = VERBS[name](connection)  # warms the caches
                if args.dump:
                    args.dump.mkdir(parents=True, exist_ok=True)
                    text = json.dumps(answer, ensure_ascii=False, indent=1, default=str)
                    (args.dump / f"{name}.json").write_text(text + "\n")
                del answer
                results[name] = measured(lambda n=name: VERBS[n](connection), args.rounds)
        kind = repository.store.kind
    return {
        "store": kind,
        "rounds": args.rounds,
        "verbs": results,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(n, 2) for n in os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True)
    parser.add_argument("--server", action="store_true", help="start the kept cluster")
    parser.add_argument("--shared-buffers", default="1GB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbs", default="", help="comma-separated (default: all)")
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--profile", default="", choices=["", *VERBS])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    cluster = None
    if args.server:
        from tests import postgres_support

        cluster = postgres_support.start(args.keep / "pg", args.shared_buffers)
        os.environ["PGUSER"] = postgres_support.SUPERUSER
    try:
        result = run(args.keep, args)
    finally:
        if cluster is not None:
            postgres_support.stop(cluster, remove=False)
    if result:
        text = json.dumps(result, indent=2, ensure_ascii=False)
        print(text)
        if args.out:
            args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
