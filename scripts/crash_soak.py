"""The longer kill -9 soak: `python scripts/crash_soak.py [ROUNDS] [--ingest N] [--out FILE]`.

Same rounds as tests/integration/test_crash_safety.py (a child saving answers, killed
with SIGKILL at a random moment, every acknowledged save checked after restart, then the
full `check`), for as many rounds as asked (default 500). With `--ingest N`, also N rounds
of Geneva ingests killed at a random moment or at a named step (tests/crash_ingest_rounds.py:
the store never claims a file that is not there, `repository check` finds nothing, and
every package is held in the end). Writes a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services import Services
from app.store.database import Database
from tests.crash_ingest_rounds import IngestSoak
from tests.crash_rounds import kill_round
from tests.support import FAST_KDF, PASSPHRASE, record_interview


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rounds", type=int, nargs="?", default=500)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--ingest", type=int, default=0, help="rounds of killed ingests")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/crash_soak.json"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = []
    saves = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "soak.db"
        with Database.create(db, PASSPHRASE, FAST_KDF) as database:
            interview_id = record_interview(Services(database, "soak"), with_text=False)[
                "interview"
            ].id
        next_number = 0
        for round_number in range(args.rounds):
            result = kill_round(db, PASSPHRASE, interview_id, next_number, rng)
            if result.missing or result.check_findings:
                failures.append(
                    {
                        "round": round_number,
                        "missing": result.missing,
                        "findings": result.check_findings,
                    }
                )
            saves += result.acknowledged + 1 - next_number
            next_number = result.acknowledged + 1
            print(
                f"round {round_number + 1}/{args.rounds}: {saves} saves acknowledged, "
                f"{len(failures)} failures",
                end="\r",
                flush=True,
            )
    summary: dict[str, object] = {
        "rounds": args.rounds,
        "seed": args.seed,
        "acknowledged_saves": saves,
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.ingest:
        summary["ingest"] = _ingest_soak(args.ingest, rng)
        failures = failures or summary["ingest"]["failures"]  # type: ignore[index]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\n{json.dumps(summary)}")
    return 1 if failures else 0


def _ingest_soak(rounds: int, rng: random.Random) -> dict[str, object]:
    """`rounds` killed ingests, over as many fresh repositories (12 packages each) as needed."""
    totals = {"rounds": 0, "packages_held": 0, "killed_before_commit": 0,
              "killed_after_commit": 0, "finished": 0}  # fmt: skip
    failures: list[dict[str, object]] = []
    started = time.perf_counter()
    while totals["rounds"] < rounds:
        with tempfile.TemporaryDirectory() as scratch:
            soak = IngestSoak.make(Path(scratch), 12)
            while not soak.done and totals["rounds"] + soak.rounds < rounds:
                soak.round(rng)
                print(f"ingest round {totals['rounds'] + soak.rounds}/{rounds}", end="\r")
            totals["rounds"] += soak.rounds
            totals["packages_held"] += soak.held
            totals["killed_before_commit"] += soak.killed_before_commit
            totals["killed_after_commit"] += soak.killed_after_commit
            totals["finished"] += soak.finished
            failures += soak.failures
    return {**totals, "failures": failures, "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    raise SystemExit(main())
