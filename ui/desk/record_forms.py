"""What the three forms of the records panel share: `ListAndForm`, a list with the form of
the chosen (or new) record beside it, and the words for roles, facility types and persons.

The forms themselves: `persons_tab.PersonsTab`, `facilities_tab.FacilitiesTab`,
`incidents_tab.IncidentsTab`. They emit the record to save; `RecordsPanel` saves it."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import FacilityType, Person, PersonRole
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
    d = person.descriptor
    name = person.name or person.alias or d.position or _short(d.description) or _("(unnamed)")
    details = [p for p in (person.descriptor.agency, person.descriptor.rank) if p]
    suffix = f" — {', '.join(details)}" if details else ""
    return f"{name} · {role_text(person.role)}{suffix}"


def _short(text: str | None, length: int = 40) -> str | None:
    """A description, cut to fit a list (whole in the form)."""
    if not text:
        return None
    return text if len(text) <= length else text[: length - 1] + "…"


class ListAndForm(QWidget):
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
