"""Forward-only, versioned migrations.

Migration N is `migrations/NNNN_name.sql`; the schema version is SQLite's `user_version`.
Each migration runs in its own transaction together with the bump of `user_version`, so a
crash leaves the database at N-1 or N, never between. There is no way down: a database
whose version is newer than this app knows is refused (SchemaTooNew) before anything is
written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from app.errors import SchemaTooNew
from app.store.connection import Connection, translated

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """Every migration shipped with this app, in order, numbered 1, 2, 3… without gaps."""
    found = []
    for entry in resources.files("app.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 1, 2, 3… without gaps")
    return found


def latest_version() -> int:
    return len(available())


def current_version(connection: Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def refuse_if_newer(connection: Connection, path: Path) -> int:
    """The schema version, or SchemaTooNew if this app cannot read it. Reads only."""
    with translated(path):
        found = current_version(connection)
    known = latest_version()
    if found > known:
        raise SchemaTooNew(path=str(path), found=found, known=known)
    return found


def migrate(connection: Connection, path: Path, target: int | None = None) -> list[int]:
    """Apply every pending migration up to `target` (default: all). Returns those applied."""
    refuse_if_newer(connection, path)
    applied = []
    for migration in available():
        if target is not None and migration.version > target:
            break
        if migration.version <= current_version(connection):
            continue
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n"
            f"PRAGMA user_version = {migration.version};\n"
            "COMMIT;\n"
        )
        with translated(path):
            try:
                connection.executescript(script)
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        applied.append(migration.version)
    return applied
