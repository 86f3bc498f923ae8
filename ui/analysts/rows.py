"""A read-only table of the rows a desk action returned (plain dicts), for a QTableView.

Columns are (title, value) pairs of functions: the titles are asked again whenever the
view paints its header, so a language switch needs only `retranslate()`; the values are
formatted when a row is first painted, so a long list costs the UI thread only what shows,
and kept as one tuple of texts per row until the rows or the language change.

Painting is what costs: Qt asks a Python model seven roles per cell (a call into Python
each), about 20 ms for a viewport of 290 cells. The view's delegate (`RowsDelegate`)
fills each cell's style option from the row's texts in one call instead, and draws it
as Qt's own delegate does; `data()` still answers whoever asks (tests, accessibility).

Replacing rows costs too: freeing 10,000 rows of the interview list (each a dict holding
dicts, lists and strings) took the UI thread 10-25 ms, within the callback that showed
the new ones. The model lets the rows it replaced go a slice per turn of the event loop
(`RELEASE_SLICE`), after the new rows are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.i18n import _

Row = dict[str, Any]
Index = QModelIndex | QPersistentModelIndex

RELEASE_SLICE = 500
"""Replaced rows freed per turn of the event loop: about 1 ms of the UI thread's time for
the interview list's rows on the development machine."""


@dataclass(frozen=True)
class Column:
    title: Callable[[], str]
    value: Callable[[Row], object]


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Row] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        """Row number → the texts of its cells, formatted when the row is first asked;
        forgotten at every reset (a tab may set `rows` and `columns` between its own
        `beginResetModel()` and `endResetModel()`)."""
        self.modelReset.connect(self._texts.clear)

    def show_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        replaced, self.rows = self.rows, list(rows)
        self.endResetModel()
        if replaced:
            self._release_later(replaced)

    def _release_later(self, replaced: list[Row]) -> None:
        """Let `replaced` go, `RELEASE_SLICE` rows at the next turn of the event loop and
        as many at each turn after (all at once with the model, if it goes first)."""

        def release() -> None:
            del replaced[-RELEASE_SLICE:]
            if replaced:
                self._release_later(replaced)

        QTimer.singleShot(0, self, release)

    def texts(self, row: int) -> tuple[str, ...]:
        """The texts shown in row `row`'s cells, formatted once."""
        texts = self._texts.get(row)
        if texts is None:
            shown = self.rows[row]
            values = [column.value(shown) for column in self.columns]
            texts = tuple("" if value is None else str(value) for value in values)
            self._texts[row] = texts
        return texts

    def row(self, index: Index) -> Row | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def retranslate(self) -> None:
        self._texts.clear()
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self.texts(index.row())[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.columns[section].title()


class RowsDelegate(QStyledItemDelegate):
    """Qt's own delegate, with each cell's option filled from the row's texts in one call
    to Python instead of one per role (a `RowsModel` answers only the display role: the
    other roles Qt asks stay as Qt leaves them when a model answers nothing).

    When painting, the option does not say it has a text to show (`HasDisplay`): the
    style then lays the text out once, to draw it, instead of four more times to measure
    it for the text, check, icon and focus rectangles, which for a cell without check or
    icon are the cell less its margins either way (the same pixels: tests/ui/
    test_rows_view.py). Measuring a cell (`sizeHint`, for sizing columns) says it."""

    def __init__(self, model: RowsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._measuring = False

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self._measuring = True
        try:
            return super().sizeHint(option, index)
        finally:
            self._measuring = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        # As QStyledItemDelegate::initStyleOption does for a model that answers the
        # display role alone (qstyleditemdelegate.cpp): the text, nothing else.
        if isinstance(index, QModelIndex):  # the views hand a QModelIndex
            option.index = index
        if self._measuring:
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = self.model.texts(index.row())[index.column()]
        # No style animations within item views (QTBUG-30146).
        option.styleObject = None  # type: ignore[assignment]


RESIZE_PRECISION = 40


def rows_view(model: RowsModel, parent: QWidget | None = None) -> QTableView:
    """A table of whole rows, one selected at a time, never edited."""
    view = QTableView(parent)
    view.setModel(model)
    view.setItemDelegate(RowsDelegate(model, view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    # Column widths from the rows in view and a few more, not from a thousand: sizing the
    # columns of a long list must stay within a frame on the UI thread.
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def yes_no(value: object) -> str:
    return _("yes") if value else _("no")
