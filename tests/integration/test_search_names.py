"""Variant queries ask the index for one key per reference entry (the `ref` column) rather
than every spelling: the same hits either way, and an index built with other reference
data is rebuilt before it answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.search import index, refresh, search
from app.search.names import default_finder
from app.search.query import parse_query
from app.services import Services
from app.store.database import Database
from tests.integration.test_search import EXPECTED, build_corpus
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database.create(tmp_path_factory.mktemp("names") / "s.db", PASSPHRASE, FAST_KDF)
    build_corpus(Services(database, actor="test"))
    yield database
    database.close()


def _found(database: Database) -> dict[tuple[str, bool], set[str]]:
    return {
        (query, exact): {hit.record_id for hit in search(database, query, exact=exact).hits}
        for query, exact, _expected in EXPECTED
    }


def test_keys_and_spellings_find_the_same(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_keys = _found(database)
    assert "ref : " in parse_query("보위부").expression(names=True)
    assert "ref : " not in parse_query("보위부").expression(names=False)
    monkeypatch.setattr(index, "names_current", lambda connection: False)
    assert _found(database) == with_keys
    assert sum(map(len, with_keys.values())) > 50


def test_index_built_with_other_reference_data_is_rebuilt(database: Database) -> None:
    before = _found(database)
    with database.reading() as connection:
        assert index.names_version(connection) == default_finder().version
        records = connection.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    with database.transaction() as connection:
        connection.execute("UPDATE meta SET value = 'older' WHERE key = 'search_names'")
        connection.execute("DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs)")
    assert refresh(database) == records  # everything indexed again, before answering
    with database.reading() as connection:
        assert index.names_version(connection) == default_finder().version
    assert refresh(database) == 0
    assert _found(database) == before
