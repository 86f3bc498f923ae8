"""`sillok repository move-to-postgres`: a file repository onto a PostgreSQL database,
losslessly, proved by hashes (docs/repository-server.md).

Every table of the file store is copied row by row, in one server transaction with the
schema, roles and access log; then each table is hashed on both sides (the count of its
rows and the sum, modulo 2^256, of the SHA-256 of each row written canonically: the
same whatever the order rows come in, in constant memory) and Geneva's secret keys are
compared once unsealed. Any difference rolls the server back and changes nothing in the
folder. Only when all match is the transaction committed, `server.conninfo` written
and the SQLCipher file set aside (renamed `repository.db.moved`, with its key file: it
opens as before for anyone who wants to compare). The files beside the store (packages,
objects, receipts, imports, public keys) stay where they are: the folder is the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.crypto import keyfile
from app.crypto.kdf import KdfParams
from app.store.connection import Connection
from app.sync.repository import server
from app.sync.repository.server_errors import MoveMismatch
from app.sync.repository.store import Repository, store_path

TABLES = (
    "meta",
    "geneva_keys",
    "devices",
    "bundles",
    "packages",
    "records",
    "attachment_files",
    "audit_entries",
    "withheld",
    "alerts",
    "imports",
    "import_rows",
    "assessments",
    "witness_decisions",
    "corroboration_decisions",
    "recoveries",
    "disclosures",
    "current_records",
    "interview_counts",
)
"""Every table of the file store, parents before children (foreign keys)."""

DERIVED = ("search_", "analysis_facts")
"""Tables not moved: the search index, made again on the server (search_schema.py), and
the verbs' facts, lifted again on the server as they are read (facts.py)."""

IDENTITIES = {
    "alerts": "id",
    "imports": "id",
    "assessments": "id",
    "witness_decisions": "id",
    "corroboration_decisions": "id",
    "recoveries": "recovery_id",
    "disclosures": "number",
}
"""Tables whose numbers the server counts on from the highest one moved."""

_NOT_MOVED = frozenset({"store_id", "schema_version"})
"""Meta rows each store has its own of (its key file's id, its schema version)."""

_BATCH = 1000


@dataclass
class TableDigest:
    rows: int = 0
    total: int = 0

    def add(self, row: Iterable[Any]) -> None:
        self.rows += 1
        digest = hashlib.sha256(repr(tuple(_plain(v) for v in row)).encode()).digest()
        self.total = (self.total + int.from_bytes(digest, "big")) % (1 << 256)

    @property
    def hex(self) -> str:
        return f"{self.total:064x}"


@dataclass
class MoveReport:
    tables: dict[str, TableDigest] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ("bytes", bytes(value).hex())
    if isinstance(value, bool):
        return int(value)
    return value


def _rows(connection: Connection, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """Every row of `table`, its columns in the order given (names from TABLES and the
    file store's own description of them)."""
    names = ", ".join(columns)
    for row in connection.execute(f"SELECT {names} FROM {table}"):  # noqa: S608
        yield tuple(row)


def _columns(connection: Connection, table: str) -> list[str]:
    cursor = connection.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608
    return [column[0] for column in cursor.description]


def _digest(rows: Iterable[tuple[Any, ...]], table: str, columns: list[str]) -> TableDigest:
    made = TableDigest()
    for row in rows:
        if table == "meta" and row[0] in _NOT_MOVED:
            continue
        made.add(row[columns.index(c)] for c in sorted(columns))
    return made


def _tables(connection: Connection) -> list[str]:
    held = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        # the search index (and FTS5's own tables behind it) is derived from the view:
        # the server queues every record the view's copy brings and indexes them anew
        if not name.startswith(DERIVED)
    }
    unknown = held - set(TABLES)
    if unknown:  # a table this version does not know would be left behind: refuse
        raise MoveMismatch(detail="table " + ", ".join(sorted(unknown)) + " not known")
    return [table for table in TABLES if table in held]


def move_to_postgres(
    repository: Repository,
    passphrase: str,
    conninfo: str,
    kdf_params: KdfParams | None = None,
) -> MoveReport:
    """Move the open file `repository` onto the empty database `conninfo`; closes it."""
    report = MoveReport()
    source = repository.connection
    folder = repository.folder

    def fill(store: server.ServerStore, store_id: str) -> None:
        target = store.server
        with repository.reading():
            for table in _tables(source):
                columns = _columns(source, table)
                expected = _digest(_rows(source, table, columns), table, columns)
                _copy(source, store, table, columns)
                found = _server_digest(store, table, columns)
                if (found.rows, found.total) != (expected.rows, expected.total):
                    raise MoveMismatch(detail=f"{table}: {expected.rows} → {found.rows}")
                report.tables[table] = expected
        target.execute("INSERT INTO meta VALUES ('store_id', ?)", (store_id,))
        for table, column in IDENTITIES.items():
            if table in report.tables:
                target.raw.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
                    f"coalesce(max({column}), 0) + 1, false) FROM {table}"
                )

    moved = server.create(folder, passphrase, conninfo, kdf_params, fill)
    moved.close()
    repository.close()
    path = store_path(folder)
    aside = path.with_name(path.name + ".moved")
    keyfile.keyfile_path(path).rename(keyfile.keyfile_path(aside))
    path.rename(aside)
    return report


def _copy(source: Connection, store: server.ServerStore, table: str, columns: list[str]) -> None:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    secret = columns.index("secret") if table == "geneva_keys" else None
    batch: list[tuple[Any, ...]] = []
    for row in _rows(source, table, columns):
        if table == "meta" and row[0] in _NOT_MOVED:
            continue
        if secret is not None:  # sealed on the server, with the key under the passphrase
            row = (*row[:secret], store.seal(bytes(row[secret])), *row[secret + 1 :])
        batch.append(row)
        if len(batch) >= _BATCH:
            store.server.executemany(insert, batch)
            batch = []
    if batch:
        store.server.executemany(insert, batch)


def _server_rows(
    store: server.ServerStore, table: str, columns: list[str]
) -> Iterator[tuple[Any, ...]]:
    """The rows just copied, read back through a server-side cursor (inside the move's
    transaction), a batch at a time: memory stays bounded whatever the size."""
    names = ", ".join(columns)
    with store.server.raw.cursor(name=f"move_{table}") as cursor:
        cursor.itersize = _BATCH
        cursor.execute(f"SELECT {names} FROM {table}")  # noqa: S608
        for row in cursor:
            yield tuple(row)


def _server_digest(store: server.ServerStore, table: str, columns: list[str]) -> TableDigest:
    rows = _server_rows(store, table, columns)
    if table == "geneva_keys":
        secret = columns.index("secret")
        rows = (
            (*row[:secret], store.unseal(bytes(row[secret])), *row[secret + 1 :])
            for row in _server_rows(store, table, columns)
        )
    return _digest(rows, table, columns)
