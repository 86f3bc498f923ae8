"""What the analysts' desk's search tab asks of an open repository: one page of the search
across all testimony (search.py: the laptop's engine, in the access log on the server as
the command line's search is) and where each result of the page came from (the device
that sent it, or the organisation of an import), so the tab says it beside the
interview's code without reading the whole interview list.

Called on the desk's storage worker, like every function of desk.py.
"""

from __future__ import annotations

from typing import Any

from app.search.engine import Group, Results
from app.search.index import Progress
from app.store.connection import Connection
from app.sync.repository import consolidated, search
from app.sync.repository.store import Repository


def origin(connection: Connection, group: Group) -> dict[str, Any]:
    """The device (or import) of the interview of `group`, or of its record when it
    belongs to no interview (a facility): the keys the interview list's rows have for it
    (`device_id`, `imported`, `import`)."""
    if group.interview_id:
        record = consolidated.one(connection, "interview", group.interview_id)
    elif group.hits:
        record = consolidated.one(connection, group.hits[0].kind, group.hits[0].record_id)
    else:
        record = None
    if record is None:
        return {"device_id": "", "imported": False, "import": None}
    source = None
    if record.imported and group.interview_id:
        row = connection.execute(
            "SELECT i.organisation FROM import_rows r JOIN imports i ON i.id = r.import_id "
            "WHERE r.interview_id = ?",
            (group.interview_id,),
        ).fetchone()
        source = {"organisation": row[0]} if row is not None else None
    return {"device_id": record.device_id, "imported": record.imported, "import": source}


def page(
    repository: Repository,
    query: str,
    *,
    exact: bool = False,
    limit: int = 20,
    offset: int = 0,
    newest_first: bool = False,
    passages: int = 3,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The interviews `offset` to `offset + limit` that match `query` (`results`, an
    `app.search.Results`: grouped by interview, the exact total) and, in the same order
    as its groups, where each came from (`origins`). `progress` hears about the indexing
    of what arrived since the last search; it is also where a cancelled search stops."""
    results: Results = search.search(
        repository,
        query,
        exact=exact,
        limit=limit,
        offset=offset,
        newest_first=newest_first,
        passages=passages,
        progress=progress,
    )
    with repository.reading() as connection:
        origins = [origin(connection, group) for group in results.groups]
    return {"results": results, "origins": origins}
