"""An indexing killed mid-way (SIGKILL: no handler, no rollback by the process) leaves a
database that the next search indexes completely: indexing is one transaction, so the
killed one left the index as it was and its queue whole; the next search indexes the
queue, and finds what a rebuild finds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.search import index, search
from app.search.groups import stale_count
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.integration.test_search_by_interview import QUERIES, corpus
from tests.support import FAST_KDF, PASSPHRASE

KILLED = """
import sys, time
from pathlib import Path
from app.search import index
from app.store.database import Database
from tests.support import PASSPHRASE

database = Database.open(Path(sys.argv[1]), PASSPHRASE)

def progress(done, total):
    if done >= 120:
        print("indexing", done, total, flush=True)
        time.sleep(600)

with database.transaction() as connection:
    index.index_pending(connection, progress, batch=40)
"""


def _answers(database: Database) -> list[object]:
    return [search(database, text, exact=exact, limit=100, passages=0) for text, exact in QUERIES]


def test_an_indexing_killed_mid_way_is_completed_by_the_next_search(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    database = Database.create(path, PASSPHRASE, FAST_KDF)
    write_interviews(database, corpus(16, 60))
    with database.reading() as connection:
        queued = index.pending_count(connection)
    database.close()

    project = Path(__file__).resolve().parents[2]
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)], cwd=project, stdout=subprocess.PIPE, text=True
    )
    assert killed.stdout is not None
    said = killed.stdout.readline().split()
    assert said[0] == "indexing" and 120 <= int(said[1]) < int(said[2])  # mid-way
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()

    database = Database.open(path, PASSPHRASE)
    try:
        with database.reading() as connection:
            assert index.pending_count(connection) == queued  # the killed transaction: nothing
        answers = _answers(database)  # the first search indexes everything
        with database.reading() as connection:
            assert index.pending_count(connection) == 0
            assert stale_count(connection) == 0
        with database.transaction() as connection:  # raises when an index is damaged
            for table in ("search_fts", "search_groups"):
                connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert any(found.total for found in answers)  # type: ignore[attr-defined]
        index.rebuild(database)
        assert _answers(database) == answers
    finally:
        database.close()
