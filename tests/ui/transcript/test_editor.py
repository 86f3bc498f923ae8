"""Typing a transcript: saved as it is typed, back after reopening, undoable, bilingual."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from app.domain import Speaker
from tests.ui.helpers import KO_MARK
from tests.ui.transcript.conftest import WAIT_MS, on_worker, stored_services, type_text
from ui.language import switch_language
from ui.session import Session
from ui.tasks import TaskRunner
from ui.transcript import TranscriptEditor

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
KOREAN = "2014년 봄에 회령 보위부 구류장에서 조사를 받았습니다."
ENGLISH = "Who questioned you there?"


def stored_segments(
    qtbot: QtBot, runner: TaskRunner, session: Session, recorded_session: object
) -> list[tuple[int, Speaker, str, float | None]]:
    segments = on_worker(
        qtbot,
        runner,
        lambda: stored_services(session).transcripts.for_session(recorded_session),  # type: ignore[arg-type]
    )
    return [(s.ordinal, s.speaker, s.text, s.offset_seconds) for s in segments]


def test_korean_and_english_segments_are_saved_as_typed_and_come_back(
    qtbot: QtBot,
    editor: TranscriptEditor,
    make_editor: Callable[[], TranscriptEditor],
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
) -> None:
    first = editor.view_at(0)
    assert first.speaker.currentData() == Speaker.INTERVIEWEE
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        type_text(qtbot, first.text, KOREAN)
    qtbot.keyClick(first.text, Qt.Key.Key_Return, CTRL)  # a new segment, the other speaker
    second = editor.view_at(1)
    assert second.text.hasFocus()
    assert second.speaker.currentData() == Speaker.INTERVIEWER
    type_text(qtbot, second.text, ENGLISH)
    second.offset.setFocus()
    qtbot.keyClicks(second.offset, "12:05")
    qtbot.keyClick(second.offset, Qt.Key.Key_Tab)
    qtbot.keyClick(second.text, Qt.Key.Key_3, CTRL)  # the interpreter said it
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    session_id = recorded.session_id  # type: ignore[attr-defined]
    expected = [
        (0, Speaker.INTERVIEWEE, KOREAN, None),
        (1, Speaker.INTERPRETER, ENGLISH, 725.0),
    ]
    assert stored_segments(qtbot, threaded_runner, opened, session_id) == expected
    assert not editor.has_unsaved_changes

    editor.close()
    again = make_editor()
    assert [
        (v.speaker.currentData(), v.text.toPlainText(), v.offset.text())
        for v in (again.view_at(0), again.view_at(1))
    ] == [(Speaker.INTERVIEWEE, KOREAN, ""), (Speaker.INTERPRETER, ENGLISH, "12:05")]


def test_an_empty_transcript_offers_a_segment_but_stores_nothing_until_typed(
    qtbot: QtBot,
    editor: TranscriptEditor,
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
) -> None:
    assert len(editor.views) == 1
    editor.flush()
    qtbot.wait(50)
    session_id = recorded.session_id  # type: ignore[attr-defined]
    assert stored_segments(qtbot, threaded_runner, opened, session_id) == []


def test_undo_and_redo_cover_typing_segments_and_speakers_and_are_saved(
    qtbot: QtBot,
    editor: TranscriptEditor,
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
) -> None:
    session_id = recorded.session_id  # type: ignore[attr-defined]
    first = editor.view_at(0)
    type_text(qtbot, first.text, "보위부")
    qtbot.keyClick(first.text, Qt.Key.Key_Return, CTRL)
    second = editor.view_at(1)
    type_text(qtbot, second.text, "when")
    qtbot.keyClick(second.text, Qt.Key.Key_1, CTRL)
    assert second.speaker.currentData() == Speaker.INTERVIEWER
    qtbot.keyClick(second.text, Qt.Key.Key_2, CTRL)
    assert second.speaker.currentData() == Speaker.INTERVIEWEE

    qtbot.keyClick(second.text, Qt.Key.Key_Z, CTRL)  # the speaker change
    assert second.speaker.currentData() == Speaker.INTERVIEWER
    qtbot.keyClick(second.text, Qt.Key.Key_Z, CTRL)  # the typing in segment 2, merged
    assert second.text.toPlainText() == ""
    qtbot.keyClick(second.text, Qt.Key.Key_Z, CTRL)  # segment 2 itself
    assert len(editor.views) == 1
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass  # an undo is saved like any edit
    assert stored_segments(qtbot, threaded_runner, opened, session_id) == [
        (0, Speaker.INTERVIEWEE, "보위부", None)
    ]

    first.text.setFocus()
    qtbot.keyClick(first.text, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.keyClick(first.text, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.keyClick(first.text, Qt.Key.Key_Y, CTRL)
    assert [v.text.toPlainText() for v in map(editor.view_at, range(2))] == ["보위부", "when"]
    assert editor.view_at(1).speaker.currentData() == Speaker.INTERVIEWEE
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    assert [s[2] for s in stored_segments(qtbot, threaded_runner, opened, session_id)] == [
        "보위부",
        "when",
    ]


def test_undo_puts_text_back_without_resetting_the_rest_of_the_segment(
    qtbot: QtBot, editor: TranscriptEditor
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, "회령 구류장x")
    qtbot.keyClick(view.text, Qt.Key.Key_Backspace)  # erasing goes with the typing
    cursor = view.text.textCursor()
    cursor.setPosition(3)
    view.text.setTextCursor(cursor)
    type_text(qtbot, view.text, "보위부 ")  # typing elsewhere: a new undo step
    assert view.text.toPlainText() == "회령 보위부 구류장"
    qtbot.keyClick(view.text, Qt.Key.Key_Z, CTRL)
    assert view.text.toPlainText() == "회령 구류장"
    assert view.text.textCursor().position() == 3  # where the undone words were
    qtbot.keyClick(view.text, Qt.Key.Key_Z, CTRL)
    assert view.text.toPlainText() == ""
    assert not editor.model.undo_stack.canUndo()


def test_deleting_a_segment_can_be_undone_and_ctrl_t_without_a_selection_says_why(
    qtbot: QtBot, editor: TranscriptEditor
) -> None:
    first = editor.view_at(0)
    type_text(qtbot, first.text, "first")
    qtbot.keyClick(first.text, Qt.Key.Key_Return, CTRL)
    type_text(qtbot, editor.view_at(1).text, "second")
    qtbot.keyClick(editor.view_at(1).text, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert [s.text for s in editor.model.document.segments] == ["first"]
    qtbot.keyClick(editor.view_at(0).text, Qt.Key.Key_Z, CTRL)
    assert [s.text for s in editor.model.document.segments] == ["first", "second"]
    assert editor.view_at(1).text.toPlainText() == "second"

    qtbot.keyClick(editor.view_at(1).text, Qt.Key.Key_Up, CTRL_SHIFT)  # reorder
    assert [s.text for s in editor.model.document.segments] == ["second", "first"]
    qtbot.keyClick(editor.view_at(0).text, Qt.Key.Key_T, CTRL)
    assert editor.tag_dialog is None
    assert editor.status.text() == "Select the words to tag first."


def test_a_wrong_time_offset_is_refused_with_a_hint_and_not_stored(
    qtbot: QtBot, editor: TranscriptEditor
) -> None:
    view = editor.view_at(0)
    view.offset.setFocus()
    qtbot.keyClicks(view.offset, "0:75")
    qtbot.keyClick(view.offset, Qt.Key.Key_Tab)
    assert view.offset.property("invalid") is True
    assert "1:12:05" in view.offset.toolTip()
    assert editor.model.document.segments[0].offset_seconds is None


def test_switching_language_retranslates_and_keeps_every_typed_word(
    qtbot: QtBot, editor: TranscriptEditor, marked_korean: None
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, KOREAN)
    cursor = view.text.textCursor()
    cursor.setPosition(4)
    view.text.setTextCursor(cursor)
    depth = editor.model.undo_stack.count()
    switch_language("ko")
    assert editor.new_action.text() == KO_MARK + "New segment"
    assert view.speaker.currentText() == KO_MARK + "Interviewee"
    assert view.text.placeholderText().startswith(KO_MARK)
    assert view.text.toPlainText() == KOREAN
    assert view.text.textCursor().position() == 4
    assert editor.model.undo_stack.count() == depth  # retranslating is not an edit
    switch_language("en")
    assert view.speaker.currentText() == "Interviewee"


def test_while_locked_nothing_is_lost_and_the_save_follows_the_unlock(
    qtbot: QtBot,
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
    monkeypatch: object,
) -> None:
    import ui.transcript.model as model_module

    monkeypatch.setattr(model_module, "RETRY_MS", 100)  # type: ignore[attr-defined]
    locked = [False]
    editor = TranscriptEditor(
        threaded_runner,
        lambda: None if locked[0] else opened.database_on_worker(),
        "interviewer:test",
        recorded.interview_id,  # type: ignore[attr-defined]
        recorded.session_id,  # type: ignore[attr-defined]
    )
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
        editor.show()
    locked[0] = True
    with qtbot.waitSignal(editor.save_failed, timeout=WAIT_MS) as failed:
        type_text(qtbot, editor.view_at(0).text, "구류장")
    assert "locked" in failed.args[0]
    assert editor.status.property("role") == "alert"
    assert editor.has_unsaved_changes
    locked[0] = False
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass  # tried again by itself
    session_id = recorded.session_id  # type: ignore[attr-defined]
    assert stored_segments(qtbot, threaded_runner, opened, session_id)[0][2] == "구류장"
    assert editor.status.text() == "Saved"


def test_hiding_the_editor_saves_at_once_ahead_of_whatever_comes_next(
    qtbot: QtBot,
    editor: TranscriptEditor,
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
) -> None:
    type_text(qtbot, editor.view_at(0).text, "석 달")
    editor.hide()  # locking or leaving the screen: no 300 ms wait
    session_id = recorded.session_id  # type: ignore[attr-defined]
    # The next op on the worker (closing the database, say) comes after the save.
    assert stored_segments(qtbot, threaded_runner, opened, session_id)[0][2] == "석 달"


def _cut(combo: QComboBox, texts: list[str]) -> list[str]:
    """Those of `texts` the closed `combo` cannot show whole (elided, "Intervie…") at the
    size its layout gives it (its size hint, at least its minimum: a header row gives it
    no more)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    option.rect = QRect(QPoint(0, 0), combo.sizeHint().expandedTo(combo.minimumSize()))
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = combo.fontMetrics()
    return [text for text in texts if metrics.horizontalAdvance(text) > field.width()]


def test_the_speaker_box_shows_its_longest_name_whole_in_both_languages(
    qtbot: QtBot, make_editor: Callable[[], TranscriptEditor]
) -> None:
    """Seen on a real display: opened in Korean, then switched to English, the speaker
    read "Intervie…". The box is as wide as the longest name in either language, so it
    neither cuts one nor jumps when the language changes."""
    switch_language("ko")
    editor = make_editor()
    combo = editor.view_at(0).speaker
    names: list[str] = []
    for language in ("ko", "en"):
        switch_language(language)
        names += [combo.itemText(i) for i in range(combo.count())]
    for language in ("ko", "en", "ko"):
        switch_language(language)
        QApplication.processEvents()  # the layout takes the new size hints
        assert _cut(combo, names) == [], language
