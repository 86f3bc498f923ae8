"""The note the desk shows after the unlock when this laptop's swap is not encrypted.

SQLCipher cannot keep all of SQLite's memory out of swap on an ordinary account (README,
"Memory and swap"), so on a laptop whose swap (or hibernation disk) is not encrypted, the
testimony held in memory can reach the disk unencrypted. The check (`app.store.swap`) is
asked once per start, on the worker like every other verb of the desk; the note does not
block anything and can be hidden. It says nothing about the database, only about the laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _
from app.store.swap import SwapCheck, warning


class SwapNote(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: SwapCheck | None = None
        self.text = QLabel(self)
        self.text.setProperty("role", "warning")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide_button = QPushButton(self)
        self.hide_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()
        self.retranslate()

    def show_for(self, check: SwapCheck) -> None:
        """Shown when the check says testimony could reach a disk unencrypted."""
        self.check = check
        self.retranslate()
        self.setVisible(warning(check) is not None)

    def retranslate(self) -> None:
        self.hide_button.setText(_("Hide"))
        said = warning(self.check) if self.check is not None else None
        self.text.setText(said or "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
