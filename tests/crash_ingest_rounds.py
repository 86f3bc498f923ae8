"""Kill -9 during ingests at Geneva, then prove the repository consistent.

Each round starts tests/crash_ingest.py on the next package not yet held and kills it:
either with SIGKILL after a random delay (anywhere in the ingest, including the middle of
a copy or of the commit), or at a named step (SILLOK_CRASH_POINT, keeping.py). Then it
reopens the repository and checks that the store claims nothing it has not got on disk
(tests/fault_support.py, `inconsistencies`) and that `repository check` finds no problem.
A package whose ingest was killed before its commit is ingested again in the next round.
Used by tests/integration/test_ingest_faults.py (a few rounds) and scripts/crash_soak.py.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.services import Services
from app.sync.export import export_package
from app.sync.repository import check
from app.sync.repository.keeping import CRASH_POINT, STEPS
from app.sync.repository.store import Repository
from tests.fault_support import inconsistencies
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    repository_counts,
    witness,
)

CHILD = Path(__file__).with_name("crash_ingest.py")
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class IngestSoak:
    """A repository and the packages of one device, ingested one by one under kills."""

    folder: Path
    packages: list[Path] = field(default_factory=list)
    held: int = 0
    rounds: int = 0
    killed_before_commit: int = 0
    killed_after_commit: int = 0
    finished: int = 0
    failures: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def make(cls, folder: Path, packages: int) -> IngestSoak:
        repository = new_repository(folder / "geneva")
        database = new_device(folder / "field" / "sillok.db")
        made = []
        try:
            enrol_device(database, repository, folder / "exchange")
            services = Services(database, actor="soak")
            for number in range(packages):
                witness(services, folder / "scans", attachment=os.urandom(32768 + number))
                made.append(export_package(database, folder / "usb", actor="soak").path)
        finally:
            database.close()
            repository.close()
        return cls(folder, made)

    @property
    def done(self) -> bool:
        return self.held >= len(self.packages)

    def round(self, rng: random.Random) -> None:
        package = self.packages[self.held]
        step = rng.choice(STEPS) if rng.random() < 0.3 else None
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if step is not None:
            env[CRASH_POINT] = step
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(self.folder / "geneva"), str(package)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(GENEVA_PASSPHRASE + "\n")
        child.stdin.close()
        timer = None
        first = child.stdout.readline()
        if step is None and first.startswith("opened"):
            # An ingest of these packages takes about 0.2-0.4 s once the store is open.
            timer = threading.Timer(rng.uniform(0.0, 0.3), child.send_signal, (signal.SIGKILL,))
            timer.start()
        output = first + child.stdout.read()
        child.wait()
        if timer is not None:
            timer.cancel()
        self.rounds += 1
        with Repository.open(self.folder / "geneva", GENEVA_PASSPHRASE) as repository:
            wrong = inconsistencies(repository)
            problems = [f"{f.path}: {f.detail}" for f in check.check(repository).problems]
            held = repository_counts(repository)["packages"]
        if "done" in output:
            self.finished += 1
        elif held > self.held:
            self.killed_after_commit += 1
        else:
            self.killed_before_commit += 1
        if wrong or problems or held not in (self.held, self.held + 1):
            self.failures.append(
                {"round": self.rounds, "step": step, "store": wrong, "check": problems}
            )
        self.held = held
