"""The main window: what it shows while open, Lock, and the language menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.i18n import current_language
from app.store.database import Database, side_files
from tests.support import PASSPHRASE
from tests.ui.helpers import KO_MARK, type_into
from ui.language import switch_language
from ui.main_window import MainWindow
from ui.session import Session
from ui.tasks import Runner
from ui.unlock_dialog import Mode

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot: QtBot, session: Session, existing_db: Path) -> MainWindow:
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        session.unlock(PASSPHRASE)
    shown = MainWindow(session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def open_files(db_path: Path) -> list[str]:
    """SQLite's companion files: there while the database is open, gone once closed."""
    return [path.name for path in side_files(db_path) if path.exists()]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_status_bar_says_what_helps_an_interviewer_and_no_path(
    window: MainWindow, existing_db: Path, language: str
) -> None:
    """It showed "스키마 9" and the database's full path, which may name a person's
    folder: nothing an interviewer acts on, something a bystander may read. It says
    that the database is encrypted and when it locks itself."""
    assert window.windowTitle() == "Sillok"
    assert window.content.isVisible()
    switch_language(language)
    details = window.open_details.text()
    assert details
    assert str(existing_db.parent) not in details and existing_db.name not in details
    assert "schema" not in details and "스키마" not in details
    minutes = window.settings.autolock_minutes
    assert str(minutes) in details
    assert ("locks" in details) if language == "en" else ("잠" in details)
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    switch_language("en")


def test_lock_closes_the_database_hides_everything_and_asks_again(
    qtbot: QtBot, window: MainWindow, session: Session, runner: Runner, existing_db: Path
) -> None:
    handles: list[object] = []
    runner.run(session.database_on_worker, handles.append, handles.append)
    qtbot.waitUntil(lambda: bool(handles), timeout=WAIT_MS)
    handle = handles[0]
    assert isinstance(handle, Database)
    assert open_files(existing_db)  # the sanity check below can fail

    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=WAIT_MS)

    assert not window.content.isVisible()
    assert window.locked_page.isVisible()
    assert window.open_details.text() == ""
    assert not session.is_open and session.info is None
    assert open_files(existing_db) == []
    errors: list[BaseException] = []
    runner.run(lambda: handle.schema_version, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert "closed" in str(errors[0])  # used on its own thread: refused as closed

    dialog = window.unlock_dialog
    assert dialog is not None
    assert dialog.isVisible() and dialog.mode is Mode.UNLOCK
    assert not window.lock_action.isEnabled()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(session.opened, timeout=WAIT_MS):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.unlock_dialog is None, timeout=WAIT_MS)
    assert window.content.isVisible()
    assert window.open_details.text() and str(existing_db) not in window.open_details.text()
    assert window.lock_action.isEnabled()


def test_declining_to_unlock_leaves_the_window_locked_with_a_way_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=WAIT_MS)
    first = window.unlock_dialog
    assert first is not None
    first.reject()
    qtbot.waitUntil(lambda: window.unlock_dialog is None, timeout=WAIT_MS)

    assert window.locked_page.isVisible()
    assert not window.content.isVisible()
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert window.unlock_dialog is not None
    assert window.unlock_dialog.isVisible()


@pytest.mark.usefixtures("marked_korean")
def test_the_language_menu_retranslates_without_losing_a_half_typed_passphrase(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=WAIT_MS)
    dialog = window.unlock_dialog
    assert dialog is not None
    type_into(qtbot, dialog.passphrase, "봄날 압록")
    assert window.language_actions["en"].isChecked()

    window.language_actions["ko"].trigger()

    assert current_language() == "ko"
    assert window.language_actions["ko"].isChecked()
    assert dialog.passphrase.text() == "봄날 압록"
    texts = [
        window.windowTitle(), window.file_menu.title(), window.language_menu.title(),
        window.lock_action.text(), window.quit_action.text(), window.locked_heading.text(),
        window.unlock_button.text(), dialog.heading.text(), dialog.submit_button.text(),
    ]  # fmt: skip
    assert [text[: len(KO_MARK)] for text in texts] == [KO_MARK] * len(texts)
    assert window.language_actions["ko"].text() == "한국어"  # a language names itself

    window.language_actions["en"].trigger()

    assert current_language() == "en"
    assert window.lock_action.text() == "&Lock"
    assert dialog.heading.text() == "Unlock Sillok"
    assert dialog.passphrase.text() == "봄날 압록"
