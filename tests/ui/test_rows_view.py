"""The read-only tables of the analysts' desk (ui/analysts/rows.py): painted pixel for pixel
as Qt's own delegate paints them, without asking the Python model a role per cell (that
cost about 20 ms per viewport of the interview list), and showing new texts when the rows
or the language change."""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QTableView
from pytestqt.qtbot import QtBot

from ui.analysts.rows import (
    RELEASE_SLICE,
    Column,
    RowsDelegate,
    RowsModel,
    rows_view,
    yes_no,
)

ROWS = [
    {
        "code": f"SLK-{n:04d}-ABCD",
        "place": "회령 보위부 구류장에서 조사를 받았습니다 " * (3 if n % 4 == 0 else 1),
        "count": n if n % 3 else None,
        "imported": n % 2 == 0,
    }
    for n in range(40)
]


def _model() -> RowsModel:
    return RowsModel(
        [
            Column(lambda: "Code", lambda r: r["code"]),
            Column(lambda: "Place", lambda r: r["place"]),
            Column(lambda: "Count", lambda r: r["count"]),
            Column(lambda: "Imported", lambda r: yes_no(r["imported"])),
        ]
    )


def _shown(qtbot: QtBot, rows: list[dict[str, Any]]) -> tuple[RowsModel, QTableView]:
    model = _model()
    view = rows_view(model)
    qtbot.addWidget(view)
    view.resize(700, 400)
    model.show_rows(rows)
    view.resizeColumnsToContents()
    view.setColumnWidth(1, 260)  # long places are cut short with an ellipsis
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(2)
    return model, view


def _grab(view: QTableView) -> QImage:
    return view.viewport().grab().toImage()


def _ours_and_qts(view: QTableView) -> tuple[QImage, QImage]:
    ours = view.itemDelegate()
    painted = _grab(view)
    view.setItemDelegate(QStyledItemDelegate(view))
    by_qt = _grab(view)
    view.setItemDelegate(ours)
    return painted, by_qt


def test_the_rows_are_painted_as_qts_own_delegate_paints_them(qtbot: QtBot) -> None:
    _model_shown, view = _shown(qtbot, ROWS)
    assert isinstance(view.itemDelegate(), RowsDelegate)
    ours, by_qt = _ours_and_qts(view)
    assert ours == by_qt
    view.setFocus()  # the selected row in the active colours, a focus frame around a cell
    view.setCurrentIndex(view.model().index(5, 1))
    ours, by_qt = _ours_and_qts(view)
    assert ours == by_qt


class CountedModel(RowsModel):
    """Counts the roles asked of it."""

    asked: list[int]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        self.asked.append(role)
        return super().data(index, role)


def test_painting_asks_the_model_no_role_per_cell(qtbot: QtBot) -> None:
    model = CountedModel(_model().columns)
    model.asked = []
    view = rows_view(model)
    qtbot.addWidget(view)
    view.resize(700, 400)
    model.show_rows(ROWS)
    view.show()
    qtbot.waitExposed(view)
    model.asked.clear()
    painted = _grab(view)
    assert model.asked == []
    assert painted == _ours_and_qts(view)[1]  # the rows were painted
    model.asked.clear()
    assert model.index(1, 0).data() == "SLK-0001-ABCD"  # who asks is still answered
    assert model.asked == [Qt.ItemDataRole.DisplayRole]


def test_new_rows_and_a_new_language_show_new_texts(qtbot: QtBot) -> None:
    model, view = _shown(qtbot, ROWS)
    before = _grab(view)
    assert model.index(0, 3).data() == "yes"
    model.show_rows([dict(row, code=row["code"].lower()) for row in ROWS])
    assert model.index(0, 0).data() == "slk-0000-abcd"
    assert _grab(view) != before
    renamed = _model()
    renamed.columns[3] = Column(lambda: "Imported", lambda r: "네" if r["imported"] else "")
    model.columns = renamed.columns  # as a language switch changes what yes_no answers
    model.retranslate()
    assert model.index(0, 3).data() == "네"
    assert model.index(1, 3).data() == ""


def test_rows_and_columns_set_within_a_reset_are_shown(qtbot: QtBot) -> None:
    """As the registers tab shows a register: its own columns, set within a reset."""
    model, view = _shown(qtbot, ROWS)
    _grab(view)
    model.beginResetModel()
    model.columns = [Column(lambda: "Name", lambda r: r["name"])]
    model.rows = [{"name": "청진 집결소"}]
    model.endResetModel()
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())  # one row: laid out
    assert model.index(0, 0).data() == "청진 집결소"
    ours, by_qt = _ours_and_qts(view)
    assert ours == by_qt


def test_columns_are_sized_to_their_texts_as_with_qts_own_delegate(qtbot: QtBot) -> None:
    _model_shown, view = _shown(qtbot, ROWS)
    columns = range(view.model().columnCount())
    view.resizeColumnsToContents()
    ours = [view.columnWidth(column) for column in columns]
    view.setItemDelegate(QStyledItemDelegate(view))
    view.resizeColumnsToContents()
    assert [view.columnWidth(column) for column in columns] == ours
    assert ours[1] > 300  # the long places measured whole


class _Held:
    """Something a row holds, to see when the row is freed."""


def test_replaced_rows_are_freed_a_slice_per_turn_of_the_event_loop(qtbot: QtBot) -> None:
    """Freeing 10,000 replaced rows at once took the UI thread 10-25 ms within the callback
    that showed the new ones; the model lets them go a slice per turn of the loop instead,
    all of them, and shows the new rows at once."""
    model, _view = _shown(qtbot, [])
    held = [_Held() for _n in range(3 * RELEASE_SLICE + 7)]
    freed: list[int] = []
    for number, thing in enumerate(held):
        weakref.finalize(thing, freed.append, number)
    model.show_rows([{**ROWS[0], "held": thing} for thing in held])
    del held, thing
    model.show_rows(ROWS)
    assert model.index(0, 0).data() == "SLK-0000-ABCD"
    assert model.rowCount() == len(ROWS)
    assert freed == []  # not within the callback that showed the new rows
    QApplication.processEvents()
    assert 0 < len(freed) <= RELEASE_SLICE
    qtbot.waitUntil(lambda: len(freed) == 3 * RELEASE_SLICE + 7)
