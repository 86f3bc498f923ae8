"""One Sillok at a time on a database: an advisory lock on a file beside it.

Two desks open on the same database each kept their own picture of it, and both wrote
(desk trial of 2026-12-06, m22). The desktop app holds an exclusive lock on
`<database>.lock` (empty, 0600) for as long as it runs; a second one is refused with
`DatabaseInUse` (exit 17) before it shows anything or touches the database. The lock is
the operating system's (flock on Linux and macOS, a locked byte on Windows): it goes
with the process that holds it, so a desk that crashed or was killed never leaves the
database unopenable. The file itself stays; it holds nothing and is never read.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from app.errors import DatabaseInUse

HELD_ELSEWHERE = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK})


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class InstanceLock:
    """Held until `release()` or the end of the process."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the file lets the lock go


def _try_lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def hold(database: Path) -> InstanceLock:
    """Lock `database` for this process; `DatabaseInUse` if another process holds it."""
    path = lock_path(Path(database))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _try_lock(fd)
    except OSError as error:
        os.close(fd)
        if error.errno in HELD_ELSEWHERE:
            raise DatabaseInUse() from None
        raise
    return InstanceLock(fd, path)
