"""Text (with Korean composition), yes/no/unknown and choice editors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.answers import (
    ChoiceValue,
    MultiChoiceValue,
    TextValue,
    TriState,
    TriStateValue,
)
from tests.ui.editors.conftest import choices
from tests.ui.editors.recorder import Emitted
from tests.ui.helpers import type_into
from ui.editors import AnswerEditor
from ui.language import switch_language


def click(qtbot: QtBot, button: QWidget) -> None:
    """Click where a person would: on the indicator, at the left of a stretched button."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def preedit(field: QWidget, text: str) -> None:
    QApplication.sendEvent(field, QInputMethodEvent(text, []))


def commit(field: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_typing_korean_gives_the_text_as_typed(
    make: Callable[..., AnswerEditor], qtbot: QtBot, kind: str
) -> None:
    editor = make(kind)
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "회령 3")  # type: ignore[attr-defined]
    assert editor.value() == TextValue(text="회령 3")
    assert seen == [
        TextValue(text="회"),
        TextValue(text="회령"),
        TextValue(text="회령 "),
        TextValue(text="회령 3"),
    ]


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_composing_a_syllable_emits_nothing_until_it_is_committed(
    make: Callable[..., AnswerEditor], kind: str
) -> None:
    editor = make(kind)
    field = editor.field  # type: ignore[attr-defined]
    field.setFocus()
    commit(field, "회")
    seen = Emitted(editor)
    for step in ("ㄹ", "려", "령"):
        preedit(field, step)
        # the session screen re-shows what it saved meanwhile: the composition goes on
        editor.set_value(editor.value())
    assert seen == []
    assert field.composing
    commit(field, "령")
    assert seen == [TextValue(text="회령")]
    assert not field.composing
    assert editor.value() == TextValue(text="회령")


def test_set_value_keeps_the_cursor_where_it_was(make: Callable[..., AnswerEditor]) -> None:
    editor = make("short_text")
    editor.set_value(TextValue(text="평양 시내"))
    editor.field.setCursorPosition(2)  # type: ignore[attr-defined]
    editor.set_value(TextValue(text="평양 시내에서"))
    assert editor.field.cursorPosition() == 2  # type: ignore[attr-defined]


def test_blank_text_clears_the_answer(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("short_text")
    seen = Emitted(editor)
    type_into(qtbot, editor.field, "a")  # type: ignore[attr-defined]
    qtbot.keyClick(editor.field, Qt.Key.Key_Backspace)  # type: ignore[attr-defined]
    assert seen == [TextValue(text="a"), None]


def test_yes_no_unknown_by_keyboard(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("yes_no")
    seen = Emitted(editor)
    editor.focus_first()
    for key in (Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_U):
        qtbot.keyClick(QApplication.focusWidget() or editor, key)
    assert seen == [TriStateValue(value=s) for s in (TriState.YES, TriState.NO, TriState.UNKNOWN)]
    assert editor.buttons[TriState.UNKNOWN].isChecked()  # type: ignore[attr-defined]
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_Delete)
    assert seen[-1] is None


def test_a_second_click_on_the_chosen_button_clears_it(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = make("yes_no")
    seen = Emitted(editor)
    yes = editor.buttons[TriState.YES]  # type: ignore[attr-defined]
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.buttons[TriState.NO], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert not yes.isChecked()
    qtbot.mouseClick(editor.buttons[TriState.NO], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert seen == [TriStateValue(value=TriState.YES), TriStateValue(value=TriState.NO), None]


def test_few_choices_are_radio_buttons(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("single_choice")
    seen = Emitted(editor)
    assert editor.combo is None  # type: ignore[attr-defined]
    assert [r.text() for r in editor.radios] == ["Choice red", "Choice green", "Choice blue"]  # type: ignore[attr-defined]
    click(qtbot, editor.radios[1])  # type: ignore[attr-defined]
    click(qtbot, editor.radios[2])  # type: ignore[attr-defined]
    assert seen == [ChoiceValue(choice="green"), ChoiceValue(choice="blue")]


def test_many_choices_are_a_list(make: Callable[..., AnswerEditor], qtbot: QtBot) -> None:
    editor = make("single_choice", choices=choices(*"abcdefg"))
    seen = Emitted(editor)
    combo = editor.combo  # type: ignore[attr-defined]
    assert combo is not None and combo.count() == 8
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert seen == [ChoiceValue(choice="a"), ChoiceValue(choice="b")]
    assert combo.currentText() == "Choice b"


def test_choices_speak_the_current_language(
    make: Callable[..., AnswerEditor], interview: object
) -> None:
    import app.i18n
    from ui.language import switch_language

    editor = make("multi_choice")
    switch_language("ko")
    assert app.i18n.current_language() == "ko"
    assert [b.text() for b in editor.boxes] == ["선택 red", "선택 green", "선택 blue"]  # type: ignore[attr-defined]


def test_several_choices_in_questionnaire_order(
    make: Callable[..., AnswerEditor], qtbot: QtBot
) -> None:
    editor = make("multi_choice")
    seen = Emitted(editor)
    boxes = editor.boxes  # type: ignore[attr-defined]
    for index in (2, 0, 2, 0):
        click(qtbot, boxes[index])
    assert seen == [
        MultiChoiceValue(choices=["blue"]),
        MultiChoiceValue(choices=["red", "blue"]),
        MultiChoiceValue(choices=["red"]),
        None,
    ]


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_composing_over_a_selection_emits_only_the_committed_text(
    make: Callable[..., AnswerEditor], kind: str
) -> None:
    editor = make(kind)
    editor.set_value(TextValue(text="평양"))
    field = editor.field  # type: ignore[attr-defined]
    field.setFocus()
    field.selectAll()
    seen = Emitted(editor)
    preedit(field, "ㅎ")  # the selection goes at once; the syllable is not there yet
    preedit(field, "회")
    assert seen == []
    assert editor.value() == TextValue(text="평양")
    commit(field, "회")
    assert seen == [TextValue(text="회")]


def test_set_value_keeps_the_selection(make: Callable[..., AnswerEditor]) -> None:
    editor = make("short_text")
    editor.set_value(TextValue(text="평양 시내"))
    field = editor.field  # type: ignore[attr-defined]
    field.setSelection(3, 2)
    editor.set_value(TextValue(text="평양 시내에서"))
    assert (field.selectionStart(), field.selectedText()) == (3, "시내")
    assert field.cursorPosition() == 5


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_the_interviewers_own_notes_are_not_called_the_witnesss_words(
    make: Callable[..., AnswerEditor], kind: str
) -> None:
    """An interviewer-only question (the interviewer's assessment, what they observed) said
    "the witness's exact words" in its empty field: the field holds the interviewer's notes."""
    texts = {"ko": "면담자: 평가의 이유", "en": "Interviewer: reasons for the assessment"}
    own = make(kind, text=texts)
    witness = make(kind)
    for language in ("en", "ko"):
        switch_language(language)
        placeholder = own.field.placeholderText()  # type: ignore[attr-defined]
        assert placeholder and placeholder != witness.field.placeholderText()  # type: ignore[attr-defined]
        assert "witness" not in placeholder and "증인이 한 말" not in placeholder
        assert ("interviewer" in placeholder) if language == "en" else ("면담자" in placeholder)
