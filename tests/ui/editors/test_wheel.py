"""The mouse wheel scrolls the form and never changes an answer it passes over: a list,
precision, calendar, season, unit or facility type changes under the wheel only when the
interviewer has put the focus in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.editors.conftest import Interview, choices
from tests.ui.editors.recorder import Emitted
from ui.editors import AnswerEditor

EDITORS: list[tuple[str, dict[str, Any]]] = [
    ("single_choice", {"choices": choices(*"abcdefgh")}),  # more than fit as radios
    ("date", {}),
    ("duration", {}),
    ("facility", {}),
    ("person", {}),
]


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the wheel `notches` steps (negative: towards the user) with the pointer over
    `widget`, as the window system does (so the event travels as a real one would)."""
    window = widget.window()
    QTest.wheelEvent(
        window.windowHandle(),
        QPointF(widget.mapTo(window, widget.rect().center())),
        QPoint(0, 120 * notches),
    )


def in_long_form(qtbot: QtBot, editor: AnswerEditor) -> QScrollArea:
    """The editor between tall fillers in a scrolling form, as on the session screen."""
    area = QScrollArea()
    body = QWidget()
    layout = QVBoxLayout(body)
    elsewhere = QLineEdit(body)  # where the interviewer last typed
    layout.addWidget(elsewhere)
    for _ in range(2):
        filler = QWidget(body)
        filler.setMinimumHeight(900)
        layout.addWidget(filler)
    layout.insertWidget(1, editor)
    area.setWidget(body)
    area.resize(500, 400)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    area.ensureWidgetVisible(editor)
    return area


@pytest.mark.parametrize(("kind", "fields"), EDITORS, ids=[kind for kind, _f in EDITORS])
def test_the_wheel_over_an_unfocused_editor_scrolls_and_changes_nothing(
    qtbot: QtBot,
    make: Callable[..., AnswerEditor],
    interview: Interview,
    kind: str,
    fields: dict[str, Any],
) -> None:
    interview.persons += [(uuid4(), "Kim"), (uuid4(), "Pak")]
    interview.facilities += [(uuid4(), "Onsong"), (uuid4(), "Chongori")]
    editor = make(kind, **fields)
    area = in_long_form(qtbot, editor)
    boxes = [box for box in editor.findChildren(QComboBox) if box.isVisible()]
    assert boxes
    for box in boxes:
        box.setCurrentIndex(1)
    emitted = Emitted(editor)
    before = [box.currentIndex() for box in boxes]
    scrolled = area.verticalScrollBar().value()

    for box in boxes:
        assert not box.hasFocus()
        wheel(box, -1)

    assert [box.currentIndex() for box in boxes] == before
    assert emitted == []
    assert area.verticalScrollBar().value() != scrolled  # the wheel scrolled the form


def test_the_wheel_still_turns_a_list_the_interviewer_focused(
    qtbot: QtBot, make: Callable[..., AnswerEditor]
) -> None:
    editor = make("single_choice", choices=choices(*"abcdefgh"))
    combo = editor.combo  # type: ignore[attr-defined]
    editor.window().activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    combo.setCurrentIndex(1)
    wheel(combo, -1)
    qtbot.waitUntil(lambda: combo.currentIndex() != 1)
    assert combo.currentIndex() == 2
