"""Ingest throughput at Geneva (issue 17): real packages from many enrolled laptops, each
holding two-hour interviews, verified and merged by the real `ingest`, on the SQLCipher
file or on PostgreSQL.

    .venv/bin/python benchmarks/repository_ingest_benchmark.py --devices 5 --interviews 50
    .venv/bin/python benchmarks/repository_ingest_benchmark.py --devices 50 --interviews 10000
    .venv/bin/python benchmarks/repository_ingest_benchmark.py --server "host=/tmp/pg dbname=b"
    .venv/bin/python benchmarks/repository_ingest_benchmark.py --throwaway-server
    .venv/bin/python benchmarks/repository_ingest_benchmark.py --prefill 10000 --devices 50

`--throwaway-server` starts a PostgreSQL cluster in a temporary folder as the tests do
(tests/postgres_support.py: Unix socket only, fsync off) and stops it after.

Set-up (not measured as ingest): a repository in a temporary folder (or on the empty
PostgreSQL database `--server` names); `--devices` laptop databases, each enrolled with it
and holding its share of `--interviews` interviews written record by record with their
audit entries as the services write them (an interviewee, the interview, a consent, a
session, `--answers` answers, a perpetrator, an incident at one of the laptop's facilities,
two element tags, and a transcript of `--chars` characters in segments of about 150:
45,000 characters is about two hours of interpreted testimony); each laptop exports one
package. With `--prefill N` the repository already holds N interviews from
`--prefill-devices` devices (filled as repository_benchmark.py fills it, with its
consolidated view and the verbs' facts), so that ingest is measured into a repository of
that size. Measured: each package ingested in a fresh process that opens the repository as
Geneva does (so its peak memory is the ingest's own): seconds per package, records and
megabytes per second over all, and that process's maximum resident set. Writes JSON
(default benchmarks/results/repository_ingest.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain import Facility, FacilityType, Record, Session, Speaker, TranscriptSegment
from app.store import audit, records
from app.store.database import Database
from app.sync import enrolment
from app.sync.export import export_package
from app.sync.repository import consolidated, facts
from app.sync.repository.devices import enrol
from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository
from benchmarks.repository_benchmark import AT, KDF, PASSPHRASE, _interview, _rows
from benchmarks.search_benchmark import _names, transcript_segments

ACTOR = "benchmark officer"


def _transcript(rng: random.Random, interview: Record, chars: int, names: Any) -> list[Record]:
    session = Session(interview_id=interview.id, number=1, started_at=AT, ended_at=AT)
    speakers = (Speaker.INTERVIEWER, Speaker.INTERPRETER, Speaker.INTERVIEWEE)
    return [session] + [
        TranscriptSegment(
            interview_id=interview.id,
            session_id=session.id,
            ordinal=ordinal,
            speaker=speakers[ordinal % 3],
            text=text,
            language="ko",
            created_at=AT,
            updated_at=AT,
        )
        for ordinal, text in enumerate(transcript_segments(rng, chars, names))
    ]


def _write(database: Database, made: list[Record]) -> None:
    """As the services write: each record with its audit entry, in one transaction."""
    with database.transaction() as connection:
        for record in made:
            body = records.insert(connection, record)
            audit.append(
                connection,
                database.database_id,
                actor=ACTOR,
                action="create",
                entity_type=record.kind,
                entity_id=str(record.id),
                content=body,
            )


def prefill(repository: Repository, interviews: int, devices: int, answers: int) -> int:
    """Fill the repository with `interviews` already held, as repository_benchmark.py fills
    it (record versions as ingest stores them, from `devices` devices, no transcripts),
    then derive its consolidated view and the verbs' facts: the repository the measured
    packages come into. The number of record versions held."""
    rng = random.Random(1000)
    facilities = [
        Facility(name=f"시설 {n}", facility_type=FacilityType.KURYUJANG, agency="보위부")
        for n in range(50)
    ]
    insert = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    with repository.transaction() as connection:
        connection.executemany(insert, _rows(list(facilities), "held-0"))
        for n in range(interviews):
            made = _interview(rng, facilities, answers)
            connection.executemany(insert, _rows(made, f"held-{n % devices}"))
        consolidated.rebuild(connection, owner=repository.store.kind == "sqlcipher")
        facts.lift_all(connection)
        return int(connection.execute("SELECT count(*) FROM records").fetchone()[0])


def make_packages(repository: Repository, folder: Path, args: argparse.Namespace) -> list[Path]:
    """One enrolled laptop per device, filled, each exporting one package."""
    rng = random.Random(args.seed)
    names = _names()
    packages: list[Path] = []
    for device in range(args.devices):
        home = folder / f"laptop-{device:02d}"
        home.mkdir()
        database = Database.create(home / "sillok.db", PASSPHRASE, KDF)
        try:
            enrolment.write_request(database, home / "request.json", f"laptop {device}")
            enrol(repository, home / "request.json", home / "bundle.json")
            enrolment.accept_bundle(database, home / "bundle.json")
            facilities: list[Record] = [
                Facility(name=f"집결소 {device}-{n}", facility_type=FacilityType.JIPKYULSO)
                for n in range(5)
            ]
            _write(database, facilities)
            share = args.interviews // args.devices + (device < args.interviews % args.devices)
            for _ in range(share):
                made = _interview(rng, facilities, args.answers)  # type: ignore[arg-type]
                interview = made[1]
                _write(database, made + _transcript(rng, interview, args.chars, names))
            packages.append(export_package(database, home / "usb", actor=ACTOR).path)
        finally:
            database.close()
        print(f"laptop {device + 1}/{args.devices}: {share} interviews", file=sys.stderr)
    return packages


def ingest_all(folder: Path, packages: list[Path]) -> dict[str, Any]:
    """In this process: open the repository and ingest every package, timed."""
    seconds: list[float] = []
    new_records = 0
    with Repository.open(folder, PASSPHRASE) as repository:
        for package in packages:
            started = time.perf_counter()
            result = ingest(repository, package, receipt_out=package.with_suffix(".receipt"))
            seconds.append(time.perf_counter() - started)
            new_records += result.new_records
    return {
        "seconds_per_package": [round(s, 3) for s in seconds],
        "ingest_seconds": round(sum(seconds), 3),
        "new_records": new_records,
        "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=5)
    parser.add_argument("--interviews", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--chars", type=int, default=45_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--prefill", type=int, default=0, help="interviews the repository holds already"
    )
    parser.add_argument("--prefill-devices", type=int, default=50)
    parser.add_argument("--server", help="libpq connection string of an empty database")
    parser.add_argument("--throwaway-server", action="store_true")
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/repository_ingest.json")
    )
    parser.add_argument("--ingest", nargs="+", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest:  # the measuring child
        print(json.dumps(ingest_all(args.repo, args.ingest)))
        return
    if args.throwaway_server:
        from tests import postgres_support

        cluster = postgres_support.start()
        os.environ["PGUSER"] = postgres_support.SUPERUSER
        try:
            args.server = cluster.new_database()
            measure(args)
        finally:
            postgres_support.stop(cluster)
        return
    measure(args)


def measure(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="sillok-ingest-bench-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        with Repository.init(
            folder / "geneva", PASSPHRASE, kdf_params=KDF, server=args.server
        ) as geneva:
            held = (
                prefill(geneva, args.prefill, args.prefill_devices, args.answers)
                if args.prefill
                else 0
            )
            packages = make_packages(geneva, folder, args)
        made_seconds = time.perf_counter() - started
        measuring = [sys.executable, __file__, "--repo", str(folder / "geneva"), "--ingest"]
        child = subprocess.run(
            [*measuring, *map(str, packages)], check=True, capture_output=True, text=True
        )
        measured = json.loads(child.stdout)
        size = sum(p.stat().st_size for p in packages)
    ingest_seconds = measured["ingest_seconds"]
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cores": _cores()},
        "backend": "postgresql" if args.server else "sqlcipher",
        "devices": args.devices,
        "interviews": args.interviews,
        "held_before": {"interviews": args.prefill, "record_versions": held},
        "chars_per_interview": args.chars,
        "packages_mib": round(size / 1024**2, 1),
        "set_up_seconds": round(made_seconds, 1),
        **measured,
        "records_per_second": round(measured["new_records"] / ingest_seconds),
        "mib_per_second": round(size / 1024**2 / ingest_seconds, 2),
        "interviews_per_second": round(args.interviews / ingest_seconds, 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "seconds_per_package"}, indent=2))


def _cores() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
