"""An open Sillok database: the key file unlocked, the SQLCipher file keyed and migrated.

`Database.create` and `Database.open` are the only ways in. Opening checks, in order and
without writing a byte: the database file exists; the key file unlocks with the passphrase;
the file decrypts with the key; the schema is not newer than this app; the database is the
one the key file was made for. Only then does it migrate and enable WAL.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from app.crypto import keyfile
from app.crypto.kdf import KdfParams
from app.errors import AlreadyExists, DatabaseDamaged, DatabaseMissing
from app.files import create_private
from app.i18n import N_
from app.store import migrate
from app.store.connection import Connection, connect, enable_wal, transaction, translated

SIDE_FILES = ("-wal", "-shm", "-journal")
EMPTY = N_("the file is empty (0 bytes): it was cut short when it was copied or saved")


def side_files(path: Path) -> list[Path]:
    """The database file's companions that SQLite may create beside it."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_FILES]


ON_CLOSE: list[Callable[[Connection], None]] = []
"""What forgets a connection's derived state when its database closes (the search's
remembered interviews: app/search/by_interview.py), so that nothing read through it stays
in memory after a lock."""


class Database:
    def __init__(self, path: Path, connection: Connection, database_id: str, key: bytes) -> None:
        self.path = path
        self.connection = connection
        self.database_id = database_id
        self.key = key
        """The raw database key, kept for backups (SQLCipher holds it in memory anyway)."""
        self._lock = threading.RLock()

    # -- ways in ----------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, kdf_params: KdfParams | None = None) -> Database:
        """A new, empty database at `path` with its key file; nothing existing is touched."""
        path = Path(path)
        key_path = keyfile.keyfile_path(path)
        for existing in (path, key_path, *side_files(path)):
            if existing.exists():
                raise AlreadyExists(path=str(existing))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        created, key = keyfile.create(key_path, passphrase, kdf_params)
        try:
            create_private(path)  # SQLite gives its -wal and -shm the same mode
            connection = connect(path, key)
            try:
                enable_wal(connection, path)
                migrate.migrate(connection, path)
                with transaction(connection, path):
                    connection.execute(
                        "INSERT INTO meta(key, value) VALUES ('database_id', ?)",
                        (created.database_id,),
                    )
            except BaseException:
                connection.close()
                raise
        except BaseException:
            for leftover in (path, key_path, *side_files(path)):
                leftover.unlink(missing_ok=True)
            raise
        return cls(path, connection, created.database_id, key)

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Database:
        path = Path(path)
        if not path.is_file():
            raise DatabaseMissing(path=str(path))
        if path.stat().st_size == 0:
            raise DatabaseDamaged(path=str(path), detail=EMPTY)
        unlocked, key = keyfile.unlock(keyfile.keyfile_path(path), passphrase)
        return cls.open_with_key(path, key, unlocked.database_id)

    @classmethod
    def open_with_key(cls, path: Path, key: bytes, database_id: str) -> Database:
        connection = connect(path, key)
        try:
            migrate.refuse_if_newer(connection, path)
            with translated(path):
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = 'database_id'"
                ).fetchone()
            if row is None or row[0] != database_id:
                raise DatabaseDamaged(path=str(path), detail=N_("made for another key file"))
            enable_wal(connection, path)
            migrate.migrate(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, database_id, key)

    # -- use --------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; every change and its audit entry go in one."""
        with self._lock, transaction(self.connection, self.path) as connection:
            yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection for reads, with library errors translated."""
        with self._lock, translated(self.path):
            yield self.connection

    @property
    def schema_version(self) -> int:
        with self.reading() as connection:
            return migrate.current_version(connection)

    def close(self) -> None:
        with self._lock:
            for forget in ON_CLOSE:
                forget(self.connection)
            self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
