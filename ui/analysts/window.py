"""The analysts' desk: one window on an open Geneva repository, a tab per kind of work
(interviews, search, evidence matrix, gaps, corroboration, registers, imports), a status bar that
shows what is being read with a Cancel button, and the disclosure wizard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.i18n import _
from app.sync.repository import permissions
from ui.analysts.corroboration_tab import CorroborationTab
from ui.analysts.gaps_tab import GapsTab
from ui.analysts.imports_tab import ImportsTab
from ui.analysts.interviews_tab import InterviewsTab
from ui.analysts.matrix_tab import MatrixTab
from ui.analysts.registers_tab import RegistersTab
from ui.analysts.search_tab import SearchTab
from ui.analysts.session import RepositorySession
from ui.analysts.tab import DeskTab
from ui.errors import show_error
from ui.language_buttons import LanguageButtons
from ui.tasks import Progress, Task


class AnalystsWindow(QMainWindow):
    lock_requested = Signal()
    """Lock now (the menu, Ctrl+L): the desk closes the repository and asks again."""

    def __init__(
        self,
        session: RepositorySession,
        parent: QWidget | None = None,
        *,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings_path = settings_path
        self.setObjectName("analystsWindow")
        self.resize(1200, 760)
        self.running: dict[int, Task[Any]] = {}
        self.interviews = InterviewsTab(session, self)
        self.search = SearchTab(session, self)
        self.matrix = MatrixTab(session, self)
        self.gaps = GapsTab(session, self)
        self.corroboration = CorroborationTab(session, self)
        self.registers = RegistersTab(session, self)
        self.imports = ImportsTab(session, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analystsTabs")
        self.all_tabs: list[DeskTab] = [
            self.interviews,
            self.search,
            self.matrix,
            self.gaps,
            self.corroboration,
            self.registers,
            self.imports,
        ]
        for tab in self.all_tabs:
            self.tabs.addTab(tab, tab.title())
            tab.started.connect(self._started)
            tab.ended.connect(self._ended)
            tab.progressed.connect(self._progressed)
            tab.outcome_while_locked.connect(self._outcome_while_locked)
            tab.offer()
        self.tabs.currentChanged.connect(lambda _i: self._current().ensure_loaded())
        self.matrix.open_requested.connect(self.open_interview)
        self.search.open_requested.connect(self.open_interview)
        self.setCentralWidget(self.tabs)
        self.activity = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(200)
        self.cancel = QPushButton(self)
        self.cancel.clicked.connect(self.cancel_running)
        self.languages = LanguageButtons(settings_path, self)
        bar = self.statusBar()
        bar.addWidget(self.activity, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel)
        bar.addPermanentWidget(self.languages)
        self.disclose_action = QAction(self)
        self.disclose_action.triggered.connect(self.open_disclosure)
        self.repository_menu = self.menuBar().addMenu("")
        self.repository_menu.setToolTipsVisible(True)  # why an action is disabled
        self.repository_menu.addAction(self.disclose_action)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.find_testimony)
        self.repository_menu.addAction(self.find_action)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.repository_menu.addAction(self.lock_action)
        self.wizard: QWidget | None = None
        self.after_unlock: bool | None = None
        """What a write that ended while locked did (True: recorded), said once unlocked."""
        self._idle()
        self.retranslate()
        self._current().ensure_loaded()

    def _current(self) -> DeskTab:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, DeskTab)
        return widget

    def retranslate(self) -> None:
        info = self.session.info
        where = str(self.session.folder)
        store = _("PostgreSQL server") if info and info.store == "postgres" else _("encrypted file")
        self.setWindowTitle(
            _("Sillok — Geneva repository: {folder} ({store})").format(folder=where, store=store)
        )
        for number, tab in enumerate(self.all_tabs):
            self.tabs.setTabText(number, tab.title())
        self.cancel.setText(_("Cancel"))
        self.repository_menu.setTitle(_("&Repository"))
        self.disclose_action.setText(_("&Disclose to a mechanism…"))
        self.find_action.setText(_("&Search all testimony"))
        self.lock_action.setText(_("&Lock"))
        self._offer()
        if not self.running:
            self.activity.setText(_("Analyst: {name}").format(name=self.session.analyst))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- going to an interview ---------------------------------------------------------------

    def open_interview(self, code: str, record_id: str = "") -> None:
        self.tabs.setCurrentWidget(self.interviews)
        self.interviews.open_interview(code, record_id or None)

    def find_testimony(self) -> None:
        """Ctrl+F: the search tab, the cursor in its box."""
        self.tabs.setCurrentWidget(self.search)
        self.search.focus_query()

    # -- work in progress ---------------------------------------------------------------------

    def _started(self, task: Task[Any], label: str) -> None:
        self.running[id(task)] = task
        self.activity.setText(label)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel.show()

    def _progressed(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)

    def _ended(self, task: Task[Any] | None) -> None:
        if task is not None:
            self.running.pop(id(task), None)
        if not self.running:
            self._idle()

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel.hide()
        self.activity.setText(_("Analyst: {name}").format(name=self.session.analyst))

    def cancel_running(self) -> None:
        for task in list(self.running.values()):
            task.cancel()

    # -- locking -------------------------------------------------------------------------------

    def forget(self) -> None:
        """Drop everything shown (the tabs read it again after the next opening), close the
        wizard and any dialog, stop what is running."""
        self.cancel_running()
        if self.wizard is not None:
            self.wizard.discard()  # type: ignore[attr-defined]
            self.wizard = None
        for tab in self.all_tabs:
            tab.forget()
        self._idle()

    def _offer(self) -> None:
        """Enable only what the role may do; what it may not says why (its tooltip)."""
        refusal = self.session.refusal(permissions.DISCLOSING)
        self.disclose_action.setEnabled(not refusal)
        self.disclose_action.setToolTip(refusal)

    def reopened(self) -> None:
        # The repository may have been opened again under another role.
        self._offer()
        for tab in self.all_tabs:
            tab.offer()
        self._current().ensure_loaded()
        if self.after_unlock is not None:
            self.statusBar().showMessage(
                _("What you recorded before the lock was kept.")
                if self.after_unlock
                else _("What you were recording when the desk locked was not recorded.")
            )
            self.after_unlock = None

    def _outcome_while_locked(self, recorded: bool) -> None:
        self.after_unlock = (
            recorded if self.after_unlock is None else self.after_unlock and recorded
        )

    # -- disclosure ----------------------------------------------------------------------------

    def open_disclosure(self) -> None:
        from ui.analysts.disclosure_wizard import DisclosureWizard

        wizard = DisclosureWizard(self.session, self)
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()

    def disclosure_written(self, wizard: QWidget, made: dict[str, Any]) -> None:
        """A disclosure was written: on the wizard's last page, or said here when the
        wizard was closed meanwhile (a lock)."""
        from ui.analysts.disclosure_wizard import done_text

        if self.wizard is wizard:
            wizard.summary.show_written(made)  # type: ignore[attr-defined]
            return
        box = QMessageBox(QMessageBox.Icon.Information, _("Disclosure written"), "", parent=self)
        box.setText(done_text(made))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def disclosure_failed(self, wizard: QWidget, error: BaseException) -> None:
        if self.wizard is wizard:
            wizard.summary.show_failed(error)  # type: ignore[attr-defined]
            return
        show_error(self, error)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_running()
        super().closeEvent(event)
