"""One SQLCipher connection, keyed with a raw 256-bit key as its first statement.

Opening refuses to run on anything but SQLCipher 4 with FTS5, maps the library's errors
to ours, and sets the pragmas every connection needs and a lookaside large enough that
memory security does not lock and unlock each of SQLite's small blocks (lookaside.py).
Nothing here writes to the file until the caller migrates or changes data: a failed open
modifies no byte on disk.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from app.errors import DatabaseDamaged, StorageFull, UnsupportedLibrary
from app.i18n import N_
from app.oserrors import refusal_for
from app.store import lookaside

if TYPE_CHECKING:  # sqlcipher3 ships no type hints; its API is the sqlite3 module's
    from sqlite3 import Connection as Connection
else:
    Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError

_DAMAGE_MARKERS = ("file is not a database", "malformed", "hmac check failed", "corrupt")
_FULL_MARKERS = ("database or disk is full", "disk i/o error", "readonly database")
_OPEN_MARKERS = ("unable to open database file", "readonly database")


def translate(error: Exception, path: Path) -> Exception:
    """Our error for a library error, or the error itself if it is a programming error."""
    text = str(error).lower()
    if any(marker in text for marker in _DAMAGE_MARKERS):
        return DatabaseDamaged(path=str(path), detail=str(error))
    if any(marker in text for marker in _OPEN_MARKERS):
        # SQLite does not say why; the file system does (read-only media, permissions).
        found = refusal_for(path)
        if found is not None:
            return found
    if any(marker in text for marker in _FULL_MARKERS):
        return StorageFull(detail=str(error))
    return error


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise SQLCipher errors about damage or a full disk as ours."""
    try:
        yield
    except sqlcipher3.DatabaseError as error:
        ours = translate(error, path)
        if ours is error:
            raise
        raise ours from error


@functools.cache
def _silence_sqlcipher_log() -> None:
    """SQLCipher logs to stderr by default (process-wide setting); our errors say what
    happened, in the user's language, so its log is turned off once per process."""
    scratch = sqlcipher3.connect(":memory:")
    try:
        scratch.execute("PRAGMA cipher_log_level = NONE")
    finally:
        scratch.close()


SETTINGS = (
    "foreign_keys = ON",
    "secure_delete = ON",
    "temp_store = MEMORY",
    "synchronous = FULL",
    "trusted_schema = OFF",
)
"""Set on every connection after the key (and `cipher_memory_security`)."""


def connect(path: Path, key: bytes) -> Connection:
    """A keyed, checked connection to `path` (which must exist, unless creating)."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    _silence_sqlcipher_log()
    connection: Connection = lookaside.opened(
        lambda: sqlcipher3.connect(str(path), isolation_level=None, timeout=10.0)
    )
    try:
        # The key is the first statement on the connection, as a raw key: no KDF inside
        # SQLCipher, since the key is random and already 256 bits.
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        _require_sqlcipher4_with_fts5(connection)
        connection.execute("PRAGMA cipher_memory_security = ON")
        with translated(path):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in SETTINGS:
            connection.execute(f"PRAGMA {pragma}")
    except BaseException:
        connection.close()
        raise
    return connection


def _require_sqlcipher4_with_fts5(connection: Connection) -> None:
    row = connection.execute("PRAGMA cipher_version").fetchone()
    version = row[0] if row else ""
    if not version.startswith("4."):
        raise UnsupportedLibrary(detail=f"SQLCipher 4 is required, found {version or 'none'}")
    options = {r[0] for r in connection.execute("PRAGMA compile_options")}
    if "ENABLE_FTS5" not in options:
        raise UnsupportedLibrary(detail=N_("the SQLCipher library was built without FTS5"))


def enable_wal(connection: Connection, path: Path) -> None:
    """Write-ahead logging (persistent in the file; a write only the first time)."""
    with translated(path):
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            connection.execute("PRAGMA journal_mode = WAL")


@contextmanager
def transaction(connection: Connection, path: Path) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; errors translated."""
    with translated(path):
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
