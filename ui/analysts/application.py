"""The analysts' desk from start to quit: the language chosen last, the passphrase (asked
again after a wrong one), then the window on the repository; on quit the repository is
closed on the worker and the thread stopped (what `sillok --repository FOLDER` runs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from app.settings import start_language
from ui.analysts.open_dialog import OpenRepositoryDialog
from ui.analysts.session import RepositorySession
from ui.analysts.window import AnalystsWindow
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

    def start(self) -> None:
        switch_language(start_language(self.settings_path))
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
        self.window = AnalystsWindow(self.session, settings_path=self.settings_path)
        self.window.show()

    def stop(self) -> None:
        """Close the repository on the worker and stop the thread. Safe to call twice."""
        for widget in (self.dialog, self.window):
            if widget is not None:
                widget.hide()
        self.runner.shutdown(final=self.session.close_on_worker)
