"""Fixtures for the desktop tests: task runners that are always stopped, a database on
disk, and a marked stand-in for the Korean catalogue."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.i18n
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE
from tests.ui.helpers import KO_MARK
from ui.language import switch_language
from ui.session import Session
from ui.tasks import Runner, SynchronousTaskRunner, TaskRunner


@pytest.fixture(autouse=True)
def _english_qt(qapp: object) -> Iterator[None]:
    """Every test starts and ends in English, Qt's own catalogue included."""
    switch_language("en")
    yield
    switch_language("en")


@pytest.fixture
def threaded_runner(qapp: object) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    assert runner.worker_thread.isFinished()


@pytest.fixture(params=["threaded", "synchronous"])
def runner(request: pytest.FixtureRequest, qapp: object) -> Iterator[Runner]:
    """Each test that takes `runner` runs with the real worker thread and without one."""
    chosen: Runner = TaskRunner() if request.param == "threaded" else SynchronousTaskRunner()
    yield chosen
    chosen.shutdown()


@pytest.fixture
def session(runner: Runner, db_path: Path) -> Iterator[Session]:
    """A session on `db_path`; whatever it opened is closed on the worker at the end."""
    opened = Session(runner, db_path)
    yield opened
    runner.shutdown(final=opened.close_on_worker)


@pytest.fixture
def existing_db(db_path: Path) -> Path:
    """A database on disk, closed, made with PASSPHRASE."""
    Database.create(db_path, PASSPHRASE, FAST_KDF).close()
    return db_path


class _MarkedTranslations(gettext.NullTranslations):
    """Every message comes back marked, so a test sees which texts were re-set."""

    def gettext(self, message: str) -> str:
        return KO_MARK + message


@pytest.fixture
def marked_korean(monkeypatch: pytest.MonkeyPatch) -> None:
    """'ko' loads a catalogue that marks every message (no Korean catalogue exists yet)."""
    real_load = app.i18n.load

    def load(language: str, directory: Path = app.i18n.TRANSLATIONS_DIR) -> object:
        return _MarkedTranslations() if language == "ko" else real_load(language, directory)

    monkeypatch.setattr(app.i18n, "load", load)
