"""The editor for a question: one per question type."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.questionnaire.model import Question, QuestionType
from ui.editors.base import AnswerEditor
from ui.editors.choice import MultiChoiceEditor, SingleChoiceEditor
from ui.editors.context import EditorContext
from ui.editors.date import DateEditor
from ui.editors.duration import DurationEditor
from ui.editors.facility import FacilityEditor
from ui.editors.number import NumberEditor
from ui.editors.person import PersonEditor
from ui.editors.place import PlaceEditor
from ui.editors.source import SourceEditor
from ui.editors.text import TextEditor
from ui.editors.tristate import TriStateEditor

EDITORS: dict[QuestionType, type[AnswerEditor]] = {
    QuestionType.SHORT_TEXT: TextEditor,
    QuestionType.LONG_TEXT: TextEditor,
    QuestionType.YES_NO: TriStateEditor,
    QuestionType.SINGLE_CHOICE: SingleChoiceEditor,
    QuestionType.MULTI_CHOICE: MultiChoiceEditor,
    QuestionType.NUMBER: NumberEditor,
    QuestionType.DURATION: DurationEditor,
    QuestionType.DATE: DateEditor,
    QuestionType.PLACE: PlaceEditor,
    QuestionType.FACILITY: FacilityEditor,
    QuestionType.PERSON: PersonEditor,
    QuestionType.SOURCE: SourceEditor,
}


def editor_for(
    question: Question, context: EditorContext, parent: QWidget | None = None
) -> AnswerEditor:
    """A new editor for `question`, empty (call `set_value` to show a saved answer)."""
    return EDITORS[question.type](question, context, parent)
