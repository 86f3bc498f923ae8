"""`repository check` of the search index: does it answer for every current record?

The index is derived from the consolidated view (search_schema.py). On the server the
readers' own clients write it, through the owner's functions, which follow the queue but
cannot know whether the keys a client computed are the record's words; and before schema
version 6 a reader could write its tables directly. So the check compares the index with
the view:

- every current searchable record with text is indexed or queued;
- nothing is indexed that is no longer current;
- every indexed record whose text gives keys has them (on the server, its rows of
  `search_fts`; the file's FTS5 index keeps no rows to count);
- with `--keys`, on the server: each record's keys and each interview's rows are its
  words, and each interview's keys without positions (`search_group_terms`) and pairs of
  adjacent keys (`search_group_pairs`) its rows'.

`repair` queues again each record in question (one no longer current then simply leaves);
the next search indexes them. Reading their texts is a read of testimony (in the access
log); a role that may not read the index (the intake officer's) is told it was not checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_, Marked
from app.search import groups, index
from app.search.backend import backend_of
from app.search.documents import document
from app.search.groups import record_keys
from app.search.names import default_finder
from app.store.connection import Connection
from app.sync.repository import search_index, search_schema, search_tsquery
from app.sync.repository.search import Source
from app.sync.repository.search_schema import KINDS
from app.sync.repository.store import Repository

NOT_INDEXED = N_("current, but neither indexed nor queued: searches miss it")
NOT_CURRENT = N_("indexed, but no longer current")
NO_KEYS = N_("indexed without its keys: searches miss it")
WRONG_KEYS = N_("indexed under keys that are not its words")
WRONG_GROUP = N_("the interview's rows of the index are not its records' words")
WRONG_TERMS = N_("the interview's keys without positions are not those of its rows")
WRONG_PAIRS = N_("the interview's pairs of adjacent keys are not those of its rows")
QUEUED_AGAIN = N_("queued again: the next search indexes it")


@dataclass(frozen=True)
class Drift:
    kind: str
    record_id: str
    detail: Marked
    doc: int | None = None
    group: int | None = None
    by: str | None = None
    """Who wrote the index rows in question (on the server)."""

    @property
    def path(self) -> str:
        return f"search index {self.kind}:{self.record_id}"


@dataclass
class IndexReport:
    checked: bool = True
    drift: list[Drift] = field(default_factory=list)
    repaired: list[Drift] = field(default_factory=list)


def _texts(connection: Connection, records: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The searchable text of these records (none for a record no longer held)."""
    return {
        (kind, record_id): document(kind, record_id, body).text
        for (kind, record_id), body in index.bodies(connection, records).items()
    }


def _has_keys(text: str) -> bool:
    keys, _latin, _words = record_keys(default_finder(), text)
    return bool(search_tsquery.vectors(keys))


def _drift(connection: Connection, server: bool) -> list[Drift]:
    unindexed = [
        (str(kind), str(record_id))
        for kind, record_id in connection.execute(
            "SELECT c.kind, c.record_id FROM current_records c "  # noqa: S608 - fixed names
            f"WHERE c.deleted = 0 AND c.kind IN ({KINDS}) AND NOT EXISTS (SELECT 1 FROM "
            "search_docs d WHERE d.kind = c.kind AND d.record_id = c.record_id) "
            "AND NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.kind = c.kind "
            "AND p.record_id = c.record_id) ORDER BY c.kind, c.record_id"
        )
    ]
    texts = _texts(connection, unindexed)
    found = [
        Drift(kind, record_id, NOT_INDEXED)
        for kind, record_id in unindexed
        if texts.get((kind, record_id), "").strip()
    ]
    found += [
        Drift(str(kind), str(record_id), NOT_CURRENT, int(doc))
        for doc, kind, record_id in connection.execute(
            "SELECT d.doc, d.kind, d.record_id FROM search_docs d WHERE NOT EXISTS "
            "(SELECT 1 FROM current_records c WHERE c.kind = d.kind "
            "AND c.record_id = d.record_id AND c.deleted = 0) ORDER BY d.doc"
        )
    ]
    if server:
        keyless = [
            (int(doc), str(kind), str(record_id))
            for doc, kind, record_id in connection.execute(
                "SELECT d.doc, d.kind, d.record_id FROM search_docs d WHERE NOT EXISTS "
                "(SELECT 1 FROM search_fts f WHERE f.rowid = d.doc) ORDER BY d.doc"
            )
        ]
        texts = _texts(connection, [(kind, record_id) for _doc, kind, record_id in keyless])
        found += [
            Drift(kind, record_id, NO_KEYS, doc)
            for doc, kind, record_id in keyless
            if _has_keys(texts.get((kind, record_id), ""))
        ]
    return found


_DIFFERING = (
    "SELECT DISTINCT rowid FROM ("
    "(SELECT rowid, keys FROM {table} WHERE rowid = ANY(?) EXCEPT ALL "
    "SELECT (x->>0)::BIGINT, (x->>1)::TSVECTOR FROM jsonb_array_elements(?::jsonb) x) "
    "UNION ALL (SELECT (x->>0)::BIGINT, (x->>1)::TSVECTOR FROM jsonb_array_elements(?::jsonb) x "
    "EXCEPT ALL SELECT rowid, keys FROM {table} WHERE rowid = ANY(?))) d"
)
"""The rows of `table` among these rowids whose keys differ from the expected ones."""


def _differing(
    connection: Connection, table: str, rowids: list[int], expected: list[tuple[Any, ...]]
) -> set[int]:
    vectors = json.dumps(search_index.vectors_of(expected), ensure_ascii=False)
    return {
        int(row[0])
        for row in connection.execute(
            _DIFFERING.format(table=table), (rowids, vectors, vectors, rowids)
        )
    }


def _wrong_keys(connection: Connection) -> list[Drift]:
    """On the server: every indexed record's keys, and every interview's rows, computed
    again from the texts and compared with what the index holds (as long as indexing
    everything: `repository check --keys`)."""
    finder = default_finder()
    found: list[Drift] = []
    docs = [
        (int(doc), str(kind), str(record_id))
        for doc, kind, record_id in connection.execute(
            "SELECT doc, kind, record_id FROM search_docs ORDER BY doc"
        )
    ]
    indexed_by = dict(connection.execute("SELECT doc, indexed_by FROM search_docs").fetchall())
    alone = connection.execute(  # records of no interview: each a group of its own
        "SELECT doc, kind, record_id FROM search_docs WHERE interview_id IS NULL ORDER BY doc"
    ).fetchall()
    for begin in range(0, len(docs), 500):
        part = docs[begin : begin + 500]
        texts = _texts(connection, [(kind, record_id) for _doc, kind, record_id in part])
        expected = [
            (doc, *record_keys(finder, texts.get((kind, record_id), ""))[0])
            for doc, kind, record_id in part
        ]
        differing = _differing(connection, "search_fts", [doc for doc, *_ in part], expected)
        found += [
            Drift(kind, rid, WRONG_KEYS, doc, by=indexed_by.get(doc))
            for doc, kind, rid in part
            if doc in differing
        ]
    stale = {int(row[0]) for row in connection.execute("SELECT grp FROM search_groups_stale")}
    kept = [
        (int(grp), str(interview_id))
        for grp, interview_id in connection.execute(
            "SELECT grp, interview_id FROM search_group_ids ORDER BY grp"
        )
    ]
    kept += [(-int(doc), f"{kind}:{rid}") for doc, kind, rid in alone]
    for grp, name in kept:
        if grp in stale:
            continue  # written again before the next search
        expected = groups.expected_rows(connection, finder, grp)
        rowids = list(range(grp * groups.ROWS, grp * groups.ROWS + groups.ROWS))
        if _differing(connection, "search_groups", rowids, list(expected)):
            by = connection.execute(
                "SELECT string_agg(DISTINCT written_by, ', ') FROM search_groups "
                "WHERE rowid BETWEEN ? AND ?",
                (rowids[0], rowids[-1]),
            ).fetchone()[0]
            found.append(Drift("interview", name, WRONG_GROUP, None, grp, by))
        elif _differ(connection, "search_group_terms", grp, rowids[0], rowids[-1]):
            found.append(Drift("interview", name, WRONG_TERMS, None, grp))
        elif _differ(connection, "search_group_pairs", grp, rowids[0], rowids[-1]):
            found.append(Drift("interview", name, WRONG_PAIRS, None, grp))
    return found


_OF_GROUP = {
    "search_group_terms": search_schema.TERMS_OF_GROUP,
    "search_group_pairs": search_schema.PAIRS_OF_GROUP,
}


def _differ(connection: Connection, table: str, grp: int, first: int, last: int) -> bool:
    """Whether the group's keys without positions (`search_group_terms`, schema 10) or
    pairs of adjacent keys (`search_group_pairs`, 11), written by the owner's triggers
    alone, are not those its rows give."""
    held = connection.execute(
        f"SELECT * FROM {table} WHERE grp = ?",  # noqa: S608 - one of two tables
        (grp,),
    ).fetchall()
    given = connection.execute(_OF_GROUP[table], (first, last)).fetchall()
    return set(map(tuple, held)) != set(map(tuple, given))


def check_index(repository: Repository, *, repair: bool = False, keys: bool = False) -> IndexReport:
    """Compare the search index with the consolidated view (with `keys`, on the server,
    every record's keys too); with `repair`, queue again every record in question."""
    if not repository.may_read("search_docs", "current_records"):
        return IndexReport(checked=False)
    repository.read_testimony("check", "search index")
    source = Source(repository)
    deep = keys and source.server
    report = IndexReport()
    if not repair:
        with source.reading() as connection:
            report.drift = _drift(connection, source.server)
            if deep:
                report.drift += _wrong_keys(connection)
        return report
    with source.transaction() as connection:
        found = _drift(connection, source.server)
        if deep:
            found += _wrong_keys(connection)
        backend = backend_of(connection)
        docs = sorted({item.doc for item in found if item.doc is not None})
        for item in found:
            if item.group is not None:  # its records, queued again, write it again
                docs += [doc for doc, _kind, _rid in groups.docs_of(connection, item.group)]
        docs = sorted(set(docs))
        if docs:
            backend.requeue(connection, docs)
        backend.queue(
            connection,
            [
                (item.kind, item.record_id)
                for item in found
                if item.doc is None and item.group is None
            ],
        )
    report.repaired = [Drift(item.kind, item.record_id, QUEUED_AGAIN) for item in found]
    index.refresh_in_batches(source)  # indexed now, as the next search would
    return report
