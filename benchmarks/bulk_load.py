"""A connection for writing a benchmark's synthetic corpus quickly.

`cipher_memory_security` is a process-wide SQLCipher switch (`mlock` and wipe of every
allocation) that makes bulk loading many times slower. Writing a corpus is set-up, not
measurement, so benchmarks write it from a child process that opens the database with this
connection, which has every other setting of `app.store.connection.connect` but not that
one; every figure is then taken in the parent on a connection opened the normal way.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from app.store.connection import SETTINGS, Connection


def connect_without_memory_security(path: Path, key: bytes) -> Connection:
    connection: Connection = sqlcipher3.connect(str(path), isolation_level=None)
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in SETTINGS:
        connection.execute(f"PRAGMA {pragma}")
    return connection
