"""Shared fixtures: real SQLCipher databases in tmp_path, offscreen Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.i18n import set_language
from tests import postgres_support, sync_support
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _own_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings and data folders in a temporary place: no test writes in the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "field" / "sillok.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[object]:
    from app.store.database import Database

    opened = Database.create(db_path, PASSPHRASE, FAST_KDF)
    yield opened
    opened.close()


@pytest.fixture
def services(database: object) -> object:
    from app.services import Services

    return Services(database, actor="interviewer:test")  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres_support.Cluster]:
    """One throwaway PostgreSQL cluster per test process (xdist worker), started on first
    use (a few seconds) and removed at the end (tests/postgres_support.py)."""
    cluster = postgres_support.start()
    yield cluster
    postgres_support.stop(cluster)


@pytest.fixture(params=["sqlcipher", "postgres"])
def repository_backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Runs a test once on each store: every repository `sync_support.new_repository`
    makes is a SQLCipher file, then a fresh database on the test cluster (opened by its
    superuser, as libpq's default role through PGUSER)."""
    if request.param == "postgres":
        cluster: postgres_support.Cluster = request.getfixturevalue("postgres_cluster")
        monkeypatch.setenv("PGUSER", postgres_support.SUPERUSER)
        monkeypatch.setattr(sync_support, "SERVER", cluster.new_database)
    yield request.param
