"""Keeping a package's files at Geneva durably, before the store says it holds them.

Order of an ingest (app/sync/repository/ingest.py): the package file and every attachment
object are copied to a temporary name beside their place, fsync'd, renamed and the folder
fsync'd; inside the store's transaction the receipt is signed and written the same way
under `receipts/`; only then does the transaction commit. So at every instant the store
claims only what is on disk, and a kill or a full disk at any step leaves either
everything held or nothing claimed. The leftovers of an attempt stopped before its
commit (whole package and object files, which a new ingest of the same package reuses,
and at most one receipt for a package not held, which that ingest replaces) are listed
by `sillok repository check`; `--repair` removes the receipt and temporary files. The
copy given with `--receipt-out` (the one that goes to the field) is written only after
the commit. Each receipt is kept with its signed bytes and signature beside it
(`receipt_files`), for `minisign -V` alone.

`crash_point(name)` lets the kill -9 tests stop an ingest at each step: when the
environment variable SILLOK_CRASH_POINT names that step, the process kills itself with
SIGKILL there (no cleanup, no flush), as a power cut would.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING

from app.files import fsync_directory, write_all
from app.oserrors import os_error

if TYPE_CHECKING:
    from app.sync.package import OpenedPackage
    from app.sync.repository.contents import Contents
    from app.sync.repository.store import Repository

CRASH_POINT = "SILLOK_CRASH_POINT"
CHUNK = 1024 * 1024
STEPS = (
    "ingest.opened",
    "ingest.package_kept",
    "ingest.object_kept",
    "ingest.receipt_written",
    "ingest.before_commit",
    "ingest.committed",
)
"""The named steps of an ingest, in order (the kill -9 test stops at each)."""


def crash_point(name: str) -> None:
    """Die here, like a power cut, when SILLOK_CRASH_POINT names this step (tests only)."""
    if os.environ.get(CRASH_POINT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def keep_files(
    repository: Repository, opened: OpenedPackage, contents: Contents, kept: str
) -> None:
    """Copy the package as received, and its attachment files, into the repository,
    durably (`durable_copy`), before anything is committed; a file already there whole (from
    an earlier, interrupted attempt) is kept, a damaged one replaced."""
    target = repository.folder / kept
    try:
        repository.subfolder("packages")
        target.parent.mkdir(exist_ok=True, mode=0o700)
    except OSError as error:
        raise os_error(error, target.parent) from error
    if not whole(target, opened.sha256):
        durable_copy(opened.path, target)
    crash_point("ingest.package_kept")
    objects = repository.subfolder("objects")
    for _id, _plain, file_sha256, _size, extracted in contents.attachments:
        target = objects / f"{file_sha256}.age"
        if not whole(target, file_sha256):
            durable_copy(extracted, target)
            crash_point("ingest.object_kept")


def whole(path: Path, sha256: str) -> bool:
    """Whether `path` exists and holds exactly the bytes of that SHA-256."""
    try:
        with open(path, "rb") as reading:
            return hashlib.file_digest(reading, "sha256").hexdigest() == sha256
    except FileNotFoundError:
        return False


def durable_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` (0600) all or nothing: temporary file, fsync, rename,
    fsync of the folder. A full or read-only disk raises our typed error and leaves no
    temporary file and no partial target."""
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with open(source, "rb") as reading:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                while chunk := reading.read(CHUNK):
                    write_all(fd, chunk)
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(temporary, target)
        fsync_directory(target.parent)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise os_error(error) from error


def receipt_files(receipt_path: Path, stored: bytes) -> dict[Path, bytes]:
    """The receipt as issued (`NNNNNN.receipt`, the signed JSON document) and, beside it,
    its signed bytes and minisign signature as plain files (`.receipt.body`,
    `.receipt.body.minisig`) so that a custodian checks it with `minisign -V` alone."""
    from app.formats import signed

    envelope = json.loads(stored)
    body = signed.canonical(envelope["signed"])
    contents = (stored, body, envelope["minisig"].encode())
    return dict(zip(receipt_paths(receipt_path), contents, strict=True))


def receipt_paths(receipt_path: Path) -> tuple[Path, Path, Path]:
    """The receipt document, its signed bytes, its signature (see `receipt_files`)."""
    body = receipt_path.with_name(receipt_path.name + ".body")
    return receipt_path, body, body.with_name(body.name + ".minisig")
