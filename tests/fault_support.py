"""Real small file systems for the fault tests: a tmpfs with little space, a read-only
bind mount. Both need root (CI runs as root); elsewhere the tests skip with that reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync.repository.store import Repository

NEEDS_ROOT = pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a small tmpfs or a read-only bind mount needs root"
)


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A fresh tmpfs of `size` (e.g. "4m") mounted on `folder`, unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` bind-mounted read-only onto itself (its files stay as they are)."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


@contextlib.contextmanager
def leaving(folder: Path, free: int) -> Iterator[None]:
    """Fill the file system of `folder` until about `free` bytes are left; empty it after."""
    ballast = folder / "ballast"
    size = max(0, free_bytes(folder) - free)
    with open(ballast, "wb") as out:
        out.truncate(0)
        block = b"\0" * 65536
        while size > 0:
            try:
                size -= out.write(block[: min(size, len(block))])
            except OSError:
                break
    try:
        yield
    finally:
        ballast.unlink(missing_ok=True)


def inconsistencies(repository: Repository) -> list[str]:
    """What the store claims that its files do not show (written apart from
    app/sync/repository/check.py, so that a fault in one is not hidden by the other)."""
    found = []
    folder = repository.folder
    with repository.reading() as connection:
        packages = connection.execute(
            "SELECT device_id, sequence, sha256, stored_as, receipt FROM packages"
        ).fetchall()
        objects = connection.execute("SELECT file_sha256, stored_as FROM attachment_files")
        objects = objects.fetchall()
    for device_id, sequence, sha256, stored_as, receipt in packages:
        path = folder / stored_as
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
            found.append(f"package file {stored_as}")
        receipt_file = folder / "receipts" / device_id / f"{sequence:06d}.receipt"
        if not receipt_file.is_file() or receipt_file.read_bytes() != bytes(receipt):
            found.append(f"receipt {device_id} #{sequence}")
    for file_sha256, stored_as in objects:
        path = folder / stored_as
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != file_sha256:
            found.append(f"object {stored_as}")
    return found
