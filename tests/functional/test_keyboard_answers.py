"""A run of yes/no questions takes one key each: Y, N or U answers and moves on to the
next question, including one the answer has just opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain import TriState, TriStateValue
from tests.functional.test_interview_desk import WAIT_MS, Opened, start_interview_with_consent


def test_y_answers_and_moves_on_to_the_question_it_opened(qtbot: QtBot, opened: Opened) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    opened.window.activateWindow()
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    screen.show_section("trajectory")
    assert screen.questions.focus_row("trajectory.left_country", "")
    left = screen.questions.row("trajectory.left_country", "")
    assert left is not None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)  # type: ignore[arg-type]
    assert left.editor.value() == TriStateValue(value=TriState.YES)

    def in_forced_return() -> bool:
        row = screen.questions.row("trajectory.forced_return", "")
        focused = QApplication.focusWidget()
        return row is not None and focused is not None and row.editor.isAncestorOf(focused)

    qtbot.waitUntil(in_forced_return, timeout=WAIT_MS)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)  # type: ignore[arg-type]
    forced = screen.questions.row("trajectory.forced_return", "")
    assert forced is not None and forced.editor.value() == TriStateValue(value=TriState.NO)


def test_a_click_moves_on_too_so_the_next_key_never_changes_it(
    qtbot: QtBot, opened: Opened
) -> None:
    """Seen on a real display: after a click on 아니요 the focus stayed on that question,
    and the next Y answered it again (the statement printed 예)."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    opened.window.activateWindow()
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    screen.show_section("trajectory")
    left = screen.questions.row("trajectory.left_country", "")
    assert left is not None
    no = left.editor.buttons[TriState.NO]  # type: ignore[attr-defined]
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    assert left.editor.value() == TriStateValue(value=TriState.NO)
    qtbot.waitUntil(lambda: not left.editor.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)  # type: ignore[arg-type]
    assert left.editor.value() == TriStateValue(value=TriState.NO)
