"""The main window: for now, a sign that the database is open, Lock, and the language menu.

Locking hides everything at once, closes the database on the worker, then asks for the
passphrase again. The interview desk will take the place of the placeholder.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from ui.language import LANGUAGE_NAMES, switch_language
from ui.session import Session
from ui.style import DIALOG_STYLE
from ui.unlock_dialog import Mode, UnlockDialog


def _centred_page(parent: QWidget, *widgets: QWidget) -> QWidget:
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(40, 40, 40, 40)
    layout.setSpacing(10)
    layout.addStretch(1)
    for widget in widgets:
        layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return page


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.unlock_dialog: UnlockDialog | None = None
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(900, 600)

        self.open_heading = QLabel(self)
        self.open_heading.setProperty("role", "heading")
        self.open_details = QLabel(self)
        self.open_details.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.open_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lock_hint = QLabel(self)
        self.lock_hint.setProperty("role", "hint")
        self.content = _centred_page(self, self.open_heading, self.open_details, self.lock_hint)

        self.locked_heading = QLabel(self)
        self.locked_heading.setProperty("role", "heading")
        self.unlock_button = QPushButton(self)
        self.unlock_button.clicked.connect(self.ask_passphrase)
        self.locked_page = _centred_page(self, self.locked_heading, self.unlock_button)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.locked_page)
        self.stack.addWidget(self.content)
        self.setCentralWidget(self.stack)

        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.language_menu = self.menuBar().addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, code=code: switch_language(code))
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        session.opened.connect(self._show_open)
        session.locked.connect(self.ask_passphrase)
        self.retranslate()
        if session.is_open:
            self._show_open()
        else:
            self._show_locked()

    def retranslate(self) -> None:
        """Re-set every text in the current language (no restart needed)."""
        self.setWindowTitle(_("Sillok"))
        self.file_menu.setTitle(_("&File"))
        self.lock_action.setText(_("&Lock"))
        self.lock_action.setStatusTip(_("Close the database and hide everything until unlocked"))
        self.quit_action.setText(_("&Quit"))
        self.language_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.open_heading.setText(_("The database is open."))
        self.lock_hint.setText(
            _("Step away from the laptop? Lock Sillok first: {shortcut}.").format(
                shortcut=self.lock_action.shortcut().toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.locked_heading.setText(_("Sillok is locked."))
        self.unlock_button.setText(_("Unlock…"))
        self._fill_details()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- locking ----------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide everything now; close the database on the worker; then ask again."""
        if not self.session.is_open:
            return
        self._show_locked()
        self.session.lock()

    def ask_passphrase(self) -> None:
        if self.unlock_dialog is not None:
            self.unlock_dialog.raise_()
            return
        dialog = UnlockDialog(self.session, Mode.UNLOCK, parent=self)
        dialog.finished.connect(self._dialog_finished)
        self.unlock_dialog = dialog
        dialog.open()

    def _dialog_finished(self) -> None:
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # -- pages ------------------------------------------------------------------------------

    def _show_open(self) -> None:
        self._fill_details()
        self.stack.setCurrentWidget(self.content)
        self.lock_action.setEnabled(True)

    def _show_locked(self) -> None:
        self.open_details.clear()  # nothing about the database stays in the window
        self.stack.setCurrentWidget(self.locked_page)
        self.lock_action.setEnabled(False)

    def _fill_details(self) -> None:
        info = self.session.info
        if info is None:
            self.open_details.clear()
            return
        text = _("{path}\nSchema version {version}")
        self.open_details.setText(text.format(path=info.path, version=info.schema_version))
