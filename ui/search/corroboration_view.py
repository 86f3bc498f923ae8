"""The corroboration view: candidate corroborations across witnesses, grouped with their
reason and status, which the analyst confirms or rejects (recorded and audited); and the
statements of one witness that contradict each other. Activating an incident emits
`open_requested(interview_id, "incident:<id>")`.

Everything is read and written on the task runner's worker, through `database()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import SillokError
from app.i18n import _
from app.search.corroboration import Contradiction, IncidentFacts, contradictions
from app.search.decisions import CorroborationDecisions, Reviewed, Verdict
from app.services.base import ServiceContext
from app.store.database import Database
from ui.search.names import contradiction_name, reason_name, status_name
from ui.tasks import Runner

ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Overview:
    reviewed: list[Reviewed]
    contradictions: list[Contradiction]


def _told(incident: IncidentFacts) -> str:
    return f"{incident.earliest} … {incident.latest}" if incident.earliest else "—"


class CorroborationView(QWidget):
    open_requested = Signal(str, str)
    refreshed = Signal(object)
    """The Overview shown, after each refresh."""

    def __init__(
        self,
        runner: Runner,
        database: Callable[[], Database],
        actor: str = "analyst",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.database = database
        self.actor = actor
        self.overview: Overview | None = None

        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        self.note = QLineEdit(self)
        self.confirm_button = QPushButton(self)
        self.confirm_button.clicked.connect(lambda: self.decide(Verdict.CONFIRMED))
        self.reject_button = QPushButton(self)
        self.reject_button.clicked.connect(lambda: self.decide(Verdict.REJECTED))
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)

        self.candidates = QTreeWidget(self)
        self.candidates.setColumnCount(3)
        self.candidates.itemActivated.connect(self._activated)
        self.candidates.itemSelectionChanged.connect(self._selection_changed)
        self.contradictions = QTreeWidget(self)
        self.contradictions.setColumnCount(4)
        self.contradictions.itemActivated.connect(self._activated)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.candidates, "")
        self.tabs.addTab(self.contradictions, "")
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self._selection_changed()
        self.retranslate()

    def retranslate(self) -> None:
        self.refresh_button.setText(_("Refresh"))
        self.note.setPlaceholderText(_("Note on the decision (optional)"))
        self.confirm_button.setText(_("Confirm"))
        self.reject_button.setText(_("Reject"))
        self.candidates.setHeaderLabels([_("Shared"), _("Status"), _("Interview")])
        self.contradictions.setHeaderLabels(
            [_("Disagreement"), _("Interview"), _("Date"), _("Place")]
        )
        self.tabs.setTabText(0, _("Candidate corroborations"))
        self.tabs.setTabText(1, _("Contradictions within one witness"))
        if self.overview is not None:
            self._fill(self.overview)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- work on the worker -----------------------------------------------------------------

    def _service(self) -> CorroborationDecisions:
        return CorroborationDecisions(ServiceContext(self.database(), self.actor))

    def _load(self) -> Overview:
        service = self._service()
        reviewed = service.review()
        with service.context.database.reading() as connection:
            return Overview(reviewed, contradictions(connection))

    def refresh(self) -> None:
        self.status.setText(_("Comparing incidents…"))
        self.runner.run(self._load, self._show, self._failed, owner=self)

    def decide(self, verdict: Verdict) -> None:
        item = self.candidates.currentItem()
        reviewed = item.data(0, ROLE) if item is not None else None
        if not isinstance(reviewed, Reviewed):
            return
        key, note = reviewed.candidate.key, self.note.text().strip() or None

        def op() -> Overview:
            self._service().decide(key, verdict, note)
            return self._load()

        self.runner.run(op, self._decided, self._failed, owner=self)

    # -- back on the UI thread ----------------------------------------------------------------

    def _decided(self, overview: Overview) -> None:
        self.note.clear()
        self._show(overview)

    def _show(self, overview: Overview) -> None:
        self.overview = overview
        self._fill(overview)
        self.status.setText(
            _("{candidates} candidates, {contradictions} possible contradictions.").format(
                candidates=len(overview.reviewed), contradictions=len(overview.contradictions)
            )
        )
        self.refreshed.emit(overview)

    def _fill(self, overview: Overview) -> None:
        self.candidates.clear()
        for reviewed in overview.reviewed:
            candidate = reviewed.candidate
            top = QTreeWidgetItem(
                [
                    f"{reason_name(candidate.reason)}: {candidate.shared}",
                    status_name(reviewed.status),
                    "",
                ]
            )
            top.setData(0, ROLE, reviewed)
            for incident in candidate.incidents:
                child = QTreeWidgetItem([incident.title, _told(incident), incident.interview_code])
                child.setData(0, ROLE, incident)
                top.addChild(child)
            self.candidates.addTopLevelItem(top)
            top.setExpanded(True)
        self.contradictions.clear()
        for contradiction in overview.contradictions:
            top = QTreeWidgetItem([contradiction_name(contradiction.kind), "", "", ""])
            for incident in (contradiction.first, contradiction.second):
                child = QTreeWidgetItem(
                    [
                        incident.title,
                        incident.interview_code,
                        _told(incident),
                        incident.place_label or incident.facility_label,
                    ]
                )
                child.setData(0, ROLE, incident)
                top.addChild(child)
            self.contradictions.addTopLevelItem(top)
            top.setExpanded(True)
        self._selection_changed()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SillokError):
            self.status.setText(error.message())
        else:
            self.status.setText(
                _("Comparing failed unexpectedly ({kind}).").format(kind=type(error).__name__)
            )

    def _selection_changed(self) -> None:
        item = self.candidates.currentItem()
        chosen = item is not None and isinstance(item.data(0, ROLE), Reviewed)
        self.confirm_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def _activated(self, item: QTreeWidgetItem) -> None:
        incident = item.data(0, ROLE)
        if isinstance(incident, IncidentFacts):
            self.open_requested.emit(incident.interview_id, f"incident:{incident.id}")
