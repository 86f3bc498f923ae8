"""The language an interviewer chooses is the one the app starts in next time: chosen on
the welcome, in the unlock dialog or in the menu; the unlock dialog can switch it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.i18n import current_language
from app.settings import Settings, load_settings, save_settings
from tests.support import FAST_KDF
from ui.application import Desktop
from ui.session import Session
from ui.tasks import Runner, TaskRunner
from ui.unlock_dialog import UnlockDialog
from ui.welcome_dialog import WelcomeDialog


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def desktop(qapp: QApplication, db_path: Path, settings: Path) -> Iterator[Desktop]:
    started = Desktop(TaskRunner(), db_path, settings_path=settings)
    yield started
    started.stop()
    for widget in (started.window, started.dialog, started.welcome):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def test_the_saved_language_is_applied_at_start_on_an_english_laptop(
    qtbot: QtBot,
    desktop: Desktop,
    existing_db: Path,
    settings: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("SILLOK_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    save_settings(Settings(language="ko"), settings)
    desktop.start()
    dialog = desktop.dialog
    assert dialog is not None
    assert current_language() == "ko"
    assert dialog.submit_button.text() == "잠금 해제"


def test_the_welcome_choice_is_remembered(
    qtbot: QtBot,
    desktop: Desktop,
    settings: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SILLOK_LANGUAGE", "en")
    save_settings(Settings(language="en"), settings)  # (the default would be Korean)
    desktop.start(kdf_params=FAST_KDF)
    welcome = desktop.welcome
    assert isinstance(welcome, WelcomeDialog)
    qtbot.waitExposed(welcome)
    qtbot.mouseClick(welcome.language_buttons["ko"], Qt.MouseButton.LeftButton)
    assert current_language() == "ko"
    assert load_settings(settings).language == "ko"


def test_the_unlock_dialog_switches_the_language_and_remembers_it(
    qtbot: QtBot, runner: Runner, existing_db: Path, settings: Path
) -> None:
    dialog = UnlockDialog(Session(runner, existing_db), settings_path=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.language_buttons["en"].isChecked()
    qtbot.mouseClick(dialog.language_buttons["ko"], Qt.MouseButton.LeftButton)
    assert current_language() == "ko"
    assert dialog.heading.text() == "Sillok 잠금 해제"
    assert dialog.language_buttons["ko"].isChecked()
    assert not dialog.language_buttons["en"].isChecked()
    assert load_settings(settings).language == "ko"
