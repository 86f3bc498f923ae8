"""The main window: the interview desk, Lock, auto-lock, settings and the language menu.

Locking (Ctrl+L, or after the inactivity delay of the settings) saves what is waiting,
removes every widget that shows testimony, closes every other window of the desk (file
dialogs, boxes: `ui.lock_windows`; New interview and the tag dialog come back after the
unlock with what was typed), closes the database on the worker, then asks for the
passphrase again; the unlock dialog can also quit (Ctrl+Q). It fails closed: whichever
step of tearing down raises, the others still run, the database is still closed and the
passphrase still asked; the error is raised only then. Unlocking comes back to the same
interview, section and question, with the cursor where it was. Closing the window stops
the auto-lock for good.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.settings import Settings, load_settings, save_settings
from ui.composition import commit_composition
from ui.desk.autolock import InactivityWatcher
from ui.desk.desk import Desk
from ui.desk.geneva.menu import GenevaMenu
from ui.desk.place import Place, keys_elsewhere
from ui.desk.tools import SearchWindow, write_report
from ui.key_guard import HiddenKeyGuard
from ui.language import LANGUAGE_NAMES, switch_language
from ui.lock_key import ModalLockKey
from ui.lock_windows import WindowsAtLock
from ui.session import Session
from ui.settings_dialog import SettingsDialog
from ui.style import DIALOG_STYLE
from ui.unlock_dialog import QUIT_KEY, Mode, UnlockDialog

CLOSED_NOTE_MS = 30_000
"""How long the status bar says which windows a lock closed."""


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


class MainWindow(QMainWindow):
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

    # -- locking ----------------------------------------------------------------------------

    def lock(self) -> None:
        """Save what waits, forget what is shown, close the database, ask again."""
        if not self.session.is_open or self.session.runner.stopped:
            return
        failures: list[BaseException] = []
        for step in (
            self._commit_composition,
            self._keep_place,
            self.windows.name_open,
            self.desk.teardown,
            self._close_search,
            self._close_settings,
            self.geneva.close_all,
            self.windows.close_others,
        ):
            try:
                step()
            except Exception as error:  # noqa: BLE001 - the lock must hold whatever fails
                failures.append(error)
        try:
            self._show_locked()
        finally:
            self.session.lock()  # the saves queued above run first, then the close
        if failures:
            raise failures[0]

    def _commit_composition(self) -> None:
        """The syllable being composed goes into its field before the place is kept, so
        the cursor comes back after it (the auto-lock has no key press that commits it)."""
        commit_composition(self)

    def _keep_place(self) -> None:
        self.place = None
        place = self.desk.place()
        if place is not None:
            place.keys_elsewhere = keys_elsewhere(self)
        self.place = place

    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.locked_page

    def _unlocking(self, widget: QWidget) -> bool:
        """The unlock dialog and what it opens (recovery, an error) may show while locked."""
        dialog = self.unlock_dialog
        current: QWidget | None = widget
        while current is not None:
            if current is dialog:
                return True
            current = current.parentWidget()
        return False

    def _say_what_the_lock_closed(self) -> None:
        closed = self.windows.closed()
        if closed:
            names = ", ".join(f"“{title}”" for title in closed)
            note = _(
                "The lock closed {windows} (what was typed there was not kept); open again "
                "what you still need."
            )
            self.statusBar().showMessage(note.format(windows=names), CLOSED_NOTE_MS)

    def _close_search(self) -> None:
        window, self.search_window = self.search_window, None
        if window is not None:
            window.close()
            window.deleteLater()

    def _close_settings(self) -> None:
        """Settings hold no testimony, but left open they could be changed (the auto-lock
        lengthened) by whoever sits at the locked laptop."""
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reject()  # its handler deletes it

    def ask_passphrase(self) -> None:
        if self.unlock_dialog is not None:
            self.unlock_dialog.raise_()
            return
        dialog = UnlockDialog(self.session, Mode.UNLOCK, parent=self, can_quit=True)
        dialog.finished.connect(self._dialog_finished)
        dialog.recovery_requested.connect(self._recover)
        dialog.quit_requested.connect(self._quit_locked)
        self.unlock_dialog = dialog
        dialog.open()

    def _recover(self) -> None:
        """Forgot the passphrase at a lock: recovery through Geneva, as at start-up."""
        from ui.recovery_dialog import RecoveryDialog

        recovery = RecoveryDialog(self.session.path, self.session.runner, self.unlock_dialog)
        recovery.finished.connect(recovery.deleteLater)
        self.recovery = recovery
        recovery.open()

    def _quit_locked(self) -> None:
        """Quit from the unlock dialog: what the lock queued (saves, drafts, the close)
        is written first, by the worker, in order, before it stops (`run_desktop`)."""
        dialog = self.unlock_dialog
        if dialog is not None:
            dialog.reject()
        self.close()

    def _dialog_finished(self) -> None:
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.shut()  # no auto-lock once the window is gone
        self.windows.shut()
        self.key_guard.shut()
        self.modal_lock_key.shut()
        if not self.session.runner.stopped:
            self.desk.suspend_clocks()  # the time Sillok is closed is not interview time
            self.desk.flush()
        super().closeEvent(event)

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
