"""`TagDialog`: tag a passage with legal elements, and optionally an incident and a person
of the interview, existing or new from the words selected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Incident, Person, PersonDescriptor, PersonRole
from app.i18n import _
from app.legal import Catalogue
from ui.transcript.element_picker import ElementChooser

TITLE_LENGTH = 80
NEW = "new:"
"""In a draft: the incident or person made from the selection (not yet stored)."""


@dataclass(frozen=True)
class TagChoice:
    element_ids: tuple[str, ...]
    incident_id: UUID | None
    person_id: UUID | None
    note: str | None
    new_incident: Incident | None
    """Made from the selection here; to be stored before the tags that point to it."""
    new_person: Person | None


def person_label(person: Person) -> str:
    descriptor = person.descriptor
    parts = [person.name, person.alias, descriptor.position, descriptor.agency, descriptor.rank]
    text = " · ".join(part for part in parts if part)
    return text or descriptor.description or role_name(person.role)


def role_name(role: PersonRole) -> str:
    return {
        PersonRole.PERPETRATOR: _("Perpetrator"),
        PersonRole.VICTIM: _("Victim"),
        PersonRole.WITNESS: _("Eyewitness"),
        PersonRole.OTHER: _("Other person"),
    }[role]


def _uuid(data: object) -> UUID | None:
    """Combo items carry ids as text (Qt compares Python objects by identity)."""
    return UUID(str(data)) if data else None


def _short(text: str, length: int = TITLE_LENGTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


class TagDialog(QDialog):
    def __init__(
        self,
        passage: str,
        interview_id: UUID,
        incidents: Sequence[Incident],
        persons: Sequence[Person],
        catalogue: Catalogue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.passage = passage
        self.interview_id = interview_id
        self.new_incident: Incident | None = None
        self.new_person: Person | None = None
        self.resize(760, 640)

        self.quote = QLabel(self)
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet("font-size: 12pt; color: #2b2b2b; padding: 4px 2px 8px 2px;")
        self.chooser = ElementChooser(catalogue, parent=self)
        self.chooser.changed.connect(self._update)
        self.chooser.accepted.connect(self.accept)

        self.incident = QComboBox(self)
        self.incident.addItem("", None)
        for incident in incidents:
            self.incident.addItem(incident.title, str(incident.id))
        self.new_incident_button = QPushButton(self)
        self.new_incident_button.clicked.connect(self._incident_from_selection)
        self.person = QComboBox(self)
        self.person.addItem("", None)
        for person in persons:
            self.person.addItem(
                f"{person_label(person)} ({role_name(person.role)})", str(person.id)
            )
        self.new_person_button = QToolButton(self)
        self.new_person_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.role_menu = QMenu(self)
        self.role_actions: dict[PersonRole, QAction] = {}
        for role in PersonRole:
            action = self.role_menu.addAction("")
            action.triggered.connect(lambda _c=False, role=role: self._person_from_selection(role))
            self.role_actions[role] = action
        self.new_person_button.setMenu(self.role_menu)
        self.note = QLineEdit(self)

        incident_row = QHBoxLayout()
        incident_row.addWidget(self.incident, 1)
        incident_row.addWidget(self.new_incident_button)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.new_person_button)
        self.incident_label, self.person_label, self.note_label = (QLabel(self) for _ in "ipn")
        self.incident_label.setBuddy(self.incident)
        self.person_label.setBuddy(self.person)
        self.note_label.setBuddy(self.note)
        form = QFormLayout()
        form.addRow(self.incident_label, incident_row)
        form.addRow(self.person_label, person_row)
        form.addRow(self.note_label, self.note)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addWidget(self.chooser, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update()
        self.chooser.search.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Tag the passage"))
        self.quote.setText(_("“{passage}”").format(passage=_short(self.passage, 300)))
        self.incident.setItemText(0, _("No incident"))
        self.person.setItemText(0, _("No person"))
        self.new_incident_button.setText(_("New incident from the selection"))
        self.new_person_button.setText(_("New person from the selection"))
        for role, action in self.role_actions.items():
            action.setText(role_name(role))
        self.incident_label.setText(_("&Incident"))
        self.person_label.setText(_("&Person"))
        self.note_label.setText(_("&Note"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Tag"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chooser.chosen()))

    def _incident_from_selection(self) -> None:
        if self.new_incident is None:
            self.new_incident = Incident(interview_id=self.interview_id, title=_short(self.passage))
            self.incident.addItem(self.new_incident.title, str(self.new_incident.id))
            self.new_incident_button.setEnabled(False)
        self.incident.setCurrentIndex(self.incident.findData(str(self.new_incident.id)))

    def _person_from_selection(self, role: PersonRole) -> None:
        if self.new_person is not None:
            self.person.removeItem(self.person.findData(str(self.new_person.id)))
        # The words selected describe the person; they are not assumed to be a name.
        self.new_person = Person(
            role=role,
            interview_id=self.interview_id,
            descriptor=PersonDescriptor(description=_short(self.passage)),
        )
        label = f"{person_label(self.new_person)} ({role_name(role)})"
        self.person.addItem(label, str(self.new_person.id))
        self.person.setCurrentIndex(self.person.count() - 1)

    def accept(self) -> None:
        if self.chooser.chosen():
            super().accept()

    def choice(self) -> TagChoice:
        incident_id = _uuid(self.incident.currentData())
        person_id = _uuid(self.person.currentData())
        new_incident = self.new_incident
        if new_incident is not None and incident_id != new_incident.id:
            new_incident = None
        new_person = self.new_person
        if new_person is not None and person_id != new_person.id:
            new_person = None
        return TagChoice(
            tuple(self.chooser.chosen()),
            incident_id,
            person_id,
            self.note.text().strip() or None,
            new_incident,
            new_person,
        )

    # -- across a lock ----------------------------------------------------------------------

    def draft(self) -> dict[str, str]:
        """What is ticked, chosen and typed, kept across a lock (the interview's draft)."""
        incident, person = self.incident.currentData(), self.person.currentData()
        if self.new_incident is not None and incident == str(self.new_incident.id):
            incident = NEW
        if self.new_person is not None and person == str(self.new_person.id):
            person = f"{NEW}{self.new_person.role.value}"
        return {
            "elements": " ".join(self.chooser.ticked()),
            "search": self.chooser.search.text(),
            "incident": str(incident or ""),
            "person": str(person or ""),
            "note": self.note.text(),
        }

    def restore_draft(self, draft: dict[str, str]) -> None:
        self.chooser.search.setText(draft.get("search", ""))
        for element_id in draft.get("elements", "").split():
            if element_id in self.chooser.items:
                self.chooser.set_ticked(element_id)
                heading = self.chooser.items[element_id].parent()
                if heading is not None:
                    heading.setExpanded(True)
        incident = draft.get("incident", "")
        if incident == NEW:
            self._incident_from_selection()
        elif self.incident.findData(incident) > 0:
            self.incident.setCurrentIndex(self.incident.findData(incident))
        person = draft.get("person", "")
        if person.startswith(NEW):
            roles = {role.value: role for role in PersonRole}
            role = roles.get(person[len(NEW) :])
            if role is not None:
                self._person_from_selection(role)
        elif self.person.findData(person) > 0:
            self.person.setCurrentIndex(self.person.findData(person))
        self.note.setText(draft.get("note", ""))
        self._update()
