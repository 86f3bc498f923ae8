"""A place: picked from the reference data (stable id), or kept as the witness named it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.answers import AnswerValue, PlaceValue
from app.domain.people import PlaceRef
from app.i18n import _
from app.questionnaire.model import Question
from app.reference import ReferenceKind
from ui.editors.base import AnswerEditor
from ui.editors.context import EditorContext
from ui.editors.reference_field import Link, ReferenceField, describe


class PlaceEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.field = ReferenceField(
            context.reference, (ReferenceKind.PLACES,), question.place_types, self.body
        )
        self.caption = QLabel(self.body)
        self.caption.setProperty("role", "caption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.caption)
        self.field.edited.connect(self._fields_changed)
        self.field.linked.connect(self._fields_changed)
        self._finish()

    def _fields_changed(self, *args: object) -> None:
        super()._fields_changed(*args)
        self._update_caption()

    def _read(self) -> AnswerValue | None:
        link = self.field.link
        if link is not None:
            return PlaceValue(place=PlaceRef(reference_id=link.entry_id, text=link.told))
        text = self.field.text()
        return PlaceValue(place=PlaceRef(text=text)) if text.strip() else None

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, PlaceValue)
        if value is None:
            self.field.show_link(None, "")
        else:
            place = value.place
            link = None if place.reference_id is None else Link(place.reference_id, place.text)
            entry = None if link is None else self.context.reference.find(link.entry_id)
            shown = place.text or (self.field.name_of(entry) if entry else place.reference_id)
            self.field.show_link(link, shown or "")
        self._update_caption()

    def _retranslate_body(self) -> None:
        self.field.language = self._language()
        self.field.setPlaceholderText(_("Type a place in Korean or English, e.g. 회령 or Hoeryong"))
        self._update_caption()

    def _update_caption(self) -> None:
        link = self.field.link
        entry = self.field.entry()
        if entry is not None:
            text = _("In the reference list: {entry}").format(
                entry=describe(self.context.reference, entry)
            )
        elif link is not None:
            text = _("Reference {id} (not in this version of the reference list)").format(
                id=link.entry_id
            )
        elif self.field.text().strip():
            text = _("Not in the reference list: kept as typed.")
        else:
            text = ""
        self.caption.setText(text)
