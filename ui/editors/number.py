"""A number as the witness told it, kept exact ("1.5" stays Decimal("1.5")), with the
question's unit beside it and its minimum and maximum checked as it is typed."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.domain.answers import AnswerValue, NumberValue
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext
from ui.editors.style import FIELD_SPACING

_NUMBER = re.compile(r"^[-+]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """The exact number typed ("1.5", "1,200", full-width digits); ValueError otherwise."""
    plain = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not plain or not _NUMBER.match(plain) or not any(c.isdigit() for c in plain):
        raise ValueError(text)
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None


def show_number(value: Decimal) -> str:
    """The number as typed back: plain digits, no exponent."""
    return format(value, "f")


class NumberEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.field = ComposingLineEdit(self.body)
        self.field.setMaximumWidth(160)
        self.field.edited.connect(self._fields_changed)
        self.unit_label = QLabel(self.body)
        self.unit_label.setBuddy(self.field)
        self.range_label = QLabel(self.body)
        self.range_label.setProperty("role", "hint")
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(FIELD_SPACING)
        layout.addWidget(self.field)
        layout.addWidget(self.unit_label)
        layout.addSpacing(12)
        layout.addWidget(self.range_label)
        layout.addStretch(1)
        self._finish()

    @property
    def unit(self) -> str | None:
        """The unit kept with the number: the questionnaire's English unit, the same
        whatever the language on screen."""
        return None if self.question.unit is None else self.question.unit.en

    def _read(self) -> AnswerValue | None:
        text = self.field.text()
        if not text.strip():
            return None
        try:
            number = parse_number(text)
        except ValueError:
            raise NotAnAnswer(_("Type a number, such as 3 or 1.5.")) from None
        low, high = self.question.min, self.question.max
        if (low is not None and number < low) or (high is not None and number > high):
            raise NotAnAnswer(self._range_text() + " " + _("The answer was not changed."))
        return NumberValue(value=number, unit=self.unit)

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, NumberValue)
        self.field.set_text_quietly("" if value is None else show_number(value.value))

    def _range_text(self) -> str:
        low, high = self.question.min, self.question.max
        if low is not None and high is not None:
            return _("From {low} to {high}.").format(low=show_number(low), high=show_number(high))
        if low is not None:
            return _("At least {low}.").format(low=show_number(low))
        if high is not None:
            return _("At most {high}.").format(high=show_number(high))
        return ""

    def _retranslate_body(self) -> None:
        unit = self.question.unit
        self.unit_label.setText("" if unit is None else unit.get(self._language()))
        self.range_label.setText(self._range_text())
        self.field.setPlaceholderText(_("Number"))
