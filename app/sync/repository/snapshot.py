"""The analysis verbs' reads on the server: one read-only transaction, with settings for
reading whole kinds at once.

A verb (the matrix, gaps, re-interview candidates, corroboration, the registers) reads
every current record of several kinds joined with their facts (facts.py): six or so
statements, each sorting or hashing tens of thousands of rows at 10,000 interviews. The
session runs in autocommit (postgres.py), so each statement was its own transaction with
the server's defaults: `work_mem` of 4 MB, under which the incidents' sort spilled 5.5 MB
to disk, and parallel workers, which on a two-core server only compete with the client
and each other for the same cores (docs/benchmarks.md, "The matrix's reads in one
transaction"). Here the outermost verb's reads are one `REPEATABLE READ READ ONLY`
transaction (one snapshot of the repository for the whole answer; a reader takes no lock
an ingest waits for) whose `SET LOCAL` settings end with it.

Facts a reader lifts from bodies it found without them (facts.py) cannot be written in a
read-only transaction: they are kept just after it ends (`later`). On the file store,
or inside a transaction the caller opened, the verb runs as it is.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Concatenate, ParamSpec, TypeVar

from app.store.connection import Connection
from app.sync.repository.postgres import Connection as ServerConnection

P = ParamSpec("P")
R = TypeVar("R")

SETTINGS = (
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
    "SET LOCAL work_mem = '64MB'; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)
"""What a verb's reads run in on the server (64 MB: every sort and hash of a verb's reads
in memory at 10,000 interviews; no parallel workers, which a two-core server cannot give
them)."""

_LATER: ContextVar[tuple[object, list[Callable[[], None]]] | None] = ContextVar(
    "sillok_verb_snapshot", default=None
)
"""The connection whose verb transaction is open in this thread, and what to do on it
once that transaction has ended."""


def later(connection: object, action: Callable[[], None]) -> bool:
    """Run `action` once the verbs' read-only transaction on `connection` has ended, if
    one is open (True); else False, and the caller does it now."""
    open_now = _LATER.get()
    if open_now is None or open_now[0] is not connection:
        return False
    open_now[1].append(action)
    return True


@contextlib.contextmanager
def transaction_of(connection: Connection, script: str) -> Iterator[None]:
    """`script` (a BEGIN and its SET LOCALs), the statements inside, then COMMIT; ROLLBACK
    when they fail (the settings end with the transaction either way)."""
    connection.executescript(script)
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@contextlib.contextmanager
def reading(connection: Connection) -> Iterator[None]:
    """The reads inside in one read-only transaction with SETTINGS, on the server and
    outside any transaction; elsewhere nothing changes."""
    if not isinstance(connection, ServerConnection) or connection.in_transaction:
        yield
        return
    pending: list[Callable[[], None]] = []
    token = _LATER.set((connection, pending))
    try:
        with transaction_of(connection, SETTINGS):
            yield
    finally:
        _LATER.reset(token)
    for action in pending:
        action()


def one_read(
    verb: Callable[Concatenate[Connection, P], R],
) -> Callable[Concatenate[Connection, P], R]:
    """`verb(connection, …)` with its reads in `reading` (nested verbs share the outermost's
    transaction)."""

    @functools.wraps(verb)
    def run(connection: Connection, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with reading(connection):
            return verb(connection, *args, **kwargs)

    return run
