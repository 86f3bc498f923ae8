"""After the unlock, the desk says when this laptop's swap is not encrypted (README, "Memory
and swap"): a note that blocks nothing and can be hidden, in the interviewer's language.
The real check (`app.store.swap`) reads a fake /proc and /sys tree (`tests.swap_support`)
instead of this machine's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.store import swap
from tests.functional.test_interview_desk import WAIT_MS, Opened
from tests.swap_support import Tree, luks_partition
from ui.language import switch_language

SAID = "This laptop's swap is not encrypted"
SAID_KO = "이 노트북의 스왑이 암호화되어 있지 않습니다"


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tree]:
    tree = Tree(tmp_path / "machine")
    real = swap.check_swap
    monkeypatch.setattr(swap, "check_swap", lambda: real(tree.root, "linux"))
    switch_language("en")
    yield tree
    switch_language("en")


def visible_note(app: Opened) -> QLabel | None:
    for label in app.window.findChildren(QLabel):
        if label.isVisible() and (SAID in label.text() or SAID_KO in label.text()):
            return label
    return None


def listed(qtbot: QtBot, app: Opened) -> None:
    """The desk has finished its start: the list is in and every reply came back."""
    qtbot.waitUntil(lambda: app.desk.stack.currentWidget() is app.desk.list_page, timeout=WAIT_MS)
    with qtbot.waitSignal(app.desk.listed, timeout=WAIT_MS):
        app.desk.reload_list()
    QApplication.processEvents()


def test_a_swap_that_is_not_encrypted_is_said_after_the_unlock(
    qtbot: QtBot, machine: Tree, db: Path, tmp_path: Path
) -> None:
    machine.device("sda")
    machine.device("sda2", disk="sda")
    machine.swaps(("/dev/sda2", "partition"))
    app = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        qtbot.waitUntil(lambda: visible_note(app) is not None, timeout=WAIT_MS)
        note = visible_note(app)
        assert note is not None
        assert "Ask your IT contact to encrypt the swap or turn it off" in note.text()
        assert app.desk.list_page.isVisible()  # nothing is blocked: the desk is there

        switch_language("ko")
        qtbot.waitUntil(lambda: SAID_KO in note.text(), timeout=WAIT_MS)
        assert "IT 담당자" in note.text()

        hide = next(
            button
            for button in app.window.findChildren(QPushButton)
            if button.isVisible() and button.text() == "숨기기"
        )
        qtbot.mouseClick(hide, Qt.MouseButton.LeftButton)
        assert visible_note(app) is None
    finally:
        app.close()


def test_an_encrypted_swap_says_nothing(
    qtbot: QtBot, machine: Tree, db: Path, tmp_path: Path
) -> None:
    luks_partition(machine)
    machine.swaps(("/dev/mapper/cryptswap", "partition"))
    app = Opened(qtbot, db, tmp_path / "settings.json")
    try:
        listed(qtbot, app)
        qtbot.waitUntil(lambda: app.desk.swap_note.check is not None, timeout=WAIT_MS)
        assert visible_note(app) is None
    finally:
        app.close()
