"""Persons, incidents and facilities of an interview: lists with a form beside each.

A perpetrator or a facility is recorded once and chosen by reference everywhere else
(answers of the person and facility questions, incidents, transcript tags), so that one
officer told of by three witnesses is one record to corroborate, not three spellings.
The panel saves what its forms give through the desk's controller (on the worker).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from app.desk.workbench import InterviewFile
from app.domain import Facility, Incident, Person
from app.i18n import _
from ui.desk.controller import DeskController
from ui.desk.facilities_tab import FacilitiesTab
from ui.desk.incidents_tab import IncidentsTab
from ui.desk.interview_records import InterviewRecords
from ui.desk.persons_tab import PersonsTab


class RecordsPanel(QTabWidget):
    """The three lists, for one interview."""

    def __init__(
        self,
        file: InterviewFile,
        controller: DeskController,
        shared: InterviewRecords,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.shared = shared
        interview_id = file.interview.id
        self.persons = PersonsTab(interview_id, self)
        self.facilities = FacilitiesTab(self)
        self.incidents = IncidentsTab(
            interview_id,
            lambda: list(self.persons.records.values()),
            lambda: list(self.facilities.records.values()),
            self,
        )
        self.addTab(self.incidents, "")
        self.addTab(self.persons, "")
        self.addTab(self.facilities, "")
        self.incidents.set_records(file.incidents)
        self.persons.save_requested.connect(self._save_person)
        self.facilities.save_requested.connect(self._save_facility)
        self.incidents.save_requested.connect(self._save_incident)
        shared.changed.connect(self._shared_changed)
        self._shared_changed()
        self.retranslate()

    def _shared_changed(self) -> None:
        """A person or facility was added (here or from a question): list it."""
        self.persons.set_records(list(self.shared.persons.values()))
        self.facilities.set_records(sorted(self.shared.facilities.values(), key=lambda f: f.name))
        self.incidents.refresh_choices()

    def _save_person(self, person: Person) -> None:
        def done(saved: Person) -> None:
            self.shared.person_saved(saved)
            self.persons.current = saved
            self.persons.show_saved(saved.id)

        self.controller.change(lambda bench: bench.save_person(person), done)

    def _save_facility(self, facility: Facility) -> None:
        def done(saved: Facility) -> None:
            self.shared.facility_saved(saved)
            self.facilities.current = saved
            self.facilities.show_saved(saved.id)

        self.controller.change(lambda bench: bench.save_facility(facility), done)

    def _save_incident(self, incident: Incident) -> None:
        def done(saved: Incident) -> None:
            tab = self.incidents
            tab.set_records([*(i for i in tab.records.values() if i.id != saved.id), saved])
            tab.current = saved
            tab.show_saved(saved.id)

        self.controller.change(lambda bench: bench.save_incident(incident), done)

    def retranslate(self) -> None:
        self.setTabText(0, _("Incidents"))
        self.setTabText(1, _("Persons"))
        self.setTabText(2, _("Facilities"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.persons.retranslate()
            self.facilities.retranslate()
            self.incidents.retranslate()
        super().changeEvent(event)
