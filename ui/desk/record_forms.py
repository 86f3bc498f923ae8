"""What the three forms of the records panel share: `ListAndForm`, a list with the form of
the chosen (or new) record beside it, and the words for roles, facility types and persons.

The forms themselves: `persons_tab.PersonsTab`, `facilities_tab.FacilitiesTab`,
`incidents_tab.IncidentsTab`. They emit the record to save; `RecordsPanel` saves it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
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
    """A list on the left, the form of the chosen (or new) record on the right.

    The form's fields are named (`fields`), so that what it holds but has not saved can be
    kept across a lock as a draft (`draft`, `restore_draft`: see `app.desk.drafts`) and the
    field with the cursor found again (`focused_field`, `focus_field`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: Any = None
        self.fields: dict[str, QWidget] = {}
        self._clean: dict[str, str] = {}
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

    # -- drafts, focus ----------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What each field shows: its text, or the data of the item chosen."""
        return {name: _value(widget) for name, widget in self.fields.items()}

    def mark_clean(self) -> None:
        """The form shows its record as saved (or a new, empty one)."""
        self._clean = self.values()

    def draft(self) -> dict[str, str]:
        """What the form holds and its record does not: the fields and the record's id
        ("" for a new one); {} when nothing was changed."""
        values = self.values()
        if values == self._clean:
            return {}
        record = "" if self.current is None else str(self.current.id)
        return {"record": record, **{f"field.{k}": v for k, v in values.items()}}

    def restore_draft(self, draft: dict[str, str]) -> None:
        """Show `draft` as it was: its record (if saved before), then the fields."""
        record = draft.get("record", "")
        if record and UUID(record) in self.records_shown():
            self.show_record(UUID(record))
            self._select(record)
        for name, widget in self.fields.items():
            value = draft.get(f"field.{name}")
            if value is not None:
                _set_value(widget, value)

    def records_shown(self) -> set[UUID]:
        return set()

    def focused_field(self) -> str | None:
        """The field with the window's focus (kept while the window is not active, as
        when a lock comes from the auto-lock's timer)."""
        focused = self.window().focusWidget()
        return next((name for name, w in self.fields.items() if w is focused), None)

    def focus_field(self, name: str) -> QWidget | None:
        widget = self.fields.get(name)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def show_saved(self, record_id: UUID) -> None:
        """`record_id` was saved from this form: choose it in the list, quietly."""
        self._select(str(record_id))
        self.mark_clean()

    def _select(self, record_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == record_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_record(UUID(item.data(ID_ROLE)))

    def show_record(self, record_id: UUID) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError


def _value(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QCheckBox):
        return "1" if widget.isChecked() else ""
    if isinstance(widget, QListWidget):  # the ids of the items ticked
        items = (widget.item(row) for row in range(widget.count()))
        return ",".join(sorted(i.data(ID_ROLE) for i in items if _ticked(i)))
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return "" if data is None else str(data)
    return ""


def _ticked(item: QListWidgetItem) -> bool:
    return item.checkState() == Qt.CheckState.Checked


def _set_value(widget: QWidget, value: str) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(value == "1")
    elif isinstance(widget, QListWidget):
        ticked = set(value.split(","))
        for row in range(widget.count()):
            item = widget.item(row)
            ticked_now = item.data(ID_ROLE) in ticked
            item.setCheckState(Qt.CheckState.Checked if ticked_now else Qt.CheckState.Unchecked)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(value), 0) if value else 0)
