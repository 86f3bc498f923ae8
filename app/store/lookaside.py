"""A larger lookaside for every SQLCipher connection, so that most of SQLite's small
allocations do not reach `cipher_memory_security`'s `mlock`/`munlock` system calls.

With memory security on (app/store/connection.py), every block SQLite allocates from the
heap is locked with `mlock` when taken and wiped and unlocked with `munlock` when freed:
two system calls per allocation. SQLite serves a connection's small, short-lived blocks
(a statement's cells, bound values, records being built) from the connection's own
*lookaside* instead, a buffer it allocates once when the connection opens (through the
same locked allocator) and keeps until it closes. SQLite's default (48 KB, 123 slots) is
taken up by the connection's cached statements, so during indexing every one of these blocks
went to the heap: 138,000 of the 209,000 `mlock` calls of one rebuild of 1.35 M
characters (docs/benchmarks.md, "Fewer allocations per character indexed").

`opened` opens a connection and gives it `SLOT_SIZE` × `SLOTS` bytes of lookaside
(`SQLITE_DBCONFIG_LOOKASIDE`) before any statement runs on it (SQLite refuses to change
a lookaside in use). The connection's handle comes from SQLite itself, through its
documented auto-extension hook, which it calls with each connection it opens (SQLite sets
up the default lookaside after that hook, so the change is made once the open returns).
The buffer is one block of the locked allocator: locked while the connection is open (as
far as the process's memory-lock limit allows, as every block), wiped when it closes. A
slot freed and not yet reused keeps what it held until then, as the page cache's pages
and the default lookaside already do: nothing is kept outside the connection's own
memory.

If the library's functions cannot be found (another build of sqlcipher3), nothing is
installed and connections keep the default: slower, never less safe.
"""

from __future__ import annotations

import ctypes
import functools
import platform
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

import sqlcipher3

SLOT_SIZE = 1200
"""Bytes of a large slot (SQLite's default size; smaller blocks use 128-byte slots)."""
SLOTS = 1000
"""Slots of `SLOT_SIZE` bytes' worth (1.2 MB per connection; SQLite cuts it into large and
128-byte slots): a rebuild of the search index had at most 358 slots in use, its cached
statements included."""

T = TypeVar("T")

_SQLITE_OK = 0
_DBCONFIG_LOOKASIDE = 1001

_ENTRY_POINT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


class _State(threading.local):
    last: int | None = None
    """The handle of the last connection this thread opened."""


_state = _State()


def _seen(handle: int | None, _error: object, _api: object) -> int:
    """The auto-extension: note the handle of a connection opening in this thread."""
    _state.last = handle
    return _SQLITE_OK


_HOOK = _ENTRY_POINT(_seen)  # the library calls it for as long as the process lives


@functools.cache
def _library() -> ctypes.CDLL | None:
    """The SQLCipher library the sqlcipher3 module uses, with the hook registered (once
    per process); None when its functions cannot be found."""
    if sys.platform == "darwin" and platform.machine() == "arm64":
        # sqlite3_db_config is variadic: Apple's arm64 passes variadic arguments on the
        # stack, where a call through ctypes' fixed prototype does not put them
        return None
    try:
        library = ctypes.CDLL(sqlcipher3._sqlite3.__file__)
        register = library.sqlite3_auto_extension
        library.sqlite3_db_config.restype = ctypes.c_int
    except (AttributeError, OSError, TypeError):
        return None
    register.argtypes = [_ENTRY_POINT]
    return library if int(register(_HOOK)) == _SQLITE_OK else None


def opened(open_connection: Callable[[], T]) -> T:
    """The connection `open_connection` opens, with the larger lookaside when it can be
    given (else SQLite's default)."""
    library = _library()
    _state.last = None
    connection = open_connection()
    handle, _state.last = _state.last, None
    if library is not None and handle is not None:
        library.sqlite3_db_config(
            ctypes.c_void_p(handle),
            ctypes.c_int(_DBCONFIG_LOOKASIDE),
            ctypes.c_void_p(None),
            ctypes.c_int(SLOT_SIZE),
            ctypes.c_int(SLOTS),
        )
    return connection
