"""A full or read-only disk under what Geneva writes beside the evidence: the facts the
verbs read, lifted in ingest's transaction (app/sync/repository/facts.py), and the
analysts' corroboration decisions. Each refusal says the disk is full (exit 10), leaves
neither a fact without its record nor a half decision, and the same write succeeds once
there is room (real small tmpfs and read-only bind mounts, as tests/fault_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.errors import SillokError, StorageFull
from app.sync.export import export_package
from app.sync.repository import corroboration_decisions, facts, registers
from app.sync.repository.ingest import ingest
from app.sync.repository.store import Repository
from tests.fault_support import NEEDS_ROOT, leaving, read_only, tmpfs
from tests.repository_support import interview, laptop, ship
from tests.sync_support import GENEVA_PASSPHRASE, new_repository

pytestmark = NEEDS_ROOT

UNIT = ("보위부", "회령시 보위부 예심과")
TORTURE = "CAH.7.1.f.1"


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "small", "8m") as folder:
        yield folder


def _facts(repository: Repository) -> list[tuple[Any, ...]]:
    with repository.reading() as connection:
        return connection.execute("SELECT * FROM analysis_facts ORDER BY 1, 2, 3").fetchall()


def _lifted_again(repository: Repository) -> list[tuple[Any, ...]]:
    """The facts as lifting every current record from scratch gives them (rolled back)."""
    try:
        with repository.transaction() as connection:
            connection.execute("DELETE FROM analysis_facts")
            facts.lift_all(connection)
            raise _Undone(connection.execute("SELECT * FROM analysis_facts ORDER BY 1, 2, 3"))
    except _Undone as undone:
        return undone.rows


class _Undone(Exception):
    def __init__(self, rows: Any) -> None:
        super().__init__("rolled back")
        self.rows: list[tuple[Any, ...]] = rows.fetchall()


def test_a_full_disk_during_an_ingest_leaves_no_fact_without_its_record(
    small: Path, tmp_path: Path
) -> None:
    geneva = new_repository(small / "geneva")
    try:
        field = laptop(tmp_path, geneva, "seoul")
        interview(field, element=TORTURE, perpetrator=("박철호", *UNIT))
        package = export_package(field.database, field.folder / "usb", actor="officer-seoul").path
        free, refused = 0, 0
        while True:
            with leaving(small, free):
                try:
                    ingest(geneva, package)
                except StorageFull as error:
                    assert error.exit_code == 10
                    refused += 1
                else:
                    break
            assert _facts(geneva) == [], f"facts without their records, {free} bytes free"
            free += 8192
        assert refused > 3
        held = _facts(geneva)
        assert held and held == _lifted_again(geneva)
        field.database.close()
    finally:
        geneva.close()


def _candidate(geneva: Repository, tmp_path: Path) -> str:
    """Two witnesses on two laptops name the same interrogator: one candidate by person."""
    seoul, busan = laptop(tmp_path, geneva, "seoul"), laptop(tmp_path, geneva, "busan")
    interview(seoul, element=TORTURE, perpetrator=("박철호", *UNIT))
    interview(busan, element=TORTURE, perpetrator=("박 철호", *UNIT))
    ship(seoul, geneva)
    ship(busan, geneva)
    seoul.database.close()
    busan.database.close()
    with geneva.reading() as connection:
        found = registers.corroborations(connection)["candidates"]
    (person,) = [c for c in found if c["reason"] == "person"]
    return str(person["key"])


def _decisions(geneva: Repository) -> int:
    with geneva.reading() as connection:
        return int(connection.execute("SELECT count(*) FROM corroboration_decisions").fetchone()[0])


def test_a_corroboration_decision_on_a_full_disk_is_refused_and_made_once_there_is_room(
    small: Path, tmp_path: Path
) -> None:
    geneva = new_repository(small / "geneva")
    try:
        key = _candidate(geneva, tmp_path)
        with leaving(small, 0):
            with pytest.raises(StorageFull) as refused:
                corroboration_decisions.decide(
                    geneva, key, "confirmed", "같은 심문관, 두 증언", "analyst-1"
                )
        assert refused.value.exit_code == 10
        assert _decisions(geneva) == 0
        made = corroboration_decisions.decide(
            geneva, key, "confirmed", "같은 심문관, 두 증언", "analyst-1"
        )
        assert made.verdict == "confirmed"
        assert _decisions(geneva) == 1
    finally:
        geneva.close()


def test_a_corroboration_decision_on_a_read_only_disk_is_refused_with_its_cause(
    tmp_path: Path,
) -> None:
    geneva = new_repository(tmp_path / "geneva")
    key = _candidate(geneva, tmp_path)
    folder = geneva.folder
    geneva.close()
    with read_only(folder):
        try:
            opened = Repository.open(folder, GENEVA_PASSPHRASE)
        except SillokError as error:  # refused at the door: as good, if it says why
            assert error.exit_code in (10, 11), error
            return
        try:
            with pytest.raises(SillokError) as refused:
                corroboration_decisions.decide(opened, key, "rejected", "다른 사람", "analyst-1")
            assert refused.value.exit_code in (10, 11)
        finally:
            opened.close()
    reopened = Repository.open(folder, GENEVA_PASSPHRASE)
    try:
        assert _decisions(reopened) == 0
    finally:
        reopened.close()
