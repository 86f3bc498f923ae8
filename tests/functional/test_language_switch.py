"""Switching language while the interviewer is typing: every text of the window changes,
what is being typed (even a syllable still being composed) stays, cursor included."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
)
from tests.ui.helpers import type_into


def test_switching_language_keeps_the_edit_and_retranslates(
    qtbot: QtBot,
    opened: Opened,
    tmp_path: Path,
) -> None:
    window = opened.window
    screen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    row = screen.questions.row("background.occupation", "")
    assert row is not None
    field = row.editor.field  # type: ignore[attr-defined]
    type_into(qtbot, field, "탄광 ")
    QApplication.sendEvent(field, QInputMethodEvent("광", []))  # a syllable being composed
    english = (
        window.file_menu.title(),
        screen.back.text(),
        screen.tabs.tabText(0),
        screen.coverage_panel.heading.text(),
        screen.clock.start_button.text() or screen.clock.end_button.text(),
        row.editor.declined_box.text(),
    )

    window.language_actions["ko"].trigger()

    korean = (
        window.file_menu.title(),
        screen.back.text(),
        screen.tabs.tabText(0),
        screen.coverage_panel.heading.text(),
        screen.clock.start_button.text() or screen.clock.end_button.text(),
        row.editor.declined_box.text(),
    )
    assert all(a != b for a, b in zip(english, korean, strict=True)), korean
    assert korean[0] == "파일(&F)" and korean[2] == "질문"
    committed = QInputMethodEvent()
    committed.setCommitString("광")
    QApplication.sendEvent(field, committed)
    assert field.text() == "탄광 광"
    assert field.cursorPosition() == len("탄광 광")
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    window.language_actions["en"].trigger()
    assert window.file_menu.title() == "&File"
    assert field.text() == "탄광 광"
