"""Short and long text answers, kept exactly as typed (Korean composition respected)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.answers import AnswerValue, TextValue
from app.i18n import _
from app.questionnaire.model import Question, QuestionType
from ui.editors.base import AnswerEditor
from ui.editors.composing import ComposingLineEdit, ComposingTextEdit
from ui.editors.context import EditorContext


class TextEditor(AnswerEditor):
    """A line for a short text, a multi-line field for a long one."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.field: ComposingLineEdit | ComposingTextEdit
        if question.type is QuestionType.LONG_TEXT:
            self.field = ComposingTextEdit(self.body)
            self.field.setMinimumHeight(120)
        else:
            self.field = ComposingLineEdit(self.body)
        self.field.edited.connect(self._fields_changed)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        self._finish()

    def text(self) -> str:
        if isinstance(self.field, ComposingTextEdit):
            return self.field.toPlainText()
        return self.field.text()

    def _read(self) -> AnswerValue | None:
        text = self.text()
        return TextValue(text=text) if text.strip() else None

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, TextValue)
        self.field.set_text_quietly("" if value is None else value.text)

    def _retranslate_body(self) -> None:
        if self.question.interviewer_only:  # the interviewer's own notes, not testimony
            self.field.setPlaceholderText(_("Your own notes as the interviewer"))
        else:
            self.field.setPlaceholderText(_("The answer, in the witness's words"))
