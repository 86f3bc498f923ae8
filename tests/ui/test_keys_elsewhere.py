"""`keys_elsewhere`: whether the keys are in a window over the desk when a lock comes.

A dialog or another window with the keys counts (the lock closes it, and what is typed
after the unlock was meant for it); a combo box's list or a completer's pop-up, open in
the desk, does not (the keys are still the desk's field's).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.desk.place import keys_elsewhere

WAIT_MS = 10_000


def desk_window(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit, QComboBox]:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget(window)
    layout = QVBoxLayout(central)
    field, combo = QLineEdit(central), QComboBox(central)
    combo.addItems(["1980s", "1990s"])
    layout.addWidget(field)
    layout.addWidget(combo)
    window.setCentralWidget(central)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window, field, combo


def test_the_keys_in_the_window_itself_are_not_elsewhere(qtbot: QtBot) -> None:
    window, field, _combo = desk_window(qtbot)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT_MS)
    assert not keys_elsewhere(window)


def test_a_dialog_with_the_keys_is_elsewhere(qtbot: QtBot) -> None:
    window, _field, _combo = desk_window(qtbot)
    dialog = QDialog(window)
    query = QLineEdit(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    query.setFocus()
    qtbot.waitUntil(query.hasFocus, timeout=WAIT_MS)
    assert keys_elsewhere(window)


def test_an_open_combo_box_list_is_the_window_s_own(qtbot: QtBot) -> None:
    window, _field, combo = desk_window(qtbot)
    combo.setFocus()
    combo.showPopup()
    popup = combo.view().window()
    qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    assert popup is not window
    assert not keys_elsewhere(window)
    combo.hidePopup()
