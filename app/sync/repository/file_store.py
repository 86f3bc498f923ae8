"""The face every repository store shows (`Store`), and the embedded default behind it:
the SQLCipher file (`FileStore`). The PostgreSQL one is server.py's `ServerStore`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Protocol

from app.store.connection import Connection, transaction, translated
from app.store.database import ON_CLOSE


class Store(Protocol):
    """What the repository needs of its database, whichever it is."""

    connection: Connection
    kind: str

    def translated(self) -> contextlib.AbstractContextManager[None]: ...
    def transaction(self) -> contextlib.AbstractContextManager[Connection]: ...
    def version_sql(self, version: int) -> str: ...
    def seal(self, secret: bytes) -> bytes: ...
    def unseal(self, sealed: bytes) -> bytes: ...
    def log_read(self, what: str, detail: str) -> None: ...
    def close(self) -> None: ...


class FileStore:
    """The embedded default: `REPO/repository.db`, SQLCipher, keyed from its key file. The
    whole file is encrypted, so the secrets in it are kept as they are."""

    kind = "sqlcipher"

    def __init__(self, path: Path, connection: Connection) -> None:
        self.path = path
        self.connection = connection

    def translated(self) -> contextlib.AbstractContextManager[None]:
        return translated(self.path)

    def transaction(self) -> contextlib.AbstractContextManager[Connection]:
        return transaction(self.connection, self.path)

    def version_sql(self, version: int) -> str:
        return f"PRAGMA user_version = {version};\n"

    def seal(self, secret: bytes) -> bytes:
        return secret

    def unseal(self, sealed: bytes) -> bytes:
        return bytes(sealed)

    def log_read(self, what: str, detail: str) -> None:
        """One person per file: who holds the passphrase reads it all (no access log)."""

    def close(self) -> None:
        for forget in ON_CLOSE:  # what a search kept of it (app/search/by_interview.py)
            forget(self.connection)
        self.connection.close()
