"""Ingest at Geneva is all or nothing (review finding 1): a full disk at any write and a
kill -9 at any step leave the store claiming only files that are there, whole; ingesting
the package again completes it, or restores files that went missing; `repository check`
compares the store with its files."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.errors import StorageFull
from app.services import Services
from app.sync.export import export_package
from app.sync.repository import check
from app.sync.repository.ingest import ingest
from app.sync.repository.keeping import CRASH_POINT, STEPS
from app.sync.repository.store import Repository
from tests.fault_support import NEEDS_ROOT, inconsistencies, leaving, tmpfs
from tests.sync_support import (
    GENEVA_PASSPHRASE,
    enrol_device,
    new_device,
    new_repository,
    repository_counts,
    witness,
)

ROOT = Path(__file__).resolve().parents[2]


def _package(tmp_path: Path, repository: Repository, attachments: int = 2) -> Path:
    """A package with `attachments` attachments (64 KiB of noise each) from a new device."""
    database = new_device(tmp_path / "field" / "sillok.db")
    try:
        enrol_device(database, repository, tmp_path / "exchange")
        services = Services(database, actor="officer-1")
        for _ in range(attachments):
            witness(services, tmp_path / "scans", attachment=secrets.token_bytes(65536))
        return export_package(database, tmp_path / "usb", actor="officer-1").path
    finally:
        database.close()


@pytest.fixture
def small(tmp_path: Path) -> Any:
    with tmpfs(tmp_path / "small", "3m") as folder:
        yield folder


@NEEDS_ROOT
def test_a_full_disk_at_any_write_of_an_ingest_loses_nothing(small: Path, tmp_path: Path) -> None:
    repository = new_repository(small / "geneva")
    try:
        package = _package(tmp_path, repository)
        free, refused = 0, 0
        while True:
            with leaving(small, free):
                try:
                    ingest(repository, package)
                except StorageFull as error:
                    assert error.exit_code == 10
                    refused += 1
                else:
                    break
            # After every refusal: the store claims nothing it has not got on disk.
            assert inconsistencies(repository) == [], f"{free} bytes free"
            assert repository_counts(repository)["packages"] == 0
            free += 8192
        assert refused > 10  # the sweep hit extraction, copies, receipt and commit
        assert inconsistencies(repository) == []
        assert repository_counts(repository)["attachment_files"] == 2
        assert check.check(repository).problems == []
    finally:
        repository.close()


def test_ingesting_again_restores_files_that_went_missing(tmp_path: Path) -> None:
    repository = new_repository(tmp_path / "geneva")
    try:
        package = _package(tmp_path, repository)
        first = ingest(repository, package)
        assert first.receipt_path is not None
        kept = sorted((repository.folder / "packages").rglob("*.sillok"))
        objects = sorted((repository.folder / "objects").glob("*.age"))
        assert len(kept) == 1 and len(objects) == 2
        for path in (*kept, objects[0], first.receipt_path):
            path.unlink()
        found = check.check(repository)
        assert len(found.problems) == 3
        with pytest.raises(check.RepositoryCheckFailed) as raised:
            found.raise_if_failed()
        assert raised.value.exit_code == 57
        again = ingest(repository, package)
        assert again.duplicate
        assert inconsistencies(repository) == []
        assert check.check(repository).problems == []
    finally:
        repository.close()


def test_check_repairs_a_missing_receipt_from_the_store(tmp_path: Path) -> None:
    repository = new_repository(tmp_path / "geneva")
    try:
        done = ingest(repository, _package(tmp_path, repository, attachments=0))
        assert done.receipt_path is not None
        held = done.receipt_path.read_bytes()
        done.receipt_path.unlink()
        assert [f.detail for f in check.check(repository).problems] == [check.MISSING]
        repaired = check.check(repository, repair=True)
        assert repaired.problems == [] and len(repaired.repaired) == 1
        assert done.receipt_path.read_bytes() == held
    finally:
        repository.close()


def _crash(repo: Path, package: Path, step: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "crash_ingest.py"), str(repo), str(package)],
        input=GENEVA_PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, CRASH_POINT: step, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_any_step_of_an_ingest_leaves_the_repository_consistent(
    tmp_path: Path, step: str
) -> None:
    repository = new_repository(tmp_path / "geneva")
    package = _package(tmp_path, repository)
    repository.close()
    killed = _crash(repository.folder, package, step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with Repository.open(repository.folder, GENEVA_PASSPHRASE) as reopened:
        assert inconsistencies(reopened) == []
        held = repository_counts(reopened)["packages"]
        assert held == (1 if step == "ingest.committed" else 0)
        assert check.check(reopened).problems == []
        result = ingest(reopened, package)  # the field office sends it again
        assert result.duplicate == (held == 1)
        assert inconsistencies(reopened) == []
        assert repository_counts(reopened)["attachment_files"] == 2
        report = check.check(reopened, repair=True)
        assert report.problems == []
        assert not any(name.endswith(".tmp") for name in check.check(reopened).leftovers)
        assert list((reopened.folder / "work").iterdir()) == []


def test_ingests_killed_at_random_moments_leave_the_repository_consistent(
    tmp_path: Path,
) -> None:
    """A few rounds of the soak (scripts/crash_soak.py --ingest N runs many more)."""
    import random

    from tests.crash_ingest_rounds import IngestSoak

    soak = IngestSoak.make(tmp_path, 3)
    rng = random.Random(14)
    while not soak.done and soak.rounds < 12:
        soak.round(rng)
    assert soak.failures == []
    assert soak.killed_before_commit + soak.killed_after_commit > 0
    assert soak.held >= 1


def test_repository_check_from_the_command_line(tmp_path: Path) -> None:
    repository = new_repository(tmp_path / "geneva")
    done = ingest(repository, _package(tmp_path, repository, attachments=1))
    repository.close()
    secret = tmp_path / "geneva.txt"
    secret.write_text(GENEVA_PASSPHRASE + "\n")

    def sillok_check(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "repository", "check", "--repo",
             str(repository.folder), "--passphrase-file", str(secret), *extra],
            capture_output=True, text=True, check=False,
            env={**os.environ, "SILLOK_LANGUAGE": "en"},
        )  # fmt: skip

    assert sillok_check().returncode == 0
    assert done.receipt_path is not None
    done.receipt_path.unlink()
    repaired = sillok_check("--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "repaired" in repaired.stdout and done.receipt_path.is_file()
    (next((repository.folder / "objects").glob("*.age"))).unlink()
    failed = sillok_check("--repair")
    assert failed.returncode == 57
    assert "FAILED" in failed.stdout and "missing" in failed.stdout
    assert "Ingest each package named above again" in failed.stderr
