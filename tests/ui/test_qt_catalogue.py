"""Qt's own Korean catalogue (qtbase_ko.qm, shipped with PySide6) is loaded with ours, so
the buttons of standard dialogs speak Korean too, and unloaded again for English."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.language import switch_language


def test_standard_buttons_follow_the_language(qapp: QApplication) -> None:
    switch_language("ko")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "취소"
    switch_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
