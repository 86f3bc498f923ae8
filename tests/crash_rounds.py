"""Kill -9 during a stream of saves, then prove every acknowledged save survived.

Used by tests/integration/test_crash_safety.py (50 rounds) and by the longer soak in
scripts/crash_soak.py.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from app.services import Services
from app.store.check import run_check
from app.store.database import Database

WRITER = Path(__file__).with_name("crash_writer.py")


@dataclass
class RoundResult:
    acknowledged: int
    """The highest save number the child acknowledged before it was killed (-1: none)."""
    missing: list[int]
    check_findings: list[str]


def kill_round(
    db: Path, passphrase: str, interview_id: UUID, start: int, rng: random.Random
) -> RoundResult:
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(interview_id), str(start)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(passphrase + "\n")
    child.stdin.close()
    assert child.stdout.readline().strip() == "ready"
    # Kill at a random moment while saves stream: anywhere from between two saves to in
    # the middle of a commit.
    timer = threading.Timer(rng.uniform(0.0, 0.25), child.send_signal, (signal.SIGKILL,))
    timer.start()
    acknowledged = start - 1
    for line in child.stdout:
        if line.startswith("ack "):
            acknowledged = int(line.split()[1])
    child.wait()
    timer.cancel()
    return verify(db, passphrase, interview_id, acknowledged)


def verify(db: Path, passphrase: str, interview_id: UUID, acknowledged: int) -> RoundResult:
    """Reopen `db`: which acknowledged saves (0..acknowledged) are missing, and what the
    check finds."""
    with Database.open(db, passphrase) as database:
        services = Services(database, actor="verifier")
        stored = {
            int(a.question_id.rsplit(".", 1)[1])
            for a in services.answers.for_interview(interview_id)
            if a.question_id.startswith("q.crash.")
        }
        findings = [f"{f.check}: {f.detail}" for f in run_check(database).findings]
    missing = [n for n in range(acknowledged + 1) if n not in stored]
    return RoundResult(max(stored, default=acknowledged), missing, findings)
