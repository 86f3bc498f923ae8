"""How much of the index a search reads (issue 16, several words were the slowest class):
an index built in one go is merged, so that each lookup reads one b-tree per key; a query
of several words that name a facility together (예심 구류장) looks up, one by one, only
the interviews and facility records that may hold its phrase; and a lookup asks for each
key once. The results are those of reading every passage
(tests/integration/test_search_by_interview.py compares them for every class)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.search import by_interview, index, search
from app.search.backend import Fts5Index
from app.store.database import Database
from tests.integration.search_rows import write_interviews
from tests.integration.test_search_by_interview import corpus
from tests.support import FAST_KDF, PASSPHRASE


def _facilities(database: Database, count: int) -> None:
    """Facility records (each a group of its own) that hold none of the query's words."""
    stamp = datetime.now(UTC).isoformat()
    with database.transaction() as connection:
        for number in range(count):
            record = str(uuid.uuid4())
            body = {"id": record, "name": f"시설 {number}", "notes": "함경북도"}
            connection.execute(
                "INSERT INTO facilities (id, version, created_at, updated_at, body) "
                "VALUES (?, 1, ?, ?, ?)",
                (record, stamp, stamp, json.dumps(body, ensure_ascii=False)),
            )


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    found = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    write_interviews(found, corpus(16, 60))
    _facilities(found, 60)
    yield found
    found.close()


def test_an_index_built_in_one_go_is_merged_and_a_small_addition_is_not(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged: list[int] = []
    real = index.optimize
    monkeypatch.setattr(index, "optimize", lambda connection: (merged.append(1), real(connection)))
    monkeypatch.setattr(index, "OPTIMIZE_FROM", 100)
    with database.reading() as connection:
        assert 100 < index.pending_count(connection) < index.OPTIMIZE_AFTER
    search(database, "보위부")  # the first search indexes everything: merged
    assert merged == [1]
    write_interviews(database, corpus(17, 3))
    search(database, "보위부")  # a few records more: not worth rewriting the index
    assert merged == [1]


def test_several_words_naming_a_facility_look_up_only_where_its_phrase_may_be(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[str] = []
    real = Fts5Index.match_between

    def match_between(self: Fts5Index, connection, expression: str, low: int, high: int):  # type: ignore[no-untyped-def]
        looked.append(expression)
        return real(self, connection, expression, low, high)

    search(database, "보위부")  # indexed
    monkeypatch.setattr(Fts5Index, "match_between", match_between)
    results = search(database, "예심 구류장", limit=20)
    assert results.total > 20
    # the page: one lookup per clause and interview (20 of each); the 60 facility records
    # (which hold neither word) and the interviews holding neither are not looked up
    assert len(looked) <= 2 * 20 + 5
    # each lookup asks for a key once: a phrase holding another option's keys in a row
    # finds nothing more than that option (예심 구류 류장 ⊂ 예심)
    assert not [e for e in looked if 'bi : "예심"' in e and "예심 구류 류장" in e]


@pytest.mark.parametrize(
    ("expression", "fewer"),
    [
        (
            '(bi : "예심") OR ((bi : "예심 구류 류장" OR bi : "예심 심구 구류 류장") '
            'OR ref : "r1")',
            '(bi : "예심" OR ref : "r1")',
        ),
        (
            '(bi : "구류 류장" OR ref : "r1") OR ((bi : "예심 구류 류장") OR ref : "r1")',
            '(bi : "구류 류장" OR ref : "r1")',
        ),
        # another column, a prefix, a gap: each finds passages the others do not
        (
            '(bi : "예심" OR uni : "예심 구류" OR latin : "mss"* OR latin : "officer beat")',
            '(bi : "예심" OR uni : "예심 구류" OR latin : "mss"* OR latin : "officer beat")',
        ),
        ('(bi : "구류 류장" OR bi : "구류 0 류장")', '(bi : "구류 류장" OR bi : "구류 0 류장")'),
        # anything but ORs of keys is left as it is
        ('(bi : "예심" AND bi : "예심 구류")', '(bi : "예심" AND bi : "예심 구류")'),
        ('bi : "예심" NOT bi : "예심 구류"', 'bi : "예심" NOT bi : "예심 구류"'),
    ],
)
def test_fewer_keys(expression: str, fewer: str) -> None:
    assert by_interview.fewer_keys(expression) == fewer


def test_a_search_sees_interviews_another_connection_indexed_since(
    database: Database, tmp_path: Path
) -> None:
    """What a search remembers of the interviews (their list and order, read once per
    state of the database) is read again after any write, this connection's or another's:
    an interview written and indexed through a second connection is found, counted and
    ranked by the first."""
    first = search(database, "강", exact=True, limit=1000, passages=0)
    other = Database.open(database.path, PASSPHRASE)
    try:
        (new_id,) = write_interviews(other, [["강을 건넜습니다 강을"]])
        assert new_id in {
            g.interview_id for g in search(other, "강", exact=True, limit=1000).groups
        }
    finally:
        other.close()
    again = search(database, "강", exact=True, limit=1000, passages=0)
    assert again.total == first.total + 1
    assert new_id in {group.interview_id for group in again.groups}
    newest = search(database, "강", exact=True, limit=1, newest_first=True)
    assert newest.groups[0].interview_id == new_id
    # and this connection's own writes
    (mine,) = write_interviews(database, [["강에서 헤엄쳤습니다"]])
    latest = search(database, "강", exact=True, limit=1, newest_first=True)
    assert latest.groups[0].interview_id == mine and latest.total == first.total + 2


def test_a_first_indexing_in_batches_is_merged_as_one_in_one_go_is(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository indexes in committed batches (review m5): its first indexing is
    merged by the same rule as `refresh` (several words read one b-tree per key)."""
    merged: list[int] = []
    real = index.optimize
    monkeypatch.setattr(index, "optimize", lambda connection: (merged.append(1), real(connection)))
    monkeypatch.setattr(index, "OPTIMIZE_FROM", 100)
    assert index.refresh_in_batches(database, batch=50) > 100
    assert merged == [1]


def test_closing_the_database_forgets_its_interviews(database: Database) -> None:
    """The interviews a search remembers (ids and order, per connection) go when the
    database closes (the desk's lock closes it): nothing of it stays in memory after."""
    search(database, "강", exact=True)
    assert any(entry[0] is database.connection for entry in by_interview._KEPT)
    database.close()
    assert not any(entry[0] is database.connection for entry in by_interview._KEPT)
