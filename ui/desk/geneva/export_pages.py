"""The export wizard's first two pages: what will go, and where to write it.

The summary is computed on the worker (app/sync/overview.py) with the same selection and
the same refusals as the export itself, so a laptop that is not enrolled, a trust bundle
that expired, or demonstration data bound for a real repository is refused here, before
anything is written, with the core's message. Only counts are shown, never content.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.i18n import _
from app.i18n.formats import format_number
from app.sync.overview import ExportSummary, summarise_export
from ui.desk.geneva.common import (
    format_day,
    format_size,
    geneva_error_text,
    kind_name,
    note,
    run,
    withheld_text,
)

if TYPE_CHECKING:
    from ui.desk.geneva.export_wizard import ExportWizard


class SummaryPage(QWizardPage):
    summarised = Signal()
    refused = Signal(str)

    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.summary: ExportSummary | None = None
        self.problem = note(self, "alert")
        self.problem.hide()
        self.heading = note(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details = note(self)
        self.withheld = note(self, "hint")
        layout = QVBoxLayout(self)
        for widget in (self.problem, self.heading, self.table, self.details, self.withheld):
            layout.addWidget(widget)

    def initializePage(self) -> None:
        self.summary = None
        self.problem.hide()
        self.table.hide()
        self.details.clear()
        self.withheld.clear()
        self.heading.setText(_("Looking at what has changed since the last package…"))
        self.completeChanged.emit()
        run(self.owner.session, summarise_export, self._shown, self._refused, self)

    def isComplete(self) -> bool:
        return self.summary is not None

    def _refused(self, error: BaseException) -> None:
        text = geneva_error_text(error)
        self.heading.clear()
        self.problem.setText(text)
        self.problem.show()
        self.refused.emit(text)

    def _shown(self, summary: ExportSummary) -> None:
        self.summary = summary
        self.fill()
        self.completeChanged.emit()
        self.summarised.emit()

    def fill(self) -> None:
        summary = self.summary
        if summary is None:
            return
        repository = (
            _("the demonstration repository") if summary.demo else _("the Geneva repository")
        )
        self.heading.setText(
            _(
                "Package {sequence} for {repository}. Interviews whose witness consented to "
                "transfer to Geneva: {count}. The trust bundle is valid until {date}."
            ).format(
                sequence=summary.sequence,
                repository=repository,
                count=format_number(summary.interviews),
                date=format_day(summary.expires_at),
            )
        )
        self.table.setHorizontalHeaderLabels([_("What"), _("New"), _("Changed")])
        self.table.setRowCount(len(summary.kinds))
        for row, kind in enumerate(summary.kinds):
            cells = (kind_name(kind.kind), format_number(kind.new), format_number(kind.changed))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(summary.kinds))
        lines = []
        if not summary.kinds and not summary.deletions:
            lines.append(
                _(
                    "Nothing is new or changed since the last package Geneva acknowledged: "
                    "the package would carry only the audit trail."
                )
            )
        if summary.attachments:
            lines.append(
                _("Attachment files: {count} ({size}).").format(
                    count=format_number(summary.attachments),
                    size=format_size(summary.attachment_bytes),
                )
            )
        lines.append(
            _(
                "Sealed identities: {count}. They are sealed to Geneva's key: this laptop "
                "cannot read them."
            ).format(count=format_number(summary.identities))
        )
        if summary.deletions:
            lines.append(
                _("Records deleted here that Geneva holds: {count}.").format(
                    count=format_number(summary.deletions)
                )
            )
        lines.append(_("Estimated size: {size}.").format(size=format_size(summary.estimated_bytes)))
        self.details.setText("\n".join(lines))
        if summary.withheld:
            withheld = [
                _(
                    "Withheld by consent (not in the package; Geneva learns only that they "
                    "exist and why):"
                )
            ]
            withheld += [
                "• " + withheld_text(item.kind, item.reason, item.count)
                for item in summary.withheld
            ]
        else:
            withheld = [_("Nothing is withheld by consent.")]
        self.withheld.setText("\n".join(withheld))

    def retranslate(self) -> None:
        self.setTitle(_("What will go to Geneva"))
        self.setSubTitle(
            _("Counted on this laptop; nothing is written until you choose the folder.")
        )
        self.fill()


class DestinationPage(QWizardPage):
    def __init__(self, wizard: ExportWizard, last_folder: Path | None) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setCommitPage(True)
        self.folder = QLineEdit(self)
        if last_folder is not None:
            self.folder.setText(str(last_folder))
        self.folder.textChanged.connect(self._changed)
        self.choose = QPushButton(self)
        self.choose.clicked.connect(self._choose)
        self.space = note(self)
        self.explain = note(self, "hint")
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(row)
        layout.addWidget(self.space)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self._changed()
        self.folder.setFocus()

    def chosen(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text) if text else None

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to write the package (e.g. a USB stick)"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def problem(self) -> str | None:
        """Why the folder cannot take the package, or None."""
        folder = self.chosen()
        if folder is None:
            return _("Choose the folder to write the package in, e.g. on a USB stick.")
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            return _("This folder does not exist or cannot be written to. Choose another one.")
        summary = self.owner.summary_page.summary
        free = shutil.disk_usage(folder).free
        if summary is not None and free < summary.estimated_bytes:
            return _(
                "Not enough free space here: {free} free, and the package needs about {size}. "
                "Choose another folder or make room."
            ).format(free=format_size(free), size=format_size(summary.estimated_bytes))
        return None

    def isComplete(self) -> bool:
        return self.problem() is None

    def _changed(self) -> None:
        problem = self.problem()
        folder = self.chosen()
        summary = self.owner.summary_page.summary
        if problem is None and folder is not None and summary is not None:
            self.space.setProperty("role", "hint")
            self.space.setText(
                _("Free space: {free}; the package needs about {size}.").format(
                    free=format_size(shutil.disk_usage(folder).free),
                    size=format_size(summary.estimated_bytes),
                )
            )
        else:
            self.space.setProperty("role", "alert" if folder is not None else "hint")
            self.space.setText(problem or "")
        self.space.setStyleSheet("")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self.setTitle(_("Where to write the package"))
        self.setSubTitle(_("Usually a USB stick, carried to Geneva on the agreed channel."))
        self.explain.setText(
            _(
                "The package is encrypted to Geneva and signed by this laptop: nobody else "
                "can read it, and any change to it is detected."
            )
        )
        self.choose.setText(_("&Choose…"))
        self.setButtonText(self.owner.WizardButton.CommitButton, _("&Write the package"))
        self._changed()
