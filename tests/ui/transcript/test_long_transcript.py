"""A long transcript opens with its first segments at once and builds the others while the
window is idle: every segment gets its view, in order, and the interviewer can type, add
and delete segments, undo, and go to any segment while the rest are still being built."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.domain import Speaker, TranscriptSegment
from app.services import Services
from app.store.database import Database
from tests.support import PASSPHRASE
from tests.ui.transcript.conftest import WAIT_MS, Recorded, type_text
from ui.transcript import TranscriptEditor
from ui.transcript.view_builder import FIRST_SLICE

SEGMENTS = 60
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def long_recorded(recorded: Recorded) -> Recorded:
    with Database.open(recorded.path, PASSPHRASE) as database:
        services = Services(database, "setup")
        for ordinal in range(SEGMENTS):
            services.transcripts.create(
                TranscriptSegment(
                    interview_id=recorded.interview_id,
                    session_id=recorded.session_id,
                    ordinal=ordinal,
                    speaker=Speaker.INTERVIEWEE if ordinal % 2 else Speaker.INTERVIEWER,
                    text=f"segment {ordinal}",
                )
            )
    return recorded


def layout_order(editor: TranscriptEditor) -> list[UUID]:
    layout = editor.list_layout
    shown = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w.segment_id for w in shown if w is not None]  # type: ignore[attr-defined]


def document_order(editor: TranscriptEditor) -> list[UUID]:
    return [segment.id for segment in editor.model.document.segments]


def test_the_first_segments_come_at_once_and_the_rest_while_idle(
    qtbot: QtBot, long_recorded: Recorded, make_editor: Callable[[], TranscriptEditor]
) -> None:
    editor = make_editor()
    assert FIRST_SLICE <= len(editor.views) < SEGMENTS  # not all at once
    assert layout_order(editor) == document_order(editor)[: len(editor.views)]
    built: list[bool] = []
    editor.views_built.connect(lambda: built.append(True))
    qtbot.waitUntil(lambda: bool(built), timeout=WAIT_MS)
    assert len(editor.views) == SEGMENTS
    assert layout_order(editor) == document_order(editor)
    last = editor.view_at(SEGMENTS - 1)
    qtbot.waitUntil(last.text.hasFocus, timeout=WAIT_MS)  # the cursor at the end, as before


def test_working_while_the_rest_is_built(
    qtbot: QtBot, long_recorded: Recorded, make_editor: Callable[[], TranscriptEditor]
) -> None:
    editor = make_editor()
    assert len(editor.views) < SEGMENTS
    first = editor.view_at(0)
    first.text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, first.text, " 온성")
    qtbot.keyClick(first.text, Qt.Key.Key_Return, CTRL)  # a new segment after the first
    assert len(editor.model.document) == SEGMENTS + 1
    editor.model.remove_segment(editor.model.document.segments[5].id)  # one built
    far = editor.view_at(40)  # one not built yet: built on demand, at its place
    assert far.segment_id == document_order(editor)[40]
    editor.model.undo_stack.undo()  # the removal, undone
    at = editor.builder.built - 1
    edge = editor.view_at(at)  # the last one built
    edge.text.setFocus()
    qtbot.waitUntil(edge.text.hasFocus, timeout=WAIT_MS)
    editor.down_action.trigger()  # moved across the end of the built ones
    assert document_order(editor).index(edge.segment_id) == at + 1
    qtbot.waitUntil(lambda: len(editor.views) == len(editor.model.document), timeout=WAIT_MS)
    assert len(editor.views) == len(editor.model.document) == SEGMENTS + 1
    assert layout_order(editor) == document_order(editor)
    assert first.text.text() == "segment 0 온성"
    assert editor.tags() == []
