"""The repository on a PostgreSQL server, for a team (docs/repository-server.md).

The folder stays what it is for the file store (packages, objects, receipts, public
keys) and holds, instead of `repository.db`, `server.conninfo` (the libpq connection
string of the database: host or socket folder and database name, never a password)
and `server.keys`: a key sealed under the repository passphrase, exactly like the file
store's key file (app/crypto/keyfile.py). On the server Geneva's secret keys are kept
sealed with that key (ChaCha20-Poly1305), so neither the database, its backups nor its
administrator hold them in the clear; the roles that may use them (intake officer,
custodian) also need the passphrase.

The same SCHEMA and UPGRADES as the file store make the tables (dialect.py), the schema
version is the meta row `schema_version`, and server_roles.py adds the roles, grants,
append-only triggers and the access log.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import psycopg
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from app.crypto import keyfile
from app.crypto.kdf import KdfParams
from app.errors import AlreadyExists, DatabaseDamaged, InvalidInput
from app.files import atomic_write
from app.i18n import N_
from app.store.database import ON_CLOSE
from app.store.keys import GenevaKeys
from app.sync.repository import search_schema, search_stamps, server_roles
from app.sync.repository.postgres import Connection as ServerConnection
from app.sync.repository_errors import RepositoryMissing

if TYPE_CHECKING:
    from app.store.connection import Connection
    from app.sync.repository.file_store import Store

CONNINFO = "server.conninfo"
KEYS = "server.keys"
_NONCE = 12
PASSWORD_IN_CONNINFO = N_(
    "the connection string holds a password, which would be kept in a plain file; connect "
    "through the server's socket (peer authentication), a client certificate or ~/.pgpass"
)


def is_server(folder: Path) -> bool:
    return (folder / CONNINFO).is_file()


class ServerStore:
    """A repository's PostgreSQL database, with the file store's face (store.Store)."""

    kind = "postgres"

    def __init__(self, raw: ServerConnection, key: bytes, store_id: str) -> None:
        self.server = raw
        self.connection = cast("Connection", raw)  # the sqlite3 API, postgres.py
        self._key = key
        self._store_id = store_id

    def translated(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        self.server.execute("BEGIN")
        try:
            yield self.connection
            self.server.execute("COMMIT")
        except BaseException:
            if self.server.in_transaction:
                self.server.execute("ROLLBACK")
            raise

    def version_sql(self, version: int) -> str:
        number = int(version)  # an int: nothing but digits goes into the statement
        return f"UPDATE meta SET value = '{number}' WHERE key = 'schema_version';\n"  # noqa: S608

    def seal(self, secret: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return nonce + ChaCha20Poly1305(self._key).encrypt(
            nonce, bytes(secret), self._store_id.encode()
        )

    def unseal(self, sealed: bytes) -> bytes:
        sealed = bytes(sealed)
        return ChaCha20Poly1305(self._key).decrypt(
            sealed[:_NONCE], sealed[_NONCE:], self._store_id.encode()
        )

    def log_read(self, what: str, detail: str) -> None:
        self.server.execute("SELECT sillok_log_read(?, ?)", (what, detail))

    def close(self) -> None:
        for forget in ON_CLOSE:  # what a search kept of it (app/search/by_interview.py)
            forget(self.connection)
        self.server.close()


def init(
    folder: Path, passphrase: str, conninfo: str, demo: bool, kdf_params: KdfParams | None
) -> tuple[ServerStore, GenevaKeys]:
    """A new repository on the empty database `conninfo`, its folder made beside."""
    from app.sync.repository.store import initial_rows, store_path

    if store_path(folder).exists():
        raise AlreadyExists(path=str(folder))
    keys = GenevaKeys.generate()

    def fill(store: ServerStore, store_id: str) -> None:
        store.server.executemany("INSERT INTO meta VALUES (?, ?)", initial_rows(store_id, demo))
        store.server.executemany(
            "INSERT INTO geneva_keys VALUES (?, ?)",
            [(name, store.seal(secret)) for name, secret in keys.to_rows()],
        )

    return create(folder, passphrase, conninfo, kdf_params, fill), keys


def create(
    folder: Path,
    passphrase: str,
    conninfo: str,
    kdf_params: KdfParams | None,
    fill: Callable[[ServerStore, str], None],
) -> ServerStore:
    """The schema, roles and access log on the empty database `conninfo`, then `fill`
    (given the new store and its id), all in one transaction: on any error the database
    is left empty and no server.keys remains. server.conninfo is written last."""
    from app.sync.repository.disclosure_register import OUTCOMES
    from app.sync.repository.disclosure_register import REGISTER as DISCLOSURES
    from app.sync.repository.recovery import REGISTER
    from app.sync.repository.store import SCHEMA, SCHEMA_VERSION

    folder = Path(folder)
    try:
        named = conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError as error:
        raise InvalidInput(detail=str(error)) from error
    if "password" in named:  # it would be written in server.conninfo
        raise InvalidInput(detail=PASSWORD_IN_CONNINFO)
    if is_server(folder) or (folder / KEYS).exists():
        raise AlreadyExists(path=str(folder))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    server = ServerConnection.connect(conninfo, str(folder / CONNINFO))
    try:
        if server.execute("SELECT to_regclass('meta')").fetchone()[0] is not None:
            raise AlreadyExists(path=conninfo)
        server_roles.create_roles(server.raw)
        created, key = keyfile.create(folder / KEYS, passphrase, kdf_params)
        store = ServerStore(server, key, created.database_id)
        try:
            server.executescript(
                "BEGIN;\n"
                + SCHEMA
                + REGISTER
                + ";\n"
                + DISCLOSURES
                + ";\n"
                + OUTCOMES
                + ";\n"
                + search_schema.SERVER
                + search_stamps.SCHEMA
            )
            server.raw.execute(server_roles.server_schema())
            server.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            fill(store, created.database_id)
            server.execute("COMMIT")
        except BaseException:
            if server.in_transaction:
                server.execute("ROLLBACK")
            (folder / KEYS).unlink(missing_ok=True)
            raise
        atomic_write(folder / CONNINFO, (conninfo + "\n").encode(), exclusive=True)
    except BaseException:
        server.close()
        raise
    return store


def open_store(
    folder: Path,
    passphrase: str,
    user: str | None,
    upgrade: Callable[[Store, int], int],
    schema_version: int,
) -> ServerStore:
    """The repository's database, as `user` (libpq's default role when None)."""
    where = folder / CONNINFO
    try:
        conninfo = where.read_text(encoding="utf-8").strip()
    except FileNotFoundError as error:
        raise RepositoryMissing(path=str(folder)) from error
    unlocked, key = keyfile.unlock(folder / KEYS, passphrase)
    if user:
        conninfo = make_conninfo(conninfo, user=user)
    server = ServerConnection.connect(conninfo, str(where))
    try:
        rows = dict(
            server.execute(
                "SELECT key, value FROM meta WHERE key IN ('store_id', 'schema_version')"
            ).fetchall()
        )
        if rows.get("store_id") != unlocked.database_id:
            raise DatabaseDamaged(path=str(where), detail=N_("made for another key file"))
        store = ServerStore(server, key, unlocked.database_id)
        held = int(rows["schema_version"])
        found = upgrade(store, held)
        if found != held:  # tables a migration made get their grants
            server.raw.execute(server_roles.grants())
        if found != schema_version:
            raise DatabaseDamaged(path=str(where), detail=N_("made for another key file"))
    except BaseException:
        server.close()
        raise
    return store
