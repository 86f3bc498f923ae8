"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.errors import AlreadyExists
from app.oserrors import os_error


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """Create `path` empty, readable and writable by its owner only (0600, whatever the
    umask), for a library (SQLite) that then opens it and creates its journals with the
    same mode. FileExistsError if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    """Write every byte of `data` to the file descriptor (`os.write` may write fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` all or nothing: a temporary file beside it, fsync, rename.

    With `exclusive`, refuse to replace an existing file. A full disk raises StorageFull
    (and every other refusal of the operating system its typed error, app/oserrors.py)
    and leaves the old file as it was.
    """
    if exclusive and path.exists():
        raise AlreadyExists(path=str(path))
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            os.link(temporary, path)  # fails if `path` appeared meanwhile
            temporary.unlink()
        else:
            os.replace(temporary, path)
        fsync_directory(path.parent)
    except FileExistsError as error:
        temporary.unlink(missing_ok=True)
        raise AlreadyExists(path=str(path)) from error
    except OSError as error:
        temporary.unlink(missing_ok=True)
        ours = os_error(error, path)  # full, read-only, not permitted, folder, missing
        if ours is error:
            raise
        raise ours from error
