"""Driving the analysts' desk in tests: the real application parts (task runner with its
worker thread, the open dialog, the window) on a copy of a real repository folder.

The fixtures `scene` (the repository two laptops made, tests/analysts_support.py, built
once per module) and `desk` (the desk started on a copy of it, stopped after the test)
are shared by the desk's test modules: import them by name."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.analysts_support import desk_scene
from tests.sync_support import GENEVA_PASSPHRASE
from ui.analysts.application import AnalystsDesktop
from ui.analysts.window import AnalystsWindow
from ui.tasks import TaskRunner

WAIT_MS = 20_000


def copy_repository(folder: Path, into: Path) -> Path:
    """A copy of a closed repository folder (modes kept), so each test has its own."""
    shutil.copytree(folder, into)
    return into


class Desk:
    def __init__(self, qtbot: QtBot, folder: Path, settings: Path) -> None:
        self.qtbot = qtbot
        self.runner = TaskRunner()
        self.desktop = AnalystsDesktop(self.runner, folder, settings_path=settings)
        self.desktop.start()
        assert self.desktop.dialog is not None
        self.dialog = self.desktop.dialog

    def type_passphrase(self, passphrase: str) -> None:
        self.dialog.passphrase.setText(passphrase)
        self.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def open(self, passphrase: str = GENEVA_PASSPHRASE) -> AnalystsWindow:
        self.type_passphrase(passphrase)
        self.qtbot.waitUntil(lambda: self.desktop.window is not None, timeout=WAIT_MS)
        window = self.desktop.window
        assert window is not None
        self.qtbot.addWidget(window)
        self.settle()
        return window

    def settle(self) -> None:
        """Wait until the worker has delivered everything asked of it."""
        self.qtbot.waitUntil(lambda: self.runner.pending == 0, timeout=WAIT_MS)

    def close(self) -> None:
        self.desktop.stop()


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return desk_scene(tmp_path_factory.mktemp("scene"))


@pytest.fixture
def desk(qtbot: QtBot, scene: dict[str, Any], tmp_path: Path) -> Iterator[Desk]:
    folder = copy_repository(scene["folder"], tmp_path / "geneva")
    opened = Desk(qtbot, folder, tmp_path / "settings.json")
    yield opened
    opened.close()
