"""Search from the desk (desk-day review M10): Ctrl+F puts the cursor in the search box, and
activating a hit opens its interview at the passage: the transcript words selected, or the
answer's question with the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.domain import TriState
from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    start_session_with_segment,
)
from tests.ui.helpers import type_into
from ui.desk.section_list import SECTION_ROLE
from ui.desk.session_screen import SessionScreen
from ui.desk.tools import SearchWindow

TRANSCRIPT = "회령 보위부 구류장에서 석 달 동안 조사를 받았습니다."


def _search(qtbot: QtBot, opened: Opened, text: str, exact: bool = False) -> object:
    opened.window.activateWindow()  # a shortcut works in the active window
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(opened.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window = opened.window.search_window
    assert window is not None
    qtbot.waitUntil(window.panel.query.hasFocus, timeout=WAIT_MS)
    window.panel.query.clear()
    window.panel.exact.setChecked(exact)
    type_into(qtbot, window.panel.query, text)
    with qtbot.waitSignal(window.panel.searched, timeout=WAIT_MS) as shown:
        qtbot.keyClick(window.panel.query, Qt.Key.Key_Return)  # the cursor is there
    return shown.args[0]


def _leave_for_the_list(qtbot: QtBot, opened: Opened) -> None:
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)
    opened.desk.show_list()
    qtbot.waitUntil(
        lambda: opened.desk.stack.currentWidget() is opened.desk.list_page, timeout=WAIT_MS
    )


def _first_transcript_hit(window: SearchWindow) -> int:
    return next(
        i
        for i in range(window.panel.results.count())
        if getattr(window.panel.results.item(i).data(256), "kind", "") == "transcript_segment"
    )


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot: QtBot, opened: Opened) -> None:
    qtbot.keyClick(opened.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window = opened.window.search_window
    assert window is not None
    qtbot.waitUntil(window.panel.query.hasFocus, timeout=WAIT_MS)
    window.panel.exact.setFocus()  # elsewhere in the window; Ctrl+F again brings it back
    opened.window.activateWindow()
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(opened.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.panel.query.hasFocus, timeout=WAIT_MS)


def test_a_transcript_hit_opens_the_interview_at_the_passage(qtbot: QtBot, opened: Opened) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session_with_segment(qtbot, screen, TRANSCRIPT)
    _leave_for_the_list(qtbot, opened)

    results = _search(qtbot, opened, "구류장", exact=True)
    window = opened.window.search_window
    assert window is not None
    row = _first_transcript_hit(window)
    assert results.hits  # type: ignore[attr-defined]
    window.panel.results.itemActivated.emit(window.panel.results.item(row))

    def at_the_passage() -> bool:
        screen = opened.desk.screen
        if screen is None or opened.desk.stack.currentWidget() is not screen:
            return False
        if screen.tabs.currentWidget() is not screen.transcript_page:
            return False
        editor = screen.transcript
        if editor is None or not editor.views:
            return False
        return editor.view_at(0).text.textCursor().selectedText() == "구류장"

    qtbot.waitUntil(at_the_passage, timeout=WAIT_MS)


def test_an_answer_hit_opens_its_question(qtbot: QtBot, opened: Opened) -> None:
    screen: SessionScreen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    occupation = screen.questions.row("background.occupation", "")
    assert occupation is not None
    type_into(qtbot, occupation.editor.field, "회령 보위부 운전수")  # type: ignore[attr-defined]
    screen.show_section(screen.questionnaire.structure.sections()[-1].id)
    _leave_for_the_list(qtbot, opened)

    _search(qtbot, opened, "운전수")
    window = opened.window.search_window
    assert window is not None
    window.panel.results.itemActivated.emit(window.panel.results.item(1))

    def at_the_question() -> bool:
        screen = opened.desk.screen
        if screen is None or opened.desk.stack.currentWidget() is not screen:
            return False
        row = screen.questions.row("background.occupation", "")
        focused = QApplication.focusWidget()
        return (
            screen.section_id == "background"
            and row is not None
            and focused is not None
            and row.isAncestorOf(focused)
        )

    qtbot.waitUntil(at_the_question, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    current = screen.sections.currentItem()  # the list shows the hit's section
    assert current is not None and current.data(SECTION_ROLE) == "background"


def test_opening_a_hit_brings_the_interview_forward_at_the_hit_and_keeps_what_was_added(
    qtbot: QtBot, opened: Opened
) -> None:
    """Seen on a real display, with the interview already open: after a hit was opened
    the search window stayed over the interview, the section list jumped back to the first
    section, and a repeated group the interviewer had added but not yet filled was gone."""
    screen: SessionScreen = start_interview_with_consent(qtbot, opened.desk)
    screen.show_section("background")
    occupation = screen.questions.row("background.occupation", "")
    assert occupation is not None
    type_into(qtbot, occupation.editor.field, "회령 보위부 운전수")  # type: ignore[attr-defined]
    screen.show_section("trajectory")
    disappeared = screen.questions.row("trajectory.relative_disappeared", "")
    assert disappeared is not None
    qtbot.mouseClick(disappeared.editor.buttons[TriState.YES], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    screen.show_section("disappeared")
    add = screen.questions.widgets[("disappeared.relative", "#add")]
    assert isinstance(add, QPushButton)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)  # a copy, left empty for now
    added = dict(screen.added)
    assert added
    qtbot.waitUntil(lambda: not opened.desk.controller.busy, timeout=WAIT_MS)

    _search(qtbot, opened, "운전수")
    window = opened.window.search_window
    assert window is not None
    window.panel.results.itemActivated.emit(window.panel.results.item(1))

    def at_the_question() -> bool:
        screen = opened.desk.screen
        if screen is None or screen.section_id != "background":
            return False
        row = screen.questions.row("background.occupation", "")
        focused = QApplication.focusWidget()
        return row is not None and focused is not None and row.isAncestorOf(focused)

    qtbot.waitUntil(at_the_question, timeout=WAIT_MS)
    screen = opened.desk.screen
    assert screen is not None
    current = screen.sections.currentItem()
    assert current is not None and current.data(SECTION_ROLE) == "background"
    assert screen.added == added  # the empty copy is still there
    assert not window.isVisible()  # the interview is in front; Ctrl+F brings it back
    assert opened.window.isActiveWindow()


def test_a_transcript_hit_on_the_interview_shown_keeps_its_section(
    qtbot: QtBot, opened: Opened
) -> None:
    """The section list went back to the first section when a hit of the interview already
    on screen was opened (the screen was built again)."""
    screen = start_interview_with_consent(qtbot, opened.desk)
    start_session_with_segment(qtbot, screen, TRANSCRIPT)
    screen.show_section("background")

    _search(qtbot, opened, "구류장", exact=True)
    window = opened.window.search_window
    assert window is not None
    row = _first_transcript_hit(window)
    window.panel.results.itemActivated.emit(window.panel.results.item(row))

    def at_the_passage() -> bool:
        shown = opened.desk.screen
        if shown is None or shown.tabs.currentWidget() is not shown.transcript_page:
            return False
        editor = shown.transcript
        if editor is None or not editor.views:
            return False
        return editor.view_at(0).text.textCursor().selectedText() == "구류장"

    qtbot.waitUntil(at_the_passage, timeout=WAIT_MS)
    shown = opened.desk.screen
    assert shown is not None and shown.section_id == "background"
    current = shown.sections.currentItem()
    assert current is not None and current.data(SECTION_ROLE) == "background"
