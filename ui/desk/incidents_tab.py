"""The incidents form of the records panel: what happened, where (a facility), to and by
whom (the interview's persons), and whether it is exculpatory."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from app.domain import Facility, Incident, Person
from app.i18n import _
from ui.desk.record_forms import ID_ROLE, ListAndForm, person_label
from ui.editors.wheel import WheelSafeComboBox


class IncidentsTab(ListAndForm):
    save_requested = Signal(object)

    def __init__(
        self,
        interview_id: UUID,
        persons: Callable[[], list[Person]],
        facilities: Callable[[], list[Facility]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.interview_id = interview_id
        self.persons, self.facilities = persons, facilities
        self.records: dict[UUID, Incident] = {}
        self.current: Incident | None = None
        self.title = QLineEdit(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setMaximumHeight(120)
        self.facility = WheelSafeComboBox(self)
        self.people = QListWidget(self)
        self.people.setMaximumHeight(110)
        self.exculpatory = QCheckBox(self)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels, (self.title, self.summary, self.facility, self.people), strict=True
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form.addRow(self.exculpatory)
        self.fields.update(
            title=self.title,
            summary=self.summary,
            facility=self.facility,
            people=self.people,
            exculpatory=self.exculpatory,
        )
        self.retranslate()
        self.mark_clean()

    def records_shown(self) -> set[UUID]:
        return set(self.records)

    def set_records(self, incidents: list[Incident]) -> None:
        self.records = {i.id: i for i in incidents}
        self.list.blockSignals(True)
        self.list.clear()
        for incident in incidents:
            item = QListWidgetItem(incident.title)
            item.setData(ID_ROLE, str(incident.id))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.refresh_choices()

    def refresh_choices(self, chosen_people: list[UUID] | None = None) -> None:
        current = self.facility.currentData()
        self.facility.clear()
        self.facility.addItem(_("(none)"), None)
        for facility in self.facilities():
            self.facility.addItem(facility.name, str(facility.id))
        self.facility.setCurrentIndex(max(self.facility.findData(current), 0))
        if chosen_people is None:  # keep what is ticked in the form
            ticked = (self.people.item(row) for row in range(self.people.count()))
            chosen = {i.data(ID_ROLE) for i in ticked if i.checkState() == Qt.CheckState.Checked}
        else:
            chosen = {str(p) for p in chosen_people}
        self.people.clear()
        for person in self.persons():
            item = QListWidgetItem(person_label(person))
            item.setData(ID_ROLE, str(person.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = str(person.id) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def show_record(self, record_id: UUID) -> None:
        incident = self.records[record_id]
        self.current = incident
        self.title.setText(incident.title)
        self.summary.setPlainText(incident.summary or "")
        self.refresh_choices(incident.person_ids)
        found = self.facility.findData(str(incident.facility_id) if incident.facility_id else None)
        self.facility.setCurrentIndex(max(found, 0))
        self.exculpatory.setChecked(incident.exculpatory)
        self.mark_clean()

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.title.clear()
        self.summary.clear()
        self.exculpatory.setChecked(False)
        self.refresh_choices([])
        self.mark_clean()
        self.title.setFocus()

    def save(self) -> None:
        if not self.title.text().strip():
            self.title.setFocus()
            return
        people = [
            UUID(self.people.item(i).data(ID_ROLE))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]
        facility = self.facility.currentData()
        values = {
            "title": self.title.text().strip(),
            "summary": self.summary.toPlainText().strip() or None,
            "facility_id": UUID(facility) if facility else None,
            "person_ids": people,
            "exculpatory": self.exculpatory.isChecked(),
        }
        incident = (
            Incident(interview_id=self.interview_id, **values)
            if self.current is None
            else self.current.replace(**values)
        )
        self.save_requested.emit(incident)

    def retranslate(self) -> None:
        for label, text in zip(
            self.labels, (_("Title"), _("What happened"), _("Facility"), _("People")), strict=True
        ):
            label.setText(text)
        self.exculpatory.setText(
            _("Exculpatory: tends to clear someone or lessen their responsibility")
        )
        self.new_button.setText(_("New incident"))
        self.save_button.setText(_("Save incident"))
        self.refresh_choices([UUID(p) for p in self._checked()])

    def _checked(self) -> list[str]:
        return [
            self.people.item(i).data(ID_ROLE)
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]
