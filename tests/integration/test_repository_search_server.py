"""Repository search on the PostgreSQL server: every search (its query) and every
interview it shows in the access log, in the searcher's name; the intake officer, who may not read
testimony, refused before anything is read (exit 81, in the user's language); two
analysts searching at once both answered; a file and a server repository holding the
same testimony give the same answers."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import TextValue
from app.i18n import set_language
from app.search import index
from app.sync.export import export_package
from app.sync.repository import move, search_schema
from app.sync.repository.ingest import ingest
from app.sync.repository.search import Source, search
from app.sync.repository.server_errors import CHANGE_INDEX, READ_TESTIMONY, AccessRefused
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.integration.test_repository_search import (
    LONG,
    MORE,
    make_testimony,
    received,
    shown,
)
from tests.integration.test_repository_server_roles import Team
from tests.integration.test_repository_server_roles import team as team  # the fixture, by its name
from tests.integration.test_search_by_interview import QUERIES, corpus
from tests.postgres_support import SUPERUSER, Cluster
from tests.repository_support import drop_schema_8, interview, schema_version, ship, statements_sent
from tests.support import FAST_KDF
from tests.sync_support import GENEVA_PASSPHRASE


def _repo(team: Team) -> list[str]:
    secret = team.folder.parent / "passphrase"
    secret.write_text(GENEVA_PASSPHRASE + "\n")
    return ["--repo", str(team.folder), "--passphrase-file", str(secret)]


def test_each_interview_a_search_shows_is_in_the_access_log(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with team.open(team.analyst) as analyst:
        codes = {g.interview_code for g in search(analyst, "조사를").groups}
    assert len(codes) == 1
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "search", "구류장", *_repo(team)]) == 0
    assert codes.pop() in capsys.readouterr().out
    monkeypatch.setenv("PGUSER", team.legal)
    assert main(["repository", "access-log", "--json", *_repo(team)]) == 0
    rows = json.loads(capsys.readouterr().out)
    with team.open(team.legal) as legal:
        code = search(legal, "구류장").groups[0].interview_code
    # what was searched for (one witness's name, say) as well as what was shown (review m8)
    assert [(row["who"], row["what"], row["detail"]) for row in rows] == [
        (team.analyst, "search-query", "조사를"),
        (team.analyst, "search", code),
        (team.analyst, "search-query", "구류장"),
        (team.analyst, "search", code),
    ]


def test_the_intake_officer_cannot_search(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with team.open(team.intake) as intake:
        interview(team.seoul)
        ship(team.seoul, intake)  # the view's triggers queue it without reading it
        with pytest.raises(AccessRefused) as refused:
            search(intake, "조사를")
        assert refused.value.params == {"role": team.intake, "what": READ_TESTIMONY}
    monkeypatch.setenv("PGUSER", team.intake)
    monkeypatch.setenv("SILLOK_LANGUAGE", "ko")
    assert main(["repository", "search", "조사를", *_repo(team)]) == 81
    err = capsys.readouterr().err
    assert team.intake in err and "증언" in err and "may not" not in err
    with team.open(team.analyst) as analyst:  # both interviews, indexed by the analyst
        assert search(analyst, "조사를").total == 2


def test_two_analysts_searching_at_once(team: Team) -> None:
    interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    found: list[int] = []
    failed: list[BaseException] = []

    def one() -> None:
        try:
            with team.open(team.analyst) as analyst:
                found.append(search(analyst, "구류장").total)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failed.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed and found == [2, 2]


def test_the_same_answers_from_the_file_and_the_server(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same testimony received by a file repository and a server one: every query
    gives the same interview codes in the same order, counts, passages and totals."""
    monkeypatch.setenv("PGUSER", SUPERUSER)
    made = make_testimony([*corpus(23, 25), [LONG]])
    stores = []
    for name, server in (("file", None), ("server", postgres_cluster.new_database())):
        geneva = Repository.init(
            tmp_path / name, GENEVA_PASSPHRASE, kdf_params=FAST_KDF, server=server
        )
        received(geneva, made)
        stores.append(geneva)
    for text, exact in [*QUERIES, *MORE]:
        for limit, offset, passages in ((1000, 0, 0), (3, 2, 3)):
            one, other = (
                search(store, text, exact=exact, limit=limit, offset=offset, passages=passages)
                for store in stores
            )
            assert (one.total, shown(one)) == (other.total, shown(other)), text
    for geneva in stores:
        geneva.close()


def test_a_file_repository_moved_to_the_server_searches_the_same(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is derived, not moved: the server indexes the view's copy anew."""
    monkeypatch.setenv("PGUSER", SUPERUSER)
    geneva = Repository.init(tmp_path / "geneva", GENEVA_PASSPHRASE, kdf_params=FAST_KDF)
    received(geneva, make_testimony(corpus(5, 8)))
    before = {text: shown(search(geneva, text, exact=exact)) for text, exact in QUERIES[:12]}
    move.move_to_postgres(geneva, GENEVA_PASSPHRASE, postgres_cluster.new_database(), FAST_KDF)
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as moved:
        assert moved.store.kind == "postgres"
        after = {text: shown(search(moved, text, exact=exact)) for text, exact in QUERIES[:12]}
    assert after == before and any(before.values())


def _until_waiting_or_done(watcher: Repository, thread: threading.Thread, tries: int) -> int:
    """How many sessions wait for a lock, once one does or `thread` has ended (polled
    every 50 ms, `tries` times at most)."""
    waiting = 0
    for _ in range(tries):
        waiting = watcher.connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).fetchone()[0]
        if waiting or not thread.is_alive():
            break
        time.sleep(0.05)
    return int(waiting)


def test_ingest_waits_for_a_search_that_indexes_and_neither_fails(team: Team) -> None:
    """A search indexing the queue holds its lock; an ingest that brings a new version of
    an indexed record waits for it without holding any lock of the index (else each
    would wait for the other: PostgreSQL would end one with a deadlock error)."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 1  # indexed
    with team.seoul.database.reading() as laptop:
        interview_id = laptop.execute("SELECT id FROM interviews").fetchone()[0]
    answer = team.seoul.services.answers.save(
        interview_id,
        "q.narrative.0",
        TextValue(text="석 달 동안 갇혀 있었습니다"),
    )
    made = export_package(team.seoul.database, team.seoul.folder / "usb", actor="officer")
    failed: list[BaseException] = []

    def ingest_it() -> None:
        try:
            with team.open(team.intake) as intake:
                ingest(intake, made.path)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failed.append(error)

    with team.open(team.analyst) as analyst, team.open(SUPERUSER) as watcher:
        with Source(analyst).transaction() as connection:  # the lock a search takes
            thread = threading.Thread(target=ingest_it)
            thread.start()
            waiting = _until_waiting_or_done(watcher, thread, 600)
            assert waiting == 1, failed
            (doc,) = connection.execute(  # what indexing does to a record queued again
                "SELECT doc FROM search_docs WHERE kind = 'answer' AND record_id = ?",
                (str(answer.id),),
            ).fetchone()
            connection.execute("SELECT sillok_search_requeue(?::jsonb)", (json.dumps([doc]),))
        thread.join()
        assert not failed
        assert [g.interview_code for g in search(analyst, "갇혀").groups] != []
        assert search(analyst, "받았습니다").total == 0  # the old version of the answer


INDEX_WRITES = (
    "DELETE FROM search_docs",
    "DELETE FROM search_fts",
    "DELETE FROM search_groups",
    "DELETE FROM search_pending",
    "INSERT INTO search_pending(kind, record_id) VALUES ('answer', 'x')",
    "UPDATE search_meta SET value = ''",
    "TRUNCATE search_docs",
)


def test_no_reader_may_change_the_index_yet_searches_find_what_came_in(team: Team) -> None:
    """Review M5: a reader who could write the index could take records out of everyone's
    searches. Readers read it; they index only through the owner's functions, which
    follow the queue: nothing enters that was not queued, nothing leaves but to be queued
    again; the intake officer may not even call them."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 1  # the analyst's search indexed it
    for user in (team.analyst, team.legal, team.custodian):
        with team.open(user) as reader:
            for sql in INDEX_WRITES:
                with pytest.raises(AccessRefused) as refused, reader.transaction() as connection:
                    connection.execute(sql)
                assert refused.value.exit_code == 81
                assert refused.value.params == {"role": user, "what": CHANGE_INDEX}, sql
            with pytest.raises(AccessRefused) as refused, reader.transaction() as connection:
                connection.execute(  # a record that was never queued
                    "SELECT sillok_search_add(?, ?::jsonb, '[]', '[]')",
                    (2**40, json.dumps([[2**40, "answer", "x", None]])),
                )
            assert refused.value.params == {"role": user, "what": CHANGE_INDEX}
    set_language("ko")
    try:
        said = refused.value.message()
    finally:
        set_language("en")
    assert team.custodian in said and "색인" in said and "may not" not in said
    with team.open(team.intake) as intake:
        for sql in ("SELECT sillok_search_requeue_all()", "SELECT sillok_search_lock()"):
            with pytest.raises(AccessRefused), intake.transaction() as connection:
                connection.execute(sql)
    with team.open(team.analyst) as analyst:
        with analyst.transaction() as connection:  # out of the index, but only into the queue
            docs = [row[0] for row in connection.execute("SELECT doc FROM search_docs")]
            connection.execute("SELECT sillok_search_requeue(?::jsonb)", (json.dumps(docs),))
        interview(team.seoul)
        with team.open(team.intake) as intake:
            ship(team.seoul, intake)  # after the analyst's last search
        assert search(analyst, "조사를").total == 2
        with analyst.reading() as connection:
            assert connection.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def test_an_ingest_waits_for_one_batch_of_indexing_not_for_all_of_it(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review m5: the first search after an upgrade, a move or new reference data indexes
    everything; an ingest meanwhile (its triggers queue what it brings) waits for the
    batch being indexed, not for the whole indexing: it is done before the search is."""
    monkeypatch.setattr(index, "BATCH", 1)
    with team.open(SUPERUSER) as owner:
        with Source(owner).transaction() as connection:
            index.requeue_all(connection)  # what an upgrade, a move or new reference data do
            assert index.pending_count(connection) > index.BATCH
    interview(team.seoul)
    made = export_package(team.seoul.database, team.seoul.folder / "usb", actor="officer")
    done: list[str] = []

    def ingest_it() -> None:
        with team.open(team.intake) as intake:
            ingest(intake, made.path)
        done.append("ingest")

    thread = threading.Thread(target=ingest_it)
    with team.open(team.analyst) as analyst, team.open(SUPERUSER) as watcher:

        def after_a_batch(_indexed: int, _total: int) -> None:
            if thread.ident is not None:
                return
            thread.start()  # then wait until it is done or waits for a lock
            _until_waiting_or_done(watcher, thread, 2400)

        assert search(analyst, "조사를", progress=after_a_batch).total >= 1
        done.append("indexing")
        thread.join()
        assert done == ["ingest", "indexing"]
        assert search(analyst, "조사를").total == 2  # the ingested interview, indexed too


def test_the_check_finds_records_the_index_does_not_answer_for_and_repairs_them(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a reader could do to the index before schema 7 (done here as the owner): a
    record taken out of the index and its queue, another's keys removed, a row for a
    record not held. `repository check` names each (exit 85); `--repair` queues them
    again and indexes them; the intake officer, who may not read the index, is told it
    was not checked."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 1
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        rows = connection.execute(
            "SELECT doc, kind, record_id FROM search_docs ORDER BY doc"
        ).fetchall()
        hidden, keyless = rows[0], rows[1]
        connection.execute("DELETE FROM search_fts WHERE rowid IN (?, ?)", (hidden[0], keyless[0]))
        connection.execute("DELETE FROM search_docs WHERE doc = ?", (hidden[0],))
        connection.execute(
            "INSERT INTO search_docs VALUES (?, 'answer', 'not-held', NULL)", (rows[-1][0] + 9,)
        )
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "check", *_repo(team)]) == 85
    out = capsys.readouterr().out
    for kind, record_id, said in (
        (hidden[1], hidden[2], "neither indexed nor queued"),
        (keyless[1], keyless[2], "without its keys"),
        ("answer", "not-held", "no longer current"),
    ):
        assert f"FAILED    search index {kind}:{record_id}: " in out
        assert said in out.split(f"{kind}:{record_id}: ")[1].splitlines()[0]
    monkeypatch.setenv("PGUSER", team.custodian)
    assert main(["repository", "check", "--repair", *_repo(team)]) == 0
    assert "queued again" in capsys.readouterr().out
    assert main(["repository", "check", *_repo(team)]) == 0
    assert "answers for every current record" in capsys.readouterr().out
    with team.open(team.analyst) as analyst, analyst.reading() as connection:
        held = {
            (kind, record_id)
            for kind, record_id in connection.execute(
                "SELECT kind, record_id FROM search_docs d "
                "WHERE EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = d.doc)"
            )
        }
    assert {hidden[1:], keyless[1:]} <= held and ("answer", "not-held") not in held
    monkeypatch.setenv("PGUSER", team.intake)
    assert main(["repository", "check", *_repo(team)]) == 0
    assert "search index was not checked" in capsys.readouterr().out


def test_a_server_of_schema_version_6_takes_the_readers_writes_away_when_opened(
    team: Team,
) -> None:
    """The readers' grants of schemas 5 and 6 (they could write the index) go at the
    upgrade to 7."""
    with team.open(SUPERUSER) as owner:
        drop_schema_8(owner)
        with owner.transaction() as connection:  # (the tables of schema 6: not the terms, pairs)
            connection.execute(
                f"GRANT INSERT, UPDATE, DELETE ON {', '.join(search_schema.TABLES[:-2])} TO "
                "sillok_analyst, sillok_legal, sillok_custodian"
            )
            for function in search_schema.WRITER_FUNCTIONS:
                connection.execute(f"DROP FUNCTION {function}")
        owner.connection.executescript(owner.store.version_sql(6))
    with team.open(SUPERUSER) as owner:  # the owner opens it first: the upgrade
        assert schema_version(owner) == SCHEMA_VERSION == 12
    with team.open(team.analyst) as analyst:
        with pytest.raises(AccessRefused), analyst.transaction() as connection:
            connection.execute("DELETE FROM search_docs")
        assert search(analyst, "조사를").total == 1


def test_the_check_with_keys_finds_keys_that_are_not_the_records_words(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner's functions cannot know whether a client's keys are a record's words. An
    analyst with a hand-made client indexes a newly received interview under keys of
    nothing, and (as the owner) an interview's rows are removed: the plain check does not
    see it; `check --keys` names both, and who wrote the keys; `--keys --repair` indexes
    them again."""
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 1
    interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)  # queued
    with team.open(team.analyst) as analyst, Source(analyst).transaction() as connection:
        queued = connection.execute(
            "SELECT p.seq, p.kind, p.record_id, c.interview_id FROM search_pending p "
            "JOIN current_records c ON c.kind = p.kind AND c.record_id = p.record_id "
            "ORDER BY p.seq"
        ).fetchall()
        first = connection.execute("SELECT max(doc) + 1 FROM search_docs").fetchone()[0]
        docs = [
            [first + n, kind, record_id, None if kind == "facility" else interview_id]
            for n, (_seq, kind, record_id, interview_id) in enumerate(queued)
        ]
        connection.execute(
            "SELECT sillok_search_add(?, ?::jsonb, ?::jsonb, '[]')",
            (queued[-1][0], json.dumps(docs), json.dumps([[doc[0], "x:1"] for doc in docs])),
        )
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        grp, interview_id = connection.execute(
            "SELECT grp, interview_id FROM search_group_ids ORDER BY grp"
        ).fetchone()
        connection.execute(
            "DELETE FROM search_groups WHERE rowid BETWEEN ? AND ?", (grp * 32, grp * 32 + 31)
        )
    monkeypatch.setenv("PGUSER", team.analyst)
    assert main(["repository", "check", *_repo(team)]) == 0
    capsys.readouterr()
    assert main(["repository", "check", "--keys", *_repo(team)]) == 85
    out = capsys.readouterr().out
    kind, record_id = docs[0][1], docs[0][2]
    said = f"search index {kind}:{record_id}: indexed under keys that are not its words"
    assert said in out
    assert out.split(said)[1].splitlines()[1].strip() == f"written by {team.analyst}"
    assert f"search index interview:{interview_id}: the interview's rows" in out
    assert main(["repository", "check", "--keys", "--repair", *_repo(team)]) == 0
    assert main(["repository", "check", "--keys", *_repo(team)]) == 0
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 2


INDEX_TABLES = ("search_fts", "search_groups", "search_group_terms", "search_pending")


def _whole_scans(reader: Repository) -> dict[str, int]:
    """How many times each index table was read whole (a sequential scan) so far."""
    with reader.reading() as connection:
        connection.execute("SELECT pg_stat_force_next_flush()")  # this session's counts
        connection.execute("SELECT pg_stat_clear_snapshot()")
        rows = connection.execute(
            "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY(?)",
            (list(INDEX_TABLES),),
        ).fetchall()
    return {str(name): int(count) for name, count in rows}


def test_a_search_reads_the_index_through_its_indexes_never_whole(team: Team) -> None:
    """PostgreSQL's planner does not count reading a `tsvector` kept out of line (TOAST):
    it read every interview's rows to find a common word (42 ms at 500 two-hour
    interviews against 1 ms through the GIN index, and linear in the repository), and
    the whole queue to count it. A search reads the index tables through their indexes."""
    with team.open(team.analyst) as analyst:
        search(analyst, "구류장")  # indexes what came in
        before = _whole_scans(analyst)
        for text, exact in (
            ("구류장", True),
            ("조사를", False),
            ("강", True),
            ("구류 조사", False),
        ):
            assert search(analyst, text, exact=exact, passages=0).total >= 0
            search(analyst, text, exact=exact, newest_first=True)
        assert _whole_scans(analyst) == before and set(before) == set(INDEX_TABLES)


def test_the_interviews_a_page_shows_go_to_the_access_log_in_one_transaction(
    team: Team,
) -> None:
    """Each interview shown is logged before the page is given, as before, but all of a
    page's in one transaction: one commit (one flush of the server's log to disk), not
    one per interview shown."""
    for _ in range(2):
        interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    with team.open(team.analyst) as analyst:
        shown_codes = {g.interview_code for g in search(analyst, "조사를").groups}
    assert len(shown_codes) == 3
    with team.open(team.legal) as legal, legal.reading() as connection:
        rows = connection.execute(
            "SELECT what, detail, xmin::text FROM access_log ORDER BY id"
        ).fetchall()
    page = rows[-3:]
    assert [what for what, _, _ in rows[-4:]] == ["search-query", "search", "search", "search"]
    assert {detail for _, detail, _ in page} == shown_codes
    assert len({xmin for _, _, xmin in page}) == 1
    assert rows[-4][2] != page[0][2]  # the query's own entry is committed before the search


def test_a_page_looks_its_interviews_up_in_the_index_at_once(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement per interview of the page (its passage rows) and per range of them (in
    the passage index) was a round trip each: a page of three asks the index as often as
    a page of one."""
    for _ in range(2):
        interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    with team.open(team.analyst) as analyst:
        search(analyst, "조사를")  # indexes
        sent = statements_sent(monkeypatch, "search_fts", "search_docs")
        asked = []
        for limit in (1, 3):
            sent.clear()
            assert len(search(analyst, "조사를 구류장", limit=limit).groups) == limit
            asked.append(len(sent))
    assert asked[0] == asked[1] > 0


def test_a_page_looks_up_the_passages_of_all_its_clauses_at_once(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's passages were looked up clause by clause (27-35 ms each at 10,000
    two-hour interviews, each reading the same rows of the page's interviews): one
    statement reads them once for every clause, with the same passages."""
    for _ in range(3):
        interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    with team.open(team.analyst) as analyst:
        one = search(analyst, "조사", exact=True, passages=0)  # indexes
        both = search(analyst, "조사 구류장", exact=True, passages=0)
        sent = statements_sent(monkeypatch, "search_fts")
        asked = []
        for query in ("조사", "조사 구류장", "조사 구류장 받았습니다"):
            sent.clear()
            found = search(analyst, query, exact=True, passages=0)
            assert found.total == len(found.groups) >= 3
            asked.append(len(sent))
        assert shown(search(analyst, "조사", exact=True, passages=0)) == shown(one)
        assert shown(search(analyst, "조사 구류장", exact=True, passages=0)) == shown(both)
    assert asked[0] == asked[1] == asked[2] == 1


def test_a_search_reads_from_one_snapshot_and_leaves_the_session_as_it_was(
    team: Team,
) -> None:
    """A page's counts, order and passages are read from one snapshot of the index (an
    ingest committing meanwhile changes the next search, not half of this one), read-only
    and through the indexes; the session is then as before (the verbs read whole tables)."""
    settings = (
        "SELECT current_setting('transaction_isolation'), current_setting('enable_seqscan'), "
        "current_setting('transaction_read_only'), current_setting('jit')"
    )
    with team.open(team.analyst) as analyst:
        with Source(analyst, lookups=True).reading() as connection:
            found = connection.execute(settings).fetchone()
            assert found == ("repeatable read", "off", "on", "off")
        with analyst.reading() as connection:
            found = connection.execute(settings).fetchone()
            assert found == ("read committed", "on", "off", "on")
