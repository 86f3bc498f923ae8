"""The evidence matrix across witnesses, with drill-down: an element's row, its cells by
incident, facility, agency or period, and behind a cell the statements and the answer or
transcript passage each rests on; one opens the interview at that record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import desk
from ui.analysts.assessment_dialog import AssessmentDialog
from ui.analysts.labels import AXES, SOURCES, assessments_text, word
from ui.analysts.rows import Column, RowsModel, rows_view, yes_no
from ui.analysts.session import RepositorySession
from ui.analysts.status_text import StatusText
from ui.analysts.tab import DeskTab


def _counts(label: Any) -> list[Column]:
    return [
        Column(label[0], label[1]),
        Column(lambda: _("Witnesses"), lambda r: r["witnesses"]),
        Column(lambda: _("Direct"), lambda r: r["direct"]),
        Column(lambda: _("Hearsay"), lambda r: r["hearsay"]),
        Column(lambda: _("Statements"), lambda r: r["statements"]),
        Column(lambda: _("Imported"), lambda r: r["imported"]),
    ]


class MatrixTab(DeskTab):
    open_requested = Signal(str, str)
    """Open interview (code) at record (id)."""

    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.elements = RowsModel(
            [
                *_counts((lambda: _("Element"), lambda r: r["element"])),
                Column(lambda: _("Assessments"), lambda r: assessments_text(r["assessments"])),
            ],
            self,
        )
        self.element_table = rows_view(self.elements, self)
        self.element_table.setObjectName("matrixElements")
        self.element_table.selectionModel().currentRowChanged.connect(self._element_chosen)
        self.axis = QComboBox(self)
        for key in AXES:
            self.axis.addItem(word(AXES, key), key)
        self.axis.currentIndexChanged.connect(lambda _i: self._show_cells())
        self.cells = RowsModel(_counts((lambda: _("Cell"), lambda r: r["label"])), self)
        self.cell_table = rows_view(self.cells, self)
        self.cell_table.setObjectName("matrixCells")
        self.cell_table.activated.connect(self._drill)
        self.drill_label = StatusText(self)  # changes with each drill-down
        self.statements = RowsModel(
            [
                Column(lambda: _("Interview"), lambda r: r["interview"]),
                Column(lambda: _("Device"), lambda r: r["device_id"]),
                Column(lambda: _("Source"), lambda r: word(SOURCES, r["source"])),
                Column(lambda: _("Incident"), lambda r: r["incident"]),
                Column(lambda: _("Imported"), lambda r: yes_no(r["imported"])),
                Column(lambda: _("Passage"), lambda r: r["passage"]["text"]),
            ],
            self,
        )
        self.statement_table = rows_view(self.statements, self)
        self.statement_table.setObjectName("matrixStatements")
        self.statement_table.activated.connect(lambda index: self._open(index))
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(lambda: self._open(self.statement_table.currentIndex()))
        self.assess_button = QPushButton(self)
        self.assess_button.clicked.connect(self._assess)
        top = QWidget(self)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.element_table, 3)
        cells = QVBoxLayout()
        cells.addWidget(self.axis)
        cells.addWidget(self.cell_table)
        top_layout.addLayout(cells, 2)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.drill_label)
        bottom_layout.addWidget(self.statement_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.assess_button)
        buttons.addStretch(1)
        bottom_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def title(self) -> str:
        return _("Evidence matrix")

    def retranslate(self) -> None:
        for model in (self.elements, self.cells, self.statements):
            model.retranslate()
        self.element_table.resizeColumnsToContents()  # headers change width with language
        for number in range(self.axis.count()):
            self.axis.setItemText(number, word(AXES, self.axis.itemData(number)))
        if not self.statements.rows:
            self.drill_label.setText(
                _("Open a cell (double-click or Enter) to see its statements.")
            )
        self.open_button.setText(_("Open the interview at this passage"))
        self.assess_button.setText(_("Assess this statement…"))

    def forget(self) -> None:
        super().forget()
        self.retranslate()

    def load(self) -> None:
        self.act(desk.evidence_matrix, self._shown, _("Reading the evidence matrix…"))

    def _shown(self, rows: list[dict[str, Any]]) -> None:
        self.elements.show_rows(rows)
        self.element_table.resizeColumnsToContents()
        self._show_cells()

    def current_element(self) -> dict[str, Any] | None:
        return self.elements.row(self.element_table.currentIndex())

    def _element_chosen(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_cells()

    def _show_cells(self) -> None:
        element, axis = self.current_element(), str(self.axis.currentData() or "")
        if element is None:
            self.cells.show_rows([])
        elif not axis:
            self.cells.show_rows([{**element, "label": element["element"], "id": ""}])
        else:
            self.cells.show_rows(element[axis])
        self.cell_table.resizeColumnToContents(0)

    def _drill(self, index: QModelIndex) -> None:
        element, cell = self.current_element(), self.cells.row(index)
        if element is None or cell is None:
            return
        axis = str(self.axis.currentData() or "") or None
        key = str(cell["id"]) if axis else None
        name, label = str(element["element"]), str(cell["label"])
        self.act(
            lambda repository: desk.cell(repository, name, axis, key),
            lambda rows: self._statements(rows, name, label),
            _("Reading the statements behind {element}…").format(element=name),
        )

    def _statements(self, rows: list[dict[str, Any]], element: str, label: str) -> None:
        self.statements.show_rows(rows)
        self.statement_table.resizeColumnsToContents()
        self.drill_label.setText(
            _("{count} statement(s) behind {element} · {cell}").format(
                count=len(rows), element=element, cell=label
            )
        )
        if rows:
            self.statement_table.selectRow(0)

    def _open(self, index: QModelIndex) -> None:
        row = self.statements.row(index)
        if row is not None:
            self.open_requested.emit(str(row["interview"]), str(row["passage"]["id"]))

    def _assess(self) -> None:
        row = self.statements.row(self.statement_table.currentIndex())
        if row is None:
            return
        dialog = AssessmentDialog(
            self.session,
            str(row["tag"]),
            lambda: _("{element} in interview {code}").format(
                element=row.get("element", ""), code=row["interview"]
            ),
            self,
        )
        dialog.accepted.connect(self.load)
        dialog.finished.connect(dialog.deleteLater)
        self.assessment = dialog
        dialog.open()
