"""A psycopg connection to the repository's PostgreSQL database, with the sqlite3 API.

The repository's code talks to one `Connection` (execute, executemany, executescript,
in_transaction, close; cursors with fetchone, fetchall and iteration); this class gives
a PostgreSQL connection that same face, so every query in app/sync/repository/ runs
unchanged on both stores. The SQL is translated in one place (dialect.py); values are
made the same on the way in (a bool is an integer, as SQLite stores it) and on the way
out (a `numeric` sum is an int when it is whole). The connection runs in autocommit:
`BEGIN … COMMIT`, as the code writes them, make the transactions, exactly as on SQLite.

PostgreSQL's refusals become ours (server_errors.py): a denied privilege is
`AccessRefused` in the user's language, a server that cannot be reached is
`ServerUnreachable`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import errors, pq
from psycopg.types.numeric import NumericLoader
from psycopg.types.string import StrDumper

from app.i18n import Marked
from app.sync.repository import dialect
from app.sync.repository.server_errors import (
    CHANGE_EVIDENCE,
    CHANGE_INDEX,
    DECIDE_CORROBORATION,
    DECIDE_WITNESS,
    DISCLOSE,
    OTHER,
    READ_ACCESS_LOG,
    READ_DISCLOSURES,
    READ_KEYS,
    READ_TESTIMONY,
    RECORD_ANALYSIS,
    RECORD_ASSESSMENTS,
    AccessRefused,
    ServerUnreachable,
)
from app.sync.repository.server_roles import ANALYSIS_TABLES

APPEND_ONLY = "SX001"
"""SQLSTATE our triggers raise when a row of the evidence or of the access log would be
changed or removed (server_roles.py)."""
INDEX_STEP = "SX002"
"""SQLSTATE the search index's functions raise for a step the queue and the view do not
allow (search_schema.WRITERS)."""

_TESTIMONY = (
    "records",
    "current_records",
    "interview",
    "answer",
    "transcript",
    "incident",
    "search_",
    "analysis_facts",
)
"""Names in a refusal that say testimony was to be read (the search index holds its keys,
analysis_facts what the verbs read of it)."""
_KEYS = ("geneva_keys", "geneva_signing_key")
ADDING = {
    "assessments": RECORD_ASSESSMENTS,
    "witness_decisions": DECIDE_WITNESS,
    "corroboration_decisions": DECIDE_CORROBORATION,
    "disclosures": DISCLOSE,
    "disclosure_outcomes": DISCLOSE,
}
"""What a role refused a new row of these tables was refused, in its own words (a
custodian recording an assessment is told that assessments are the analysts')."""
_INSERT_INTO = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


class _WholeNumbers(NumericLoader):
    """`numeric` (what PostgreSQL's sum() of integers gives) as int when whole, as SQLite."""

    def load(self, data: Any) -> Any:
        value = super().load(data)
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        return value


def _what(error: psycopg.Error, sql: str) -> Marked:
    """What the role was refused, from the statement (a read or a change) and the object
    PostgreSQL names."""
    text = str(error).lower()
    if error.sqlstate == INDEX_STEP or (_writes(sql) and "search_" in text):
        return CHANGE_INDEX
    into = _INSERT_INTO.match(sql)
    table = into.group(1).lower() if into else ""
    if error.sqlstate != APPEND_ONLY and table in ADDING:
        return ADDING[table]
    if error.sqlstate != APPEND_ONLY and table in ANALYSIS_TABLES:
        return RECORD_ANALYSIS
    if error.sqlstate == APPEND_ONLY or _writes(sql):
        return CHANGE_EVIDENCE
    if "access_log" in text:
        return READ_ACCESS_LOG
    if "disclosure" in text:
        return READ_DISCLOSURES
    if any(name in text for name in _KEYS):
        return READ_KEYS
    if any(name in text for name in _TESTIMONY):
        return READ_TESTIMONY
    return OTHER


def _writes(sql: str) -> bool:
    return not sql.lstrip().upper().startswith(("SELECT", "WITH"))


@contextlib.contextmanager
def translated(role: str, where: str, sql: str = "") -> Iterator[None]:
    """PostgreSQL's refusals as our errors (the library's own for programming errors)."""
    try:
        yield
    except psycopg.Error as error:
        if isinstance(error, errors.InsufficientPrivilege) or error.sqlstate in (
            APPEND_ONLY,
            INDEX_STEP,
        ):
            raise AccessRefused(role=role, what=_what(error, sql)) from error
        if isinstance(error, psycopg.OperationalError):
            raise ServerUnreachable(detail=str(error).strip(), path=where) from error
        raise


def _value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(_value(v) for v in params) if params else ()


class Cursor:
    """The results of one statement, read as sqlite3's cursor reads them."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        # psycopg's own iteration: a large result read row by row costs no Python call of
        # ours per row (the verbs read tens of thousands); `next()` still reads from the
        # same rows through __next__.
        return iter(self._cursor) if self._cursor.description else iter(())

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row


class Connection:
    """One session on the repository database, as the repository code uses a connection."""

    def __init__(self, raw: psycopg.Connection[Any], where: str) -> None:
        self.raw = raw
        self.where = where
        self.role = str(raw.info.parameter_status("session_authorization") or raw.info.user)
        raw.adapters.register_loader("numeric", _WholeNumbers)
        # Text parameters typed as text (psycopg's default leaves them untyped), so that
        # `column = ?` compares text with text, as on SQLite.
        raw.adapters.register_dumper(str, StrDumper)

    @classmethod
    def connect(cls, conninfo: str, where: str) -> Connection:
        with translated("", where):
            raw = psycopg.connect(conninfo, autocommit=True)
        return cls(raw, where)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        with translated(self.role, self.where, sql):
            return Cursor(self.raw.execute(dialect.query(sql), _params(params)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        with translated(self.role, self.where, sql):
            cursor = self.raw.cursor()
            cursor.executemany(dialect.query(sql), [_params(row) for row in rows])
            return Cursor(cursor)

    def executescript(self, sql: str) -> Cursor:
        with translated(self.role, self.where, sql):
            return Cursor(self.raw.execute(dialect.script(sql)))

    def close(self) -> None:
        self.raw.close()
