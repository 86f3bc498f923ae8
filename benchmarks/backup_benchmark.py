"""Backup benchmark: backup, restore and check of a database with its attachment files.

    .venv/bin/python benchmarks/backup_benchmark.py            # 16 attachments × 16 MiB
    .venv/bin/python benchmarks/backup_benchmark.py --quick    # a small run (the test uses it)

A real SQLCipher database in a temporary folder gets one interview and `--attachments`
random files of `--mib-each` MiB each, added through the services (so each is
age-encrypted into `<database>.attachments/`). Then it times `run_check` (which decrypts
every attachment file and compares it with its record), `backup` (database snapshot +
the attachments folder copied and fsynced) and `restore` (copy, full check, rename).
Writes JSON (default benchmarks/results/backup.json); everything temporary is removed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.crypto.kdf import KdfParams
from app.domain import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Interview,
    Interviewee,
    new_pseudonymous_code,
)
from app.services import Services
from app.store.backup import backup, restore
from app.store.check import run_check
from app.store.database import Database

KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)
PASSPHRASE = "benchmark 백업 passphrase, not a secret"
MIB = 1024 * 1024


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def run(attachments: int, mib_each: int, workdir: Path) -> dict[str, object]:
    db = workdir / "field" / "sillok.db"
    with Database.create(db, PASSPHRASE, KDF) as database:
        services = Services(database, actor="benchmark")
        interviewee = services.interviewees.create(Interviewee(code=new_pseudonymous_code()))
        interview = services.interviews.create(
            Interview(
                interviewee_id=interviewee.id,
                code=new_pseudonymous_code(),
                interviewer="benchmark",
                location_kind="resettlement_centre",
            )
        )
        services.consents.create(
            Consent(
                interview_id=interview.id,
                interviewee_id=interviewee.id,
                granted=frozenset(ConsentScope),
                method=ConsentMethod.ORAL,
                given_at=datetime.now(UTC),
                recorded_by="benchmark",
            )
        )
        source = workdir / "photo.jpg"
        for _ in range(attachments):
            source.write_bytes(os.urandom(mib_each * MIB))
            services.attachments.add(interview.id, source, "photo")
        source.unlink()
        report = run_check(database)
        if not report.ok:
            raise SystemExit(f"check failed: {report.findings}")
        check_seconds = _timed(lambda: run_check(database))
        backup_seconds = _timed(lambda: backup(database, workdir / "usb" / "backup.db"))
    restore_seconds = _timed(
        lambda: restore(workdir / "usb" / "backup.db", workdir / "new" / "sillok.db", PASSPHRASE)
    )
    total_mib = attachments * mib_each
    return {
        "attachments": attachments,
        "attachment_mib": total_mib,
        "check_seconds": round(check_seconds, 3),
        "check_mib_per_second": round(total_mib / check_seconds, 1),
        "backup_seconds": round(backup_seconds, 3),
        "restore_seconds": round(restore_seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attachments", type=int, default=16)
    parser.add_argument("--mib-each", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="3 attachments of 1 MiB")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/backup.json"))
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if args.quick:
        args.attachments, args.mib_each = 3, 1
    folder = Path(tempfile.mkdtemp(prefix="sillok-backup-bench-", dir=args.workdir))
    try:
        result = run(args.attachments, args.mib_each, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    result["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
