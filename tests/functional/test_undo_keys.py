"""Ctrl+Z and Ctrl+Shift+Z pressed in the window undo and redo in the part that has the
focus: the answers on the Questions tab (from a button or from a text field), the
transcript in its segments. One owner per key: Qt never reports an ambiguous shortcut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.logging import QtLoggingPlugin
from pytestqt.qtbot import QtBot

from app.domain import TextValue, TriState, TriStateValue
from tests.functional.test_interview_desk import WAIT_MS, Opened, start_interview_with_consent
from tests.ui.helpers import type_into

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def press(qtbot: QtBot, modifiers: Qt.KeyboardModifier) -> None:
    """Ctrl+Z (with the modifiers) where the keyboard focus is, as a person presses it."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClick(focused, Qt.Key.Key_Z, modifiers)


def no_ambiguous_shortcut(qtlog: QtLoggingPlugin) -> None:
    assert not [r for r in qtlog.records if "Ambiguous shortcut" in r.message]


def test_ctrl_z_on_the_questions_undoes_and_redoes_answers(
    qtbot: QtBot, opened: Opened, qtlog: QtLoggingPlugin
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    opened.window.activateWindow()
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    screen.show_section("trajectory")
    row = screen.questions.row("trajectory.left_country", "")
    assert row is not None
    buttons = row.editor.buttons  # type: ignore[attr-defined]
    screen.questions.ensureWidgetVisible(row)  # in view, as a person would click it
    qtbot.mouseClick(buttons[TriState.NO], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons[TriState.YES], Qt.MouseButton.LeftButton)
    buttons[TriState.YES].setFocus()
    qtbot.waitUntil(buttons[TriState.YES].hasFocus, timeout=WAIT_MS)

    press(qtbot, CTRL)
    assert row.editor.value() == TriStateValue(value=TriState.NO)
    press(qtbot, CTRL_SHIFT)
    assert row.editor.value() == TriStateValue(value=TriState.YES)

    screen.show_section("background")
    occupation = screen.questions.row("background.occupation", "")
    assert occupation is not None
    field = occupation.editor.field  # type: ignore[attr-defined]
    type_into(qtbot, field, "miner")
    assert occupation.editor.value() == TextValue(text="miner")
    press(qtbot, CTRL)  # in the text field: the answer's history, not the field's own
    assert occupation.editor.value() is None and field.text() == ""
    press(qtbot, CTRL_SHIFT)
    assert occupation.editor.value() == TextValue(text="miner") and field.text() == "miner"
    no_ambiguous_shortcut(qtlog)


def test_ctrl_z_in_a_transcript_segment_undoes_the_typing(
    qtbot: QtBot, opened: Opened, qtlog: QtLoggingPlugin
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    qtbot.mouseClick(screen.clock.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.transcript is not None, timeout=WAIT_MS)
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    qtbot.waitUntil(lambda: bool(editor.views), timeout=WAIT_MS)
    opened.window.activateWindow()
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    view = editor.view_at(0)
    type_into(qtbot, view.text, "crossed")  # type: ignore[arg-type]
    assert view.text.toPlainText() == "crossed"

    press(qtbot, CTRL)
    assert view.text.toPlainText() == ""
    press(qtbot, CTRL_SHIFT)
    assert view.text.toPlainText() == "crossed"
    no_ambiguous_shortcut(qtlog)
