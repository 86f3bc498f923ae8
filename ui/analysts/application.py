"""The analysts' desk from start to quit: the language chosen last, the passphrase (asked
again after a wrong one), then the window on the repository; on quit the repository is
closed on the worker and the thread stopped (what `sillok --repository FOLDER` runs).

Like the interviewers' desk, it locks after the settings' minutes without a key press or
a mouse move (and on Ctrl+L): everything shown is dropped, the repository is closed on
the worker, and the passphrase is asked again before the window comes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from app.settings import load_settings, start_language
from ui.analysts.open_dialog import OpenRepositoryDialog
from ui.analysts.session import RepositorySession
from ui.analysts.window import AnalystsWindow
from ui.desk.autolock import InactivityWatcher
from ui.language import switch_language
from ui.tasks import Runner


class AnalystsDesktop(QObject):
    finished = Signal(int)
    """The person declined to open the repository: the app ends with this exit code."""

    def __init__(
        self,
        runner: Runner,
        folder: Path,
        parent: QObject | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings_path = settings_path
        self.session = RepositorySession(runner, folder, self)
        self.dialog: OpenRepositoryDialog | None = None
        self.window: AnalystsWindow | None = None
        self.watcher = InactivityWatcher(load_settings(settings_path).autolock_minutes, self)
        self.watcher.idle.connect(self.lock)

    def start(self) -> None:
        switch_language(start_language(self.settings_path))
        self._ask()

    def _ask(self) -> None:
        self.dialog = OpenRepositoryDialog(self.session, settings_path=self.settings_path)
        self.dialog.finished.connect(self._opened)
        self.dialog.open()

    def _opened(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value:
            self.finished.emit(0)
            return
        if self.window is None:
            self.window = AnalystsWindow(self.session, settings_path=self.settings_path)
            self.window.lock_requested.connect(self.lock)
        else:
            self.window.reopened()
        self.window.show()
        self.watcher.start()

    def lock(self) -> None:
        """Drop what is shown, close the repository on the worker, ask again."""
        if not self.session.is_open or self.runner.stopped:
            return
        self.watcher.stop()
        if self.window is not None:
            self.window.forget()
            self.window.hide()
        self.session.lock()
        self._ask()

    def stop(self) -> None:
        """Close the repository on the worker and stop the thread. Safe to call twice."""
        self.watcher.shut()
        for widget in (self.dialog, self.window):
            if widget is not None:
                widget.hide()
        self.runner.shutdown(final=self.session.close_on_worker)
