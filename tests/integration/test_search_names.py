"""Variant queries ask the index for one key per reference entry (the `ref` column) rather
than every spelling: the same hits either way, and an index built with other reference
data is rebuilt before it answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

import app.reference
from app.reference.loader import load_reference
from app.search import index, refresh, search
from app.search.names import NameFinder, default_finder, entry_key
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
        (query, exact): {
            hit.record_id for hit in search(database, query, exact=exact, passages=0).hits
        }
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
        # built before the list of names was kept: which records change cannot be known
        connection.execute("DELETE FROM meta WHERE key = 'search_name_list'")
        connection.execute("DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs)")
    assert refresh(database) == records  # everything indexed again, before answering
    with database.reading() as connection:
        assert index.names_version(connection) == default_finder().version
    assert refresh(database) == 0
    assert _found(database) == before


def _finder_with(tmp_path: Path, old: str, new: str) -> NameFinder:
    """The shipped reference data with one spelling changed (as an update of the app would)."""
    copy = tmp_path / "reference"
    shutil.copytree(Path(app.reference.__file__).resolve().parents[2] / "resources/reference", copy)
    path = copy / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return NameFinder(load_reference(copy))


def _tagged(database: Database, key: str) -> set[str]:
    with database.reading() as connection:
        rows = connection.execute(
            "SELECT d.record_id FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid "
            "WHERE search_fts MATCH ?",
            (f'ref : "{key}"',),
        ).fetchall()
    return {str(row[0]) for row in rows}


def test_changed_reference_data_retags_only_what_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spelling added to State Security (도깨비부) tags the one passage that says it, and
    only the records that name a changed entry are indexed again, not all of them."""
    database = Database.create(tmp_path / "s.db", PASSPHRASE, FAST_KDF)
    try:
        services = Services(database, actor="test")
        corpus = build_corpus(services)
        first = corpus["segments"]["A"]
        added = services.transcripts.create(
            first.model_copy(update={"id": uuid4(), "ordinal": 99, "text": "도깨비부에 끌려갔다"})
        )
        assert refresh(database) > 20
        key = entry_key("ag.mss")
        before = _tagged(database, key)
        assert str(added.id) not in before
        finder = _finder_with(tmp_path, "variants: [MSS,", "variants: [도깨비부, MSS,")
        monkeypatch.setattr(index, "default_finder", lambda: finder)
        redone = refresh(database)
        assert 0 < redone <= 3
        assert _tagged(database, key) == before | {str(added.id)}
        assert refresh(database) == 0
    finally:
        database.close()
