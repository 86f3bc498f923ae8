"""The list of interviews: a model/view table with a filter, sorted by any column.

The rows come from one query on the worker (`app.desk.summaries`); the model computes
their texts and sort keys once, then sorts and filters plain lists, so 10,000 rows stay
instant (benchmarks/desk_benchmark.py). Korean sorts in Hangul (가나다) order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.desk.summaries import InterviewRow
from app.i18n import N_, _
from app.i18n.formats import plural
from ui.desk.formatting import format_date_short, format_percent

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("code", "date", "interviewer", "status", "progress", "coverage")
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def status_text(status: str) -> str:
    return {
        "draft": _("Waiting for consent"),
        "in_progress": _("In progress"),
        "read_back": _("Read back"),
        "closed": _("Closed"),
    }.get(status, status)


@dataclass(frozen=True)
class PreparedRows:
    rows: list[InterviewRow]
    texts: list[tuple[str, ...]]
    keys: list[tuple[object, ...]]
    haystacks: list[str]


def prepare_rows(rows: list[InterviewRow]) -> PreparedRows:
    """Display texts, sort keys and filter text of each row, computed once (Qt-free, so
    the desk runs it on the worker)."""
    texts: list[tuple[str, ...]] = [
        (
            row.code,
            format_date_short(row.date),
            row.interviewer,
            status_text(row.status),
            format_percent(row.progress),
            format_percent(row.coverage),
        )
        for row in rows
    ]
    # Hangul syllables are in 가나다 order in Unicode: casefold is enough for both scripts
    keys: list[tuple[object, ...]] = [
        (row.code, row.date, row.interviewer.casefold(), text[3], row.progress, row.coverage)
        for row, text in zip(rows, texts, strict=True)
    ]
    haystacks = [" ".join(text).casefold() for text in texts]
    return PreparedRows(rows, texts, keys, haystacks)


class InterviewTableModel(QAbstractTableModel):
    """The rows, their display texts and sort keys computed once when they arrive; sorting
    and filtering work on those lists in Python (milliseconds for 10,000 rows) instead of
    asking `data()` row by row through a proxy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InterviewRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._keys: list[tuple[object, ...]] = []
        self._haystacks: list[str] = []
        self._shown: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] = (1, Qt.SortOrder.DescendingOrder)
        self._filter = ""

    def set_rows(self, rows: list[InterviewRow]) -> None:
        self.set_prepared(prepare_rows(rows))

    def set_prepared(self, prepared: PreparedRows) -> None:
        """Rows prepared by `prepare_rows` (on the worker: 10,000 rows take a while)."""
        self.beginResetModel()
        self.rows = prepared.rows
        self._texts, self._keys, self._haystacks = prepared.texts, prepared.keys, prepared.haystacks
        self._arrange()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def _arrange(self) -> None:
        needle = self._filter
        shown = (
            [i for i, hay in enumerate(self._haystacks) if needle in hay]
            if needle
            else list(range(len(self.rows)))
        )
        column, order = self._sort
        keys = self._keys
        shown.sort(
            key=lambda i: keys[i][column],  # type: ignore[arg-type, return-value]
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._shown = shown

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        self.set_rows(self.rows)

    def row_at(self, index: int) -> InterviewRow:
        return self.rows[self._shown[index]]

    @property
    def shown_count(self) -> int:
        return len(self._shown)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Code"),
            _("Date"),
            _("Interviewer"),
            _("Status"),
            _("Progress"),
            _("Coverage"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        position = self._shown[index.row()]
        if role == ID_ROLE:
            return str(self.rows[position].id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[position][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class InterviewListPage(QWidget):
    open_requested = Signal(str)
    """The interview (its id) the interviewer chose to open."""
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InterviewTableModel(self)

        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_filter)
        self.new_button = QPushButton(self)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_requested)
        self.count = QLabel(self)
        self.count.setProperty("role", "hint")

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.model.modelReset.connect(self._count)
        self.retranslate()

    def set_rows(self, rows: list[InterviewRow]) -> None:
        self.model.set_rows(rows)

    def set_prepared(self, prepared: PreparedRows) -> None:
        self.model.set_prepared(prepared)

    def clear(self) -> None:
        self.model.clear()
        self.filter.clear()

    def retranslate(self) -> None:
        self.heading.setText(_("Interviews"))
        self.filter.setPlaceholderText(_("Filter by code, interviewer or status…"))
        self.new_button.setText(_("New interview…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.retranslate()
        self._count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _count(self) -> None:
        shown, total = self.model.shown_count, len(self.model.rows)
        if shown == total:
            self.count.setText(plural(total, N_("{count} interview"), N_("{count} interviews")))
        else:
            self.count.setText(_("{shown} of {total} interviews").format(shown=shown, total=total))

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(ID_ROLE))

    def select(self, interview_id: UUID) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == interview_id:
                self.view.selectRow(row)
                return
