"""Interviews across devices, read-only: the list (code, device, dates, imported, consent)
and, for the one chosen, every record it holds with each of its versions and the package
(or import) each came in, the analysts' assessments beside them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import desk, permissions
from ui.analysts.assessment_dialog import AssessmentDialog
from ui.analysts.records_model import RecordsModel
from ui.analysts.rows import Column, RowsModel, rows_view, yes_no
from ui.analysts.session import RepositorySession
from ui.analysts.status_text import StatusText
from ui.analysts.tab import DeskTab
from ui.tasks import report_progress


def consent_text(consent: dict[str, Any]) -> str:
    if not consent.get("held"):
        return _("no consent on record")
    parts = [_("sharing allowed") if consent["sharing"] else _("no sharing")]
    if consent.get("withdrawn"):
        parts.append(_("partly withdrawn"))
    if consent.get("witness_withdrew"):
        parts.append(_("the witness withdrew sharing in another interview"))
    return ", ".join(parts)


def origin_text(row: dict[str, Any]) -> str:
    if row.get("imported"):
        return _("imported: {organisation}").format(
            organisation=(row.get("import") or {}).get("organisation", "")
        )
    return str(row.get("device_id", ""))


class InterviewsTab(DeskTab):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.shown: dict[str, Any] | None = None
        self._then_select: tuple[str, str] | None = None
        """(code, record id) to select once that interview is shown."""
        self.model = RowsModel(
            [
                Column(lambda: _("Code"), lambda r: r["code"]),
                Column(lambda: _("Device or origin"), origin_text),
                Column(lambda: _("Created"), lambda r: (r.get("created_at") or "")[:10]),
                Column(lambda: _("Updated"), lambda r: (r.get("updated_at") or "")[:10]),
                Column(lambda: _("Imported"), lambda r: yes_no(r["imported"])),
                Column(lambda: _("Consent"), lambda r: consent_text(r["consent"])),
                Column(lambda: _("Versions"), lambda r: r["versions"]),
                Column(
                    lambda: _("Possible earlier statements"),
                    lambda r: len(r["possible_earlier_statements"]) or "",
                ),
            ],
            self,
        )
        self.table = rows_view(self.model, self)
        self.table.setObjectName("interviewList")
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.heading = StatusText(self, role="heading")  # changes with each interview
        self.record_rows = RecordsModel(self)
        self.records = QTreeView(self)
        self.records.setObjectName("interviewRecords")
        self.records.setModel(self.record_rows)
        self.records.setUniformRowHeights(True)
        # The short columns are sized from the few texts they hold (_fit_columns), not by
        # the header measuring rows (ResizeToContents): that measured the rows on screen
        # again at every layout, most of the UI thread's time opening a long interview.
        self.records.expanded.connect(self._fit_children)
        self.assess_record = QPushButton(self)
        self.assess_record.clicked.connect(self._assess_record)
        self.assess_witness = QPushButton(self)
        self.assess_witness.clicked.connect(self._assess_witness)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assess_record)
        buttons.addWidget(self.assess_witness)
        buttons.addStretch(1)
        detail = QWidget(self)
        right = QVBoxLayout(detail)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.records, 1)
        right.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def title(self) -> str:
        return _("Interviews")

    def retranslate(self) -> None:
        self.model.retranslate()
        self.table.resizeColumnsToContents()  # headers change width with language
        self.record_rows.set_headers([_("Record"), _("Version"), _("Origin"), _("Content")])
        self.assess_record.setText(_("Assess this record…"))
        self.assess_witness.setText(_("Assess the witness…"))
        if self.shown is not None:
            self._show(self.shown)
        else:
            self.heading.setText(_("Choose an interview to read it."))
        self._enable()

    def forget(self) -> None:
        super().forget()
        self.shown = None
        self._then_select = None
        self.record_rows.show(None)
        self.retranslate()

    def load(self) -> None:
        self.act(
            lambda repository: desk.interview_rows(repository, report_progress),
            self._listed,
            _("Reading the interviews…"),
        )

    def _listed(self, rows: list[dict[str, Any]]) -> None:
        sized = bool(self.model.rows)
        self.model.show_rows(rows)
        if not sized:  # once: sizing columns again on every reload costs the UI thread
            self.table.resizeColumnsToContents()

    # -- one interview ---------------------------------------------------------------------

    def open_interview(self, code: str, record_id: str | None = None) -> None:
        """Show interview `code` and, once read, select `record_id` in it."""
        self._then_select = (code, record_id) if record_id else None
        for number, row in enumerate(self.model.rows):
            if row["code"] == code:
                self.table.selectRow(number)
                if self.shown is not None and self.shown["code"] == code:
                    self._select_pending()
                return
        self._read(code)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row(current)
        if row is not None:
            self._read(str(row["code"]))

    def _read(self, code: str) -> None:
        self.act(
            lambda repository: desk.interview(repository, code),
            self._show,
            _("Reading interview {code}…").format(code=code),
        )

    def _show(self, shown: dict[str, Any]) -> None:
        self.shown = shown
        self.heading.setText(
            _("Interview {code} · {origin} · {count} records").format(
                code=shown["code"], origin=origin_text(shown), count=len(shown["held"])
            )
        )
        # one reset: the texts are made as the view asks for them (review T2)
        self.record_rows.show(shown)
        self._fit_columns(self.record_rows.short_texts(), level=0, grow=False)
        self._select_pending()
        self._enable()

    def _select_pending(self) -> None:
        if self._then_select is None or self.shown is None:
            return
        code, wanted = self._then_select
        if self.shown["code"] != code:  # an earlier read arriving first
            return
        self._then_select = None
        row = self.record_rows.row_of(wanted)
        if row is not None:
            self.record_rows.reveal(row)  # a record far into a long transcript
            index = self.record_rows.index(row, 0)
            self.records.setCurrentIndex(index)
            self.records.expand(index)
            self.records.scrollTo(index)

    def _fit_columns(self, rows: list[list[str]], *, level: int, grow: bool) -> None:
        """Size the kind, version and origin columns to `rows`' texts (only wider when
        `grow`), as ResizeToContents would for those rows."""
        header, metrics = self.records.header(), self.records.fontMetrics()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        for column in range(3):
            width = max((metrics.horizontalAdvance(r[column]) for r in rows), default=0)
            width += margin + (self.records.indentation() * (level + 1) if column == 0 else 0)
            width = max(width, header.sectionSizeHint(column))
            if not grow or width > header.sectionSize(column):
                header.resizeSection(column, width)

    def _fit_children(self, index: QModelIndex) -> None:
        """A record opened: its versions' origins are wider than the records'."""
        held = self.record_rows.held
        if index.isValid() and not index.parent().isValid() and index.row() < len(held):
            self._fit_columns(self.record_rows.short_texts(index.row()), level=1, grow=True)

    def current_record(self) -> str | None:
        index = self.records.currentIndex()
        if not index.isValid():
            return None
        top = index.parent() if index.parent().isValid() else index
        return self.record_rows.record_id(top.row())

    def _enable(self) -> None:
        refusal = self.session.refusal(permissions.ASSESS)
        self.assess_witness.setEnabled(
            not refusal and bool(self.shown and self.shown.get("witness"))
        )
        self.assess_record.setEnabled(not refusal and self.shown is not None)
        for button in (self.assess_record, self.assess_witness):
            button.setToolTip(refusal)

    def offer(self) -> None:
        self._enable()

    # -- assessments -------------------------------------------------------------------------

    def _assess_record(self) -> None:
        target = self.current_record()
        if target is None or self.shown is None:
            self.heading.setText(_("Choose a record of the interview to assess."))
            return
        code = self.shown["code"]
        self._assess(target, lambda: _("a record of interview {code}").format(code=code))

    def _assess_witness(self) -> None:
        if self.shown is not None and self.shown.get("witness"):
            code = self.shown["code"]
            self._assess(
                str(self.shown["witness"]),
                lambda: _("the witness of interview {code}").format(code=code),
            )

    def _read_again(self) -> None:
        if self.shown is not None:
            self._read(str(self.shown["code"]))

    def _assess(self, target: str, what: Callable[[], str]) -> None:
        dialog = AssessmentDialog(self.session, target, what, self)
        dialog.accepted.connect(self._read_again)
        dialog.finished.connect(dialog.deleteLater)
        self.assessment = dialog
        dialog.open()
