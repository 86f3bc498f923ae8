"""Small helpers the desktop tests share."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

SHOWN_MS = 10_000
"""How long a field may take to come on screen on a loaded machine."""

KO_MARK = "[ko] "
"""What the stand-in Korean catalogue puts before every message."""


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def commit_with_input_method(field: QLineEdit, text: str) -> None:
    """What a Korean input method sends: the syllable being composed, then committed."""
    QApplication.sendEvent(field, QInputMethodEvent(text, []))
    committed = QInputMethodEvent()
    committed.setCommitString(text)
    QApplication.sendEvent(field, committed)


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Type as a person would: key presses for Latin letters, the input method for Hangul.
    (QTest cannot press keys for characters outside ASCII.)

    A person types into what they see. A widget added to a window on screen is shown a
    moment later (Qt shows it from the event loop), and the desk drops every key aimed at
    a hidden widget (`ui.key_guard`): typing before it is shown typed nothing, which on a
    busy machine made tests fail far from the cause. So wait until it is on screen."""
    if field.window().isVisible():
        qtbot.waitUntil(field.isVisible, timeout=SHOWN_MS)
    field.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(field, char)
        else:
            commit_with_input_method(field, char)
