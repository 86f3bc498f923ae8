"""Tagging a passage: the dialog, the stored span, and spans that follow their words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.domain import ElementTag, Incident, Person, PersonRole
from tests.ui.transcript.conftest import WAIT_MS, on_worker, stored_services, type_text
from ui.session import Session
from ui.tasks import TaskRunner
from ui.transcript import TranscriptEditor
from ui.transcript.segment_view import SegmentView

CTRL = Qt.KeyboardModifier.ControlModifier
TEXT = "회령 보위부 구류장에서 석 달 동안 조사를 받았습니다."
PASSAGE = "석 달 동안"


def select(view: SegmentView, start: int, end: int) -> None:
    cursor = view.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.text.setTextCursor(cursor)
    view.text.setFocus()


def stored_span_tags(qtbot: QtBot, runner: TaskRunner, session: Session) -> list[ElementTag]:
    tags = on_worker(qtbot, runner, lambda: stored_services(session).tags.find())
    return [tag for tag in tags if tag.is_span]


def tag_with_keyboard(
    qtbot: QtBot, editor: TranscriptEditor, view: SegmentView, search: str
) -> None:
    """Ctrl+T, type part of an id, Down to the first match, Enter."""
    qtbot.keyClick(view.text, Qt.Key.Key_T, CTRL)
    dialog = editor.tag_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.chooser.search.hasFocus, timeout=WAIT_MS)  # ready to type
    type_text(qtbot, dialog.chooser.search, search)
    qtbot.keyClick(dialog.chooser.search, Qt.Key.Key_Down)
    assert dialog.chooser.tree.hasFocus()
    qtbot.keyClick(dialog.chooser.tree, Qt.Key.Key_Return)
    assert editor.tag_dialog is None
    back_to(qtbot, editor)


def back_to(qtbot: QtBot, editor: TranscriptEditor) -> None:
    """The window is active again after the dialog (the offscreen platform needs a push)."""
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT_MS)


def test_a_tagged_passage_is_stored_as_a_span_and_follows_its_words(
    qtbot: QtBot,
    editor: TranscriptEditor,
    make_editor: Callable[[], TranscriptEditor],
    threaded_runner: TaskRunner,
    opened: Session,
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, TEXT)
    start = TEXT.index(PASSAGE)
    select(view, start, start + len(PASSAGE))
    with qtbot.waitSignal(editor.tags_changed, timeout=WAIT_MS):
        tag_with_keyboard(qtbot, editor, view, "7.1.e.1")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    [tag] = stored_span_tags(qtbot, threaded_runner, opened)
    assert (tag.element_id, tag.segment_id) == ("CAH.7.1.e.1", view.segment_id)
    assert TEXT[tag.start : tag.end] == PASSAGE  # type: ignore[index]
    assert [t.element_id for t in editor.tags()] == ["CAH.7.1.e.1"]
    assert len(view.text.extraSelections()) == 1  # highlighted
    assert "CAH.7.1.e.1" in view.tag_rows[0].label.text()
    assert PASSAGE in view.tag_rows[0].label.text()
    tip = view.text.describe_tag(view.text.tags_at(start + 1)[0])
    assert "CAH.7.1.e.1" in tip and "imprisoned" in tip

    # Words typed before the passage: the tag moves with it, and is saved so.
    cursor = view.text.textCursor()
    cursor.setPosition(0)
    view.text.setTextCursor(cursor)
    with qtbot.assertNotEmitted(editor.tags_changed):  # the same elements, still covered
        type_text(qtbot, view.text, "2014년 봄 ")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    [moved] = stored_span_tags(qtbot, threaded_runner, opened)
    assert moved.id == tag.id
    assert (moved.start, moved.end) == (tag.start + 8, tag.end + 8)  # type: ignore[operator]
    assert view.text.toPlainText()[moved.start : moved.end] == PASSAGE

    # Opened again: the tag is on its words, and opening changed nothing.
    editor.close()
    again = make_editor()
    assert [(t.id, t.start, t.end) for t in again.tags()] == [(tag.id, moved.start, moved.end)]
    assert len(again.view_at(0).text.extraSelections()) == 1
    assert again.model.undo_stack.count() == 0
    assert not again.has_unsaved_changes


def test_deleting_the_tagged_words_flags_the_tag_and_undo_brings_both_back(
    qtbot: QtBot, editor: TranscriptEditor, threaded_runner: TaskRunner, opened: Session
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, TEXT)
    start = TEXT.index(PASSAGE)
    select(view, start, start + len(PASSAGE))
    tag_with_keyboard(qtbot, editor, view, "고문")
    [tag] = editor.tags()
    assert tag.element_id.startswith("CAH.7.1.f")

    select(view, start - 1, start + len(PASSAGE) + 1)
    with qtbot.waitSignal(editor.tags_changed, timeout=WAIT_MS):
        qtbot.keyClick(view.text, Qt.Key.Key_Delete)
    assert editor.tags() == []  # no longer counts for coverage
    [row] = view.tag_rows
    assert row.label.property("role") == "warning"
    assert "deleted" in row.label.text()
    assert row.attach_button is not None
    assert view.text.extraSelections() == []
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    assert stored_span_tags(qtbot, threaded_runner, opened) == []

    qtbot.keyClick(view.text, Qt.Key.Key_Z, CTRL)
    assert view.text.toPlainText() == TEXT
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        pass
    [back] = stored_span_tags(qtbot, threaded_runner, opened)
    assert back.id == tag.id
    assert TEXT[back.start : back.end] == PASSAGE  # type: ignore[index]


def test_a_detached_tag_can_be_attached_to_new_words(
    qtbot: QtBot, editor: TranscriptEditor
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, "보위부 구류장")
    select(view, 0, 3)
    tag_with_keyboard(qtbot, editor, view, "7.1.e.1")
    select(view, 0, 4)
    qtbot.keyClick(view.text, Qt.Key.Key_Backspace)
    assert view.tag_rows[0].attach_button is not None
    select(view, 0, 3)  # "구류장"
    with qtbot.waitSignal(editor.tags_changed, timeout=WAIT_MS):
        qtbot.mouseClick(view.tag_rows[0].attach_button, Qt.MouseButton.LeftButton)
    [tag] = editor.tags()
    assert view.text.toPlainText()[tag.start : tag.end] == "구류장"  # type: ignore[index]


def test_tagging_with_several_elements_an_incident_and_a_new_person(
    qtbot: QtBot,
    editor: TranscriptEditor,
    threaded_runner: TaskRunner,
    opened: Session,
    recorded: object,
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, "키 큰 예심원이 매일 밤 때렸습니다")
    select(view, 0, 7)
    qtbot.keyClick(view.text, Qt.Key.Key_T, CTRL)
    dialog = editor.tag_dialog
    assert dialog is not None
    assert "키 큰 예심원" in dialog.quote.text()
    chooser = dialog.chooser
    qtbot.keyClicks(chooser.search, "torture")
    qtbot.keyClick(chooser.search, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.tree, Qt.Key.Key_Space)
    chooser.search.clear()
    qtbot.keyClicks(chooser.search, "MOL.25")
    qtbot.keyClick(chooser.search, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.tree, Qt.Key.Key_Space)
    ticked = chooser.ticked()
    assert len(ticked) == 2
    assert ticked[0].startswith("CAH.7.1.f") and ticked[1].startswith("MOL.25")
    incident_id = recorded.incident_id  # type: ignore[attr-defined]
    dialog.incident.setCurrentIndex(dialog.incident.findData(str(incident_id)))
    dialog.role_actions[PersonRole.PERPETRATOR].trigger()
    type_text(qtbot, dialog.note, "직접 목격")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        dialog.accept()

    stored = stored_span_tags(qtbot, threaded_runner, opened)
    assert sorted(t.element_id for t in stored) == sorted(ticked)
    assert {t.incident_id for t in stored} == {incident_id}
    assert {t.note for t in stored} == {"직접 목격"}
    [person_id] = {t.person_id for t in stored}
    person = on_worker(
        qtbot, threaded_runner, lambda: stored_services(opened).persons.get(person_id)
    )  # type: ignore[arg-type]
    assert isinstance(person, Person)
    assert person.role is PersonRole.PERPETRATOR
    assert person.descriptor.description == "키 큰 예심원"
    assert person.name is None  # words about a person are not taken for a name


def test_a_new_incident_from_the_selection_is_stored_and_offered_next_time(
    qtbot: QtBot, editor: TranscriptEditor, threaded_runner: TaskRunner, opened: Session
) -> None:
    view = editor.view_at(0)
    type_text(qtbot, view.text, TEXT)
    select(view, 0, 11)
    qtbot.keyClick(view.text, Qt.Key.Key_T, CTRL)
    dialog = editor.tag_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.new_incident_button, Qt.MouseButton.LeftButton)
    dialog.chooser.set_ticked("CAH.7.1.e.1")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        dialog.accept()
    incidents = on_worker(qtbot, threaded_runner, lambda: stored_services(opened).incidents.find())
    made = [i for i in incidents if i.title == TEXT[:11]]
    assert len(made) == 1 and isinstance(made[0], Incident)
    [tag] = stored_span_tags(qtbot, threaded_runner, opened)
    assert tag.incident_id == made[0].id

    back_to(qtbot, editor)
    select(view, 12, 16)
    qtbot.keyClick(view.text, Qt.Key.Key_T, CTRL)
    again = editor.tag_dialog
    assert again is not None
    assert again.incident.findData(str(made[0].id)) > 0
    again.reject()
