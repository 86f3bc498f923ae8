"""The interview-level index: one row of keys per interview (migration 0010).

The row of an interview holds the keys of every indexed record of it (the same keys as the
passage index, app/search/korean.py and names.py), record after record, in the order of
the passage index. Between two records the `bi` column has the separator key, so that a
term's phrase of bigrams still matches only inside one word of one record: a term the
passage index answers exactly, this row answers exactly too, for the whole interview.
A record of no interview (a facility) is a group of its own, row minus its `doc`.

Triggers on `search_docs` mark the group of every record that enters or leaves the passage
index stale; `rebuild_stale` (run by app/search/index.py in the same transaction that
indexes the queue) writes each stale group's row again from its records, using the keys
just computed for the records indexed in that batch and computing the others' again.
"""

from __future__ import annotations

import json

from app.search.documents import SOURCES, document
from app.search.korean import SEPARATOR, fold, index_columns, normalise
from app.search.names import NameFinder
from app.store.connection import Connection

Keys = tuple[str, str, str, str]
"""A record's keys for the columns bi, uni, latin, ref."""

CHUNK = 500


def record_keys(finder: NameFinder, text: str) -> tuple[Keys, str]:
    """The keys of one record's text, and its `latin` words folded (for search_terms)."""
    text = normalise(text)
    columns = index_columns(text)
    folded = fold(text)
    names = " ".join(finder.keys(text, folded))
    return (columns.bi, columns.uni, columns.latin, names), fold(columns.latin)


def stale_count(connection: Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM search_groups_stale").fetchone()[0])


def _docs_of(connection: Connection, grp: int) -> list[tuple[int, str, str]]:
    """(doc, kind, record_id) of the group's indexed records, in index order."""
    if grp < 0:
        rows = connection.execute(
            "SELECT doc, kind, record_id FROM search_docs WHERE doc = ? AND interview_id IS NULL",
            (-grp,),
        ).fetchall()
    else:
        rows = connection.execute(
            "SELECT doc, kind, record_id FROM search_docs WHERE interview_id = "
            "(SELECT interview_id FROM search_group_ids WHERE grp = ?) ORDER BY doc",
            (grp,),
        ).fetchall()
    return [(int(doc), str(kind), str(record_id)) for doc, kind, record_id in rows]


def _computed(
    connection: Connection, finder: NameFinder, records: list[tuple[int, str, str]]
) -> dict[int, Keys]:
    """The keys of records whose keys were not at hand, from their stored texts."""
    out: dict[int, Keys] = {}
    by_kind: dict[str, dict[str, int]] = {}
    for doc, kind, record_id in records:
        by_kind.setdefault(kind, {})[record_id] = doc
    for kind, wanted in by_kind.items():
        ids = list(wanted)
        for begin in range(0, len(ids), CHUNK):
            part = json.dumps(ids[begin : begin + CHUNK])
            for record_id, body in connection.execute(
                f'SELECT id, body FROM "{SOURCES[kind]}" '  # noqa: S608 - fixed table names
                "WHERE id IN (SELECT value FROM json_each(?))",
                (part,),
            ):
                text = document(kind, record_id, body).text
                out[wanted[record_id]] = record_keys(finder, text)[0]
    return out


def rebuild_stale(
    connection: Connection,
    finder: NameFinder,
    known: dict[int, Keys],
    keep: frozenset[int] = frozenset(),
) -> set[int]:
    """Write the row of every stale group again (not those in `keep`, which more queued
    records will change); `known` gives the keys of records at hand (others are computed
    from their texts) and loses those of the groups written. Call inside a write
    transaction. Returns the groups written."""
    stale = [int(row[0]) for row in connection.execute("SELECT grp FROM search_groups_stale")]
    done: set[int] = set()
    for grp in stale:
        if grp in keep:
            continue
        records = _docs_of(connection, grp)
        missing = [record for record in records if record[0] not in known]
        keys = known
        if missing:
            keys = {**known, **_computed(connection, finder, missing)}
        connection.execute("DELETE FROM search_groups WHERE rowid = ?", (grp,))
        rows = [keys[doc] for doc, _kind, _record in records if doc in keys]
        if rows:
            connection.execute(
                "INSERT INTO search_groups(rowid, bi, uni, latin, ref) VALUES (?, ?, ?, ?, ?)",
                (
                    grp,
                    f" {SEPARATOR} ".join(row[0] for row in rows),
                    " ".join(row[1] for row in rows),
                    " ".join(row[2] for row in rows),
                    " ".join(row[3] for row in rows),
                ),
            )
        connection.execute("DELETE FROM search_groups_stale WHERE grp = ?", (grp,))
        for doc, _kind, _record in records:
            known.pop(doc, None)
        done.add(grp)
    return done


def group_of(connection: Connection, interview_id: str | None, doc: int) -> int | None:
    """The group a record of the passage index belongs to."""
    if interview_id is None:
        return -doc
    row = connection.execute(
        "SELECT grp FROM search_group_ids WHERE interview_id = ?", (interview_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def clear(connection: Connection) -> None:
    """Empty the interview-level index (with the passage index, `index.requeue_all`)."""
    connection.execute("INSERT INTO search_groups(search_groups) VALUES ('delete-all')")
    connection.execute("DELETE FROM search_groups_stale")
