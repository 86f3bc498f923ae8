"""A facility (a place of detention): one already recorded for the interview, or a new one
named with the help of the reference list of publicly reported facilities."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.domain.answers import AnswerValue, FacilityValue
from app.domain.people import FacilityType, PlaceRef
from app.i18n import _
from app.questionnaire.model import Question
from app.reference import FacilityEntry, ReferenceKind
from ui.editors.context import EditorContext, NewFacility
from ui.editors.records import RecordPicker
from ui.editors.reference_field import Link, ReferenceField
from ui.editors.wheel import WheelSafeComboBox


class FacilityEditor(RecordPicker):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        self.types = list(question.facility_types or FacilityType)
        field = ReferenceField(
            context.reference, (ReferenceKind.FACILITIES,), [str(t) for t in self.types]
        )
        self.field = field
        super().__init__(question, context, context.known_facilities, field, parent)
        # No type until the interviewer chooses one (or a reference entry gives it): a
        # default would record a fact the witness never gave. One allowed type is chosen.
        self.type_box = WheelSafeComboBox(self.extras)
        if len(self.types) > 1:
            self.type_box.addItem("", None)
        for facility_type in self.types:
            self.type_box.addItem("", facility_type)
        extras = QHBoxLayout(self.extras)
        extras.setContentsMargins(0, 0, 0, 0)
        extras.addWidget(self.type_box)
        field.linked.connect(self._reference_linked)
        self._finish()

    def _reference_linked(self) -> None:
        entry = self.field.entry()
        if isinstance(entry, FacilityEntry) and entry.type in self.types:
            self.type_box.setCurrentIndex(self.type_box.findData(entry.type))

    def _draft_extras(self) -> dict[str, str]:
        link = self.field.link
        extras = {"type": str(self.type_box.currentData() or "")}
        if link is not None:
            extras.update(link=link.entry_id, told=link.told or "")
        return extras

    def _restore_extras(self, draft: dict[str, str]) -> None:
        kinds = [str(t) for t in self.types]
        if draft.get("type") in kinds:
            self.type_box.setCurrentIndex(
                self.type_box.findData(self.types[kinds.index(draft["type"])])
            )
        if draft.get("link"):
            self.field.link = Link(draft["link"], told=draft.get("told") or None)

    def add(self) -> None:
        if self.type_box.currentData() is None and self.name.text().strip():
            self._say(lambda: _("Choose the type of facility first (Other if it is not known)."))
            self.type_box.setFocus()
            return
        super().add()

    def _value_for(self, record_id: UUID) -> AnswerValue:
        return FacilityValue(facility_id=record_id)

    def _id_of(self, value: AnswerValue) -> UUID:
        assert isinstance(value, FacilityValue)
        return value.facility_id

    def _create(self, text: str) -> None:
        entry = self.field.entry()
        facility = entry if isinstance(entry, FacilityEntry) else None
        place = None
        if facility is not None and facility.place is not None:
            place = PlaceRef(reference_id=facility.place)
        new = NewFacility(
            name=text,
            facility_type=FacilityType(self.type_box.currentData()),
            reference_id=None if facility is None else facility.id,
            place=place,
        )
        self.context.create_facility(new, self._created)

    def _retranslate_body(self) -> None:
        super()._retranslate_body()
        language = self._language()
        self.field.language = language
        for index in range(self.type_box.count()):
            facility_type = self.type_box.itemData(index)
            if facility_type is None:
                self.type_box.setItemText(index, _("Type…"))
                continue
            entry = self.context.reference.find(str(facility_type))
            name = entry.name.get(language) if entry is not None else str(facility_type)
            self.type_box.setItemText(index, name)
        self.combo_label.setText(_("&Facility"))
        self.name_label.setText(_("&New facility"))
        self.field.setPlaceholderText(_("Type a name or number, e.g. 전거리 or No. 12"))
