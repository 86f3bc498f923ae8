"""The interview-level index: a few rows of keys per interview (migration 0011).

An interview's words (and the keys of the reference entries its records name) are counted
over all its indexed records, and each distinct word is written once, in the row of its
count: row `grp * 32 + bucket`, where the bucket is the count itself up to 15, then 16
(16–31 times), 17 (32–63) and 18 (64 or more). Keys are the passage index's
(app/search/korean.py and names.py); the words of a row follow one another as in a text,
with the separator key where two words' bigrams could chain, so a term of one word (any
term the passage index answers exactly) is in one of the interview's rows exactly when one
of its records holds it. The rows a term matches tell, without reading any passage, how
often the interview holds it: the sum of their buckets' counts (`TYPICAL`), which ranks
the interview (app/search/by_interview.py). A phrase of several words is looked up in the
passage index (words of a row are not in the order of the text). A record of no interview
(a facility) is a group of its own, minus its `doc`.

Reading rows instead of passages: a common word's rows at 10,000 two-hour interviews are a
few tens of thousands, its passages about a million. FTS5's bm25() is not used: it reads
each row's size from another table, which made it fourteen times slower than the match.

The group of every record that enters (`mark_stale`) or leaves (a trigger on
`search_docs`) the passage index is marked stale; `rebuild_stale` (run by
app/search/index.py in the same transaction that indexes the queue) writes each stale
group's rows again from its records, using the words just read for the records indexed in
that batch and reading the others' again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from app.search.backend import backend_of
from app.search.documents import SOURCES, document
from app.search.korean import WORD, fold, index_columns, normalise
from app.search.names import NameFinder
from app.store.connection import Connection

Keys = tuple[str, str, str, str]
"""A record's keys for the columns bi, uni, latin, ref."""
Words = tuple[list[str], list[str]]
"""A record's words (normalised) and the keys of the reference entries it names."""

CHUNK = 500
ROWS = 32
"""Rows numbers per group: `grp * ROWS + bucket`."""
TYPICAL = {**{n: float(n) for n in range(1, 16)}, 16: 22.0, 17: 45.0, 18: 90.0}
"""The count a bucket stands for."""


def bucket(count: int) -> int:
    return count if count < 16 else 16 if count < 32 else 17 if count < 64 else 18


def group_and_count(row: int) -> tuple[int, float]:
    """The group of an interview-level row, and the count its bucket stands for."""
    return row // ROWS, TYPICAL[row % ROWS]


def record_keys(finder: NameFinder, text: str) -> tuple[Keys, str, Words]:
    """The keys of one record's text, its `latin` words folded (for search_terms), and its
    words and names for the interview's row."""
    text = normalise(text)
    columns = index_columns(text)
    folded = fold(text)
    names = finder.keys(text, folded)
    keys = (columns.bi, columns.uni, columns.latin, " ".join(names))
    return keys, fold(columns.latin), (WORD.findall(text), names)


def group_rows(records: list[Words]) -> list[tuple[int, Keys]]:
    """The rows of a group from its records' words and names, by bucket (see above)."""
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for record_words, record_names in records:
        words.update(record_words)  # counted in C
        names.update(record_names)
    by_bucket: dict[int, tuple[list[str], list[str]]] = {}
    for word, count in words.items():
        by_bucket.setdefault(bucket(count), ([], []))[0].append(word)
    for key, count in names.items():
        by_bucket.setdefault(bucket(count), ([], []))[1].append(key)
    rows = []
    for number, (listed, keys) in sorted(by_bucket.items()):
        columns = index_columns(" ".join(listed))
        rows.append((number, (columns.bi, columns.uni, columns.latin, " ".join(keys))))
    return rows


def _written(connection: Connection, grp: int) -> int:
    """Which rows of the group are written (bits, as `search_group_ids.buckets`); a record
    of no interview (few: facilities) is not followed, all its possible rows are."""
    if grp < 0:
        return sum(1 << number for number in TYPICAL)
    row = connection.execute("SELECT buckets FROM search_group_ids WHERE grp = ?", (grp,))
    found = row.fetchone()
    return 0 if found is None else int(found[0])


def stale_count(connection: Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM search_groups_stale").fetchone()[0])


def docs_of(connection: Connection, grp: int) -> list[tuple[int, str, str]]:
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
) -> dict[int, Words]:
    """The words and names of records not at hand, from their stored texts."""
    out: dict[int, Words] = {}
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
                normal = normalise(text)
                out[wanted[record_id]] = (WORD.findall(normal), finder.keys(normal))
    return out


def rebuild_stale(
    connection: Connection,
    finder: NameFinder,
    known: dict[int, Words],
    keep: frozenset[int] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> set[int]:
    """Write the row of every stale group again (not those in `keep`, which more queued
    records will change); `known` gives the keys of records at hand (others are computed
    from their texts) and loses those of the groups written. Call inside a write
    transaction. Returns the groups written. `progress` is told (records read, records of
    the stale groups) after each group: after migration 0011 every group is stale."""
    stale = [int(row[0]) for row in connection.execute("SELECT grp FROM search_groups_stale")]
    total = _records_of_stale(connection) if progress is not None else 0
    read = told = 0
    done: set[int] = set()
    for grp in stale:
        if grp in keep:
            continue
        records = docs_of(connection, grp)
        missing = [record for record in records if record[0] not in known]
        keys = known
        if missing:
            keys = {**known, **_computed(connection, finder, missing)}
        written = _written(connection, grp)
        rows = group_rows([keys[doc] for doc, _kind, _record in records if doc in keys])
        backend_of(connection).write_group(
            connection,
            grp,
            [grp * ROWS + n for n in TYPICAL if written & (1 << n)],
            [(grp * ROWS + number, *row) for number, row in rows],
            sum(1 << number for number, _row in rows),
        )
        for doc, _kind, _record in records:
            known.pop(doc, None)
        done.add(grp)
        read += len(records)
        if progress is not None and (read - told >= PROGRESS_EVERY or read >= total):
            told = read
            progress(min(read, total), total)
    return done


def expected_rows(
    connection: Connection, finder: NameFinder, grp: int
) -> list[tuple[int, str, str, str, str]]:
    """The interview-level rows (rowid, keys…) group `grp` holds when it is up to date,
    computed again from its records' texts (for a check of the index)."""
    records = docs_of(connection, grp)
    words = _computed(connection, finder, records)
    rows = group_rows([words[doc] for doc, _kind, _record in records if doc in words])
    return [(grp * ROWS + number, *row) for number, row in rows]


PROGRESS_EVERY = 2000
"""Records read between two reports of `rebuild_stale` (as index.BATCH)."""


def _records_of_stale(connection: Connection) -> int:
    """How many indexed records the stale groups hold."""
    row = connection.execute(
        "SELECT (SELECT count(*) FROM search_docs d JOIN search_group_ids g "
        "ON g.interview_id = d.interview_id JOIN search_groups_stale s ON s.grp = g.grp) + "
        "(SELECT count(*) FROM search_groups_stale WHERE grp < 0)"
    ).fetchone()
    return int(row[0])


def mark_stale(connection: Connection, docs: list[tuple[int, str, str, str | None]]) -> None:
    """Mark the groups of records just added to the passage index (doc, kind, record id,
    interview id) to be written again, numbering the interviews not yet numbered."""
    interviews = sorted({interview for *_rest, interview in docs if interview is not None})
    connection.executemany(
        "INSERT OR IGNORE INTO search_group_ids(interview_id) VALUES (?)",
        [(interview,) for interview in interviews],
    )
    connection.execute(
        "INSERT OR IGNORE INTO search_groups_stale(grp) SELECT grp FROM search_group_ids "
        "WHERE interview_id IN (SELECT value FROM json_each(?))",
        (json.dumps(interviews),),
    )
    connection.executemany(
        "INSERT OR IGNORE INTO search_groups_stale(grp) VALUES (?)",
        [(-doc,) for doc, _kind, _record, interview in docs if interview is None],
    )


def group_of(connection: Connection, interview_id: str | None, doc: int) -> int | None:
    """The group a record of the passage index belongs to."""
    if interview_id is None:
        return -doc
    row = connection.execute(
        "SELECT grp FROM search_group_ids WHERE interview_id = ?", (interview_id,)
    ).fetchone()
    return None if row is None else int(row[0])
