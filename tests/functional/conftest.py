"""What the functional tests share: a real encrypted database on disk (`db`) and the whole
desktop app opened on it (`opened`), closed again after the test if it is still open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.store.database import Database
from tests.functional.test_interview_desk import Opened
from tests.support import FAST_KDF, PASSPHRASE


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    Database.create(path, PASSPHRASE, FAST_KDF).close()
    return path


@pytest.fixture
def opened(qtbot: QtBot, db: Path, tmp_path: Path) -> Iterator[Opened]:
    app = Opened(qtbot, db, tmp_path / "settings.json")
    yield app
    if not app.runner.stopped:
        app.close()
