"""On the server the analysis verbs read in one read-only transaction whose settings are
their own (app/sync/repository/snapshot.py: `work_mem` for their sorts, no parallel
workers) and gone when the verb returns or fails; facts a verb lifts are kept after it;
a verb inside the caller's transaction reads in it. On a real cluster
(tests/postgres_support.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.store.connection import Connection
from app.sync.repository import assessments, facts, matrix, registers, snapshot
from app.sync.repository.store import Repository
from tests import postgres_support, sync_support
from tests.sync_support import new_repository
from tests.verbs_pinned_support import fill

VERBS: dict[str, Callable[[Connection], Any]] = {
    "matrix": matrix.matrix,
    "gaps": matrix.gaps,
    "gaps_and_reinterview": matrix.gaps_and_reinterview,
    "reinterview": matrix.reinterview,
    "statements": matrix.statements,
    "interviews": registers.interviews,
    "corroborations": registers.corroborations,
    "units": lambda connection: registers.register(connection, "units"),
}

SHOWN = (
    "SELECT current_setting('transaction_read_only'), "
    "current_setting('transaction_isolation'), current_setting('work_mem'), "
    "current_setting('max_parallel_workers_per_gather')"
)


@pytest.fixture
def server(
    postgres_cluster: postgres_support.Cluster, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("PGUSER", postgres_support.SUPERUSER)
    monkeypatch.setattr(sync_support, "SERVER", postgres_cluster.new_database)
    yield


def _settings(connection: Connection) -> tuple[Any, ...]:
    return tuple(connection.execute(SHOWN).fetchone())


def _filled(tmp_path: Path) -> Repository:
    geneva = new_repository(tmp_path / "geneva")
    assert geneva.store.kind == "postgres"
    with geneva.transaction() as connection:
        fill(connection, interviews=20)
    return geneva


@pytest.mark.usefixtures("server")
@pytest.mark.parametrize("verb", VERBS)
def test_a_verb_reads_in_one_read_only_transaction_with_its_own_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verb: str
) -> None:
    seen: list[tuple[Any, ...]] = []
    real = assessments.beside

    def beside(connection: Connection) -> dict[str, list[dict[str, Any]]]:
        seen.append((connection.in_transaction, *_settings(connection)))
        return real(connection)

    real_batches = facts._batches

    def batches(connection: Connection, *args: Any) -> Iterator[Any]:
        seen.append((connection.in_transaction, *_settings(connection)))
        return real_batches(connection, *args)

    for module in (matrix, registers):
        monkeypatch.setattr(module, "beside", beside)
    monkeypatch.setattr(facts, "_batches", batches)
    with _filled(tmp_path) as geneva, geneva.reading() as connection:
        before = _settings(connection)
        assert before[:1] == ("off",) and before[2:] == ("4MB", "2")  # the server's own
        VERBS[verb](connection)
        assert seen
        assert set(seen) == {(True, "on", "repeatable read", "64MB", "0")}
        assert not connection.in_transaction
        assert _settings(connection) == before  # SET LOCAL: gone with the transaction


@pytest.mark.usefixtures("server")
def test_a_failing_verb_rolls_its_transaction_back_and_leaves_no_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def beside(connection: Connection) -> dict[str, list[dict[str, Any]]]:
        raise RuntimeError("the verb failed")

    monkeypatch.setattr(matrix, "beside", beside)
    with _filled(tmp_path) as geneva, geneva.reading() as connection:
        before = _settings(connection)
        with pytest.raises(RuntimeError, match="the verb failed"):
            matrix.matrix(connection)
        assert not connection.in_transaction
        assert _settings(connection) == before


@pytest.mark.usefixtures("server")
def test_facts_a_verb_lifts_are_kept_after_its_read_only_transaction(tmp_path: Path) -> None:
    with _filled(tmp_path) as geneva:  # records written as ingest stores them, no facts
        with geneva.reading() as connection:
            first = json.dumps(matrix.gaps_and_reinterview(connection), default=str)
            assert not connection.in_transaction
            missing = connection.execute(
                "SELECT count(*) FROM current_records c LEFT JOIN analysis_facts f "
                "ON f.kind = c.kind AND f.record_id = c.record_id AND f.version = c.version "
                "WHERE c.deleted = 0 AND c.kind = 'element_tag' AND f.record_id IS NULL"
            ).fetchone()[0]
            assert missing == 0
            assert json.dumps(matrix.gaps_and_reinterview(connection), default=str) == first


@pytest.mark.usefixtures("server")
def test_a_verb_inside_the_callers_transaction_reads_in_it(tmp_path: Path) -> None:
    with _filled(tmp_path) as geneva, geneva.transaction() as connection:
        connection.execute("SET LOCAL work_mem = '5MB'")
        matrix.matrix(connection)
        assert connection.in_transaction  # neither committed nor rolled back by the verb
        assert _settings(connection)[:3] == ("off", "read committed", "5MB")


def test_on_the_file_store_a_verb_runs_as_before(tmp_path: Path) -> None:
    with new_repository(tmp_path / "geneva") as geneva, geneva.reading() as connection:
        assert geneva.store.kind != "postgres"
        with snapshot.reading(connection):
            assert not connection.in_transaction
        matrix.matrix(connection)
        assert not connection.in_transaction
