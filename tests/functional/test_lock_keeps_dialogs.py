"""A lock closes the New interview dialog and the tag dialog; what was typed and ticked in
them comes back after the unlock (desk trial of 2026-12-06, m2 and m5).

While locked it is nowhere but in the encrypted database (a draft in the `meta` table, as
the records forms' drafts are): no widget holds it, and the database file does not show it.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.functional.test_interview_desk import (
    WAIT_MS,
    Opened,
    start_interview_with_consent,
    start_session_with_segment,
)
from tests.functional.test_lock_boundary import unlock, unlocked_session
from tests.ui.helpers import type_into
from ui.desk.new_interview import NewInterviewDialog
from ui.transcript.tag_dialog import TagDialog

INTERVIEWER = "officer 김하늘"
INTERPRETER = "이통역"
SPOKEN = "보위부 반탐과에서 석 달 동안 조사를 받았습니다"
PASSAGE = "석 달 동안 조사를"
NOTE = "반탐과 부분 재확인"


def _reopened(qtbot: QtBot, get: object, before: object) -> object:
    def back() -> bool:
        dialog = get()  # type: ignore[operator]
        return (
            dialog is not None
            and dialog is not before
            and shiboken6.isValid(dialog)
            and dialog.isVisible()
        )

    qtbot.waitUntil(back, timeout=WAIT_MS)
    return get()  # type: ignore[operator]


def _file_holds(db: Path, text: str) -> bool:
    raw = db.read_bytes()
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    return text.encode() in raw


def test_the_new_interview_dialog_comes_back_with_what_was_typed(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    desk = opened.desk
    desk.new_interview()
    dialog = desk.new_dialog
    qtbot.waitExposed(dialog)
    dialog.interviewer.clear()
    type_into(qtbot, dialog.interviewer, INTERVIEWER)
    type_into(qtbot, dialog.interpreter, INTERPRETER)
    dialog.questionnaire.setCurrentIndex(1)
    dialog.location.setCurrentIndex(1)
    opened.window.lock_action.trigger()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: opened.window.unlock_dialog is not None, timeout=WAIT_MS)
    assert not _file_holds(db, INTERPRETER)  # kept, encrypted
    unlock(qtbot, opened)
    again = _reopened(qtbot, lambda: getattr(desk, "new_dialog", None), dialog)
    assert isinstance(again, NewInterviewDialog)
    assert again.interviewer.text() == INTERVIEWER
    assert again.interpreter.text() == INTERPRETER
    assert again.questionnaire.currentIndex() == 1
    assert again.location.currentIndex() == 1
    assert "closed" not in opened.window.statusBar().currentMessage()  # it is back, not gone
    again.reject()
    opened.window.lock_action.trigger()  # taken once: a cancelled dialog does not come back
    with qtbot.waitSignal(desk.listed, timeout=WAIT_MS):
        unlock(qtbot, opened)
    qtbot.waitUntil(lambda: not desk.controller.busy, timeout=WAIT_MS)
    latest = getattr(desk, "new_dialog", None)
    assert latest is None or not (shiboken6.isValid(latest) and latest.isVisible())
    opened.close()


def test_the_tag_dialog_comes_back_with_its_ticked_elements(
    qtbot: QtBot, opened: Opened, db: Path
) -> None:
    screen = start_interview_with_consent(qtbot, opened.desk)
    text = start_session_with_segment(qtbot, screen, SPOKEN)
    editor = screen.transcript
    assert editor is not None
    screen.tabs.setCurrentWidget(screen.transcript_page)
    screen.window().activateWindow()
    qtbot.waitUntil(screen.window().isActiveWindow, timeout=WAIT_MS)
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=WAIT_MS)
    start = SPOKEN.index(PASSAGE)
    cursor = text.textCursor()  # type: ignore[attr-defined]
    cursor.setPosition(start)
    cursor.setPosition(start + len(PASSAGE), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)  # type: ignore[attr-defined]
    editor.tag_action.trigger()
    dialog = editor.tag_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.chooser.set_ticked("CAH.7.1.e.1")
    dialog.chooser.set_ticked("CAH.7.1.f.1")
    dialog.new_incident_button.click()
    type_into(qtbot, dialog.note, NOTE)
    opened.window.lock_action.trigger()
    assert not dialog.isVisible()
    screen = unlocked_session(qtbot, opened)
    editor = screen.transcript
    again = _reopened(qtbot, lambda: editor.tag_dialog, dialog)
    assert isinstance(again, TagDialog)
    assert again.passage == PASSAGE
    assert again.chooser.ticked() == ["CAH.7.1.e.1", "CAH.7.1.f.1"]
    assert again.note.text() == NOTE
    assert "closed" not in opened.window.statusBar().currentMessage()  # it is back, not gone
    choice = again.choice()
    assert choice.new_incident is not None and choice.incident_id == choice.new_incident.id
    with qtbot.waitSignal(editor.tags_changed, timeout=WAIT_MS):
        again.accept()  # and tagging it works as before the lock
    tags = editor.model.document.tags_of(editor.view_at(0).segment_id)
    assert sorted((t.element_id, t.start, t.end) for t in tags) == [
        ("CAH.7.1.e.1", start, start + len(PASSAGE)),
        ("CAH.7.1.f.1", start, start + len(PASSAGE)),
    ]
    opened.close()
