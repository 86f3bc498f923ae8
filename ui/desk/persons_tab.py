"""The persons form of the records panel: perpetrators, victims, eyewitnesses named or
described in the interview (role, name or alias, agency, unit, rank, position)."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidgetItem, QPlainTextEdit, QWidget

from app.domain import Person, PersonDescriptor, PersonRole
from app.i18n import _
from ui.desk.record_forms import ID_ROLE, ListAndForm, person_label, role_text
from ui.editors.wheel import WheelSafeComboBox


def _ROLE_FIRST() -> str:
    return _("Choose the person's role first (Other if it is not clear).")


class PersonsTab(ListAndForm):
    save_requested = Signal(object)
    """The Person to create or update."""

    def __init__(self, interview_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interview_id = interview_id
        self.records: dict[UUID, Person] = {}
        self.current: Person | None = None
        self.role = WheelSafeComboBox(self)
        self.name, self.alias = QLineEdit(self), QLineEdit(self)
        self.agency, self.unit = QLineEdit(self), QLineEdit(self)
        self.rank, self.position = QLineEdit(self), QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(90)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "warning")
        self.problem.setWordWrap(True)
        self.problem.hide()
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
        names = ("role", "name", "alias", "agency", "unit", "rank", "position", "description")
        for label, name, field in zip(self.labels, names, fields, strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
            self.fields[name] = field
        self.form.addRow(self.problem)
        self.retranslate()
        self.mark_clean()

    def records_shown(self) -> set[UUID]:
        return set(self.records)

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
        self.problem.hide()
        self.mark_clean()

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        for field in (self.name, self.alias, self.agency, self.unit, self.rank, self.position):
            field.clear()
        self.description.clear()
        self.role.setCurrentIndex(0)  # the witness's fact: never the last person's role
        self.problem.hide()
        self.mark_clean()
        self.name.setFocus()

    def save(self) -> None:
        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        if not self.role.currentData():
            self.problem.setText(_ROLE_FIRST())
            self.problem.show()
            self.role.setFocus()
            return
        self.problem.hide()

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
            person = Person(interview_id=self.interview_id, **values)
        else:
            person = self.current.replace(**values)
        self.save_requested.emit(person)

    def retranslate(self) -> None:
        current = self.role.currentIndex()
        self.role.clear()
        self.role.addItem(_("Choose…"), None)  # a new person's role: not chosen yet
        for role in PersonRole:
            self.role.addItem(role_text(role), role.value)
        self.role.setCurrentIndex(max(current, 0))
        if self.problem.isVisible():
            self.problem.setText(_ROLE_FIRST())
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
