"""The list of interviews: a model/view table with a filter, sorted by any column.

The rows come from one query on the worker (`app.desk.summaries`); the model only holds
them, so filtering and sorting 10,000 rows stays instant (Qt sorts the proxy in C++).
Text sorts in the order of the current language (Korean by Hangul order).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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
from app.i18n import _
from ui.desk.formatting import format_date_short, format_percent

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("code", "date", "interviewer", "status", "progress", "coverage")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def status_text(status: str) -> str:
    return {
        "draft": _("Waiting for consent"),
        "in_progress": _("In progress"),
        "read_back": _("Read back"),
        "closed": _("Closed"),
    }.get(status, status)


class InterviewTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InterviewRow] = []

    def set_rows(self, rows: list[InterviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

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
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == ID_ROLE:
            return str(row.id)
        if role == SORT_ROLE:
            return {
                "code": row.code,
                "date": row.date.isoformat(),
                "interviewer": row.interviewer,
                "status": status_text(row.status),
                "progress": row.progress,
                "coverage": row.coverage,
            }[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "code": row.code,
                "date": format_date_short(row.date),
                "interviewer": row.interviewer,
                "status": status_text(row.status),
                "progress": format_percent(row.progress),
                "coverage": format_percent(row.coverage),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("progress", "coverage"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class InterviewListPage(QWidget):
    open_requested = Signal(str)
    """The interview (its id) the interviewer chose to open."""
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InterviewTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.new_button = QPushButton(self)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_requested)
        self.count = QLabel(self)
        self.count.setProperty("role", "hint")

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
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
        self.proxy.layoutChanged.connect(self._count)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.retranslate()

    def set_rows(self, rows: list[InterviewRow]) -> None:
        self.model.set_rows(rows)

    def clear(self) -> None:
        self.model.clear()
        self.filter.clear()

    def retranslate(self) -> None:
        self.heading.setText(_("Interviews"))
        self.filter.setPlaceholderText(_("Filter by code, interviewer or status…"))
        self.new_button.setText(_("New interview…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.model.rows:
            self.model.dataChanged.emit(
                self.model.index(0, 0),
                self.model.index(len(self.model.rows) - 1, len(COLUMNS) - 1),
            )
        self._count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count.setText(_("{count} interviews").format(count=total))
        else:
            self.count.setText(_("{shown} of {total} interviews").format(shown=shown, total=total))

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(ID_ROLE))

    def select(self, interview_id: UUID) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == str(interview_id):
                self.view.selectRow(row)
                return
