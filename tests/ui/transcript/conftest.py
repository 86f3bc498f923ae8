"""Fixtures for the transcript editor: a recorded interview in a real encrypted database,
opened on the real worker thread, and editors on it."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.services import Services
from app.store.database import Database
from tests.support import FAST_KDF, PASSPHRASE, record_interview
from tests.ui.helpers import commit_with_input_method
from ui.application import use_hangul_font
from ui.session import Session
from ui.tasks import TaskRunner
from ui.transcript import TranscriptEditor

WAIT_MS = 10_000
ACTOR = "interviewer:test"
T = TypeVar("T")


@dataclass(frozen=True)
class Recorded:
    path: Path
    interview_id: UUID
    session_id: UUID
    person_id: UUID
    incident_id: UUID


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """Made once: an interview with a session, a person and an incident, no transcript."""
    path = tmp_path_factory.mktemp("template") / "field" / "sillok.db"
    with Database.create(path, PASSPHRASE, FAST_KDF) as database:
        made = record_interview(Services(database, "setup"), with_text=False)
    return Recorded(
        path,
        made["interview"].id,
        made["session"].id,
        made["person"].id,
        made["incident"].id,
    )


@pytest.fixture
def recorded(_template: Recorded, db_path: Path) -> Recorded:
    """A copy of the template database (and its key file) for one test."""
    shutil.copytree(_template.path.parent, db_path.parent)
    return dataclasses.replace(_template, path=db_path)


@pytest.fixture
def opened(qtbot: QtBot, threaded_runner: TaskRunner, recorded: Recorded) -> Iterator[Session]:
    """The database unlocked on the worker, as the desktop app does it."""
    use_hangul_font(QApplication.instance())  # type: ignore[arg-type]
    session = Session(threaded_runner, recorded.path)
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        session.unlock(PASSPHRASE)
    yield session
    threaded_runner.shutdown(final=session.close_on_worker)


@pytest.fixture
def make_editor(
    qtbot: QtBot, threaded_runner: TaskRunner, opened: Session, recorded: Recorded
) -> Callable[[], TranscriptEditor]:
    def make() -> TranscriptEditor:
        # As in the desk: the editor is made inside a window that is already active. (A
        # top-level editor activated only after its transcript loaded got Qt's activation
        # focus on its first button, and the cursor never went to the end: a test artefact,
        # seen once in ten loaded runs.)
        window = QWidget()
        qtbot.addWidget(window)
        window.resize(760, 560)
        layout = QVBoxLayout(window)
        layout.setContentsMargins(0, 0, 0, 0)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        editor = TranscriptEditor(
            threaded_runner,
            opened.database_on_worker,
            ACTOR,
            recorded.interview_id,
            recorded.session_id,
            parent=window,
        )
        editor.host = (window, layout)  # type: ignore[attr-defined]  # kept alive with it
        layout.addWidget(editor)
        with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
            editor.show()
        qtbot.waitUntil(lambda: editor.views != {}, timeout=WAIT_MS)
        return editor

    return make


@pytest.fixture
def editor(make_editor: Callable[[], TranscriptEditor]) -> TranscriptEditor:
    return make_editor()


def on_worker(qtbot: QtBot, runner: TaskRunner, op: Callable[[], T]) -> T:
    """Run `op` on the worker (where the database lives) and wait for its result."""
    box: dict[str, Any] = {}
    runner.run(op, lambda value: box.setdefault("value", value), lambda e: box.setdefault("e", e))
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    if "e" in box:
        raise box["e"]
    return box["value"]


def stored_services(session: Session) -> Services:
    return Services(session.database_on_worker(), "test:reader")


def type_text(qtbot: QtBot, widget: Any, text: str) -> None:
    """Keys for ASCII, the input method for Hangul (as tests/ui/helpers.type_into)."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            commit_with_input_method(widget, char)
