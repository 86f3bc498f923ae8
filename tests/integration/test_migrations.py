"""Every migration, from an empty database and from the schema before it."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from app.store import migrate
from app.store.connection import Connection, connect, enable_wal

KEY = secrets.token_bytes(32)
IID = "11111111-1111-4111-8111-111111111111"
SID = "22222222-2222-4222-8222-222222222222"
T = "2026-11-22T10:00:00+00:00"


def _seed_v1(connection: Connection) -> None:
    """Rows valid at schema 1: an interviewee, an interview, a session, a segment."""
    frame = "?, 1, ?, ?, ?"
    connection.execute(
        f"INSERT INTO interviewees (id, version, created_at, updated_at, body, code) "
        f"VALUES ({frame}, 'SLK-AAAA-BBBB')",
        ("33333333-3333-4333-8333-333333333333", T, T, "{}"),
    )
    connection.execute(
        f"INSERT INTO interviews (id, version, created_at, updated_at, body, interviewee_id, "
        f"code, status) VALUES ({frame}, ?, 'SLK-CCCC-DDDD', 'draft')",
        (IID, T, T, "{}", "33333333-3333-4333-8333-333333333333"),
    )
    connection.execute(
        f"INSERT INTO sessions (id, version, created_at, updated_at, body, interview_id, number) "
        f"VALUES ({frame}, ?, 1)",
        (SID, T, T, "{}", IID),
    )
    connection.execute(
        f"INSERT INTO transcript_segments (id, version, created_at, updated_at, body, "
        f"interview_id, session_id, ordinal) VALUES ({frame}, ?, ?, 0)",
        (
            "44444444-4444-4444-8444-444444444444",
            T,
            T,
            '{"text": "보위부에서 조사를 받았습니다"}',
            IID,
            SID,
        ),
    )


def _seed_v2(connection: Connection) -> None:
    connection.execute(
        "INSERT INTO audit_log VALUES (1, ?, 'test', 'create', 'interview', ?, 'c', 'p', 'e')",
        (T, IID),
    )


def _after_v1(connection: Connection) -> None:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"interviewees", "identities", "interviews", "answers", "element_tags"} <= tables


def _after_v2(connection: Connection) -> None:
    connection.execute(
        "INSERT INTO audit_log VALUES (2, ?, 'test', 'event', 'x', 'y', 'c', 'e', 'f')", (T,)
    )
    with pytest.raises(Exception, match="append-only"):
        connection.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(Exception, match="append-only"):
        connection.execute("DELETE FROM audit_log")


def _after_v3(connection: Connection) -> None:
    hits = connection.execute(
        "SELECT count(*) FROM transcript_fts WHERE transcript_fts MATCH '보위부'"
    ).fetchone()[0]
    seeded = connection.execute("SELECT count(*) FROM transcript_segments").fetchone()[0]
    assert hits == seeded  # the segments written before the index are found by it
    connection.execute("INSERT INTO transcript_fts(transcript_fts) VALUES ('integrity-check')")


def _seed_v4(connection: Connection) -> None:
    """Before the search index: a text answer and an incident, besides the segment."""
    frame = "?, 1, ?, ?, ?"
    connection.execute(
        f"INSERT INTO answers (id, version, created_at, updated_at, body, interview_id, "
        f"question_id, position) VALUES ({frame}, ?, 'q.narrative', '')",
        (
            "55555555-5555-4555-8555-555555555555",
            T,
            T,
            '{"value": {"type": "text", "text": "국가보위성 사람이 왔다"}}',
            IID,
        ),
    )
    connection.execute(
        f"INSERT INTO incidents (id, version, created_at, updated_at, body, interview_id) "
        f"VALUES ({frame}, ?)",
        ("66666666-6666-4666-8666-666666666666", T, T, '{"title": "보위부 구류장"}', IID),
    )


def _written(connection: Connection) -> int:
    return sum(
        connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("transcript_segments", "answers", "incidents")
    )


def _after_v5(connection: Connection) -> None:
    names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "transcript_fts" not in names and "search_fts" in names
    if connection.execute("SELECT count(*) FROM transcript_segments").fetchone()[0] == 0:
        _seed_v1(connection)  # from empty: written after the migration, queued by trigger
    # Everything written before is queued (indexing is checked at the newest schema).
    assert connection.execute("SELECT count(*) FROM search_pending").fetchone()[0] == (
        _written(connection)
    )
    columns = [r[1] for r in connection.execute("PRAGMA table_info(search_fts)")]
    assert columns == ["bi", "uni", "latin"]


def _after_v7(connection: Connection) -> None:
    from app.search.names import entry_key

    columns = [r[1] for r in connection.execute("PRAGMA table_info(search_fts)")]
    assert columns == ["bi", "uni", "latin", "ref"]
    if connection.execute("SELECT count(*) FROM transcript_segments").fetchone()[0] == 0:
        _seed_v1(connection)
    # Whatever the index held before is gone and everything is queued again (indexing
    # itself is checked at the newest schema, AFTER[8]).
    assert connection.execute("SELECT count(*) FROM search_docs").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM search_pending").fetchone()[0] == (
        _written(connection)
    )
    key = entry_key("ag.mss")
    connection.execute("INSERT INTO search_fts(rowid, ref) VALUES (7, ?)", (key,))
    found = connection.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (f'ref : "{key}"',)
    ).fetchall()
    assert [tuple(r) for r in found] == [(7,)]
    connection.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")


def _seed_v7(connection: Connection) -> None:
    """An index at schema 7 holding English words, which 8 must list in search_terms."""
    connection.execute(
        "INSERT INTO search_fts(rowid, bi, uni, latin, ref) "
        "VALUES (99, '', '', 'Bowibu officers beat', '')"
    )


def _after_v8(connection: Connection) -> None:
    from app.search.index import terms_starting

    if connection.execute("SELECT count(*) FROM search_fts").fetchone()[0]:  # from 7
        assert terms_starting(connection, "b") == ["beat", "bowibu"]
        assert terms_starting(connection, "o") == ["officers"]
    # Indexing itself is checked at the newest schema (_indexed).


def _seed_v6(connection: Connection) -> None:
    """An index built at schema 6 (three columns), which 7 must empty and queue again."""
    connection.execute(
        "INSERT INTO search_docs(doc, kind, record_id, interview_id) VALUES (1, 'incident', ?, ?)",
        ("66666666-6666-4666-8666-666666666666", IID),
    )
    connection.execute("INSERT INTO search_fts(rowid, bi, uni, latin) VALUES (1, '보위', '', '')")
    connection.execute("DELETE FROM search_pending")


def _after_v6(connection: Connection) -> None:
    if connection.execute("SELECT count(*) FROM interviews").fetchone()[0] == 0:
        _seed_v1(connection)
    connection.execute(
        "INSERT INTO interview_stats (interview_id, answered, shown, covered, elements, "
        "updated_at) VALUES (?, 1, 2, 3, 4, ?)",
        (IID, T),
    )
    row = connection.execute("SELECT answered, elements FROM interview_stats").fetchone()
    assert tuple(row) == (1, 4)


def _after_v4(connection: Connection) -> None:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {
        "sync_device",
        "sync_trust_bundles",
        "sync_packages",
        "sync_package_items",
        "sync_held",
        "sealed_identities",
    } <= tables
    device = "INSERT INTO sync_device VALUES (?, 'dev-1', 'laptop', x'00', x'01', 'AGE', ?)"
    connection.execute(device, (1, T))
    with pytest.raises(Exception, match="CHECK"):  # one device identity per database
        connection.execute(device, (2, T))
    with pytest.raises(Exception, match="FOREIGN KEY"):  # sealed identity of a witness
        connection.execute(
            "INSERT INTO sealed_identities VALUES ('x', 1, ?, ?, '{}', 'no-such-interviewee')",
            (T, T),
        )


def _after_v9(connection: Connection) -> None:
    """The list's figures go stale with any change of answers or tags, by any writer."""
    if connection.execute("SELECT count(*) FROM interviews").fetchone()[0] == 0:
        _seed_v1(connection)
    stale = "SELECT stale FROM interview_stats WHERE interview_id = ?"
    if connection.execute("SELECT count(*) FROM answers").fetchone()[0]:
        assert connection.execute(stale, (IID,)).fetchone() == (1,)  # seeded before 9
    connection.execute("UPDATE interview_stats SET stale = 0")
    connection.execute(
        "INSERT INTO answers (id, version, created_at, updated_at, body, interview_id, "
        "question_id, position) VALUES (?, 1, ?, ?, '{}', ?, 'q.after9', '')",
        ("99999999-9999-4999-8999-999999999999", T, T, IID),
    )
    assert connection.execute(stale, (IID,)).fetchone() == (1,)
    connection.execute("UPDATE interview_stats SET stale = 0")
    connection.execute("DELETE FROM answers WHERE question_id = 'q.after9'")
    assert connection.execute(stale, (IID,)).fetchone() == (1,)


def _after_v10(connection: Connection) -> None:
    """Geneva's re-interview lists are kept, and found by the interviewee's id."""
    connection.execute("INSERT INTO reinterview_requests VALUES ('r1', ?, ?, x'7b7d')", (T, T))
    connection.execute("INSERT INTO reinterview_asks VALUES ('r1', 'person-1', ?, '', '{}')", (T,))
    plan = " ".join(
        str(row[-1])
        for row in connection.execute(
            "EXPLAIN QUERY PLAN SELECT body FROM reinterview_asks WHERE interviewee_id = ? "
            "ORDER BY made_at DESC",
            ("person-1",),
        )
    )
    assert "reinterview_asks_by_interviewee" in plan
    connection.execute("DELETE FROM reinterview_asks")
    connection.execute("DELETE FROM reinterview_requests")


def _seed_v9(connection: Connection) -> None:
    """An index at schema 9: a passage of an interview and a facility (no interview)."""
    if connection.execute("SELECT count(*) FROM interviews").fetchone()[0] == 0:
        _seed_v1(connection)
    connection.execute(
        "INSERT INTO search_docs(doc, kind, record_id, interview_id) "
        "VALUES (41, 'transcript_segment', 'seg-9', ?), (42, 'facility', 'fac-9', NULL)",
        (IID,),
    )


def _indexed(connection: Connection) -> None:
    """Indexing at the newest schema: every record, its words and names, and the rows of
    the interview-level index."""
    from app.search.index import index_pending, requeue_all, terms_starting
    from app.search.names import entry_key

    if connection.execute("SELECT count(*) FROM transcript_segments").fetchone()[0] == 0:
        _seed_v1(connection)
    written = _written(connection)
    requeue_all(connection)
    assert index_pending(connection) == written  # every record is indexed
    bigram = connection.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'bi : \"보위\"'"
    ).fetchone()[0]
    named = connection.execute(  # 보위부 names the state security agency: its key
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
        (f'ref : "{entry_key("ag.mss")}"',),
    ).fetchone()[0]
    assert bigram == named == written
    # A record indexed from now on adds its words (the update queues it again).
    connection.execute(
        "UPDATE transcript_segments SET body = json_set(body, '$.text', 'Beaten in Hoeryŏng')"
    )
    index_pending(connection)
    assert terms_starting(connection, "hoer") == ["hoeryong"]  # folded as the index folds
    assert terms_starting(connection, "b", most=0) is None  # too many to list
    connection.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    # ... and the interview-level index has a row for each interview, built in the same go
    assert connection.execute("SELECT count(*) FROM search_groups_stale").fetchone()[0] == 0
    interviews = connection.execute(
        "SELECT count(DISTINCT coalesce(interview_id, -doc)) FROM search_docs "
        "WHERE kind = 'transcript_segment'"
    ).fetchone()[0]
    grouped = connection.execute(
        "SELECT count(*) FROM search_groups WHERE search_groups MATCH 'latin : hoeryong'"
    ).fetchone()[0]
    assert grouped == interviews > 0
    connection.execute("INSERT INTO search_groups(search_groups) VALUES ('integrity-check')")


def _after_v11(connection: Connection) -> None:
    """Every group of the passage index is to be built; a record entering or leaving the
    passage index marks its interview (or itself, with no interview) to be built again."""
    from app.search.groups import mark_stale

    stale = "SELECT grp FROM search_groups_stale ORDER BY grp"
    if connection.execute("SELECT count(*) FROM search_docs").fetchone()[0]:  # from 9
        grp = connection.execute(
            "SELECT grp FROM search_group_ids WHERE interview_id = ?", (IID,)
        ).fetchone()[0]
        assert connection.execute(stale).fetchall() == [(-42,), (grp,)]
        connection.execute("DELETE FROM search_groups_stale")
        connection.execute("DELETE FROM search_docs WHERE doc = 41")
        assert connection.execute(stale).fetchall() == [(grp,)]
        connection.execute("DELETE FROM search_groups_stale")
    assert connection.execute(stale).fetchall() == []
    added = [(77, "answer", "ans-10", "interview-10"), (78, "facility", "fac-10", None)]
    connection.executemany("INSERT INTO search_docs VALUES (?, ?, ?, ?)", added)
    assert connection.execute(stale).fetchall() == []  # the indexing code marks them:
    mark_stale(connection, added)
    grp = connection.execute(
        "SELECT grp FROM search_group_ids WHERE interview_id = 'interview-10'"
    ).fetchone()[0]
    assert connection.execute(stale).fetchall() == [(-78,), (grp,)]
    connection.execute("INSERT INTO search_groups(rowid, bi) VALUES (?, '보위 위부')", (grp,))
    found = connection.execute(
        "SELECT rowid FROM search_groups WHERE search_groups MATCH 'bi : \"보위 위부\"'"
    ).fetchall()
    assert [tuple(r) for r in found] == [(grp,)]
    connection.execute("INSERT INTO search_groups(search_groups) VALUES ('integrity-check')")
    connection.execute("DELETE FROM search_docs WHERE doc IN (77, 78)")
    _indexed(connection)


def _nothing(connection: Connection) -> None:
    """Placeholder for a reserved migration; replaced by the work that fills it."""


SEED: dict[int, Callable[[Connection], None]] = {
    1: _seed_v1,
    2: _seed_v2,
    3: _nothing,
    4: _seed_v4,
    5: _nothing,
    6: _seed_v6,
    7: _seed_v7,
    8: _nothing,
    9: _seed_v9,
    10: _nothing,
}
AFTER: dict[int, Callable[[Connection], None]] = {
    1: _after_v1,
    2: _after_v2,
    3: _after_v3,
    4: _after_v4,  # sync state (issue 5)
    5: _after_v5,  # search index (issue 7)
    6: _after_v6,
    7: _after_v7,  # search index with reference names (issue 7)
    8: _after_v8,  # words of the latin column, for prefixes (issue 7)
    9: _after_v9,  # the list's figures kept by the core (issue 13)
    10: _after_v10,  # Geneva's re-interview lists (issue 18)
    11: _after_v11,  # the interview-level search index (issue 16)
}
VERSIONS = [m.version for m in migrate.available()]


def test_every_migration_has_checks() -> None:
    assert set(AFTER) == set(VERSIONS), "add an AFTER check for each new migration"
    assert set(SEED) == set(VERSIONS[:-1]), "add a SEED for the schema before the newest"


def _at(path: Path, version: int) -> Connection:
    connection = connect(path, KEY)
    enable_wal(connection, path)
    migrate.migrate(connection, path, target=version)
    for earlier in range(1, version + 1):
        if earlier in SEED:
            SEED[earlier](connection)
    return connection


@pytest.mark.parametrize("version", VERSIONS)
def test_from_empty(tmp_path: Path, version: int) -> None:
    connection = _at(tmp_path / "db", 0)
    try:
        migrate.migrate(connection, tmp_path / "db", target=version)
        assert migrate.current_version(connection) == version
        if version == 3:
            # From empty there are no segments yet: write one after the migration, and
            # set its text column as the services do (through the update trigger).
            _seed_v1(connection)
            connection.execute("UPDATE transcript_segments SET text = json_extract(body, '$.text')")
        AFTER[version](connection)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


@pytest.mark.parametrize("version", [v for v in VERSIONS if v > 1])
def test_from_previous_schema_keeps_data(tmp_path: Path, version: int) -> None:
    connection = _at(tmp_path / "db", version - 1)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%fts5%' "
                "AND name NOT LIKE '%fts_%'"
            )
            # The index's bookkeeping and the list's figures are derived from the records:
            # a migration may redo them.
            if r[0] not in ("search_docs", "search_pending", "interview_stats")
        ]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone() for t in tables}
        # Up to `version` only: AFTER[n] checks the schema as migration n left it (a later
        # migration may supersede it, as 0005 does 0003's trigram index).
        assert migrate.migrate(connection, tmp_path / "db", target=version) == [version]
        assert {
            t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone() for t in tables
        } == counts
        AFTER[version](connection)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_failed_migration_leaves_previous_version(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    connection = _at(tmp_path / "db", 1)
    broken = [*migrate.available()[:1], migrate.Migration(2, "broken", "CREATE TABLE x(;")]
    monkeypatch.setattr(migrate, "available", lambda: broken)
    try:
        with pytest.raises(Exception):
            migrate.migrate(connection, tmp_path / "db")
        assert migrate.current_version(connection) == 1
        assert not connection.in_transaction
    finally:
        connection.close()
