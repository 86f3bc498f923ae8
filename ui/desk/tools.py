"""The desk's tools beside the interview: search and corroboration, and PDF reports (the
exchange with Geneva has its own menu: ui/desk/geneva/). Each runs on the one task runner;
long ones show progress and can be cancelled, and a failure says what happened in the
user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QEvent, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.store.database import Database
from ui.errors import show_error
from ui.ops import database_getter, run_op
from ui.search.corroboration_view import CorroborationView
from ui.search.opening import PassageOpener
from ui.search.panel import SearchPanel
from ui.session import Session
from ui.tasks import Progress, report_progress

if TYPE_CHECKING:
    from ui.desk.desk import Desk


class SearchWindow(QDialog):
    """Search across all testimony, and candidate corroborations, in one window."""

    def __init__(
        self,
        session: Session,
        desk: Desk,
        actor: str,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(1000, 700)

        database = database_getter(session)
        self.tabs = QTabWidget(self)
        self.panel = SearchPanel(session.runner, database, self)
        self.corroboration = CorroborationView(session.runner, database, actor, parent=self)

        # a hit opens its interview at the passage (a facility belongs to no interview)
        self.opener = PassageOpener(desk, session.runner, database, self)
        for view in (self.panel, self.corroboration):
            view.open_requested.connect(self._open)
        self.tabs.addTab(self.panel, "")
        self.tabs.addTab(self.corroboration, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate()

    def _open(self, interview_id: str, target: str) -> None:
        """Open a hit: the interview comes forward at it, this window steps aside (its
        results are kept: Ctrl+F shows them again)."""
        if interview_id:
            self.hide()
        self.opener.open(interview_id, target)

    def focus_search(self) -> None:
        """Show the window with the cursor in the search box (Ctrl+F)."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.tabs.setCurrentWidget(self.panel)
        self.panel.focus_query()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Search and corroboration"))
        self.tabs.setTabText(0, _("Search"))
        self.tabs.setTabText(1, _("Corroboration"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def run_long(
    session: Session,
    parent: QWidget,
    title: str,
    work: Callable[[Database, Callable[[int, int | None, str], None]], object],
    done: Callable[[object], None],
) -> None:
    """Run `work` on the worker with a progress dialog that can cancel it."""
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def op(database: Database) -> object:
        def progress(done_: int, total: int | None, label: str) -> None:
            report_progress(done_, total, label)

        return work(database, progress)

    def shown(progress: Progress) -> None:
        if progress.total:
            dialog.setMaximum(max(progress.total, 1))
            dialog.setValue(min(progress.done, progress.total))
        if progress.label:
            dialog.setLabelText(progress.label)

    def finished(result: object) -> None:
        dialog.reset()
        done(result)

    def failed(error: BaseException) -> None:
        dialog.reset()
        show_error(parent, error, title)

    task = run_op(session, op, finished, failed, shown, owner=parent)
    dialog.canceled.connect(task.cancel)


def default_report_path(kind: str, code: str | None) -> Path:
    """Where the save dialog starts: the Documents folder (never the program's folder),
    the interview's pseudonymous code in the name (SLK-TP72-X6MT-statement.pdf)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
    return base / (f"{code}-{kind}.pdf" if code else f"{kind}.pdf")


def write_report(
    session: Session, parent: QWidget, kind: str, interview_id: UUID, code: str | None = None
) -> None:
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Save the PDF"),
        str(default_report_path(kind, code)),
        _("PDF documents (*.pdf)"),
    )
    if not path:
        return
    language = current_language()

    # PDFs and packages load their libraries when first used, not at start-up.
    from app.reports import render_matrix, render_session_log, render_statement

    def work(database: Database, progress: Callable[[int, int | None, str], None]) -> object:
        if kind == "matrix":
            return render_matrix(database, [interview_id], Path(path), language=language)
        if kind == "statement":
            return render_statement(
                database, interview_id, Path(path), language="both", progress=progress
            )
        return render_session_log(
            database, interview_id, Path(path), language=language, progress=progress
        )

    def done(result: object) -> None:
        QMessageBox.information(parent, _("PDF written"), str(result))

    run_long(session, parent, _("Writing the PDF…"), work, done)
