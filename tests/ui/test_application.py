"""Starting and ending the desktop app: language, font, the unexpected-error hook, the flow."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.errors import StorageFull
from app.store.database import side_files
from app.store.instance import hold as hold_instance
from tests.support import FAST_KDF, PASSPHRASE
from tests.ui.helpers import type_into
from ui import application
from ui.application import (
    Desktop,
    UnexpectedErrorHook,
    unexpected_error_text,
    use_hangul_font,
)
from ui.language import language_from_environment
from ui.tasks import TaskRunner
from ui.unlock_dialog import Mode

WAIT_MS = 15_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"SILLOK_LANGUAGE": "ko"}, "ko"),
        ({"SILLOK_LANGUAGE": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "C"}, "ko"),
        ({}, "en"),
    ],
)
def test_language_comes_from_the_environment(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


def test_a_hangul_font_is_used_when_one_is_installed(qapp: QApplication) -> None:
    if "NanumGothic" not in QFontDatabase.families():
        pytest.skip("fonts-nanum is not installed (scripts/setup.sh installs it)")
    before = qapp.font()
    try:
        assert use_hangul_font(qapp) == "NanumGothic"
        assert qapp.font().families()[0] == "NanumGothic"
    finally:
        qapp.setFont(before)


# -- the unexpected-error hook ----------------------------------------------------------------


@pytest.fixture
def hook() -> Iterator[UnexpectedErrorHook]:
    installed = UnexpectedErrorHook()
    installed.install()
    yield installed
    installed.uninstall()


def raise_through_hook(error: BaseException) -> list[tuple[str, str]]:
    """Hand `error` to sys.excepthook as Qt would; the texts of the boxes it showed."""
    shown: list[tuple[str, str]] = []

    def read_and_close_box() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                shown.append((widget.text(), widget.detailedText()))
                widget.accept()
                return
        QTimer.singleShot(5, read_and_close_box)

    QTimer.singleShot(0, read_and_close_box)
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - handed to the hook, as Python would
        sys.excepthook(type(caught), caught, caught.__traceback__)
    return shown


def test_an_unexpected_error_shows_a_calm_message_and_writes_nothing_of_it(
    hook: UnexpectedErrorHook, capsys: pytest.CaptureFixture[str], qapp: QApplication
) -> None:
    assert sys.excepthook is hook
    shown = raise_through_hook(KeyError("testimony of Kim from Hyesan"))

    assert shown == [(unexpected_error_text(), "")]
    captured = capsys.readouterr()
    assert "Hyesan" not in captured.err + captured.out
    assert "Traceback" not in captured.err
    assert "KeyError" in captured.err


def test_an_error_of_ours_that_escapes_shows_its_own_message(
    hook: UnexpectedErrorHook, qapp: QApplication
) -> None:
    error = StorageFull(detail="no space left on device")
    assert raise_through_hook(error) == [(error.message(), "")]


def test_the_hook_is_removed_again() -> None:
    previous = sys.excepthook
    hook = UnexpectedErrorHook(show=lambda _: None)
    hook.install()
    hook.uninstall()
    assert sys.excepthook is previous


# -- the whole flow ---------------------------------------------------------------------------


@pytest.fixture
def desktop(qapp: QApplication, db_path: Path) -> Iterator[Desktop]:
    started = Desktop(TaskRunner(), db_path)
    yield started
    started.stop()
    for widget in (started.window, started.dialog):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def test_first_run_creates_the_database_then_shows_the_window_and_quit_closes_it(
    qtbot: QtBot, desktop: Desktop, db_path: Path
) -> None:
    desktop.start(kdf_params=FAST_KDF)
    welcome = desktop.welcome  # first run: the welcome, then the new passphrase
    assert welcome is not None and desktop.dialog is None
    qtbot.waitExposed(welcome)
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    dialog = desktop.dialog
    assert dialog is not None and dialog.mode is Mode.CREATE
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    type_into(qtbot, dialog.confirmation, PASSPHRASE)
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: desktop.window is not None, timeout=WAIT_MS)
    assert desktop.window is not None
    qtbot.waitExposed(desktop.window)
    info = desktop.window.session.info  # the one opened (never shown: its path is private)
    assert info is not None and info.path == db_path
    assert any(path.exists() for path in side_files(db_path))  # open, in WAL mode

    desktop.stop()

    assert desktop.runner.stopped
    assert [path for path in side_files(db_path) if path.exists()] == []  # closed cleanly


def test_declining_to_unlock_ends_the_app(
    qtbot: QtBot, desktop: Desktop, existing_db: Path
) -> None:
    desktop.start()
    dialog = desktop.dialog
    assert dialog is not None and dialog.mode is Mode.UNLOCK

    with qtbot.waitSignal(desktop.finished, timeout=WAIT_MS) as finished:
        dialog.reject()

    assert finished.args == [0]
    assert desktop.window is None


def test_practising_on_a_demo_database_another_sillok_has_open_is_refused(
    qtbot: QtBot, desktop: Desktop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desk trial m22, for the demo: the welcome's "practise" opens the demo database,
    which another Sillok may already have open."""
    demo = tmp_path / "demo" / "demo.db"
    monkeypatch.setattr(application, "default_demo_database", lambda: demo)
    other = hold_instance(demo)  # another Sillok has it (a lock of another open file)
    try:
        desktop.start(kdf_params=FAST_KDF)
        welcome = desktop.welcome
        assert welcome is not None
        qtbot.waitExposed(welcome)
        qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)

        def refused() -> bool:
            return any(
                isinstance(w, QMessageBox) and w.isVisible() and "already open" in w.text()
                for w in QApplication.topLevelWidgets()
            )

        qtbot.waitUntil(refused, timeout=WAIT_MS)
        assert desktop.dialog is None  # no unlock (or create) dialog for it
        assert not demo.exists()  # and nothing created
        assert desktop.refusal is not None
        desktop.refusal.accept()  # OK: back to the welcome
        qtbot.waitUntil(
            lambda: desktop.welcome not in (None, welcome) and desktop.welcome.isVisible(),
            timeout=WAIT_MS,
        )
    finally:
        other.release()
        for left in QApplication.topLevelWidgets():  # nothing modal left for later tests
            if isinstance(left, QDialog) and left.isVisible():
                left.done(0)


# -- layering -----------------------------------------------------------------------------------


def test_the_core_loads_without_qt_or_the_ui() -> None:
    """`app/` never imports Qt: importing every core module leaves both unloaded."""
    script = (
        "import importlib, pkgutil, sys, app\n"
        "for module in pkgutil.walk_packages(app.__path__, 'app.'):\n"
        "    if module.name != 'app.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(len(sys.modules), loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) > 50  # the core really was imported


RUN_DESKTOP = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui.application import run_desktop
from ui.main_window import MainWindow
from ui.unlock_dialog import UnlockDialog

app = QApplication(sys.argv[:1])

def visible(kind):
    return next((w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)

def unlock():
    dialog = visible(UnlockDialog)
    if dialog is None:
        return QTimer.singleShot(10, unlock)
    dialog.passphrase.setText(sys.stdin.readline().rstrip("\\n"))
    dialog.submit_button.click()
    close_window()

def close_window():
    window = visible(MainWindow)
    if window is None:
        return QTimer.singleShot(10, close_window)
    print("OPEN", window.session.info.path, flush=True)
    # the desk's file dialogs and boxes are Qt's, which a lock can close (desk trial m21)
    print("QT DIALOGS", app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs))
    window.close()

QTimer.singleShot(0, unlock)
print("EXIT", run_desktop(Path(sys.argv[1])))
"""


def test_run_desktop_unlocks_shows_the_window_and_closes_the_database_on_quit(
    existing_db: Path,
) -> None:
    environment = {"QT_QPA_PLATFORM": "offscreen", "SILLOK_LANGUAGE": "en", "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-c", RUN_DESKTOP, str(existing_db)],
        input=PASSPHRASE + "\n",
        encoding="utf-8",
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.splitlines() == [
        f"OPEN {existing_db}",
        "QT DIALOGS True",
        "EXIT 0",
    ], result.stderr
    assert [path for path in side_files(existing_db) if path.exists()] == []
