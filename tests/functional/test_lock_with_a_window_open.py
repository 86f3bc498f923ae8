"""A lock while a window over the desk has the keys (desk trial of 2026-12-06, B1 and M1).

The lock closes the search window, Geneva's dialogs and the desk's own dialogs. The
interviewer, back from the unlock, goes on typing what that window was for (the search
word, the fingerprint Geneva reads out, Enter to dismiss a box): none of it may go into the
witness's testimony, the transcript segment or the answer the desk last had the cursor in.
And the consent being asked when the lock came is asked again after the unlock, instead of
vanishing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain import TextValue
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    ok,
    start_interview_with_consent,
    start_session_with_segment,
    stored_answers,
)
from tests.functional.test_lock_boundary import (
    OCCUPATION,
    SPOKEN,
    occupation_field,
    stored_transcript,
    unlock,
)
from tests.ui.helpers import type_into
from ui.desk.session_screen import SessionScreen


def back_at(qtbot: QtBot, opened: Opened) -> SessionScreen:
    """The screen the unlock brought back, loaded, with whatever it does with the focus
    done."""
    qtbot.waitUntil(lambda: opened.desk.screen is not None, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    qtbot.waitUntil(lambda: screen.file is not None, timeout=WAIT_MS)
    editor = screen.transcript
    if editor is not None:
        qtbot.waitUntil(lambda: editor.model.is_loaded, timeout=WAIT_MS)
    qtbot.wait(100)  # let anything queued to move the focus do it
    opened.window.activateWindow()  # as the window manager does when the dialog is gone
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    return screen


def keep_typing(qtbot: QtBot, opened: Opened, text: str) -> None:
    """Type as the interviewer does after the unlock: into whatever has the keys."""
    target = opened.window.focusWidget() or opened.window
    assert not isinstance(target, QLineEdit | QPlainTextEdit | QTextEdit) or not (
        opened.desk.screen is not None and opened.desk.screen.isAncestorOf(target)
    ), f"the keys went back to a field of the desk: {target!r}"
    for char in text:
        if char == "\n":
            qtbot.keyClick(target, Qt.Key.Key_Return)
        elif char.isascii():
            qtbot.keyClick(target, char)
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)


def test_keys_meant_for_the_search_window_go_into_no_transcript(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    segment = start_session_with_segment(qtbot, screen, SPOKEN)
    assert isinstance(segment, QPlainTextEdit)
    screen.tabs.setCurrentWidget(screen.transcript_page)
    segment.setFocus()
    segment.moveCursor(QTextCursor.MoveOperation.End)
    opened.window.search_action.trigger()
    search = opened.window.search_window
    assert search is not None
    qtbot.waitExposed(search)
    type_into(qtbot, search.panel.query, "guard")
    opened.window.lock_action.trigger()
    unlock(qtbot, opened)
    screen = back_at(qtbot, opened)
    assert screen.tabs.currentWidget() is screen.transcript_page  # the same place
    assert "closed" in opened.window.statusBar().currentMessage()  # and says why it is gone
    keep_typing(qtbot, opened, "post\n")
    opened.window.lock_action.trigger()
    assert opened.window.statusBar().currentMessage() == ""  # nothing left on the lock page
    opened.close()
    assert stored_transcript(db) == [SPOKEN]


def test_keys_meant_for_the_enrolment_dialog_go_into_no_answer(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    field = occupation_field(screen)
    type_into(qtbot, field, OCCUPATION)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.window.geneva.enrol_action.trigger()
    dialog = opened.window.geneva.enrolment_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.label_field, "Seoul 3")
    opened.window.lock_action.trigger()
    unlock(qtbot, opened)
    screen = back_at(qtbot, opened)
    assert screen.section_id == "background"  # the same place
    keep_typing(qtbot, opened, "-SZHS\n")
    opened.close()
    assert stored_answers(db)[("background.occupation", "")] == TextValue(text=OCCUPATION)


@pytest.mark.parametrize("over", ["the list", "an open interview"])
def test_the_consent_being_asked_at_a_lock_is_asked_again_after_it(
    qtbot: QtBot, opened: Opened, over: str
) -> None:
    desk = opened.desk
    if over == "an open interview":  # Ctrl+N with another interview's screen behind
        start_interview_with_consent(qtbot, opened.desk)
    before = getattr(desk, "consent_dialog", None)
    desk.new_interview()
    new = desk.new_dialog
    qtbot.waitExposed(new)
    type_into(qtbot, new.interviewer, "officer")
    qtbot.mouseClick(ok(new.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(desk, "consent_dialog", None) is not before, timeout=WAIT_MS)
    consent = desk.consent_dialog
    qtbot.waitExposed(consent)
    next(iter(consent.yes.values())).click()
    opened.window.lock_action.trigger()
    unlock(qtbot, opened)
    qtbot.waitUntil(
        lambda: (
            desk.consent_dialog not in (None, consent)
            and shiboken6.isValid(desk.consent_dialog)
            and desk.consent_dialog.isVisible()
        ),
        timeout=WAIT_MS,
    )
    again = desk.consent_dialog
    assert again.code == consent.code  # the same interview's
    # asked afresh: the note says the answers given before the lock were not kept
    assert "not kept" in opened.window.statusBar().currentMessage()
    opened.close()


def test_the_lock_closes_the_settings_dialog(qtbot: QtBot, opened: Opened) -> None:
    """Left open, it came back after the unlock (and could be brought forward while
    locked, to lengthen the auto-lock without the passphrase)."""
    opened.window.settings_action.trigger()
    dialog = opened.window.settings_dialog
    qtbot.waitExposed(dialog)
    opened.window.lock_action.trigger()
    assert not dialog.isVisible()
    unlock(qtbot, opened)
    qtbot.wait(100)
    assert not (shiboken6.isValid(dialog) and dialog.isVisible())
    opened.close()


def _visible(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
        None,
    )


@pytest.mark.parametrize(
    ("over", "kind", "title"),
    [
        ("the statement PDF's save dialog", QFileDialog, "Save the PDF"),
        ("a message box", QMessageBox, "Reports"),
    ],
)
def test_ctrl_l_closes_a_dialog_of_the_desk_and_says_so_after_the_unlock(
    qtbot: QtBot, opened: Opened, over: str, kind: type[QWidget], title: str
) -> None:
    """Desk trial m21: the PDF's save dialog stayed above the lock page (folder listing and
    file name visible, usable after the unlock) and the note said it had been closed."""
    if over == "the statement PDF's save dialog":
        start_interview_with_consent(qtbot, opened.desk)
    # with no interview open the statement action answers with a message box
    over_lock: list[bool] = []

    def in_the_dialog() -> None:  # runs inside the dialog's own event loop
        dialog = _visible(kind)
        if dialog is None:
            QTimer.singleShot(20, in_the_dialog)
            return
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        over_lock.append(dialog.isVisible())
        if dialog.isVisible() and isinstance(dialog, QDialog):
            dialog.reject()  # (the old code) end its loop, so that the test goes on

    QTimer.singleShot(0, in_the_dialog)
    opened.window.report_actions["statement"].trigger()
    assert over_lock == [False], f"{over} stayed over the lock page"
    assert opened.window.stack.currentWidget() is opened.window.locked_page
    unlock(qtbot, opened)
    qtbot.waitUntil(lambda: title in opened.window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert _visible(kind) is None
    opened.close()


def test_a_window_that_opens_while_locked_is_closed_and_named_after_the_unlock(
    qtbot: QtBot, opened: Opened
) -> None:
    """A PDF or a package finished under the lock answers with a box: it must not show
    over the lock page (a file name, a code), and the unlock says it was closed."""
    opened.window.lock_action.trigger()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    box = QMessageBox(
        QMessageBox.Icon.Information, "PDF written", "SLK-X.pdf", parent=opened.window
    )
    progress = QProgressDialog("Writing", "Cancel", 0, 0, opened.window)
    cancelled: list[bool] = []
    progress.canceled.connect(lambda: cancelled.append(True))
    box.open()
    progress.show()
    try:
        qtbot.waitUntil(lambda: not box.isVisible() and not progress.isVisible(), timeout=WAIT_MS)
    finally:
        box.done(0)
    assert not cancelled  # the work goes on under the lock: nothing is lost
    unlock(qtbot, opened)
    qtbot.waitUntil(
        lambda: "PDF written" in opened.window.statusBar().currentMessage(), timeout=WAIT_MS
    )
    opened.close()


def test_the_lock_hides_a_progress_dialog_without_cancelling_its_work(
    qtbot: QtBot, opened: Opened
) -> None:
    progress = QProgressDialog("Writing", "Cancel", 0, 0, opened.window)
    cancelled: list[bool] = []
    progress.canceled.connect(lambda: cancelled.append(True))
    progress.show()
    qtbot.waitExposed(progress)
    opened.window.lock_action.trigger()
    assert not progress.isVisible()
    assert not cancelled
    unlock(qtbot, opened)
    assert not progress.isVisible()
    opened.close()
