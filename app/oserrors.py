"""One mapping from the operating system's refusals to our typed, translated errors.

Every write and open path of the command line, the desktop app and the Geneva
repository goes through `os_error` (directly, or through the last-resort handler in
app/cli/main.py), so a full disk, read-only media, a missing permission, a folder where
a file belongs (or the reverse) or a missing file each say what happened and what to do,
with a documented exit code (README.md, "Exit codes"):

| errno                    | error                | exit |
|--------------------------|----------------------|------|
| ENOSPC, EDQUOT, EFBIG    | StorageFull          | 10   |
| EROFS                    | ReadOnlyMedia        | 10   |
| EACCES, EPERM            | NotPermitted         | 54   |
| EISDIR, ENOTDIR          | WrongKindOfPath      | 55   |
| ENOENT                   | PathMissing          | 56   |
| EEXIST                   | AlreadyExists        | 9    |

Anything else stays the OSError it was (an unexpected error, exit 1).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import AlreadyExists, SillokError, StorageFull
from app.i18n import N_


class ReadOnlyMedia(SillokError):
    exit_code = 10
    template = N_(
        "{path} is on a disk that cannot be written (read-only). Nothing was changed. "
        "Choose a writable folder, or remove the disk's write protection, then try again."
    )


class NotPermitted(SillokError):
    exit_code = 54
    template = N_(
        "Sillok is not allowed to use {path} ({detail}). Nothing was changed. Choose a "
        "file or folder that belongs to you, or ask the administrator for access."
    )


class WrongKindOfPath(SillokError):
    exit_code = 55
    template = N_(
        "{path} is the wrong kind of thing here ({detail}). Nothing was changed. Name a "
        "file where a file is asked for, and a folder where a folder is asked for."
    )


class PathMissing(SillokError):
    exit_code = 56
    template = N_(
        "{path} does not exist. Nothing was changed. Check the name, and that the USB "
        "stick or disk is plugged in."
    )


IS_A_FOLDER = N_("it is a folder, a file is needed")
NOT_A_FOLDER = N_("it, or a part of its path, is a file, a folder is needed")
FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DENIED = (errno.EACCES, errno.EPERM)


def os_error(error: OSError, path: object = None) -> Exception:
    """Our error for `error` (its own file name, else `path`), or `error` itself."""
    where = str(error.filename if error.filename is not None else (path or "?"))
    code = error.errno
    if code in FULL:
        return StorageFull(detail=f"{os.strerror(code)}: {where}")
    if code == errno.EROFS:
        return ReadOnlyMedia(path=where)
    if code in DENIED:
        return NotPermitted(path=where, detail=os.strerror(code))
    if code == errno.EISDIR:
        return WrongKindOfPath(path=where, detail=IS_A_FOLDER)
    if code == errno.ENOTDIR:
        return WrongKindOfPath(path=where, detail=NOT_A_FOLDER)
    if code == errno.ENOENT:
        return PathMissing(path=where)
    if code == errno.EEXIST:
        return AlreadyExists(path=where)
    return error


MISSING = N_("it does not exist")
NOT_ALLOWED = N_("Sillok is not allowed to read it")
UNREADABLE = N_("it cannot be read")


def reason(error: OSError) -> str:
    """Why a file could not be read, marked for translation (shown inside another error,
    in the reader's language); the system's own words only for a rare refusal."""
    code = error.errno
    if code == errno.ENOENT:
        return MISSING
    if code in DENIED:
        return NOT_ALLOWED
    if code == errno.EISDIR:
        return IS_A_FOLDER
    if code == errno.ENOTDIR:
        return NOT_A_FOLDER
    return error.strerror or UNREADABLE


@contextmanager
def mapped(path: object = None) -> Iterator[None]:
    """Raise our error for an OSError inside (see `os_error`); other errors pass."""
    try:
        yield
    except OSError as error:
        ours = os_error(error, path)
        if ours is error:
            raise
        raise ours from error


def refusal_for(path: Path) -> SillokError | None:
    """Why the database file `path` (and its journal beside it) cannot be opened for
    writing, as the file system tells (for libraries that only say "unable to open")."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return ReadOnlyMedia(path=str(folder))
    except OSError as error:
        found = os_error(error, folder)
        return found if isinstance(found, SillokError) else None
    for where, mode in ((folder, os.W_OK | os.X_OK), (path, os.R_OK | os.W_OK)):
        if where.exists() and not os.access(where, mode):
            return NotPermitted(path=str(where), detail=os.strerror(errno.EACCES))
    return None
