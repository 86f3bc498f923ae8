"""The facilities form of the records panel: prisons, camps, holding centres and stations
(name, type, agency, notes), shared by every interview."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidgetItem, QPlainTextEdit, QWidget

from app.domain import Facility, FacilityType
from app.i18n import _
from ui.desk.record_forms import ID_ROLE, ListAndForm, facility_type_text
from ui.editors.wheel import WheelSafeComboBox


def _TYPE_FIRST() -> str:
    return _("Choose the type of facility first (Other if it is not known).")


class FacilitiesTab(ListAndForm):
    save_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: dict[UUID, Facility] = {}
        self.current: Facility | None = None
        self.name = QLineEdit(self)
        self.kind = WheelSafeComboBox(self)
        self.agency = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(90)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "warning")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.labels = [QLabel(self) for _ in range(4)]
        fields = {"name": self.name, "kind": self.kind, "agency": self.agency, "notes": self.notes}
        for label, field in zip(self.labels, fields.values(), strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.fields.update(fields)
        self.form.addRow(self.problem)
        self.retranslate()
        self.mark_clean()

    def records_shown(self) -> set[UUID]:
        return set(self.records)

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
        self.problem.hide()
        self.mark_clean()

    def clear_form(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.name.clear()
        self.agency.clear()
        self.notes.clear()
        self.kind.setCurrentIndex(0)
        self.problem.hide()
        self.mark_clean()
        self.name.setFocus()

    def save(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        if not self.kind.currentData():  # the witness's fact: never a default
            self.problem.setText(_TYPE_FIRST())
            self.problem.show()
            self.kind.setFocus()
            return
        self.problem.hide()
        values = {
            "name": self.name.text().strip(),
            "facility_type": FacilityType(self.kind.currentData()),
            "agency": self.agency.text().strip() or None,
            "notes": self.notes.toPlainText().strip() or None,
        }
        facility = Facility(**values) if self.current is None else self.current.replace(**values)
        self.save_requested.emit(facility)

    def retranslate(self) -> None:
        current = self.kind.currentIndex()
        self.kind.clear()
        self.kind.addItem(_("Choose…"), None)  # a new facility's type: not chosen yet
        for kind in FacilityType:
            self.kind.addItem(facility_type_text(kind), kind.value)
        self.kind.setCurrentIndex(max(current, 0))
        for label, text in zip(
            self.labels, (_("Name"), _("Type"), _("Agency"), _("Notes")), strict=True
        ):
            label.setText(text)
        if self.problem.isVisible():
            self.problem.setText(_TYPE_FIRST())
        self.new_button.setText(_("New facility"))
        self.save_button.setText(_("Save facility"))
        self.set_records(list(self.records.values()))
