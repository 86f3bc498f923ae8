"""The access log of a repository on a PostgreSQL server: who read which testimony, when
(server_roles.py writes it; only the legal officer's role may read it)."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import InvalidInput
from app.i18n import N_
from app.sync.repository.store import Repository

NO_LOG_IN_A_FILE = N_(
    "a repository in a file keeps no access log (whoever holds its passphrase reads it "
    "all); only a repository on a PostgreSQL server does (docs/repository-server.md)"
)


@dataclass(frozen=True)
class Entry:
    number: int
    at: str
    who: str
    what: str
    detail: str


ALL_ROWS = 2**62
"""The LIMIT that reads every row (a number: both stores take it)."""


def entries(repository: Repository, limit: int | None = None, offset: int = 0) -> list[Entry]:
    """The lines of the access log, newest first: `limit` of them (every one if None)
    after the `offset` newest, so that years of reads are shown a page at a time
    (AccessRefused for any role but the legal officer's)."""
    if repository.store.kind != "postgres":
        raise InvalidInput(detail=NO_LOG_IN_A_FILE)
    with repository.reading() as connection:
        rows = connection.execute(
            "SELECT id, at, who, what, detail FROM access_log ORDER BY id DESC LIMIT ? OFFSET ?",
            (ALL_ROWS if limit is None else limit, offset),
        ).fetchall()
    return [
        Entry(int(number), at.isoformat(timespec="seconds"), who, what, detail)
        for number, at, who, what, detail in rows
    ]
