"""The lock boundary, one defect at a time (issue 13), through the real window on a real
encrypted database with the real worker thread:

- what was typed just before a lock is stored even when the worker is busy (defect 4);
- the lock fails closed whatever part of tearing down fails (defect 2);
- after an unlock, saving raises nothing and says nothing false (defect 3);
- after an unlock the keys go to the field the interviewer was in, never to a hidden
  widget such as the transcript's last segment (defect 1);
- the auto-lock outlives neither the window nor the task runner (defect 6).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain import TextValue
from app.services import Services
from app.store.database import Database
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    start_session_with_segment,
    stored_answers,
)
from tests.support import PASSPHRASE
from tests.ui.helpers import type_into
from ui.desk.session_screen import SessionScreen

OCCUPATION = "탄광 광부"
SPOKEN = "회령에서 석 달 동안 조사를 받았습니다"


class Blocker:
    """Holds the worker busy (as a search, a PDF or an export does) until released."""

    def __init__(self, opened: Opened) -> None:
        self.release_event = threading.Event()
        self.started = threading.Event()

        def hold() -> None:
            self.started.set()
            self.release_event.wait(WAIT_MS / 1000)

        opened.runner.run(hold, lambda _r: None, lambda _e: None)
        assert self.started.wait(WAIT_MS / 1000)

    def release(self) -> None:
        self.release_event.set()


def unlock(qtbot: QtBot, opened: Opened) -> None:
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    dialog = opened.window.unlock_dialog
    assert dialog is not None
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is None, timeout=WAIT_MS)


def unlocked_session(qtbot: QtBot, opened: Opened) -> SessionScreen:
    """Unlock, then the session screen back with its transcript loaded."""
    unlock(qtbot, opened)
    qtbot.waitUntil(lambda: opened.desk.screen is not None, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    return screen


def occupation_field(screen: SessionScreen) -> QWidget:
    screen.show_section("background")
    row = screen.questions.row("background.occupation", "")
    assert row is not None
    field: QWidget = row.editor.field  # type: ignore[attr-defined]
    return field


def stored_transcript(db: Path) -> list[str]:
    database = Database.open(db, PASSPHRASE)
    try:
        return [s.text for s in Services(database, "test").transcripts.find()]
    finally:
        database.close()


def test_an_answer_typed_while_the_worker_is_busy_is_stored_at_lock(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    failures: list[str] = []
    opened.desk.controller.failed.connect(failures.append)
    field = occupation_field(screen)
    blocker = Blocker(opened)
    type_into(qtbot, field, OCCUPATION)  # type: ignore[arg-type]
    opened.window.lock_action.trigger()
    blocker.release()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    opened.close()
    assert failures == []
    assert stored_answers(db)[("background.occupation", "")] == TextValue(text=OCCUPATION)


def test_transcript_typed_while_the_worker_is_busy_is_stored_at_lock(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    text = start_session_with_segment(qtbot, screen, SPOKEN)
    screen.tabs.setCurrentWidget(screen.transcript_page)
    blocker = Blocker(opened)
    type_into(qtbot, text, " 그리고")  # type: ignore[arg-type]
    opened.window.lock_action.trigger()
    blocker.release()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    opened.close()
    assert stored_transcript(db) == [SPOKEN + " 그리고"]


def test_saving_after_an_unlock_raises_nothing_and_shows_saved(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    occupation_field(screen).setFocus()
    for _round in range(2):
        opened.window.lock_action.trigger()
        unlock(qtbot, opened)
    qtbot.waitUntil(lambda: opened.desk.screen is not None, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    qtbot.waitUntil(lambda: screen.section_id == "background", timeout=WAIT_MS)
    # pytest-qt fails the test on any exception raised in a slot (a dead screen's lambda)
    type_into(qtbot, occupation_field(screen), OCCUPATION)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    assert screen.saved_label.text() == "Saved"
    assert screen.message.isHidden(), screen.message.text()
    opened.close()
    assert stored_answers(db)[("background.occupation", "")] == TextValue(text=OCCUPATION)


def test_the_lock_fails_closed_when_a_receipt_message_outlived_its_dialog(
    qtbot: QtBot, opened: Opened
) -> None:
    """Loading a receipt from the export wizard leaves a message box whose parent (the
    wizard) is deleted with it; the next lock used to raise there and stay open."""
    wizard_like = QWidget(opened.window, Qt.WindowType.Dialog)
    opened.window.geneva.receipts()._show(wizard_like, QMessageBox.Icon.Information, "held")
    wizard_like.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    opened.window.lock_action.trigger()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    assert not opened.session.is_open
    assert opened.window.stack.currentWidget() is opened.window.locked_page


def test_the_lock_fails_closed_whatever_part_of_tearing_down_fails(
    qtbot: QtBot, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_interview_with_consent(qtbot, opened.desk)

    def broken() -> None:
        raise RuntimeError("a dialog that cannot close")

    monkeypatch.setattr(opened.window.desk, "teardown", broken)
    monkeypatch.setattr(opened.window.geneva, "close_all", broken)
    with qtbot.captureExceptions() as raised:
        opened.window.lock_action.trigger()
        qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    assert raised  # the failure is not hidden, but the lock held
    assert not opened.session.is_open
    assert not opened.window.content.isVisible()
    assert opened.window.stack.currentWidget() is opened.window.locked_page


def test_after_an_unlock_keys_go_to_the_field_the_interviewer_was_in(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session_with_segment(qtbot, screen, SPOKEN)
    field = occupation_field(screen)
    type_into(qtbot, field, OCCUPATION)  # type: ignore[arg-type]
    field.setCursorPosition(2)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.window.lock_action.trigger()
    screen = unlocked_session(qtbot, opened)
    editor = screen.transcript
    assert editor is not None
    qtbot.waitUntil(lambda: bool(editor.views), timeout=WAIT_MS)
    field = occupation_field(screen)
    qtbot.waitUntil(field.hasFocus, timeout=WAIT_MS)
    qtbot.wait(50)  # let anything queued to take the focus away try
    focused = QApplication.focusWidget()
    assert focused is field and focused.isVisible()
    assert field.cursorPosition() == 2  # type: ignore[attr-defined]
    qtbot.keyClicks(focused, "N2")
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.close()
    assert stored_transcript(db) == [SPOKEN]
    assert stored_answers(db)[("background.occupation", "")] == TextValue(text="탄광N2 광부")


def test_the_auto_lock_stops_with_the_window(qtbot: QtBot, opened: Opened) -> None:
    window, watcher = opened.window, opened.window.watcher
    assert watcher.timer.isActive()
    window.close()
    opened.runner.shutdown(final=opened.session.close_on_worker)
    assert not watcher.timer.isActive()
    watcher.idle.emit()  # a late timeout must not reach a shut-down runner
    qtbot.keyClick(window, Qt.Key.Key_A)  # activity restarts nothing
    assert not watcher.timer.isActive()


def test_the_lock_closes_the_sealed_identity_dialog_and_forgets_what_it_held(
    qtbot: QtBot, opened: Opened
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.identity_requested.emit()
    dialog = opened.desk.identity_dialog
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.real_name, "김철수")
    opened.window.lock_action.trigger()
    assert not dialog.isVisible()
    assert dialog.real_name.text() == ""
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT_MS)  # deleted too
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)


def test_a_hidden_widget_with_the_focus_gets_no_keys(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    """The safety net under the fix above: even if a hidden segment is given the focus
    (as the transcript once did itself after loading), the keys do not reach it."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session_with_segment(qtbot, screen, SPOKEN)  # back on the Questions tab
    editor = screen.transcript
    assert editor is not None
    hidden = editor.view_at(0).text
    assert not hidden.isVisible()
    hidden.setFocus()
    qtbot.keyClicks(hidden, "N2")
    assert hidden.toPlainText() == SPOKEN
    opened.close()
    assert stored_transcript(db) == [SPOKEN]
