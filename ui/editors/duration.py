"""How long something lasted: a count in a unit (kept as minutes), the words as told
("about two weeks"), or both, and whether it is approximate."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from app.domain.answers import AnswerValue, DurationValue
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor, NotAnAnswer
from ui.editors.composing import ComposingLineEdit
from ui.editors.context import EditorContext
from ui.editors.number import parse_number, show_number
from ui.editors.style import FIELD_SPACING
from ui.editors.wheel import WheelSafeComboBox

UNIT_MINUTES = {
    "minutes": 1,
    "hours": 60,
    "days": 60 * 24,
    "weeks": 60 * 24 * 7,
    "months": 60 * 24 * 30,
    "years": 60 * 24 * 365,
}
"""A month counts as 30 days and a year as 365: tick "about" when that matters."""


def unit_names() -> dict[str, str]:
    return {
        "minutes": _("minutes"),
        "hours": _("hours"),
        "days": _("days"),
        "weeks": _("weeks"),
        "months": _("months"),
        "years": _("years"),
    }


def largest_unit(minutes: int) -> tuple[str, int]:
    """The largest unit that counts `minutes` exactly, and the count (0 is 0 days)."""
    if minutes == 0:
        return "days", 0
    for unit, size in reversed(UNIT_MINUTES.items()):
        if minutes % size == 0:
            return unit, minutes // size
    return "minutes", minutes


class DurationEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.amount = ComposingLineEdit(self.body)
        self.amount.setMaximumWidth(100)
        self.unit = WheelSafeComboBox(self.body)
        for unit in UNIT_MINUTES:
            self.unit.addItem("", unit)
        self.unit.setCurrentIndex(list(UNIT_MINUTES).index("days"))
        self.approximate = QCheckBox(self.body)
        self.told = ComposingLineEdit(self.body)
        self.amount_label = QLabel(self.body)
        self.amount_label.setBuddy(self.amount)
        self.told_label = QLabel(self.body)
        self.told_label.setBuddy(self.told)

        layout = QGridLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(FIELD_SPACING)
        layout.addWidget(self.amount_label, 0, 0)
        layout.addWidget(self.amount, 0, 1)
        layout.addWidget(self.unit, 0, 2)
        layout.addWidget(self.approximate, 0, 3)
        layout.addWidget(self.told_label, 1, 0)
        layout.addWidget(self.told, 1, 1, 1, 4)
        layout.setColumnStretch(4, 1)

        self.amount.edited.connect(self._fields_changed)
        self.unit.currentIndexChanged.connect(self._fields_changed)
        self.approximate.toggled.connect(self._fields_changed)
        self.told.edited.connect(self._fields_changed)
        self._finish()

    def _read(self) -> AnswerValue | None:
        text = self.told.text()
        told = text if text.strip() else None
        minutes = None
        if self.amount.text().strip():
            try:
                count = parse_number(self.amount.text())
            except ValueError:
                raise NotAnAnswer(_("Type how many, such as 2 or 1.5.")) from None
            if count < 0:
                raise NotAnAnswer(_("A duration cannot be negative."))
            size = UNIT_MINUTES[self.unit.currentData()]
            minutes = int((count * size).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if minutes is None and told is None:
            return None
        return DurationValue(minutes=minutes, approximate=self.approximate.isChecked(), text=told)

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, DurationValue)
        self.approximate.setChecked(value is not None and value.approximate)
        self.told.set_text_quietly("" if value is None or value.text is None else value.text)
        if value is None or value.minutes is None:
            self.amount.set_text_quietly("")
            return
        unit, count = largest_unit(value.minutes)
        self.unit.setCurrentIndex(list(UNIT_MINUTES).index(unit))
        self.amount.set_text_quietly(show_number(Decimal(count)))

    def _retranslate_body(self) -> None:
        for index, name in enumerate(unit_names().values()):
            self.unit.setItemText(index, name)
        self.amount_label.setText(_("&How long"))
        self.approximate.setText(_("about (approximate)"))
        self.told_label.setText(_("As &told"))
        self.told.setPlaceholderText(_("The witness's words, e.g. “about two weeks”"))
        self.unit.setToolTip(_("A month counts as 30 days, a year as 365."))
