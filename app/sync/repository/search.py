"""Search across all testimony held in the repository (docs/search.md, "Repository").

The laptop's engine (app.search) over the consolidated view: the current version of every
transcript segment, answer, incident, person and facility from every device and every
import (identity records are never searched). The same query language, keys, ranking,
exact count and paging; results grouped by interview, as `app.search.Results`.

The index (search_schema.py) lives inside the store: in the SQLCipher file, or on the
PostgreSQL server as tsvectors (search_index.py). The view's triggers queue what ingest,
import or a rebuild wrote; the search indexes the queue first, as the laptop's does.

On the server, the search goes to the access log with its query before anything is
read, then each interview it shows (`read_testimony`); a role that may not read testimony
(the intake officer's) is refused (`AccessRefused`) before anything is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import cast

from app.search import engine, index
from app.search.engine import Results
from app.search.errors import IndexUnavailable
from app.search.index import Progress
from app.store.connection import Connection, DatabaseError
from app.sync.repository.search_index import TSVECTOR, VIEW, Indexed
from app.sync.repository.snapshot import transaction_of
from app.sync.repository.store import Repository

LOCK = "SELECT sillok_search_lock()"
"""On the server two analysts may search at once: one indexes the queue, the other waits
(`LOCK TABLE search_pending IN SHARE ROW EXCLUSIVE MODE`, taken by the owner's function:
the readers may only read the index's tables)."""


THROUGH_INDEXES = (
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_seqscan = off; "
    "SET LOCAL jit = off"
)
"""A search's reads on the server: one read-only transaction (one snapshot) in which the
planner takes an index wherever there is one. Its cost model does not count reading a
`tsvector` kept out of line (TOAST), so it read every interview's rows of the index to
find a common word (`u:강`: 42 ms at 500 two-hour interviews, linear in the repository,
against 1 ms through the GIN index); docs/benchmarks.md, "The repository's search on
PostgreSQL". Without JIT compilation: a sequential scan left in a plan is costed with
`enable_seqscan = off`'s penalty, far over `jit_above_cost`, and its statement was then
compiled (50-100 ms even for a table of one row, branch pgstamp); a search's statements
each read few rows, which compiling never repays."""


class Source:
    """The repository as the engine reads a database (app/search/backend.py `Source`)."""

    def __init__(self, repository: Repository, *, lookups: bool = False) -> None:
        """`lookups`: reads that find a few rows by their keys (a search's), which on the
        server go through the indexes (`THROUGH_INDEXES`); the check, which compares
        whole tables, reads as the planner likes."""
        self.repository = repository
        self.server = repository.store.kind == "postgres"
        self.backend = TSVECTOR if self.server else VIEW
        self.lookups = lookups and self.server

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.repository.reading() as connection:
            if self.lookups and not connection.in_transaction:
                with transaction_of(connection, THROUGH_INDEXES):
                    yield cast("Connection", Indexed(connection, self.backend))
            else:
                yield cast("Connection", Indexed(connection, self.backend))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.repository.transaction() as connection:
            if self.server:
                connection.execute(LOCK)
            yield cast("Connection", Indexed(connection, self.backend))


def search(
    repository: Repository,
    query: str,
    *,
    exact: bool = False,
    limit: int = 20,
    offset: int = 0,
    newest_first: bool = False,
    passages: int = 3,
    progress: Progress | None = None,
) -> Results:
    """The interviews `offset` to `offset + limit` of all in the repository that match
    `query`, best first (or newest first), each with its best `passages` passages (0:
    all), and how many match in all (`Results.total`, exact). As `app.search.search`;
    `progress` hears about indexing when much was received since the last search."""
    # what was searched for (one witness's name, say) says as much as what was shown: the
    # log is the legal officer's alone (docs/repository-server.md, "The access log")
    repository.read_testimony("search-query", query)
    source = Source(repository, lookups=True)
    # batch by batch, each committed: an ingest waits for one batch, never for the whole
    # first indexing (the engine's own refresh then finds little or nothing left)
    try:
        index.refresh_in_batches(source, progress)
    except DatabaseError as error:  # as the engine's own indexing says it
        raise IndexUnavailable(detail=str(error)) from error
    results = engine.search(
        source,
        query,
        exact=exact,
        limit=limit,
        offset=offset,
        newest_first=newest_first,
        passages=passages,
        progress=progress,
    )
    # the page's interviews in one transaction: one commit (on the server, one flush of
    # its log to disk) instead of one per interview shown; all logged before it is given
    with repository.transaction() if source.server else contextlib.nullcontext():
        for group in results.groups:
            shown = group.interview_code or (group.hits[0].target if group.hits else "")
            repository.read_testimony("search", shown)
    return results
