"""This laptop's fingerprint, the very string read out to Geneva by phone, is shown whole
in Korean and in English, with the texts around it: the enrolment dialog grows to fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
)
from tests.ui.helpers import type_into
from ui.language import switch_language


def shown_whole(label: QLabel, dialog: QDialog) -> bool:
    """The label is as large as its text needs (as tall as its lines need at its width, when
    it wraps) and lies inside the dialog."""
    if not label.isVisible():
        return False
    if label.wordWrap():
        fits = label.height() >= label.heightForWidth(label.width())
    else:
        hint = label.sizeHint()
        fits = label.height() >= hint.height() and label.width() >= hint.width()
    corner = label.mapTo(dialog, label.rect().bottomRight())
    return fits and dialog.rect().contains(corner)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_device_fingerprint_is_shown_whole_once_the_request_is_written(
    qtbot: QtBot,
    opened: Opened,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    switch_language(language)
    usb = tmp_path / "usb"
    usb.mkdir()
    opened.window.geneva.enrol_action.trigger()
    dialog = opened.window.geneva.enrolment_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=WAIT_MS)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    type_into(qtbot, dialog.label_field, "Seoul laptop 2")
    with qtbot.waitSignal(dialog.request_written, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)

    labels = [dialog.device_fingerprint, dialog.written, dialog.read_out, dialog.state]
    qtbot.waitUntil(lambda: all(shown_whole(label, dialog) for label in labels), timeout=WAIT_MS)
    fingerprint = dialog.device_fingerprint
    assert fingerprint.font().fixedPitch() or "mono" in fingerprint.font().family().lower()
    assert fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
