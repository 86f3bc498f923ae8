"""The interviews' counts kept with the consolidated view (app/sync/repository/
consolidated.py, `interview_counts`): how many current records of each kind every
interview holds, which the interview list shows; made again for the interviews each
ingest touches (now or before), named by the view's check when they differ from what the
evidence gives, made again by a rebuild, and made for a store of schema version 8 when it
is opened."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import pytest

from app.domain import TextValue
from app.sync.repository import consolidated, registers
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.repository_support import drop_schema_9, interview, laptop, schema_version, ship
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

pytestmark = pytest.mark.usefixtures("repository_backend")
"""Each test runs on the SQLCipher file and on PostgreSQL (conftest.py)."""


def _counted(geneva: Repository) -> dict[str, dict[str, int]]:
    """What the view holds, counted record by record (as the list counted before)."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    with geneva.reading() as connection:
        for kind, interview_id, number in connection.execute(
            "SELECT kind, interview_id, count(*) FROM current_records WHERE deleted = 0 "
            "AND interview_id IS NOT NULL GROUP BY interview_id, kind"
        ):
            found[interview_id][kind] = number
    return {i: dict(sorted(held.items())) for i, held in found.items()}


def _kept(geneva: Repository) -> dict[str, dict[str, int]]:
    with geneva.reading() as connection:
        return {
            i: json.loads(held)
            for i, held in connection.execute("SELECT interview_id, counts FROM interview_counts")
        }


def _listed(geneva: Repository) -> dict[str, dict[str, int]]:
    with geneva.reading() as connection:
        return {row["id"]: row["records"] for row in registers.interviews(connection)}


def test_the_counts_follow_each_ingest(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)
    other = interview(seoul)
    ship(seoul, geneva)
    first = str(made["interview"].id)
    assert _kept(geneva) == _counted(geneva)
    assert _kept(geneva)[first] == {
        "answer": 1, "consent": 1, "element_tag": 1, "incident": 1, "interview": 1,
    }  # fmt: skip
    assert _listed(geneva) == _counted(geneva)

    # A later package: one more answer, the incident deleted (its tag stays).
    seoul.services.answers.save(made["interview"].id, "q.narrative.1", TextValue(text="석 달"))
    seoul.services.incidents.delete(made["incident"])
    ship(seoul, geneva)
    assert _kept(geneva)[first] == {
        "answer": 2, "consent": 1, "element_tag": 1, "interview": 1,
    }  # fmt: skip
    assert _kept(geneva) == _counted(geneva)
    assert (
        _listed(geneva)[str(other["interview"].id)] == _counted(geneva)[str(other["interview"].id)]
    )
    with geneva.reading() as connection:
        assert consolidated.drift(connection) == []
    seoul.database.close()
    geneva.close()


def _version(record_id: str, version: int, interview_id: str | None) -> tuple[object, ...]:
    body = (
        None
        if interview_id is None
        else json.dumps({"id": record_id, "interview_id": interview_id})
    )
    digest = hashlib.sha256((body or "").encode()).hexdigest()
    deleted = int(interview_id is None)
    return ("answer", record_id, version, deleted, body, digest, "dev-1", version, interview_id)


def test_a_record_that_moves_to_another_interview_is_counted_again_in_both(
    tmp_path: Path,
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    insert = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    with geneva.transaction() as connection:
        connection.executemany(insert, [_version("a1", 1, "int-A"), _version("a2", 1, "int-A")])
        consolidated.refresh(connection, [("answer", "a1"), ("answer", "a2")])
    assert _kept(geneva) == {"int-A": {"answer": 2}}
    with geneva.transaction() as connection:
        connection.execute(insert, _version("a1", 2, "int-B"))
        consolidated.refresh(connection, [("answer", "a1")])
    assert _kept(geneva) == {"int-A": {"answer": 1}, "int-B": {"answer": 1}} == _counted(geneva)
    with geneva.transaction() as connection:  # the last record of an interview deleted
        connection.execute(insert, _version("a2", 2, None))
        consolidated.refresh(connection, [("answer", "a2")])
    assert _kept(geneva) == {"int-B": {"answer": 1}} == _counted(geneva)
    geneva.close()


def test_the_check_names_counts_that_differ_and_a_rebuild_mends_them(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    made = interview(seoul)
    ship(seoul, geneva)
    first = str(made["interview"].id)
    before = _kept(geneva)
    with geneva.transaction() as connection:
        connection.execute("DELETE FROM interview_counts WHERE interview_id = ?", (first,))
        connection.execute("INSERT INTO interview_counts VALUES ('made-up', '{\"answer\":1}')")
        assert consolidated.drift(connection) == [
            ("interview_counts", i) for i in sorted([first, "made-up"])
        ]
    with geneva.transaction() as connection:
        consolidated.rebuild(connection, owner=geneva.store.kind == "sqlcipher")
        assert consolidated.drift(connection) == []
    assert _kept(geneva) == before == _counted(geneva)
    seoul.database.close()
    geneva.close()


def test_a_store_of_schema_version_8_gets_the_counts_when_opened(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    seoul = laptop(tmp_path, geneva, "seoul")
    interview(seoul)
    interview(seoul)
    ship(seoul, geneva)
    with geneva.reading() as connection:
        listed = registers.interviews(connection)
    drop_schema_9(geneva)
    geneva.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION == 12
        assert _kept(reopened) == _counted(reopened) and len(_kept(reopened)) == 2
        with reopened.reading() as connection:
            assert registers.interviews(connection) == listed
    seoul.database.close()
