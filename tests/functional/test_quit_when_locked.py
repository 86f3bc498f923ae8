"""Quitting from the unlock dialog (desk trial of 2026-12-06, m20): after an auto-lock the
unlock dialog swallowed Ctrl+Q, so a desk left locked could not be quit without Cancel
first (and a second desk was then opened on the same database, m22). Ctrl+Q and a Quit
button on the unlock dialog of a lock quit, after what the lock queued is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desk.drafts import take_dialog
from app.i18n import _
from app.store.database import Database
from tests.functional.test_interview_desk import WAIT_MS, Opened
from tests.support import PASSPHRASE
from tests.ui.helpers import type_into
from ui.desk.desk import NEW_INTERVIEW
from ui.language import switch_language


@pytest.mark.parametrize("how", ["Ctrl+Q", "the Quit button"])
def test_the_unlock_dialog_of_a_lock_quits(
    qtbot: QtBot, opened: Opened, db: Path, how: str
) -> None:
    opened.desk.new_interview()
    new = opened.desk.new_dialog
    qtbot.waitExposed(new)
    type_into(qtbot, new.interpreter, "이통역")  # kept by the lock: must not be lost
    opened.window.watcher.idle.emit()  # the auto-lock
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    dialog = opened.window.unlock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    if how == "Ctrl+Q":
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    else:
        assert dialog.quit_button.isVisible()
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not opened.window.isVisible(), timeout=WAIT_MS)
    assert not dialog.isVisible()
    opened.close()  # what run_desktop does when the last window is gone
    database = Database.open(db, PASSPHRASE)
    try:
        assert take_dialog(database, NEW_INTERVIEW)["interpreter"] == "이통역"
    finally:
        database.close()


def test_the_quit_button_speaks_korean(qtbot: QtBot, opened: Opened) -> None:
    switch_language("ko")
    try:
        opened.window.lock_action.trigger()
        qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
        dialog = opened.window.unlock_dialog
        assert dialog is not None
        assert dialog.quit_button.text() == _("Quit Sillok") != "Quit Sillok"
    finally:
        switch_language("en")
    opened.close()
