"""A person the testimony speaks of: one already recorded for the interview, or a new one
described in a few words ("the tall guard they called Sergeant Kim")."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QWidget

from app.domain.answers import AnswerValue, PersonValue
from app.domain.people import PersonRole
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext
from ui.editors.records import RecordPicker


def role_names() -> dict[PersonRole, str]:
    return {
        PersonRole.PERPETRATOR: _("perpetrator"),
        PersonRole.VICTIM: _("victim"),
        PersonRole.WITNESS: _("witness"),
        PersonRole.OTHER: _("person"),
    }


class PersonEditor(RecordPicker):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        self.role = question.role or PersonRole.OTHER
        super().__init__(question, context, context.known_persons, ComposingLineEdit(), parent)
        self._finish()

    def _value_for(self, record_id: UUID) -> AnswerValue:
        return PersonValue(person_id=record_id)

    def _id_of(self, value: AnswerValue) -> UUID:
        assert isinstance(value, PersonValue)
        return value.person_id

    def _create(self, text: str) -> None:
        self.context.create_person(text, self.role, self._created)

    def _retranslate_body(self) -> None:
        super()._retranslate_body()
        role = role_names()[self.role]
        self.combo_label.setText(_("&Who"))
        self.name_label.setText(_("&New {role}").format(role=role))
        self.name.setPlaceholderText(
            _("A name, an alias or a description, e.g. “the tall guard called Sergeant Kim”")
        )
