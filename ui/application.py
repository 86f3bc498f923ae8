"""`run_desktop`: the desktop app from start to quit (what `sillok` with no command runs).

The Qt application, a Hangul font, the language chosen last (`app.settings.start_language`:
the settings, else the locale), the one task runner, the unlock dialog, then the main
window; on quit the database is closed on the worker and the thread stopped. A database
another Sillok has open is refused first (`app.store.instance`, exit 17).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from app.crypto.kdf import KdfParams
from app.demo import default_demo_database
from app.demo.generate import fill_new_demo
from app.errors import DatabaseInUse
from app.i18n import _
from app.settings import start_language
from app.store.instance import InstanceLock
from app.store.instance import hold as hold_instance
from ui.errors import error_text, show_error, unexpected_text
from ui.language import switch_language
from ui.main_window import MainWindow
from ui.ops import run_op
from ui.session import Session
from ui.tasks import Runner, TaskRunner
from ui.unlock_dialog import UnlockDialog
from ui.welcome_dialog import WelcomeDialog

if TYPE_CHECKING:
    from ui.analysts.application import AnalystsDesktop

APP_NAME = "Sillok"
HANGUL_FONTS = ("NanumGothic", "Noto Sans KR", "Noto Sans CJK KR", "Malgun Gothic")
"""In order of preference; the first one installed is used (Windows has Malgun Gothic)."""

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def use_hangul_font(app: QApplication) -> str | None:
    """Make the first installed Hangul font the default; the family chosen, or None."""
    installed = set(QFontDatabase.families())
    for family in HANGUL_FONTS:
        if family in installed:
            font = QFont(app.font())
            font.setFamilies([family])
            app.setFont(font)
            return family
    return None


unexpected_error_text = unexpected_text


class UnexpectedErrorHook:
    """A `sys.excepthook` for while the window is up: a calm message, never a traceback.

    Nothing about the error is written anywhere (testimony can end up in exception
    messages): standard error gets the exception's class name only. A SillokError shows
    its own message, which is written for the person using the app.
    """

    def __init__(self, show: Callable[[str], object] | None = None) -> None:
        self._show = show or _show_box
        self._previous: ExceptHook | None = None
        self._showing = False

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook is self:
            sys.excepthook = self._previous
        self._previous = None

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        _traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.exit(130)
            return
        sys.stderr.write(f"Sillok: unexpected error ({kind.__name__})\n")
        if self._showing:  # an error while the message is up: one message is enough
            return
        text = error_text(error)
        self._showing = True
        try:
            self._show(text)
        finally:
            self._showing = False


def _show_box(text: str) -> None:
    # No parent: a window being closed (and deleted) must not take the message with it.
    box = QMessageBox()
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Sillok"))
    box.setText(text)
    box.exec()


class Desktop(QObject):
    """The app's parts, wired: ask for the passphrase, then show the main window."""

    finished = Signal(int)
    """The person declined to unlock: the app should end with this exit code."""

    def __init__(
        self,
        runner: Runner,
        db_path: Path,
        parent: QObject | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings_path = settings_path
        self.session = Session(runner, db_path, self)
        self.dialog: UnlockDialog | None = None
        self.window: MainWindow | None = None
        self.welcome: WelcomeDialog | None = None
        self.recovery: QDialog | None = None
        self.fill_demo = False
        self.kdf_params: KdfParams | None = None
        self.analysts: AnalystsDesktop | None = None
        self.demo_lock: InstanceLock | None = None
        self.refusal: QMessageBox | None = None
        """Held while the demo database is the one open (one desk per database)."""

    def start(self, kdf_params: KdfParams | None = None) -> None:
        """On first run, the welcome; then the unlock (or create) dialog; the main window
        follows when it is accepted. `kdf_params` is for tests (quick key derivation)."""
        self.kdf_params = kdf_params
        switch_language(start_language(self.settings_path))
        if self.session.exists():
            self._ask()
            return
        self._welcome()

    def _welcome(self) -> None:
        welcome = WelcomeDialog(self.session.path, settings_path=self.settings_path)
        self.welcome = welcome
        welcome.create_requested.connect(self._ask)
        welcome.demo_requested.connect(self._practise)
        welcome.repository_requested.connect(self._open_repository)
        welcome.rejected.connect(lambda: self.finished.emit(0))
        welcome.open()

    def _open_repository(self) -> None:
        """Geneva staff: the analysts' desk on the repository folder they choose (back to
        the welcome if they choose none)."""
        from ui.analysts.application import AnalystsDesktop

        folder = QFileDialog.getExistingDirectory(
            None, _("The Geneva repository folder"), str(Path.home())
        )
        if not folder:
            self._welcome()
            return
        self.analysts = AnalystsDesktop(
            self.runner, Path(folder), self, settings_path=self.settings_path
        )
        self.analysts.finished.connect(self.finished.emit)
        self.analysts.start()

    def _ask(self) -> None:
        self.dialog = UnlockDialog(
            self.session, kdf_params=self.kdf_params, settings_path=self.settings_path
        )
        self.dialog.finished.connect(self._unlock_finished)
        self.dialog.recovery_requested.connect(self._recover)
        self.dialog.open()

    def _recover(self) -> None:
        """Forgot the passphrase? Recovery through Geneva, over the unlock dialog."""
        from ui.recovery_dialog import RecoveryDialog

        recovery = RecoveryDialog(
            self.session.path, self.runner, self.dialog, kdf_params=self.kdf_params
        )
        recovery.finished.connect(recovery.deleteLater)
        self.recovery = recovery
        recovery.open()

    def _practise(self) -> None:
        """The demo database, apart from the real one: created (and filled) or unlocked;
        refused, back to the welcome, when another Sillok has it open."""
        path = default_demo_database()
        try:
            self.demo_lock = hold_instance(path)
        except DatabaseInUse as error:
            self.refusal = show_error(None, error)  # kept: a box of no parent would go
            self.refusal.finished.connect(lambda _result: self._welcome())
            return
        self.session = Session(self.runner, path, self)
        self.fill_demo = not self.session.exists()
        self._ask()

    def _unlock_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value:
            self.finished.emit(0)
            return
        if self.fill_demo:
            self.fill_demo = False

            def failed(error: BaseException) -> None:
                self._show_window()
                show_error(self.window, error)

            run_op(self.session, fill_new_demo, lambda _r: self._show_window(), failed, owner=self)
            return
        self._show_window()

    def _show_window(self) -> None:
        self.window = MainWindow(self.session, settings_path=self.settings_path)
        self.window.show()

    def stop(self) -> None:
        """Close the database on the worker and stop the thread. Safe to call twice."""
        windows: list[QWidget | None] = [self.dialog, self.window]
        if self.analysts is not None:
            windows += [self.analysts.dialog, self.analysts.window]
        for widget in windows:
            if widget is not None:
                widget.hide()
        analysts = self.analysts

        def close() -> None:
            self.session.close_on_worker()
            if analysts is not None:
                analysts.session.close_on_worker()

        self.runner.shutdown(final=close)
        if self.demo_lock is not None:
            self.demo_lock.release()
            self.demo_lock = None


def run_desktop(db_path: Path, repository: Path | None = None) -> int:
    """The interviewers' desk on `db_path`, or with `repository` the analysts' desk on
    that Geneva repository folder (ui/analysts/)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    # Qt's own file dialogs and message boxes, never the platform's: a lock closes every
    # window of the desk (ui/lock_windows.py), which it cannot do to a native one (on
    # Windows, or with a GTK theme, the save dialog would stay over the lock page).
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    use_hangul_font(app)
    hook = UnexpectedErrorHook()
    hook.install()
    desktop: Desktop | AnalystsDesktop
    if repository is not None:
        from ui.analysts.application import AnalystsDesktop

        desktop = AnalystsDesktop(TaskRunner(), Path(repository))
    instance: InstanceLock | None = None
    if repository is None:
        try:
            instance = hold_instance(Path(db_path))
        except DatabaseInUse as error:
            hook.uninstall()
            switch_language(start_language(None))
            _show_box(error.message())  # the desktop entry has no terminal to read
            raise  # written to standard error too, exit 17
        desktop = Desktop(TaskRunner(), Path(db_path))
    desktop.finished.connect(app.exit)
    try:
        desktop.start()
        return app.exec()
    finally:
        desktop.stop()
        hook.uninstall()
        if instance is not None:
            instance.release()
