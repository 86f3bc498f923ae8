"""Store benchmark: unlock time, open time, and single-answer save latency on a full
database, SQLCipher next to plain SQLite with the same schema and the same code.

    .venv/bin/python benchmarks/store_benchmark.py                 # 10,000 interviews
    .venv/bin/python benchmarks/store_benchmark.py --interviews 50 # a quick run

Writes JSON (default benchmarks/results/store.json). Targets (issue 2): save p99 ≤ 5 ms
and ≤ 1.5× plain SQLite. Compare ratios on the same machine, not absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3

from app.crypto import keyfile
from app.crypto.kdf import calibrate
from app.domain import (
    Answer,
    Consent,
    ConsentMethod,
    ConsentScope,
    Interview,
    Interviewee,
    TextValue,
)
from app.services import Services
from app.store import audit, migrate
from app.store.database import Database
from benchmarks.bulk_load import connect_without_memory_security

PASSPHRASE = "benchmark 봄날 압록강 건너 correct horse battery"
CHUNK = 50  # interviews per transaction while filling


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def canonical(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fill(database: Database, interviews: int, answers: int, rng: random.Random) -> list[str]:
    """Bulk-load `interviews` interviews of `answers` answers each, with the audit entries
    the services would have written (same bodies, same chain)."""
    connection = database.connection
    now = datetime.now(UTC)
    stamp = now.isoformat()
    template = Answer(
        interview_id=uuid.uuid4(),
        question_id="q",
        value=TextValue(text="x"),
        created_at=now,
        updated_at=now,
    ).model_dump(mode="json")
    seq, prev = audit.head(connection, database.database_id)
    ids = []
    sentences = [
        "보위부 구류장에서 조사를 받았습니다",
        "We were made to work in the fields",
        "매일 밤 무릎을 꿇고 앉아 있어야 했습니다",
        "Guards beat people who talked",
    ]
    for start in range(0, interviews, CHUNK):
        rows_i, rows_v, rows_c, rows_a, rows_log = [], [], [], [], []
        for _ in range(start, min(start + CHUNK, interviews)):
            interviewee = Interviewee(
                code=f"BEN-{uuid.uuid4().hex[:12].upper()}", created_at=now, updated_at=now
            )
            interview = Interview(
                interviewee_id=interviewee.id,
                code=f"BEN-{uuid.uuid4().hex[:12].upper()}",
                interviewer="officer",
                location_kind="resettlement_centre",
                created_at=now,
                updated_at=now,
            )
            ids.append(str(interview.id))
            rows_i.append(
                (str(interviewee.id), 1, stamp, stamp, interviewee.content_json(), interviewee.code)
            )
            rows_v.append(
                (
                    str(interview.id),
                    1,
                    stamp,
                    stamp,
                    interview.content_json(),
                    str(interviewee.id),
                    interview.code,
                    "draft",
                )
            )
            consent = Consent(
                interview_id=interview.id,
                interviewee_id=interviewee.id,
                granted=frozenset(ConsentScope),
                method=ConsentMethod.ORAL,
                given_at=now,
                recorded_by="officer",
                created_at=now,
                updated_at=now,
            )
            rows_c.append(
                (str(consent.id), 1, stamp, stamp, consent.content_json(), str(interview.id))
            )
            entries = [
                ("interviewee", str(interviewee.id), interviewee.content_json()),
                ("interview", str(interview.id), interview.content_json()),
                ("consent", str(consent.id), consent.content_json()),
            ]
            for number in range(answers):
                answer_id = str(uuid.uuid4())
                body = canonical(
                    {
                        **template,
                        "id": answer_id,
                        "interview_id": str(interview.id),
                        "question_id": f"q.{number}",
                        "value": {"type": "text", "text": rng.choice(sentences)},
                    }
                )
                rows_a.append(
                    (answer_id, 1, stamp, stamp, body, str(interview.id), f"q.{number}", "")
                )
                entries.append(("answer", answer_id, body))
            for kind, entity_id, body in entries:
                seq += 1
                entry = audit.AuditEntry(
                    seq,
                    stamp,
                    "bench",
                    "create",
                    kind,
                    entity_id,
                    audit.content_hash(body),
                    prev,
                    "",
                )
                prev = entry.expected_hash()
                rows_log.append((*list(entry.__dict__.values())[:-1], prev))
        with database.transaction() as tx:
            tx.executemany(
                "INSERT INTO interviewees (id, version, created_at, updated_at, "
                "body, code) VALUES (?,?,?,?,?,?)",
                rows_i,
            )
            tx.executemany(
                "INSERT INTO interviews (id, version, created_at, updated_at, body, "
                "interviewee_id, code, status) VALUES (?,?,?,?,?,?,?,?)",
                rows_v,
            )
            tx.executemany(
                "INSERT INTO consents (id, version, created_at, updated_at, body, "
                "interview_id) VALUES (?,?,?,?,?,?)",
                rows_c,
            )
            tx.executemany(
                "INSERT INTO answers (id, version, created_at, updated_at, body, "
                "interview_id, question_id, position) VALUES (?,?,?,?,?,?,?,?)",
                rows_a,
            )
            tx.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?)", rows_log)
        print(f"  filled {min(start + CHUNK, interviews)}/{interviews}", end="\r", flush=True)
    print()
    return ids


def fill_in_child(
    path: Path, key: bytes, database_id: str, interviews: int, answers: int
) -> list[str]:
    """Fill the encrypted database from a child process that has not turned on
    cipher_memory_security (a process-wide switch that makes bulk loading ten times
    slower). Filling is set-up, not measurement: every figure is taken afterwards in this
    process, on a connection opened the normal way, with memory security on."""
    ids_file = path.with_name("ids.json")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--fill-child",
            str(path),
            database_id,
            str(interviews),
            str(answers),
            str(ids_file),
        ],
        input=key.hex(),
        text=True,
        check=True,
    )
    return list(json.loads(ids_file.read_text()))


def _fill_child(args: list[str]) -> int:
    path, database_id, interviews, answers, ids_file = args
    key = bytes.fromhex(sys.stdin.read().strip())
    connection = connect_without_memory_security(Path(path), key)
    database = Database(Path(path), connection, database_id, key)
    ids = fill(database, int(interviews), int(answers), random.Random(20261122))
    database.close()
    Path(ids_file).write_text(json.dumps(ids))
    return 0


def plain_database(path: Path) -> Database:
    """The same schema and pragmas on plain SQLite (no encryption): SQLCipher's library
    without a key, so both sides run the same SQLite version (the schema needs 3.43+ for
    the search index's contentless_delete; the standard library may be older)."""
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    for pragma in (
        "journal_mode = WAL",
        "foreign_keys = ON",
        "secure_delete = ON",
        "temp_store = MEMORY",
        "synchronous = FULL",
    ):
        connection.execute(f"PRAGMA {pragma}")
    migrate.migrate(connection, path)  # type: ignore[arg-type]
    database_id = uuid.uuid4().hex
    connection.execute("INSERT OR IGNORE INTO meta VALUES ('database_id', ?)", (database_id,))
    return Database(path, connection, database_id, key=b"\0" * 32)  # type: ignore[arg-type]


def measure_saves(
    database: Database, ids: list[str], saves: int, rng: random.Random, answers: int
) -> dict[str, float]:
    services = Services(database, actor="bench")
    latencies = []
    for number in range(saves + 100):
        interview_id = uuid.UUID(rng.choice(ids))
        # Half replace an existing answer, half answer a new question.
        question = f"q.{rng.randrange(answers)}" if number % 2 else f"q.new.{number}"
        value = TextValue(text=f"수정된 답변 {number} revised answer")
        started = time.perf_counter()
        services.answers.save(interview_id, question, value)
        if number >= 100:  # the first 100 warm the caches
            latencies.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(percentile(latencies, 0.50), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "mean_ms": round(statistics.fmean(latencies), 3),
        "max_ms": round(max(latencies), 3),
        "saves": len(latencies),
    }


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def main() -> int:
    if sys.argv[1:2] == ["--fill-child"]:
        return _fill_child(sys.argv[2:])
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=200, help="answers per interview")
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/store.json"))
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where to build the databases (default: a temporary folder)",
    )
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        work = Path(scratch)
        params = calibrate()
        print(f"KDF: {params.model_dump()}")
        encrypted = Database.create(work / "sillok.db", PASSPHRASE, params)
        created_id, created_key = encrypted.database_id, encrypted.key
        encrypted.close()
        print("filling the SQLCipher database…")
        started = time.perf_counter()
        ids = fill_in_child(
            work / "sillok.db", created_key, created_id, args.interviews, args.answers
        )
        fill_seconds = time.perf_counter() - started

        key_path = keyfile.keyfile_path(work / "sillok.db")
        unlock = median_seconds(lambda: keyfile.unlock(key_path, PASSPHRASE), 5)
        _, key = keyfile.unlock(key_path, PASSPHRASE)
        database_id = keyfile.read(key_path).database_id
        open_db = median_seconds(
            lambda: Database.open_with_key(work / "sillok.db", key, database_id).close(), 5
        )
        encrypted = Database.open(work / "sillok.db", PASSPHRASE)
        encrypted_saves = measure_saves(encrypted, ids, args.saves, rng, args.answers)
        encrypted.close()

        print("filling the plain SQLite database…")
        plain = plain_database(work / "plain.db")
        plain_ids = fill(plain, args.interviews, args.answers, rng)
        plain_saves = measure_saves(plain, plain_ids, args.saves, rng, args.answers)
        plain.close()
        sizes = {
            "sqlcipher_mb": round((work / "sillok.db").stat().st_size / 2**20, 1),
            "plain_mb": round((work / "plain.db").stat().st_size / 2**20, 1),
        }

    result = {
        "benchmark": "store",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "plain_sqlite": sqlcipher3.sqlite_version,
        },
        "population": {
            "interviews": args.interviews,
            "answers_per_interview": args.answers,
            "fill_seconds": round(fill_seconds, 1),
            **sizes,
        },
        "kdf": params.model_dump(),
        "unlock_seconds_median": unlock,
        "database_open_seconds_median": open_db,
        "save_sqlcipher": encrypted_saves,
        "save_plain_sqlite": plain_saves,
        "save_ratio_p50": round(encrypted_saves["p50_ms"] / plain_saves["p50_ms"], 2),
        "save_ratio_p99": round(encrypted_saves["p99_ms"] / plain_saves["p99_ms"], 2),
        "targets": {"save_p99_ms_max": 5.0, "save_ratio_max": 1.5, "unlock_seconds": [0.5, 1.0]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
