"""The facts the analysis verbs read (app/sync/repository/facts.py, issue 17): lifted by
ingest and import from what they store, by the upgrade that made the table, and by a
reader that finds a current version without them; never stale, never moved. On both
stores (conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.store.connection import Connection
from app.sync.repository import facts, imports, matrix, registers
from app.sync.repository.store import SCHEMA_VERSION, Repository
from tests.repository_support import (
    GOOD,
    ORGANISATION,
    drop_schema_8,
    facility,
    interview,
    laptop,
    schema_version,
    ship,
    write_csv,
)
from tests.sync_support import GENEVA_PASSPHRASE, new_repository
from tests.verbs_pinned_support import fill

pytestmark = pytest.mark.usefixtures("repository_backend")

KINDS = ", ".join(f"'{kind}'" for kind in facts.FIELDS)


def _without_facts(geneva: Repository) -> int:
    """How many current records of the kinds the verbs read have no facts."""
    with geneva.reading() as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM current_records c LEFT JOIN analysis_facts f "
                "ON f.kind = c.kind AND f.record_id = c.record_id AND f.version = c.version "
                f"AND f.made = ? WHERE c.deleted = 0 AND c.kind IN ({KINDS}) "
                "AND f.record_id IS NULL",
                (facts.MADE,),
            ).fetchone()[0]
        )


def _facts(geneva: Repository) -> int:
    with geneva.reading() as connection:
        return int(connection.execute("SELECT count(*) FROM analysis_facts").fetchone()[0])


def test_ingest_and_import_lift_the_facts_of_what_they_store(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "seoul1")
    interview(field, facility=facility(field), perpetrator=("김철", "보위부", "예심과"))
    interview(field, element="CAH.7.1.f.1")
    ship(field, geneva)
    report = imports.import_file(
        geneva, write_csv(tmp_path / "other.csv", [GOOD]), ORGANISATION, by="intake"
    )
    assert len(report.accepted) == 1
    assert _facts(geneva) > 10
    assert _without_facts(geneva) == 0
    before = _facts(geneva)
    with geneva.reading() as connection:  # the verbs find everything lifted already
        assert {row["element"] for row in matrix.matrix(connection)} == {
            "CAH.7.1.e.1",
            "CAH.7.1.f.1",
        }
        assert len(registers.interviews(connection)) == 3
    assert _facts(geneva) == before
    geneva.close()


def _verbs(connection: Connection) -> list[Any]:
    return [
        matrix.matrix(connection),
        matrix.reinterview(connection),
        registers.interviews(connection),
    ]


def test_a_reader_lifts_what_is_missing_and_answers_the_same(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    with geneva.transaction() as connection:
        fill(connection, interviews=20)  # records written as ingest stores them, no facts
    assert _without_facts(geneva) > 0
    with geneva.reading() as connection:
        first = json.dumps(_verbs(connection), default=str)
    assert _without_facts(geneva) == 0
    with geneva.reading() as connection:
        assert json.dumps(_verbs(connection), default=str) == first
    geneva.close()


def test_a_store_of_schema_version_7_gets_the_facts_when_opened(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    with geneva.transaction() as connection:
        fill(connection, interviews=20)
    with geneva.reading() as connection:
        gaps = json.dumps(matrix.gaps(connection), default=str)
    drop_schema_8(geneva)
    geneva.close()
    with Repository.open(tmp_path / "geneva", GENEVA_PASSPHRASE) as reopened:
        assert schema_version(reopened) == SCHEMA_VERSION == 12
        assert _without_facts(reopened) == 0
        with reopened.reading() as connection:
            assert json.dumps(matrix.gaps(connection), default=str) == gaps


def test_a_revised_record_is_read_with_the_facts_of_its_new_version(tmp_path: Path) -> None:
    geneva = new_repository(tmp_path / "geneva")
    field = laptop(tmp_path, geneva, "seoul1")
    made = interview(field, element="CAH.7.1.e.1")
    ship(field, geneva)
    with geneva.reading() as connection:
        assert [row["element"] for row in matrix.matrix(connection)] == ["CAH.7.1.e.1"]
    tag = made["tag"]
    field.services.tags.update(tag.model_copy(update={"element_id": "CAH.7.1.k.1"}))
    ship(field, geneva)
    with geneva.reading() as connection:
        assert [row["element"] for row in matrix.matrix(connection)] == ["CAH.7.1.k.1"]
    geneva.close()
