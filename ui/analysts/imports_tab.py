"""Imports of other organisations' records (CSV or JSON lines): a dry run that reports what
would come in and what is refused and why, then the import itself, through the core's
`imports.import_file` as `sillok repository import` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.sync.repository import desk
from ui.analysts.rows import Column, RowsModel, rows_view
from ui.analysts.session import RepositorySession
from ui.analysts.tab import DeskTab


class ImportsTab(DeskTab):
    def __init__(self, session: RepositorySession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.path: Path | None = None
        self.file_label = QLabel(self)
        self.choose = QPushButton(self)
        self.choose.clicked.connect(self._choose)
        self.organisation = QLineEdit(self)
        self.dry_run = QPushButton(self)
        self.dry_run.clicked.connect(lambda: self.run_import(dry_run=True))
        self.do_import = QPushButton(self)
        self.do_import.clicked.connect(lambda: self.run_import(dry_run=False))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = RowsModel(
            [
                Column(lambda: _("Line"), lambda r: r["line"]),
                Column(lambda: _("Their reference"), lambda r: r["external_id"]),
                Column(lambda: _("Outcome"), lambda r: r["outcome"]),
            ],
            self,
        )
        self.table = rows_view(self.model, self)
        self.table.setObjectName("importReport")
        self.form = QFormLayout()
        chooser = QHBoxLayout()
        chooser.addWidget(self.file_label, 1)
        chooser.addWidget(self.choose)
        self.file_row, self.organisation_row = QLabel(self), QLabel(self)
        self.form.addRow(self.file_row, chooser)
        self.form.addRow(self.organisation_row, self.organisation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dry_run)
        buttons.addWidget(self.do_import)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def title(self) -> str:
        return _("Imports")

    def retranslate(self) -> None:
        self.file_row.setText(_("File"))
        self.organisation_row.setText(_("Organisation"))
        self.choose.setText(_("Choose…"))
        self.dry_run.setText(_("Dry run: report only"))
        self.do_import.setText(_("Import"))
        self.file_label.setText(str(self.path) if self.path else _("No file chosen"))
        self.model.retranslate()

    def forget(self) -> None:
        super().forget()
        self.summary.clear()

    def load(self) -> None:
        """Nothing to read until a file is chosen."""

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Another organisation's records"),
            str(Path.home()),
            _("Records (*.csv *.jsonl)"),
        )
        if path:
            self.path = Path(path)
            self.retranslate()

    def run_import(self, *, dry_run: bool) -> None:
        if self.path is None:
            self.summary.setText(_("Choose the file to import first."))
            return
        path, organisation, analyst = self.path, self.organisation.text(), self.session.analyst
        self.act(
            lambda repository: desk.import_records(
                repository, path, organisation, analyst, dry_run=dry_run
            ),
            self._reported,
            _("Reading the records to import…"),
            writes=not dry_run,
        )

    def _reported(self, report: dict[str, Any]) -> None:
        if report["already_imported"]:
            self.summary.setText(
                _("This file was imported before (import {n}); nothing changed.").format(
                    n=report["import_id"]
                )
            )
        else:
            self.summary.setText(
                (
                    _("Would import {count} interview(s).")
                    if report["dry_run"]
                    else _("Imported {count} interview(s).")
                ).format(count=len(report["accepted"]))
                + " "
                + _("{count} refused.").format(count=len(report["refused"]))
            )
        rows = [{**r, "outcome": _("accepted")} for r in report["accepted"]] + [
            {**r, "outcome": _("refused: {reasons}").format(reasons=", ".join(r["reasons"]))}
            for r in report["refused"]
        ]
        self.model.show_rows(sorted(rows, key=lambda r: r["line"]))
