"""Opening a Geneva repository: its passphrase (and, on a PostgreSQL server, the user's
own role), asked again after a wrong one with the core's translated message inline.

Opening derives the key (about a second), so it runs on the task runner while the dialog
shows that it is busy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from ui.analysts.session import RepositorySession
from ui.errors import error_text
from ui.language_buttons import LanguageButtons
from ui.passphrase import PassphraseField
from ui.style import DIALOG_STYLE


class OpenRepositoryDialog(QDialog):
    def __init__(
        self,
        session: RepositorySession,
        parent: QWidget | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("openRepositoryDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(520)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.languages = LanguageButtons(settings_path, self)
        self.where = QLabel(str(session.folder), self)
        self.where.setProperty("role", "hint")
        self.where.setWordWrap(True)
        self.passphrase = PassphraseField(self)
        self.role = QLineEdit(self)
        self.form = QFormLayout()
        self.passphrase_label = QLabel(self)
        self.role_label = QLabel(self)
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow(self.role_label, self.role)
        self.form.setRowVisible(1, session.on_server)
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.languages, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        session.opened.connect(self._opened)
        session.open_failed.connect(self._failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sillok — Geneva repository"))
        self.heading.setText(_("Open the Geneva repository"))
        self.passphrase_label.setText(_("Repository passphrase"))
        self.role_label.setText(_("Your database role"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _open(self) -> None:
        if not self.passphrase.text():
            self._say(_("Type the repository's passphrase."))
            return
        self._busy(True)
        self.session.open(self.passphrase.text(), self.role.text().strip() or None)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.role.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self._say(error_text(error))
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _opened(self) -> None:
        self._busy(False)
        self.passphrase.clear()
        self.accept()
