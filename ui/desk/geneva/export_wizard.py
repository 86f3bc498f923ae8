"""The export wizard: what will go → where → writing (with Cancel) → what was written.

Writing runs `export_package` on the worker; its progress callback is the task runner's
`report_progress`, so Cancel (the page's button, or closing the wizard) raises there and
the core leaves no partial file and no record of the package: the next export takes the
same sequence number. The last page names the file, its sequence number and SHA-256 (to
compare with Geneva's receipt), says what to do next, and can load Geneva's receipt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import _
from app.i18n.formats import format_number
from app.store.database import Database
from ui.desk.geneva.common import (
    big_label,
    format_size,
    geneva_error_text,
    note,
    run,
    sha_groups,
)
from ui.desk.geneva.export_pages import DestinationPage, SummaryPage
from ui.session import Session
from ui.style import DIALOG_STYLE
from ui.tasks import Progress, Task, TaskCancelled, report_progress

if TYPE_CHECKING:
    from app.sync.export import ExportResult


class ProgressPage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.task: Task[ExportResult] | None = None
        self.result: ExportResult | None = None
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.label = note(self)
        self.message = note(self)
        self.message.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton(self)
        self.retry_button.clicked.connect(self.start)
        self.retry_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

    @property
    def running(self) -> bool:
        return self.task is not None

    def initializePage(self) -> None:
        self.start()

    def isComplete(self) -> bool:
        return self.result is not None

    def start(self) -> None:
        from app.sync.export import export_package

        folder, actor = self.owner.destination_page.chosen(), self.owner.actor
        assert folder is not None
        self.result = None
        self.message.hide()
        self.retry_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.bar.setRange(0, 0)
        self.label.setText(_("Writing the package for Geneva…"))

        def work(database: Database) -> ExportResult:
            return export_package(database, folder, actor=actor, progress=report_progress)

        self.task = run(
            self.owner.session, work, self._done, self._failed, self, progress=self._progress
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Stopping…"))

    def _progress(self, progress: Progress) -> None:
        if progress.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(progress.done * 1000 // progress.total)
            self.label.setText(
                _("Writing the package for Geneva: {done} of {total}").format(
                    done=format_size(progress.done), total=format_size(progress.total)
                )
            )

    def _done(self, result: ExportResult) -> None:
        self.task = None
        self.result = result
        self.cancel_button.hide()
        self.completeChanged.emit()
        self.owner.finished_export(result)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.cancel_button.hide()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label.clear()
        if isinstance(error, TaskCancelled):
            text = _(
                "The export was cancelled. Nothing was written: no package file is left in "
                "the folder, and the next export will use the same number."
            )
            self.message.setProperty("role", "warning")
        else:
            text = geneva_error_text(error)
            self.message.setProperty("role", "alert")
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()
        self.retry_button.show()
        self.owner.stopped(error, text)

    def retranslate(self) -> None:
        self.setTitle(_("Writing the package"))
        self.setSubTitle(_("You can cancel at any time: nothing half-written is left behind."))
        self.cancel_button.setText(_("&Cancel the export"))
        self.retry_button.setText(_("&Try again"))


class ResultPage(QWizardPage):
    receipt_requested = Signal()

    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.result: ExportResult | None = None
        self.written = note(self)
        self.sha_caption = note(self)
        self.sha = big_label(self)
        font = self.sha.font()
        font.setPointSize(max(font.pointSize() - 6, 10))
        self.sha.setFont(font)
        self.next_steps = note(self, "hint")
        self.receipt_button = QPushButton(self)
        self.receipt_button.clicked.connect(self.receipt_requested)
        row = QHBoxLayout()
        row.addWidget(self.receipt_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.written, self.sha_caption, self.sha, self.next_steps):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.result = self.owner.progress_page.result
        self.fill()

    def fill(self) -> None:
        result = self.result
        if result is None:
            return
        self.written.setText(
            _("Package {sequence} was written:").format(sequence=result.sequence)
            + f"\n{result.path}\n"
            + _(
                "{records} records, {attachments} attachment files, {identities} sealed "
                "identities, {withheld} withheld by consent; {size}."
            ).format(
                records=format_number(result.records),
                attachments=format_number(result.attachments),
                identities=format_number(result.identities),
                withheld=format_number(result.withheld),
                size=format_size(result.size),
            )
        )
        self.sha.setText(sha_groups(result.sha256))
        self.sha.setAccessibleName("SHA-256 " + result.sha256)

    def retranslate(self) -> None:
        self.setTitle(_("The package is ready"))
        self.sha_caption.setText(_("Its SHA-256, to compare with Geneva's receipt:"))
        self.next_steps.setText(
            _(
                "What to do next: carry the package to Geneva on the agreed channel. When "
                "Geneva's receipt comes back, load it: what Geneva holds is then left out of "
                "the next package."
            )
        )
        self.receipt_button.setText(_("&Load Geneva's receipt…"))
        self.fill()


class ExportWizard(QWizard):
    exported = Signal(object)
    """The ExportResult."""
    export_stopped = Signal(str)
    """Cancelled or failed: the message shown."""

    def __init__(
        self,
        session: Session,
        actor: str,
        last_folder: Path | None = None,
        load_receipt: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.actor = actor
        self.setStyleSheet(DIALOG_STYLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(680, 520)
        self._close_when_stopped = False
        self.summary_page = SummaryPage(self)
        self.destination_page = DestinationPage(self, last_folder)
        self.progress_page = ProgressPage(self)
        self.result_page = ResultPage(self)
        for page in (
            self.summary_page,
            self.destination_page,
            self.progress_page,
            self.result_page,
        ):
            self.addPage(page)
        if load_receipt is not None:
            self.result_page.receipt_requested.connect(load_receipt)
        self.retranslate()

    def finished_export(self, result: ExportResult) -> None:
        # Finished before a late Cancel could stop it: the package exists, so show it.
        self._close_when_stopped = False
        self.exported.emit(result)
        if self.currentPage() is self.progress_page:
            self.next()

    def stopped(self, _error: BaseException, text: str) -> None:
        self.export_stopped.emit(text)
        if self._close_when_stopped:
            super().reject()

    def reject(self) -> None:
        """Closing while the package is written cancels it first, then closes."""
        if self.progress_page.running:
            self._close_when_stopped = True
            self.progress_page.cancel()
            return
        super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export a package for Geneva"))
        for page in (
            self.summary_page,
            self.destination_page,
            self.progress_page,
            self.result_page,
        ):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
