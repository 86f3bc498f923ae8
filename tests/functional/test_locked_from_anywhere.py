"""At a lock the way back and the way in work from anywhere: "Forgot the passphrase?" opens
the recovery window at a lock too, and Ctrl+L locks over a modal dialog (both seen
failing on a real display)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.functional.test_interview_desk import WAIT_MS, Opened


def test_forgot_the_passphrase_works_after_a_lock(qtbot: QtBot, opened: Opened) -> None:
    opened.window.lock()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    dialog = opened.window.unlock_dialog
    assert dialog is not None
    dialog.recovery_requested.emit()
    qtbot.waitUntil(
        lambda: (
            getattr(opened.window, "recovery", None) is not None
            and opened.window.recovery.isVisible()
        ),
        timeout=WAIT_MS,
    )
    opened.window.recovery.reject()


def test_ctrl_l_locks_while_a_modal_dialog_is_open(qtbot: QtBot, opened: Opened) -> None:
    """Seen on a real display: Ctrl+L did nothing while the tag dialog or a message box was
    open (an application shortcut does not reach past a modal dialog); the testimony
    stayed on screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "Sillok", "…", parent=opened.window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.open()
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not opened.session.is_open, timeout=WAIT_MS)
