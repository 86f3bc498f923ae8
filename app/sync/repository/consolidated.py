"""The consolidated view: the current version of every record from every device (and
every import), one step away from all its earlier versions and the package each came in.

`records` (store.py) keeps every version ever received and is never changed: it is the
evidence. `current_records` is derived from it: for each (kind, id) the highest version
held (a deletion at that version wins, and hides the record from the views), with a few
columns lifted out of the JSON body so that queries need no JSON functions (the same SQL
runs on SQLite and PostgreSQL; docs/repository.md). It is updated in the ingest
transaction (`refresh`) and can be dropped and rebuilt from `records` at any time
(`rebuild`); the views `interviews`, `incidents`, `persons`, `facilities`,
`element_tags`… have the shape of the laptop's tables, so the laptop's corroboration
code reads the whole repository unchanged. Beside it, `interview_counts` keeps how many
current records of each kind every interview holds (the interview list's figures), made
again for the interviews a refresh touches, so that the list does not count every
current record each time it is read.

Every query on the consolidated view lives in this module.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from app.store.connection import Connection

IMPORT_PREFIX = "import:"
"""`device_id` of records that came in an import of another organisation's records (never
a device id: those have no colon)."""

VIEWS = {
    "interviewees": "interviewee",
    "interviews": "interview",
    "consents": "consent",
    "sessions": "session",
    "answers": "answer",
    "transcript_segments": "transcript_segment",
    "incidents": "incident",
    "persons": "person",
    "facilities": "facility",
    "element_tags": "element_tag",
    "attachments": "attachment",
}
"""Each view over the current, not deleted records of one kind (laptop table names)."""

INDEX = "CREATE INDEX current_by_interview ON current_records(interview_id, kind, deleted)"
"""Made again after a rebuild: one sorted build instead of 100,000 random inserts."""

VERSIONS_VIEW = """
-- Every version held, with the body only where the view lifts columns from it
-- (LIFTED; '' for the others, NULL for a deletion): what ingest and the view's upkeep
-- read, so that on the server a role that ingests needs no right to read testimony.
CREATE VIEW record_versions AS SELECT kind, record_id, version, deleted,
    CASE WHEN body IS NULL THEN NULL
         WHEN kind IN ('interviewee', 'interview', 'consent') THEN body ELSE '' END AS lifted,
    body_sha256, device_id, sequence, interview_id FROM records;
"""
"""Added in schema version 4 (store.py)."""

_VIEW = (
    "CREATE VIEW {view} AS SELECT c.record_id AS id, c.version, r.body, c.interview_id, "
    "c.interviewee_id, c.code, c.device_id, c.sequence, c.imported FROM current_records c "
    "JOIN records r ON r.kind = c.kind AND r.record_id = c.record_id "
    "AND r.version = c.version AND r.deleted = 0 "
    "WHERE c.kind = '{kind}' AND c.deleted = 0;\n"
)

SCHEMA = (
    """
-- The consolidated view (consolidated.py): the current version of each record, derived
-- from `records` at ingest and rebuildable from it; never the evidence itself.
CREATE TABLE current_records (
    kind           TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    version        INTEGER NOT NULL,
    deleted        INTEGER NOT NULL,
    device_id      TEXT NOT NULL,
    sequence       INTEGER NOT NULL,
    versions       INTEGER NOT NULL,
    interview_id   TEXT,
    interviewee_id TEXT,
    code           TEXT,
    imported       INTEGER NOT NULL,
    PRIMARY KEY (kind, record_id)
) STRICT;
"""
    + INDEX
    + ";\n"
    + "".join(_VIEW.format(view=view, kind=kind) for view, kind in VIEWS.items())
)


COUNTS = """
-- How many current, not deleted records of each kind every interview holds (a JSON
-- object, kinds in order): the interview list's figures, kept with the consolidated
-- view (consolidated.py) and derived like it; never the evidence itself.
CREATE TABLE interview_counts (
    interview_id TEXT PRIMARY KEY,
    counts       TEXT NOT NULL
) STRICT;
"""
"""Schema version 8 -> 9 (store.py)."""


@dataclass(frozen=True)
class Version:
    """One version of a record as received, and the package (or import) it came in."""

    version: int
    deleted: bool
    body_sha256: str
    device_id: str
    sequence: int
    package_sha256: str | None
    received_at: str | None
    imported: bool


@dataclass(frozen=True)
class Current:
    kind: str
    id: str
    version: int
    body: dict[str, Any]
    device_id: str
    sequence: int
    versions: int
    interview_id: str | None
    imported: bool


LIFTED = frozenset({"interviewee", "interview", "consent"})
"""Kinds whose body is read at ingest, for the columns the analysis joins on (`rebuild`
names them in its SQL too)."""


def _lifted(kind: str, body: str | None) -> tuple[str | None, str | None]:
    """(interviewee id, code) from a body: the columns the analysis joins on."""
    if body is None or kind not in LIFTED:
        return None, None
    parsed = json.loads(body)
    interviewee = parsed.get("interviewee_id") if kind != "interviewee" else parsed.get("id")
    code = parsed.get("code") if kind in ("interview", "interviewee") else None
    return (str(interviewee) if interviewee else None), (str(code) if code else None)


def _derived(kind: str, record_id: str, rows: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The current_records row of one record from all its `records` rows (version,
    deleted, body, device_id, sequence, interview_id), highest version first and, at the
    same version, the deletion first. The body itself stays in `records` (the views join
    it), so the view adds no copy of any testimony."""
    version, deleted, _body, device_id, sequence, _interview = rows[0]
    live = next((row for row in rows if row[2] is not None), None)
    interviewee_id, code = _lifted(kind, live[2] if live is not None else None)
    return (
        kind,
        record_id,
        version,
        deleted,
        device_id,
        sequence,
        sum(1 for row in rows if not row[1]),
        live[5] if live is not None else None,
        interviewee_id,
        code,
        int(device_id.startswith(IMPORT_PREFIX)),
    )


_INSERT = "INSERT INTO current_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_VERSIONS = (
    "SELECT version, deleted, lifted, device_id, sequence, interview_id FROM record_versions "
)
_ORDER = "ORDER BY version DESC, deleted DESC"


def refresh(connection: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Recompute the current version of each (kind, id) from `records`, and the counts of
    the interviews they belong to, now or before (inside the caller's transaction)."""
    touched: set[str] = set()
    for kind, record_id in sorted(set(keys)):
        rows = connection.execute(
            _VERSIONS + "WHERE kind = ? AND record_id = ? " + _ORDER, (kind, record_id)
        ).fetchall()
        # The row replaced came from one of these versions; without any, ask the view.
        touched.update(str(row[5]) for row in rows if row[5] is not None)
        if not rows:
            touched.update(
                str(row[0])
                for row in connection.execute(
                    "SELECT interview_id FROM current_records WHERE kind = ? AND record_id = ? "
                    "AND interview_id IS NOT NULL",
                    (kind, record_id),
                )
            )
        connection.execute(
            "DELETE FROM current_records WHERE kind = ? AND record_id = ?", (kind, record_id)
        )
        if rows:
            connection.execute(_INSERT, _derived(kind, record_id, rows))
    recount(connection, touched)


def _counts_text(held: Iterable[tuple[str, int]]) -> str:
    return json.dumps(dict(sorted(held)), separators=(",", ":"))


def recount(connection: Connection, interview_ids: Iterable[str]) -> None:
    """Count again the current records of these interviews, from the view (inside the
    caller's transaction)."""
    for interview_id in sorted(set(interview_ids)):
        held = connection.execute(
            "SELECT kind, count(*) FROM current_records WHERE interview_id = ? AND deleted = 0 "
            "GROUP BY kind",
            (interview_id,),
        ).fetchall()
        connection.execute("DELETE FROM interview_counts WHERE interview_id = ?", (interview_id,))
        if held:
            connection.execute(
                "INSERT INTO interview_counts VALUES (?, ?)",
                (interview_id, _counts_text((str(k), int(n)) for k, n in held)),
            )


def recount_all(connection: Connection) -> None:
    """Count again the current records of every interview, from the view, in one pass
    (inside the caller's transaction): after a rebuild, and by the upgrade to schema 9."""
    connection.execute("DELETE FROM interview_counts")
    rows = connection.execute(
        "SELECT interview_id, kind, count(*) FROM current_records WHERE deleted = 0 "
        "AND interview_id IS NOT NULL GROUP BY interview_id, kind ORDER BY interview_id"
    ).fetchall()
    made = (
        (str(interview_id), _counts_text((str(row[1]), int(row[2])) for row in group))
        for interview_id, group in itertools.groupby(rows, key=lambda row: row[0])
    )
    while batch := list(itertools.islice(made, 1000)):
        connection.executemany("INSERT INTO interview_counts VALUES (?, ?)", batch)


def counts(connection: Connection, only: str | None = None) -> dict[str, dict[str, int]]:
    """Interview id -> how many current, not deleted records of each kind it holds (of
    `only` alone if given), as kept with the view: one small row per interview, parsed as
    one JSON list."""
    if only is None:
        rows = connection.execute("SELECT interview_id, counts FROM interview_counts").fetchall()
    else:
        rows = connection.execute(
            "SELECT interview_id, counts FROM interview_counts WHERE interview_id = ?", (only,)
        ).fetchall()
    parsed = json.loads("[" + ",".join(str(row[1]) for row in rows) + "]")
    return {str(row[0]): held for row, held in zip(rows, parsed, strict=True)}


def _derive_all(connection: Connection) -> Iterator[tuple[Any, ...]]:
    """Every current_records row as the evidence gives it, in (kind, id) order, reading
    `records` once in its primary key's order (bodies only where lifted); memory stays
    that of one record's versions whatever the size."""
    group: list[tuple[Any, ...]] = []
    key: tuple[str, str] | None = None
    cursor = connection.execute(
        "SELECT kind, record_id, version, deleted, CASE WHEN body IS NULL THEN NULL "
        "WHEN kind IN ('interviewee', 'interview', 'consent') THEN body ELSE '' END, "
        "device_id, sequence, interview_id FROM records ORDER BY kind, record_id, version, deleted"
    )
    for kind, record_id, *rest in itertools.chain(cursor, [(None, None)]):
        if key is not None and (kind, record_id) != key:
            yield _derived(key[0], key[1], group[::-1])
            group = []
        key = (kind, record_id)
        group.append(tuple(rest))


def rebuild(connection: Connection, *, owner: bool = True) -> int:
    """Drop the consolidated view and derive it again from `records` (inside the caller's
    transaction), in one pass over them, and the interviews' counts from it; the number of
    records it holds. The owner of the tables (the file store, a server's migrations) drops
    the index first and makes it again after, which is faster; another role (a server's
    custodian) may only write rows."""
    count = rebuild_view(connection, owner=owner)
    recount_all(connection)
    return count


def rebuild_view(connection: Connection, *, owner: bool = True) -> int:
    """`rebuild` without the counts: what the upgrade to schema 3 derives (the counts
    come with schema 9)."""
    if owner:
        connection.execute("DROP INDEX current_by_interview")
    connection.execute("DELETE FROM current_records")
    count = 0
    rows = _derive_all(connection)
    while batch := list(itertools.islice(rows, 1000)):
        connection.executemany(_INSERT, batch)
        count += len(batch)
    if owner:
        connection.execute(INDEX)
    return count


def drift(connection: Connection) -> list[tuple[str, str]]:
    """(kind, id) of every record whose row in the consolidated view is not what the
    evidence gives (missing, extra or different), then ("interview_counts", id) of every
    interview whose counts are not those the evidence gives: empty when the view is
    sound."""
    stored = connection.execute("SELECT * FROM current_records ORDER BY kind, record_id")
    found = []
    given: dict[str, dict[str, int]] = {}
    mine = next(stored, None)
    for derived in _derive_all(connection):
        if not derived[3] and derived[7] is not None:
            held = given.setdefault(str(derived[7]), {})
            held[derived[0]] = held.get(derived[0], 0) + 1
        while mine is not None and tuple(mine[:2]) < tuple(derived[:2]):
            found.append((mine[0], mine[1]))
            mine = next(stored, None)
        if mine is None or tuple(mine[:2]) != tuple(derived[:2]):
            found.append((derived[0], derived[1]))
            continue
        if tuple(mine) != tuple(derived):
            found.append((derived[0], derived[1]))
        mine = next(stored, None)
    while mine is not None:
        found.append((mine[0], mine[1]))
        mine = next(stored, None)
    kept = counts(connection)
    found += [
        ("interview_counts", interview_id)
        for interview_id in sorted(given.keys() | kept.keys())
        if given.get(interview_id) != kept.get(interview_id)
    ]
    return found


def _current(row: tuple[Any, ...]) -> Current:
    kind, record_id, version, body, device_id, sequence, versions, interview_id, imported = row
    return Current(
        kind,
        record_id,
        version,
        json.loads(body),
        device_id,
        sequence,
        versions,
        interview_id,
        bool(imported),
    )


_CURRENT = (
    "SELECT c.kind, c.record_id, c.version, r.body, c.device_id, c.sequence, c.versions, "
    "c.interview_id, c.imported FROM current_records c JOIN records r ON r.kind = c.kind "
    "AND r.record_id = c.record_id AND r.version = c.version AND r.deleted = 0"
)


def current(connection: Connection, kind: str) -> list[Current]:
    """Every current, not deleted record of `kind`, by id."""
    return [
        _current(row)
        for row in connection.execute(
            _CURRENT + " WHERE c.kind = ? AND c.deleted = 0 ORDER BY c.record_id", (kind,)
        )
    ]


def of_interview(connection: Connection, interview_id: str) -> list[Current]:
    """Every current, not deleted record of one interview (all kinds)."""
    return [
        _current(row)
        for row in connection.execute(
            _CURRENT + " WHERE c.interview_id = ? AND c.deleted = 0 ORDER BY c.kind, c.record_id",
            (interview_id,),
        )
    ]


def one(connection: Connection, kind: str, record_id: str) -> Current | None:
    row = connection.execute(
        _CURRENT + " WHERE c.kind = ? AND c.record_id = ? AND c.deleted = 0", (kind, record_id)
    ).fetchone()
    return _current(row) if row is not None else None


def held(connection: Connection, kind: str, record_id: str) -> bool:
    """Whether a current, not deleted version of the record is held, read without its
    body (a role that ingests or imports needs no right to read testimony for this)."""
    row = connection.execute(
        "SELECT 1 FROM current_records WHERE kind = ? AND record_id = ? AND deleted = 0",
        (kind, record_id),
    ).fetchone()
    return row is not None


def versions(connection: Connection, kind: str, record_id: str) -> list[Version]:
    """Every version held of one record, oldest first, with the package it came in."""
    return [
        Version(
            version,
            bool(deleted),
            sha,
            device_id,
            sequence,
            package_sha,
            received_at,
            device_id.startswith(IMPORT_PREFIX),
        )
        for version, deleted, sha, device_id, sequence, package_sha, received_at in (
            connection.execute(
                "SELECT r.version, r.deleted, r.body_sha256, r.device_id, r.sequence, "
                "p.sha256, p.received_at FROM records r LEFT JOIN packages p "
                "ON p.device_id = r.device_id AND p.sequence = r.sequence "
                "WHERE r.kind = ? AND r.record_id = ? ORDER BY r.version, r.deleted",
                (kind, record_id),
            )
        )
    ]


def version_body(connection: Connection, kind: str, record_id: str, version: int) -> str | None:
    """The body of one earlier version, exactly as received."""
    row = connection.execute(
        "SELECT body FROM records WHERE kind = ? AND record_id = ? AND version = ? AND deleted = 0",
        (kind, record_id, version),
    ).fetchone()
    return None if row is None else row[0]
