"""Indexing with the key worker (app/search/key_worker.py): a child process computes the
keys of the next batches while this one writes the current one. The child gives exactly
the keys computed here; an index built with it is the one built without it, row for row;
a child that dies loses nothing; and an indexing killed mid-way (SIGKILL, the child with
it) leaves a database that the next search indexes completely."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.search import index, key_worker, search
from app.search.groups import stale_count
from app.search.names import default_finder
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.integration.test_search_by_interview import PLANTED, QUERIES, corpus
from tests.support import FAST_KDF, PASSPHRASE

ODD = [
    "",
    " ",
    "🙂 강을",
    unicodedata.normalize("NFD", "회령에서 잡혔습니다"),
    "ＭＳＳ",
    "a" * 3000,
]


def _texts(seed: int, interviews: int) -> list[str]:
    return [text for segments in corpus(seed, interviews) for text in segments] + PLANTED + ODD


def test_the_child_gives_the_keys_computed_here() -> None:
    finder = default_finder()
    batches = [_texts(1, 6), _texts(2, 6), _texts(3, 6)]
    with key_worker.KeyWorker(finder, parallel=True) as worker:
        assert worker.parallel
        for texts in batches:
            worker.submit(texts)
        got = [worker.result() for _ in batches]
        assert worker.from_child == len(batches)
    assert got == [key_worker.compute(finder, texts) for texts in batches]


def test_a_child_that_dies_loses_nothing() -> None:
    finder = default_finder()
    batches = [_texts(4, 4), _texts(5, 4), _texts(6, 4)]
    with key_worker.KeyWorker(finder, parallel=True) as worker:
        worker.submit(batches[0])
        first = worker.result()
        pid = worker.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        worker.submit(batches[1])
        worker.submit(batches[2])
        rest = [worker.result(), worker.result()]
        assert not worker.parallel
    assert [first, *rest] == [key_worker.compute(finder, texts) for texts in batches]


def _index_rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every key of both indexes at its place (fts5vocab 'instance'), and the tables the
    indexing writes."""
    with database.transaction() as connection:
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in ("search_fts", "search_groups"):
            connection.execute(
                f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, 'instance')"
            )
            out[table] = connection.execute(
                f"SELECT term, doc, col, offset FROM temp.v_{table} ORDER BY 1, 2, 3, 4"
            ).fetchall()
            connection.execute(f"DROP TABLE temp.v_{table}")
        for query in (
            "SELECT doc, kind, record_id, interview_id FROM search_docs ORDER BY doc",
            "SELECT term FROM search_terms ORDER BY term",
            "SELECT grp, interview_id, buckets FROM search_group_ids ORDER BY grp",
        ):
            out[query] = connection.execute(query).fetchall()
    return out


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 40 records, the child from 100 queued: a small corpus goes through many
    batches, most of them computed by the child."""
    monkeypatch.setattr(index, "BATCH", 40)
    monkeypatch.setattr(key_worker, "PARALLEL_FROM", 100)
    monkeypatch.setattr(key_worker, "a_core_is_free", lambda: True)  # this machine may be busy


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Database]:
    database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    write_interviews(database, corpus(16, 60))
    yield database
    database.close()


def test_an_index_built_with_the_child_is_the_one_built_here(
    built: Database, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    children: list[int] = []
    real_result = key_worker.KeyWorker.result

    def result(self: key_worker.KeyWorker) -> list[key_worker.KeysOf]:
        found = real_result(self)
        children.append(self.from_child)
        return found

    monkeypatch.setattr(key_worker.KeyWorker, "result", result)
    with built.reading() as connection:
        assert index.pending_count(connection) > 400
    index.rebuild(built)
    assert max(children) > 5  # most batches came from the child
    with_child = _index_rows(built)
    answers = [search(built, text, exact=exact, limit=100, passages=0) for text, exact in QUERIES]

    monkeypatch.setattr(key_worker, "PARALLEL_FROM", 10**9)
    children.clear()
    index.rebuild(built)
    assert set(children) == {0}
    assert _index_rows(built) == with_child
    assert [
        search(built, text, exact=exact, limit=100, passages=0) for text, exact in QUERIES
    ] == answers


KILLED = """
import sys, time
from pathlib import Path
from app.search import index, key_worker
from app.store.database import Database
from tests.support import PASSPHRASE

key_worker.PARALLEL_FROM = 100
key_worker.a_core_is_free = lambda: True
database = Database.open(Path(sys.argv[1]), PASSPHRASE)
made = []
real_init = key_worker.KeyWorker.__init__
def init(self, *args, **kwargs):
    real_init(self, *args, **kwargs)
    made.append(self)
key_worker.KeyWorker.__init__ = init

def progress(done, total):
    if done >= 120:
        print("indexing", made[0].pid, flush=True)
        time.sleep(600)

with database.transaction() as connection:
    index.index_pending(connection, progress, batch=40)
"""


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # ended, not yet reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_indexing_killed_mid_way_is_completed_by_the_next_search(built: Database) -> None:
    path = built.path
    built.close()
    project = Path(__file__).resolve().parents[2]
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)], cwd=project, stdout=subprocess.PIPE, text=True
    )
    assert killed.stdout is not None
    line = killed.stdout.readline().split()
    assert line[0] == "indexing" and line[1] != "None"  # the child computes keys
    worker = int(line[1])
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    deadline = time.monotonic() + 60
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(worker)  # the child ended with its input closed

    database = Database.open(path, PASSPHRASE)
    try:
        with database.reading() as connection:
            queued = index.pending_count(connection)
            assert queued > 400  # the killed transaction wrote nothing
        answers = [
            search(database, text, exact=exact, limit=100, passages=0) for text, exact in QUERIES
        ]
        with database.reading() as connection:
            assert index.pending_count(connection) == 0
            assert stale_count(connection) == 0
        with database.transaction() as connection:  # raises when an index is damaged
            for table in ("search_fts", "search_groups"):
                connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        index.rebuild(database)
        assert [
            search(database, text, exact=exact, limit=100, passages=0) for text, exact in QUERIES
        ] == answers
    finally:
        database.close()


def test_no_child_when_no_core_is_free(
    built: Database, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    real_init = key_worker.KeyWorker.__init__

    def init(self: key_worker.KeyWorker, finder: object, parallel: bool) -> None:
        started.append(parallel)
        real_init(self, finder, parallel)  # type: ignore[arg-type]

    monkeypatch.setattr(key_worker.KeyWorker, "__init__", init)
    monkeypatch.setattr(key_worker, "a_core_is_free", lambda: False)
    index.rebuild(built)
    assert started == [False]
