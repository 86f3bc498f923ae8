"""Small helpers the desktop tests share."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.unlock_dialog import UnlockDialog

KO_MARK = "[ko] "
"""What the stand-in Korean catalogue puts before every message."""


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def type_passphrase(
    qtbot: QtBot, dialog: UnlockDialog, text: str, repeat: str | None = None
) -> None:
    """Type into the fields as a person would (key events, Hangul included)."""
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, text)
    if repeat is not None:
        dialog.confirmation.clear()
        qtbot.keyClicks(dialog.confirmation, repeat)
