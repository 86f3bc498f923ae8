"""The element picker: find an element by id or by name in either language, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.legal import default_catalogue
from tests.ui.transcript.conftest import type_text
from ui.language import switch_language
from ui.transcript import ElementChooser, ElementPicker


def visible(chooser: ElementChooser) -> list[str]:
    return [
        element_id
        for element_id, item in chooser.items.items()
        if not item.isHidden() and not item.parent().isHidden()
    ]


def test_the_search_finds_elements_by_id_korean_and_english(qtbot: QtBot) -> None:
    chooser = ElementChooser()
    qtbot.addWidget(chooser)
    catalogue = default_catalogue()
    assert visible(chooser) == list(catalogue.elements)

    type_text(qtbot, chooser.search, "7.1.e")
    assert visible(chooser) == [e for e in catalogue.elements if e.startswith("CAH.7.1.e.")]
    chooser.search.clear()
    type_text(qtbot, chooser.search, "고문")  # the group "고문" (torture), and no other
    found = visible(chooser)
    assert found and all(e.startswith("CAH.7.1.f.") for e in found)
    assert set(found) == {e for e in catalogue.elements if e.startswith("CAH.7.1.f.")}
    chooser.search.clear()
    type_text(qtbot, chooser.search, "superior")
    found = visible(chooser)  # superior responsibility, and the facts on superior orders
    assert "MOL.28.b.1" in found and all(e.startswith(("MOL.28", "MOL.DEF")) for e in found)
    chooser.search.clear()
    type_text(qtbot, chooser.search, "zzzz")
    assert visible(chooser) == []
    assert not chooser.empty.isHidden()


def test_the_picker_works_from_the_keyboard_and_returns_the_ticked_ids(qtbot: QtBot) -> None:
    picker = ElementPicker(preselected=["CAH.7.CTX.1"])
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitUntil(picker.chooser.search.hasFocus)
    assert picker.chooser.ticked() == ["CAH.7.CTX.1"]
    assert picker.chooser.items["CAH.7.CTX.1"].parent().isExpanded()
    qtbot.keyClicks(picker.chooser.search, "MOL.28.a")
    qtbot.keyClick(picker.chooser.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.chooser.tree, Qt.Key.Key_Down)
    qtbot.keyClick(picker.chooser.tree, Qt.Key.Key_Space)
    second = visible(picker.chooser)[1]
    assert picker.chosen() == ["CAH.7.CTX.1", second]
    qtbot.keyClick(picker.chooser.tree, Qt.Key.Key_Return)
    assert picker.result() == ElementPicker.DialogCode.Accepted


def test_choose_returns_none_when_cancelled_and_nothing_can_be_accepted_empty(
    qtbot: QtBot,
) -> None:
    def answer(tick: bool) -> None:
        picker = QApplication.activeModalWidget()
        assert isinstance(picker, ElementPicker)
        assert not picker.buttons.button(picker.buttons.StandardButton.Ok).isEnabled()
        picker.accept()  # refused: nothing chosen
        assert picker.isVisible()
        if tick:
            picker.chooser.set_ticked("CAH.7.1.k.1")
            picker.accept()
        else:
            picker.reject()

    QTimer.singleShot(0, lambda: answer(tick=False))
    assert ElementPicker.choose() is None
    QTimer.singleShot(0, lambda: answer(tick=True))
    assert ElementPicker.choose() == ["CAH.7.1.k.1"]


def test_changing_language_renames_elements_and_keeps_search_and_ticks(qtbot: QtBot) -> None:
    chooser = ElementChooser()
    qtbot.addWidget(chooser)
    chooser.set_ticked("CAH.7.1.e.1")
    qtbot.keyClicks(chooser.search, "7.1.e")
    element = default_catalogue().element("CAH.7.1.e.1")
    assert element.text.en in chooser.items["CAH.7.1.e.1"].text(0)
    switch_language("ko")
    assert element.text.ko in chooser.items["CAH.7.1.e.1"].text(0)
    assert chooser.search.text() == "7.1.e"
    assert chooser.ticked() == ["CAH.7.1.e.1"]
    assert chooser.search.placeholderText() != "Search elements by id or name (Korean or English)"
