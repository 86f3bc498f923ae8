"""The repository store: one SQLCipher file, keyed like the device database, or a
PostgreSQL database for a team (server.py; docs/repository-server.md).

`REPO/repository.db` is a SQLCipher 4 database keyed with a random 256-bit key; that key
is sealed under the repository passphrase (Argon2id, then ChaCha20-Poly1305) in
`REPO/repository.db.keys` by the same code as the device's key file
(app/crypto/keyfile.py). Geneva's secret keys live in the store, so they are exactly as
safe as the repository itself. Beside it: `public/` (Geneva's public keys, for anyone),
`packages/` (each package exactly as received), `objects/` (attachment files as received,
still encrypted), `receipts/` (the signed receipts) and `work/` (emptied after each
ingest).

Both stores have one face (`FileStore` here, `ServerStore` in server.py): a connection
with the sqlite3 API, `transaction()`, `reading()`, and `seal`/`unseal` for Geneva's
secret keys; the same SCHEMA and UPGRADES make both (dialect.py translates the SQL).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from app.crypto import keyfile
from app.crypto.kdf import KdfParams
from app.errors import AlreadyExists, DatabaseDamaged
from app.files import atomic_write, create_private
from app.formats import minisign
from app.i18n import N_
from app.store.connection import Connection, connect, enable_wal, transaction, translated
from app.store.database import EMPTY
from app.store.keys import GenevaKeys
from app.sync.repository import (
    analyst_schema,
    consolidated,
    corroboration_schema,
    facts,
    search_schema,
    search_stamps,
)
from app.sync.repository.file_store import FileStore, Store
from app.sync.repository_errors import RepositoryMissing

STORE = "repository.db"
SCHEMA_VERSION = 12
SCHEMA = (
    """
-- The Geneva repository store (SQLCipher, keyed through repository.db.keys).
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- Geneva's secret keys: package (age), identity_vault (age), signing_seed/_key_id.
CREATE TABLE geneva_keys (name TEXT PRIMARY KEY, secret BLOB NOT NULL) STRICT;

CREATE TABLE devices (
    device_id          TEXT PRIMARY KEY,
    label              TEXT NOT NULL,
    signing_public_key TEXT NOT NULL,
    age_recipient      TEXT NOT NULL,
    demo               INTEGER NOT NULL,
    registered_at      TEXT NOT NULL,
    revoked_at         TEXT,
    revoked_reason     TEXT,
    request            BLOB NOT NULL
) STRICT;

-- Every trust bundle issued (version: one counter for the repository).
CREATE TABLE bundles (
    version    INTEGER PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices(device_id),
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    bundle     BLOB NOT NULL
) STRICT;

-- Every package ingested, as received (the file is kept under packages/).
CREATE TABLE packages (
    device_id       TEXT NOT NULL REFERENCES devices(device_id),
    sequence        INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    previous_sha256 TEXT,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    stored_as       TEXT NOT NULL,
    gap_before      TEXT,
    records         INTEGER NOT NULL,
    attachments     INTEGER NOT NULL,
    withheld        INTEGER NOT NULL,
    receipt         BLOB NOT NULL,
    PRIMARY KEY (device_id, sequence)
) STRICT;

-- Every version of every record ever received; never updated, never deleted.
CREATE TABLE records (
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    body        TEXT,
    body_sha256 TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    interview_id TEXT,
    PRIMARY KEY (kind, record_id, version, deleted)
) STRICT;
CREATE INDEX records_by_interview ON records(interview_id);

-- Attachment files as received (age, to the package key), under objects/.
CREATE TABLE attachment_files (
    attachment_id TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    file_sha256   TEXT NOT NULL,
    size          INTEGER NOT NULL,
    stored_as     TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    PRIMARY KEY (attachment_id, file_sha256)
) STRICT;

-- The devices' audit trails, entry by entry (content hash redacted where consent withheld it).
CREATE TABLE audit_entries (
    database_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    entry       TEXT NOT NULL,
    entry_hash  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    PRIMARY KEY (database_id, seq)
) STRICT;

CREATE TABLE withheld (
    device_id TEXT NOT NULL,
    sequence  INTEGER NOT NULL,
    line      TEXT NOT NULL
) STRICT;

-- Cloned-device alerts, gaps and every refusal worth a person's attention.
CREATE TABLE alerts (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    device_id TEXT NOT NULL,
    sequence  INTEGER,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL,
    package_sha256 TEXT,
    -- A cloned-device alert blocks the device until staff record their decision here.
    cleared_at     TEXT,
    cleared_by     TEXT,
    cleared_reason TEXT
) STRICT;
"""
    + consolidated.SCHEMA
    + analyst_schema.SCHEMA
    + corroboration_schema.SCHEMA
    + consolidated.VERSIONS_VIEW
    + facts.SCHEMA
    + consolidated.COUNTS
)


def upgrade_6_to_7(store: Store) -> str:
    """6 → 7, in one place: the register of disclosures records what became of each
    file (`disclosure_outcomes`, review M3; those registered before are `not_recorded`);
    on the server the outcomes are append-only, and the readers write the search index
    only through the owner's functions (review M5; their grants follow, as after every
    upgrade)."""
    from app.sync.repository import disclosure_register, server_roles  # (they import this module)

    register = (
        disclosure_register.REGISTER
        + ";\n"
        + disclosure_register.OUTCOMES
        + ";\n"
        + disclosure_register.OUTCOMES_BEFORE
    )
    if store.kind != "postgres":
        return register + ";\n"
    return (
        register
        + ";\nDROP TRIGGER IF EXISTS disclosure_outcomes_append_only ON disclosure_outcomes;\n"
        + server_roles.append_only_trigger("disclosure_outcomes")
        + search_schema.WRITERS
    )


UPGRADES: dict[int, str | Callable[[Store], str]] = {
    1: (
        "ALTER TABLE alerts ADD COLUMN cleared_at TEXT;\n"
        "ALTER TABLE alerts ADD COLUMN cleared_by TEXT;\n"
        "ALTER TABLE alerts ADD COLUMN cleared_reason TEXT;\n"
    ),
    2: consolidated.SCHEMA + analyst_schema.SCHEMA,
    3: consolidated.VERSIONS_VIEW,
    4: search_schema.sql,
    5: corroboration_schema.upgrade,
    6: upgrade_6_to_7,
    7: facts.SCHEMA,
    8: consolidated.COUNTS,
    9: search_schema.upgrade_9_to_10,
    10: search_schema.upgrade_10_to_11,
    11: search_stamps.upgrade_11_to_12,
}
"""From schema version N to N + 1 (each in one transaction at open): the SQL, or what
gives the SQL for one store (the search index differs between SQLite and PostgreSQL)."""

DERIVE: dict[int, Callable[[Connection], object]] = {
    2: consolidated.rebuild_view,
    7: facts.lift_all,
    8: consolidated.recount_all,
}
"""What to derive from the evidence after the SQL of an upgrade, in its transaction."""


def _upgrade(store: Store, found: int) -> int:
    while found in UPGRADES:
        step = UPGRADES[found]
        sql = step if isinstance(step, str) else step(store)
        with store.translated():
            store.connection.executescript(
                "BEGIN IMMEDIATE;\n" + sql + store.version_sql(found + 1)
            )
            try:
                if found in DERIVE:
                    DERIVE[found](store.connection)
                store.connection.execute("COMMIT")
            except BaseException:
                store.connection.execute("ROLLBACK")
                raise
        found += 1
    return found


def store_path(folder: Path) -> Path:
    return folder / STORE


def initial_rows(store_id: str, demo: bool) -> list[tuple[str, str]]:
    """The meta rows of a new repository (either store)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return [
        ("repository_id", "repo-" + secrets.token_hex(8)),
        ("store_id", store_id),
        ("demo", "1" if demo else "0"),
        ("created_at", now),
        ("bundle_version", "0"),
    ]


class Repository:
    """An open repository: its folder, its store and Geneva's keys."""

    def __init__(self, folder: Path, store: Store, keys: GenevaKeys | None) -> None:
        self.folder = folder
        self.store = store
        self.connection = store.connection
        self._keys = keys
        self._lock = threading.RLock()

    # -- ways in --------------------------------------------------------------------------

    @classmethod
    def init(
        cls,
        folder: Path,
        passphrase: str,
        *,
        demo: bool = False,
        kdf_params: KdfParams | None = None,
        server: str | None = None,
    ) -> Repository:
        """A new repository in `folder`: a SQLCipher file, or with `server` (a libpq
        connection string naming an empty database) on that PostgreSQL database."""
        folder = Path(folder)
        if server is not None:
            from app.sync.repository import server as on_server

            store, keys = on_server.init(folder, passphrase, server, demo, kdf_params)
            repository = cls(folder, store, keys)
            repository._write_public_keys()
            return repository
        path = store_path(folder)
        if path.exists() or keyfile.keyfile_path(path).exists():
            raise AlreadyExists(path=str(path))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        created, key = keyfile.create(keyfile.keyfile_path(path), passphrase, kdf_params)
        try:
            create_private(path)  # SQLite gives its -wal and -shm the same mode
            connection = connect(path, key)
            keys = GenevaKeys.generate()
            try:
                enable_wal(connection, path)
                connection.executescript(
                    "BEGIN IMMEDIATE;\n"
                    + SCHEMA
                    + search_schema.FILE
                    + f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
                )
                with transaction(connection, path):
                    for key_name, value in initial_rows(created.database_id, demo):
                        connection.execute("INSERT INTO meta VALUES (?, ?)", (key_name, value))
                    connection.executemany("INSERT INTO geneva_keys VALUES (?, ?)", keys.to_rows())
            except BaseException:
                connection.close()
                raise
        except BaseException:
            for leftover in (path, keyfile.keyfile_path(path)):
                leftover.unlink(missing_ok=True)
            raise
        repository = cls(folder, FileStore(path, connection), keys)
        repository._write_public_keys()
        return repository

    @classmethod
    def open(cls, folder: Path, passphrase: str, *, user: str | None = None) -> Repository:
        """The repository in `folder`, on whichever store it was made; `user` is the
        server role to connect as (default: libpq's, PGUSER or the account's name)."""
        folder = Path(folder)
        from app.sync.repository import server as on_server

        if on_server.is_server(folder):
            store = on_server.open_store(folder, passphrase, user, _upgrade, SCHEMA_VERSION)
            return cls(folder, store, None)
        path = store_path(folder)
        if not path.is_file():
            raise RepositoryMissing(path=str(folder))
        if path.stat().st_size == 0:
            raise DatabaseDamaged(path=str(path), detail=EMPTY)
        unlocked, key = keyfile.unlock(keyfile.keyfile_path(path), passphrase)
        connection = connect(path, key)
        file_store = FileStore(path, connection)
        try:
            with translated(path):
                found = connection.execute("PRAGMA user_version").fetchone()[0]
                row = connection.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
            if row is not None and row[0] == unlocked.database_id:
                found = _upgrade(file_store, found)
            if found != SCHEMA_VERSION or row is None or row[0] != unlocked.database_id:
                raise DatabaseDamaged(path=str(path), detail=N_("made for another key file"))
            repository = cls(folder, file_store, None)
            repository._keys = repository._load_keys()
        except BaseException:
            connection.close()
            raise
        return repository

    # -- use ------------------------------------------------------------------------------

    @property
    def keys(self) -> GenevaKeys:
        """Geneva's keys (read from the store the first time they are needed: on the
        server, only the roles that ingest or keep the keys may read them)."""
        if self._keys is None:
            self._keys = self._load_keys()
        return self._keys

    @keys.setter
    def keys(self, keys: GenevaKeys) -> None:
        self._keys = keys

    @property
    def signing_key(self) -> minisign.SigningKey:
        """Geneva's signing key alone: on the server the legal officer's role reads it (to
        sign disclosures and re-interview lists) and no other of Geneva's keys."""
        if self._keys is not None or self.store.kind != "postgres":
            return self.keys.signing
        with self.reading() as connection:
            rows = connection.execute("SELECT name, secret FROM geneva_signing_key").fetchall()
        found = {name: self.store.unseal(value) for name, value in rows}
        return minisign.SigningKey.from_seed(found["signing_seed"], found["signing_key_id"])

    def _load_keys(self) -> GenevaKeys:
        with self.reading() as connection:
            rows = connection.execute("SELECT name, secret FROM geneva_keys").fetchall()
        return GenevaKeys.from_rows({name: self.store.unseal(value) for name, value in rows})

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self._lock, self.store.transaction() as connection:
            yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with self._lock, self.store.translated():
            yield self.connection

    def read_testimony(self, what: str, detail: str = "") -> None:
        """Record in the server's access log that testimony is about to be read (who and
        when are the server's: the role and its clock); nothing on the file store."""
        with self._lock:
            self.store.log_read(what, detail)

    def may_read(self, *tables: str) -> bool:
        """Whether this role may read every one of `tables`: on the server as its grants
        say; on the file store always (its passphrase opens everything)."""
        return all(self.granted([(table, "SELECT") for table in tables]))

    def may_write(self, *tables: str) -> bool:
        """Whether this role may add rows to every one of `tables` (INSERT), as may_read."""
        return all(self.granted([(table, "INSERT") for table in tables]))

    def granted(self, asked: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (table, privilege) asked, whether this role holds it, in one question
        to the server (PostgreSQL's has_table_privilege); on the file store all True."""
        if self.store.kind != "postgres" or not asked:
            return [True] * len(asked)
        columns = ", ".join("has_table_privilege(?, ?)" for _ in asked)
        values = [value for pair in asked for value in pair]
        with self.reading() as connection:
            return [bool(v) for v in connection.execute(f"SELECT {columns}", values).fetchone()]

    def meta(self, key: str) -> str:
        with self.reading() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    @property
    def repository_id(self) -> str:
        return self.meta("repository_id")

    @property
    def demo(self) -> bool:
        return self.meta("demo") == "1"

    def subfolder(self, name: str) -> Path:
        folder = self.folder / name
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder

    @contextlib.contextmanager
    def work_folder(self) -> Iterator[Path]:
        """A fresh folder under work/ (for extracting one package), removed afterwards.

        Work folders left by a process that was killed hold a package's decrypted
        contents: the first to find no other process working (a shared lock on
        the work/ folder itself while a folder is in use) removes them before making its own."""
        work = self.subfolder("work")
        fd = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                for stale in work.iterdir():
                    shutil.rmtree(stale, ignore_errors=True)
            fcntl.flock(fd, fcntl.LOCK_SH)
            folder = work / secrets.token_hex(8)
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)

    def _write_public_keys(self) -> None:
        public = self.subfolder("public")
        geneva = self.keys.public()
        atomic_write(public / "package.age-recipient", (geneva.package_recipient + "\n").encode())
        atomic_write(public / "identity.age-recipient", (geneva.identity_recipient + "\n").encode())
        atomic_write(public / "geneva.pub", self.keys.signing.public_key.to_text().encode())

    def close(self) -> None:
        with self._lock:
            self.store.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
