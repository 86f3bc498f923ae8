"""The three forms of the records panel: persons, facilities, incidents, each a list with a
form beside it. They emit the record to save; `RecordsPanel` saves it."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import (
    Facility,
    FacilityType,
    Incident,
    Person,
    PersonDescriptor,
    PersonRole,
)
from app.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def role_text(role: PersonRole) -> str:
    return {
        PersonRole.PERPETRATOR: _("Perpetrator"),
        PersonRole.VICTIM: _("Victim"),
        PersonRole.WITNESS: _("Eyewitness"),
        PersonRole.OTHER: _("Other"),
    }[role]


def facility_type_text(kind: FacilityType) -> str:
    return {
        FacilityType.KWANLISO: _("Political prison camp (kwanliso)"),
        FacilityType.KYOHWASO: _("Prison camp (kyohwaso)"),
        FacilityType.RODONG_DANRYEONDAE: _("Labour training camp"),
        FacilityType.JIPKYULSO: _("Holding centre (jipkyulso)"),
        FacilityType.KURYUJANG: _("Detention cells (kuryujang)"),
        FacilityType.POLICE_STATION: _("Police station"),
        FacilityType.OTHER: _("Other"),
    }[kind]


def person_label(person: Person) -> str:
    name = person.name or person.alias or person.descriptor.position or _("(unnamed)")
    details = [p for p in (person.descriptor.agency, person.descriptor.rank) if p]
    suffix = f" — {', '.join(details)}" if details else ""
    return f"{name} · {role_text(person.role)}{suffix}"


class _ListAndForm(QWidget):
    """A list on the left, the form of the chosen (or new) record on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.clear_form)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.form = QFormLayout()
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_record(UUID(item.data(ID_ROLE)))

    def show_record(self, record_id: UUID) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError


class PersonsTab(_ListAndForm):
    save_requested = Signal(object)
    """The Person to create or update."""

    def __init__(self, interview_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interview_id = interview_id
        self.records: dict[UUID, Person] = {}
        self.current: Person | None = None
        self.role = QComboBox(self)
        self.name, self.alias = QLineEdit(self), QLineEdit(self)
        self.agency, self.unit = QLineEdit(self), QLineEdit(self)
        self.rank, self.position = QLineEdit(self), QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(90)
        self.labels = [QLabel(self) for _ in range(8)]
        fields: list[QWidget] = [
            self.role,
            self.name,
            self.alias,
            self.agency,
            self.unit,
            self.rank,
            self.position,
            self.description,
        ]
        for label, field in zip(self.labels, fields, strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.retranslate()

    def set_records(self, persons: list[Person]) -> None:
        self.records = {p.id: p for p in persons}
        self.list.blockSignals(True)
        self.list.clear()
        for person in persons:
            item = QListWidgetItem(person_label(person))
            item.setData(ID_ROLE, str(person.id))
            self.list.addItem(item)
        self.list.blockSignals(False)

    def show_record(self, record_id: UUID) -> None:
        person = self.records[record_id]
        self.current = person
        self.role.setCurrentIndex(max(self.role.findData(person.role.value), 0))
        d = person.descriptor
        for field, value in (
            (self.name, person.name),
            (self.alias, person.alias),
            (self.agency, d.agency),
            (self.unit, d.unit),
            (self.rank, d.rank),
            (self.position, d.position),
        ):
            field.setText(value or "")
        self.description.setPlainText(d.description or "")

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        for field in (self.name, self.alias, self.agency, self.unit, self.rank, self.position):
            field.clear()
        self.description.clear()
        self.name.setFocus()

    def save(self) -> None:
        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        descriptor = PersonDescriptor(
            agency=text(self.agency),
            unit=text(self.unit),
            rank=text(self.rank),
            position=text(self.position),
            description=self.description.toPlainText().strip() or None,
        )
        values = {
            "role": PersonRole(self.role.currentData()),
            "name": text(self.name),
            "alias": text(self.alias),
            "descriptor": descriptor,
        }
        if self.current is None:
            person = Person(interview_id=self.interview_id, **values)  # type: ignore[arg-type]
        else:
            person = self.current.replace(**values)
        self.save_requested.emit(person)

    def retranslate(self) -> None:
        current = self.role.currentIndex()
        self.role.clear()
        for role in PersonRole:
            self.role.addItem(role_text(role), role.value)
        self.role.setCurrentIndex(max(current, 0))
        for label, text in zip(
            self.labels,
            (
                _("Role"),
                _("Name"),
                _("Alias or nickname"),
                _("Agency"),
                _("Unit"),
                _("Rank"),
                _("Position or function"),
                _("Description"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.new_button.setText(_("New person"))
        self.save_button.setText(_("Save person"))
        self.set_records(list(self.records.values()))


class FacilitiesTab(_ListAndForm):
    save_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: dict[UUID, Facility] = {}
        self.current: Facility | None = None
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        self.agency = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(90)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.labels, (self.name, self.kind, self.agency, self.notes), strict=True
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.retranslate()

    def set_records(self, facilities: list[Facility]) -> None:
        self.records = {f.id: f for f in facilities}
        self.list.blockSignals(True)
        self.list.clear()
        for facility in facilities:
            item = QListWidgetItem(
                f"{facility.name} · {facility_type_text(facility.facility_type)}"
            )
            item.setData(ID_ROLE, str(facility.id))
            self.list.addItem(item)
        self.list.blockSignals(False)

    def show_record(self, record_id: UUID) -> None:
        facility = self.records[record_id]
        self.current = facility
        self.name.setText(facility.name)
        self.kind.setCurrentIndex(max(self.kind.findData(facility.facility_type.value), 0))
        self.agency.setText(facility.agency or "")
        self.notes.setPlainText(facility.notes or "")

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.name.clear()
        self.agency.clear()
        self.notes.clear()
        self.name.setFocus()

    def save(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        values = {
            "name": self.name.text().strip(),
            "facility_type": FacilityType(self.kind.currentData()),
            "agency": self.agency.text().strip() or None,
            "notes": self.notes.toPlainText().strip() or None,
        }
        facility = (
            Facility(**values)  # type: ignore[arg-type]
            if self.current is None
            else self.current.replace(**values)
        )
        self.save_requested.emit(facility)

    def retranslate(self) -> None:
        current = self.kind.currentIndex()
        self.kind.clear()
        for kind in FacilityType:
            self.kind.addItem(facility_type_text(kind), kind.value)
        self.kind.setCurrentIndex(max(current, 0))
        for label, text in zip(
            self.labels, (_("Name"), _("Type"), _("Agency"), _("Notes")), strict=True
        ):
            label.setText(text)
        self.new_button.setText(_("New facility"))
        self.save_button.setText(_("Save facility"))
        self.set_records(list(self.records.values()))


class IncidentsTab(_ListAndForm):
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
        self.facility = QComboBox(self)
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
        self.retranslate()

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
        chosen = {str(p) for p in (chosen_people or [])}
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

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.title.clear()
        self.summary.clear()
        self.exculpatory.setChecked(False)
        self.refresh_choices()
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
            Incident(interview_id=self.interview_id, **values)  # type: ignore[arg-type]
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
