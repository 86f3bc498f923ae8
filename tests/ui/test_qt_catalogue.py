"""Qt's own Korean catalogue (qtbase_ko.qm, shipped with PySide6) is loaded with ours, so
the buttons of standard dialogs speak Korean too, and unloaded again for English."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeView,
)

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


def _file_dialog_texts() -> list[str]:
    """The labels, buttons and column names of Qt's own file dialog (the one Sillok gets
    where the desktop offers none: openbox, a bare X display)."""
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    try:
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        texts += [button.text() for button in dialog.findChildren(QPushButton)]
        texts += [button.toolTip() for button in dialog.findChildren(QToolButton)]
        view = dialog.findChild(QTreeView)
        assert view is not None
        model = view.model()
        texts += [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        return [text for text in texts if text]
    finally:
        dialog.close()
        dialog.deleteLater()


def test_the_file_dialog_speaks_korean_whole_and_english_again(qapp: QApplication) -> None:
    """Seen on a real display: "Look in:" and "Files of type:" in English beside 이름,
    크기, 선택, 취소 (Qt's Korean catalogue lacks the newer "&Look in:", "Files of &type:")."""
    switch_language("ko")
    english = [t for t in _file_dialog_texts() if re.search("[A-Za-z]{2,}", t)]
    assert english == []
    switch_language("en")
    texts = _file_dialog_texts()
    assert "&Look in:" in texts and "Files of &type:" in texts
    assert not [t for t in texts if re.search("[가-힣]", t)]
