"""The main window: the interview desk, auto-lock, settings and the language menu.

Its menus, pages and shortcuts; the lock steps (Ctrl+L, or after the inactivity delay of
the settings) are its base's (ui/main_window_lock.py). Unlocking comes back to the same
interview, section and question, with the cursor where it was. Closing the window stops
the auto-lock for good.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.settings import Settings, load_settings, save_settings
from ui.desk.autolock import InactivityWatcher
from ui.desk.desk import Desk
from ui.desk.geneva.menu import GenevaMenu
from ui.desk.place import Place
from ui.desk.tools import SearchWindow, write_report
from ui.key_guard import HiddenKeyGuard
from ui.language import LANGUAGE_NAMES, switch_language
from ui.lock_key import ModalLockKey
from ui.lock_windows import WindowsAtLock
from ui.main_window_lock import LockingWindow
from ui.session import Session
from ui.settings_dialog import SettingsDialog
from ui.style import DIALOG_STYLE
from ui.unlock_dialog import QUIT_KEY, UnlockDialog


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


def _actor(settings: Settings) -> str:
    if settings.default_interviewer:
        return settings.default_interviewer
    try:
        return getpass.getuser() or "interviewer"
    except (OSError, KeyError):
        return "interviewer"


def redo_keys() -> list[QKeySequence]:
    """Redo's keys, named rather than taken from the platform: on X11 its standard Redo
    is Ctrl+Shift+Z, and the same key twice is an ambiguous shortcut that does nothing."""
    return [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]


class MainWindow(LockingWindow):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings_path = settings_path
        self.settings = load_settings(settings_path)
        self.unlock_dialog: UnlockDialog | None = None
        self.place: Place | None = None
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(1320, 820)

        self.desk = Desk(session, _actor(self.settings), self.settings.default_interviewer, self)
        self.content = self.desk
        self.open_details = QLabel(self)
        self.open_details.setProperty("role", "hint")
        self.statusBar().addPermanentWidget(self.open_details)

        self.locked_heading = QLabel(self)
        self.locked_heading.setProperty("role", "heading")
        self.unlock_button = QPushButton(self)
        self.unlock_button.clicked.connect(self.ask_passphrase)
        self.locked_page = _centred_page(self, self.locked_heading, self.unlock_button)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.locked_page)
        self.stack.addWidget(self.content)
        self.setCentralWidget(self.stack)

        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda _checked=False: self.desk.new_interview())
        self.list_action = QAction(self)
        self.list_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_I))
        self.list_action.triggered.connect(self.desk.show_list)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma))
        self.settings_action.triggered.connect(self.edit_settings)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QUIT_KEY)
        self.quit_action.triggered.connect(self.close)
        self.file_menu = self.menuBar().addMenu("")
        for action in (self.new_action, self.list_action, self.settings_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self._history("undo"))
        self.redo_action = QAction(self)
        self.redo_action.setShortcuts(redo_keys())
        self.redo_action.triggered.connect(lambda: self._history("redo"))
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)

        self.tools_menu = self.menuBar().addMenu("")
        self.search_action = QAction(self)
        self.search_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_F))
        self.search_action.triggered.connect(self.open_search)
        self.report_actions: dict[str, QAction] = {}
        self.tools_menu.addAction(self.search_action)
        self.tools_menu.addSeparator()
        for kind in ("statement", "matrix", "sessions"):
            action = QAction(self)
            action.triggered.connect(lambda _c=False, kind=kind: self.write_report(kind))
            self.tools_menu.addAction(action)
            self.report_actions[kind] = action
        self.search_window: SearchWindow | None = None
        self.settings_dialog: SettingsDialog | None = None

        self.geneva = GenevaMenu(session, lambda: self.desk.controller.actor, self)
        self.menuBar().addMenu(self.geneva.menu)
        self.export_action = self.geneva.export_action

        self.language_menu = self.menuBar().addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.watcher = InactivityWatcher(self.settings.autolock_minutes, self)
        self.watcher.idle.connect(self.lock)
        self.key_guard = HiddenKeyGuard(self)
        self.modal_lock_key = ModalLockKey(self.lock, self)
        self.windows = WindowsAtLock(self, self.is_locked, self._unlocking, self.desk.comes_back)

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
        self.new_action.setText(_("&New interview…"))
        self.list_action.setText(_("&Interviews"))
        self.settings_action.setText(_("&Settings…"))
        self.lock_action.setText(_("&Lock"))
        self.lock_action.setStatusTip(_("Close the database and hide everything until unlocked"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.undo_action.setText(_("&Undo"))
        self.redo_action.setText(_("&Redo"))
        self.tools_menu.setTitle(_("&Tools"))
        self.search_action.setText(_("&Search and corroboration…"))
        self.report_actions["statement"].setText(_("Statement (PDF)…"))
        self.report_actions["matrix"].setText(_("Evidence matrix (PDF)…"))
        self.report_actions["sessions"].setText(_("Session log (PDF)…"))
        self.geneva.retranslate()
        self.language_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.locked_heading.setText(_("Sillok is locked."))
        self.unlock_button.setText(_("Unlock…"))
        self._fill_details()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.shut()  # no auto-lock once the window is gone
        self.windows.shut()
        self.key_guard.shut()
        self.modal_lock_key.shut()
        if not self.session.runner.stopped:
            self.desk.suspend_clocks()  # the time Sillok is closed is not interview time
            self.desk.flush()
        super().closeEvent(event)

    # -- language and settings --------------------------------------------------------------

    def set_language(self, language: str) -> None:
        switch_language(language)
        self.settings = Settings.model_validate(
            {**self.settings.model_dump(), "language": language}
        )
        save_settings(self.settings, self.settings_path)

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        self.settings_dialog = dialog

        def finished(result: int) -> None:
            dialog.deleteLater()
            if self.settings_dialog is dialog:
                self.settings_dialog = None
            if result != QDialog.DialogCode.Accepted.value:
                return
            chosen = dialog.chosen()
            self.settings = chosen
            save_settings(chosen, self.settings_path)
            self.watcher.set_delay_ms(chosen.autolock_minutes * 60_000)
            self._fill_details()
            self.desk.default_interviewer = chosen.default_interviewer
            if chosen.language != current_language():
                switch_language(chosen.language)

        dialog.finished.connect(finished)
        dialog.open()

    def open_search(self) -> None:
        if self.search_window is None:
            self.search_window = SearchWindow(
                self.session, self.desk, self.desk.controller.actor, self
            )
        self.search_window.focus_search()

    def write_report(self, kind: str) -> None:
        screen = self.desk.screen
        if screen is None or screen.file is None:
            QMessageBox.information(
                self, _("Reports"), _("Open an interview first: the PDF is of that interview.")
            )
            return
        self.desk.flush()
        interview = screen.file.interview
        write_report(self.session, self, kind, interview.id, interview.code)

    def _history(self, which: str) -> None:
        screen = self.desk.screen
        if screen is None or self.stack.currentWidget() is not self.content:
            return
        if which == "undo":
            screen.undo()
        else:
            screen.redo()

    # -- pages ------------------------------------------------------------------------------

    def _show_open(self) -> None:
        self._fill_details()
        self.stack.setCurrentWidget(self.content)
        for action in self._open_actions():
            action.setEnabled(True)
        place, self.place = self.place, None
        self.desk.start(place)
        self.watcher.start()
        self._say_what_the_lock_closed()

    def _show_locked(self) -> None:
        self.watcher.stop()
        self.open_details.clear()  # nothing about the database stays in the window
        self.statusBar().clearMessage()
        self.stack.setCurrentWidget(self.locked_page)
        for action in self._open_actions():
            action.setEnabled(False)

    def _open_actions(self) -> list[QAction]:
        return [
            self.lock_action,
            self.new_action,
            self.list_action,
            self.undo_action,
            self.redo_action,
            self.search_action,
            *self.geneva.actions(),
            *self.report_actions.values(),
        ]

    def _fill_details(self) -> None:
        info = self.session.info
        if info is None:
            self.open_details.clear()
            return
        # What an interviewer acts on: the testimony is encrypted, and when it locks.
        # Never the path (it may name a person's folder) or the schema (a developer's).
        text = _("Encrypted · locks itself after {minutes} min without use (Ctrl+L: now)")
        self.open_details.setText(text.format(minutes=self.settings.autolock_minutes))
