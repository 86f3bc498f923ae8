"""The main window's lock steps: what locking does, in order, and the unlock dialog.

Locking (Ctrl+L, or after the inactivity delay of the settings) saves what is waiting,
removes every widget that shows testimony, closes every other window of the desk (file
dialogs, boxes: `ui.lock_windows`; New interview and the tag dialog come back after the
unlock with what was typed), closes the database on the worker, then asks for the
passphrase again; the unlock dialog can also quit (Ctrl+Q). It fails closed: whichever
step of tearing down raises, the others still run, the database is still closed and the
passphrase still asked; the error is raised only then. `LockingWindow` is the main
window's base (ui/main_window.py builds what these steps use).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.i18n import _
from ui.composition import commit_composition
from ui.desk.desk import Desk
from ui.desk.geneva.menu import GenevaMenu
from ui.desk.place import Place, keys_elsewhere
from ui.desk.tools import SearchWindow
from ui.lock_windows import WindowsAtLock
from ui.session import Session
from ui.settings_dialog import SettingsDialog
from ui.unlock_dialog import Mode, UnlockDialog

CLOSED_NOTE_MS = 30_000
"""How long the status bar says which windows a lock closed."""


class LockingWindow(QMainWindow):
    """The lock steps of the main window, which sets what they use."""

    session: Session
    desk: Desk
    geneva: GenevaMenu
    windows: WindowsAtLock
    place: Place | None
    unlock_dialog: UnlockDialog | None
    search_window: SearchWindow | None
    settings_dialog: SettingsDialog | None
    stack: QStackedWidget
    locked_page: QWidget
    _show_locked: Callable[[], None]

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
