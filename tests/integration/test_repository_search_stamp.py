"""The server's stamp of what a search keeps (store schema 12, search_stamps.py): the
interviews' order and count are read once per state of the repository, as on the file
store, and read again after whatever changes them (an ingest, an indexing that adds an
interview, a deletion, a rebuild of the view), whichever connection wrote it and in
whatever order concurrent writers committed. A real cluster, the roles of a team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from app.search import by_interview, index
from app.store.connection import Connection
from app.sync.repository import consolidated
from app.sync.repository.search import Source, search
from app.sync.repository.search_index import TsvectorIndex
from app.sync.repository.server_errors import AccessRefused
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.integration.test_repository_server_roles import Team
from tests.integration.test_repository_server_roles import team as team  # the fixture, by its name
from tests.postgres_support import SUPERUSER
from tests.repository_support import interview, schema_version, ship

REWRITE = "UPDATE current_records SET version = version"
"""Rows written again as they were: a write all the same."""


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry each time a search reads the interviews' order (`groups_sql`)."""
    read: list[int] = []
    real = TsvectorIndex.groups

    def counted(self: TsvectorIndex, connection: Connection) -> object:
        read.append(1)
        return real(self, connection)

    monkeypatch.setattr(TsvectorIndex, "groups", counted)
    return read


def _owner(team: Team) -> psycopg.Connection[tuple[object, ...]]:
    """A session of the tables' owner on the team's database, beside the repository's."""
    conninfo = (team.folder / "server.conninfo").read_text(encoding="utf-8").strip()
    return psycopg.connect(f"{conninfo} user={SUPERUSER}", autocommit=True)


@pytest.fixture
def analyst(team: Team) -> Iterator[Repository]:
    by_interview._KEPT.clear()
    with team.open(team.analyst) as opened:
        yield opened


def test_the_order_is_read_again_only_after_an_ingest_a_deletion_or_a_rebuild(
    team: Team, analyst: Repository, reads: list[int]
) -> None:
    """Each write is made by another role on its own connection (the intake officer's
    ingest, the custodian's rebuild of the view) and seen by the analyst's next search."""
    assert search(analyst, "조사를").total == 1
    assert search(analyst, "조사를", newest_first=True).total == 1
    assert len(reads) == 1  # nothing written between
    gone = interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    assert search(analyst, "조사를").total == 2  # an ingest
    assert search(analyst, "조사를").total == 2
    assert len(reads) == 2
    team.seoul.database.connection.execute("PRAGMA foreign_keys = OFF")
    team.seoul.services.interviews.delete(gone["interview"])
    team.seoul.database.connection.execute("PRAGMA foreign_keys = ON")
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    assert search(analyst, "조사를").total == 1  # a deletion
    assert len(reads) == 3
    with team.open(team.custodian) as custodian, custodian.transaction() as connection:
        consolidated.rebuild(connection, owner=False)  # `rebuild-view` on a server
    assert search(analyst, "조사를").total == 1
    assert search(analyst, "조사를").total == 1
    assert len(reads) == 4


def test_an_indexing_that_adds_an_interview_is_seen(
    team: Team, analyst: Repository, reads: list[int]
) -> None:
    """Only the index learns of the interview here (`search_group_ids`): the view was
    written by the ingest before the first read."""
    search(analyst, "조사를")
    interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)

    def interviews() -> set[str]:
        with Source(analyst, lookups=True).reading() as connection:
            docs = by_interview.GroupDocs(connection)
            docs.interviews()
            assert docs.ids is not None
            return set(docs.ids.values())

    before = interviews()
    assert interviews() == before and len(before) == 1 and len(reads) == 2
    index.refresh_in_batches(Source(analyst))  # a search's indexing, without its reads
    after = interviews()
    assert len(reads) == 3 and len(after) == 2 and before < after
    assert interviews() == after and len(reads) == 3


def test_writers_that_commit_out_of_order_are_seen(
    team: Team, analyst: Repository, reads: list[int]
) -> None:
    """A writer that took its transaction id first and commits last: a search between
    the two commits sees the second writer and not the first, the next one both."""
    interview(team.seoul)
    with team.open(team.intake) as intake:
        ship(team.seoul, intake)
    assert search(analyst, "조사를").total == 2
    with analyst.reading() as connection:
        (first,) = connection.execute(
            "SELECT record_id FROM current_records WHERE kind = 'interview' ORDER BY record_id"
        ).fetchone()
    with _owner(team) as early, _owner(team) as late:
        early.execute("BEGIN")
        early.execute(
            "DELETE FROM current_records WHERE kind = 'interview' AND record_id = %s", (first,)
        )
        late.execute("BEGIN")  # the other interview's row written again as it was
        late.execute(
            "UPDATE current_records SET version = version WHERE kind = 'interview' "
            "AND record_id <> %s",
            (first,),
        )
        (older,) = early.execute("SELECT txid_current()").fetchone()  # type: ignore[misc]
        (newer,) = late.execute("SELECT txid_current()").fetchone()  # type: ignore[misc]
        assert older < newer  # type: ignore[operator]
        late.execute("COMMIT")
        assert search(analyst, "조사를").total == 2
        assert search(analyst, "조사를").total == 2
        assert len(reads) == 2  # the later writer seen once
        early.execute("COMMIT")
    assert search(analyst, "조사를").total == 1  # the earlier one, committed last
    assert len(reads) == 3


def test_the_stamp_counts_every_writer_in_a_row_or_two_that_only_triggers_write(
    team: Team, analyst: Repository
) -> None:
    """The sum of `writers` grows by one per transaction writing an interview's row, the
    table does not (each writer folds the committed rows into its own); other rows, and
    the index's `buckets`, are no part of what a search keeps; readers read it and write
    nothing of it; inside a transaction that has written there is no stamp (its own later
    writes would not change it)."""

    def held() -> tuple[int, int]:
        with analyst.reading() as connection:
            row = connection.execute("SELECT sum(writers), count(*) FROM search_stamps")
            writers, rows = row.fetchone()
            return int(writers), int(rows)

    start, _ = held()
    with _owner(team) as owner:
        for _ in range(5):
            owner.execute(f"{REWRITE} WHERE kind = 'interview'")
        owner.execute(f"{REWRITE} WHERE kind <> 'interview'")
        owner.execute("UPDATE search_group_ids SET buckets = buckets")  # no place changed
    assert held() == (start + 5, 1)
    for sql in ("INSERT INTO search_stamps VALUES (1, 1)", "DELETE FROM search_stamps"):
        with pytest.raises(AccessRefused), analyst.transaction() as connection:
            connection.execute(sql)
    with Source(analyst, lookups=True).reading() as connection:
        assert TsvectorIndex().stamp(connection) == (start + 5, held_txid(connection))
    with team.open(SUPERUSER) as owner, owner.transaction() as connection:
        assert TsvectorIndex().stamp(connection) is not None
        connection.execute(f"{REWRITE} WHERE kind = 'interview'")
        assert TsvectorIndex().stamp(connection) is None


def held_txid(connection: Connection) -> int:
    return int(connection.execute("SELECT max(txid) FROM search_stamps").fetchone()[0])


def test_a_server_of_schema_version_11_gets_the_stamp_when_opened(
    team: Team, tmp_path: Path, reads: list[int]
) -> None:
    from tests.repository_support import drop_schema_12

    with team.open(SUPERUSER) as owner:
        drop_schema_12(owner)
        assert schema_version(owner) == 11
    with team.open(SUPERUSER) as owner:  # the owner opens it first: the upgrade
        assert schema_version(owner) == SCHEMA_VERSION == 12
    by_interview._KEPT.clear()
    with team.open(team.analyst) as analyst:  # readers read it (their grants follow)
        assert search(analyst, "조사를").total == search(analyst, "조사를").total == 1
        assert len(reads) == 1
    interview(team.seoul)
    with team.open(team.intake) as intake:  # the intake officer writes it through its trigger
        ship(team.seoul, intake)
    with team.open(team.analyst) as analyst:
        assert search(analyst, "조사를").total == 2
