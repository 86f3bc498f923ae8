"""A Korean syllable being composed survives the autosave: the save stores only committed
text, never writes into the field, and leaves the cursor where it is."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.transcript.conftest import WAIT_MS, on_worker, stored_services, type_text
from ui.session import Session
from ui.tasks import TaskRunner
from ui.transcript import TranscriptEditor
from ui.transcript.text_edit import SegmentTextEdit


def compose(field: SegmentTextEdit, preedit: str) -> None:
    QApplication.sendEvent(field, QInputMethodEvent(preedit, []))


def commit(field: SegmentTextEdit, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def preedit_of(field: SegmentTextEdit) -> str:
    layout = field.textCursor().block().layout()
    return layout.preeditAreaText()


def test_composition_is_not_interrupted_by_the_autosave(
    qtbot: QtBot, editor: TranscriptEditor, threaded_runner: TaskRunner, opened: Session
) -> None:
    field = editor.view_at(0).text
    type_text(qtbot, field, "회령 ")
    compose(field, "ㅂ")  # the interviewer is in the middle of a syllable…
    position = field.textCursor().position()
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):  # …when the autosave runs
        compose(field, "보")
    assert preedit_of(field) == "보"  # still composing, nothing was reset
    assert field.textCursor().position() == position
    assert field.toPlainText() == "회령 "
    segments = on_worker(qtbot, threaded_runner, lambda: stored_services(opened).transcripts.find())
    assert [s.text for s in segments] == ["회령 "]  # only what was committed

    compose(field, "봅")
    commit(field, "보")
    compose(field, "위")
    commit(field, "위")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        commit(field, "부")
    assert preedit_of(field) == ""
    assert field.toPlainText() == "회령 보위부"
    assert field.textCursor().position() == len("회령 보위부")
    segments = on_worker(qtbot, threaded_runner, lambda: stored_services(opened).transcripts.find())
    assert [s.text for s in segments] == ["회령 보위부"]
    # The edits were undoable text, not a reset: one undo step for the committed words.
    assert editor.model.undo_stack.count() == 1


def test_the_save_does_not_move_the_cursor_or_the_selection(
    qtbot: QtBot, editor: TranscriptEditor
) -> None:
    field = editor.view_at(0).text
    type_text(qtbot, field, "보위부 구류장")
    cursor = field.textCursor()
    cursor.setPosition(1)
    cursor.setPosition(3, cursor.MoveMode.KeepAnchor)
    field.setTextCursor(cursor)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    after = field.textCursor()
    assert (after.anchor(), after.position()) == (1, 3)
