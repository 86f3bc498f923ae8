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
from app.sync.export import export_package
from app.sync.repository import move
from app.sync.repository.ingest import ingest
from app.sync.repository.search import Source, search
from app.sync.repository.server_errors import READ_TESTIMONY, AccessRefused
from app.sync.repository.store import Repository
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
from tests.repository_support import interview, ship
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
            for _ in range(600):  # the ingest is waiting for the lock
                waiting = watcher.connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ).fetchone()[0]
                if waiting or not thread.is_alive():
                    break
                time.sleep(0.05)
            assert waiting == 1, failed
            connection.execute(  # what indexing does to a record queued again
                "DELETE FROM search_docs WHERE kind = 'answer' AND record_id = ?",
                (str(answer.id),),
            )
        thread.join()
        assert not failed
        assert [g.interview_code for g in search(analyst, "갇혀").groups] != []
        assert search(analyst, "받았습니다").total == 0  # the old version of the answer
