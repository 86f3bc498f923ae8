"""The interview list at Geneva (issue 17): `registers.interviews` (what `sillok repository
interviews` prints) and the desk's `interview_rows` (the same list with each interview's
consent and dates), timed on a repository kept between runs, so that two versions of the
code can be compared on the same store, alternated.

    .venv/bin/python benchmarks/interview_list_benchmark.py --repo /tmp/list2k --interviews 2000

`--repo` names a folder: when it holds no repository yet, one is made there on the
SQLCipher file and filled as repository_benchmark.py fills it (`--interviews` from
`--devices` devices, `--answers` answers each, no transcripts; record versions as ingest
stores them, then the consolidated view and the verbs' facts derived); otherwise the one
there is opened (and upgraded, if this code's schema is newer: keep a copy for the older
code). Then each action runs once to warm the cache and `--rounds` times measured: the
median and minimum of this process's CPU seconds (SQLCipher's own work included) and the
median wall-clock seconds. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain import Facility, FacilityType
from app.sync.repository import consolidated, desk, facts, registers
from app.sync.repository.store import Repository, store_path
from benchmarks.repository_benchmark import KDF, PASSPHRASE, _interview, _rows


def fill(folder: Path, interviews: int, devices: int, answers: int) -> None:
    """A new file repository in `folder`, filled as repository_benchmark.py fills it."""
    rng = random.Random(17)
    facilities = [
        Facility(name=f"시설 {n}", facility_type=FacilityType.KURYUJANG, agency="보위부")
        for n in range(50)
    ]
    insert = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    with Repository.init(folder, PASSPHRASE, kdf_params=KDF) as repository:
        with repository.transaction() as connection:
            connection.executemany(insert, _rows(list(facilities), "dev-0"))
            for n in range(interviews):
                made = _interview(rng, facilities, answers)
                connection.executemany(insert, _rows(made, f"dev-{n % devices}"))
        with repository.transaction() as connection:
            consolidated.rebuild(connection)
            facts.lift_all(connection)


def timed(action: Callable[[], object], rounds: int) -> dict[str, float]:
    action()  # the cache warmed, and any facts lifted
    cpu, wall = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        action()
        cpu.append(time.process_time() - used)
        wall.append(time.perf_counter() - started)
    return {
        "cpu_median": round(statistics.median(cpu), 4),
        "cpu_min": round(min(cpu), 4),
        "wall_median": round(statistics.median(wall), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--interviews", type=int, default=2000)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not store_path(args.repo).exists():
        started = time.perf_counter()
        fill(args.repo, args.interviews, args.devices, args.answers)
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with Repository.open(args.repo, PASSPHRASE) as repository:

        def listing() -> list[dict[str, Any]]:
            with repository.reading() as connection:
                return registers.interviews(connection)

        figures = {
            "code": str(Path(__file__).resolve().parents[1]),
            "interviews_held": len(listing()),
            "load_average_before": [round(n, 2) for n in os.getloadavg()],
            "interviews": timed(listing, args.rounds),
            "desk_interview_rows": timed(lambda: desk.interview_rows(repository), args.rounds),
            "load_average_after": [round(n, 2) for n in os.getloadavg()],
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
