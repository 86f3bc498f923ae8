"""One choice (radio buttons, or a list when there are more than six) or several
(check boxes). Choice texts come from the questionnaire, in the current language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import AnswerValue, ChoiceValue, MultiChoiceValue
from app.i18n import _
from app.questionnaire.model import Choice, Question
from ui.editors.base import AnswerEditor
from ui.editors.context import EditorContext
from ui.editors.wheel import WheelSafeComboBox

MAX_RADIOS = 6
"""More choices than this are shown as a drop-down list."""


def _choices(question: Question) -> list[Choice]:
    assert question.choices is not None
    return question.choices


class SingleChoiceEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.choices = _choices(question)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.combo: QComboBox | None = None
        self.radios: list[QRadioButton] = []
        self.group = QButtonGroup(self)
        if len(self.choices) > MAX_RADIOS:
            self.combo = WheelSafeComboBox(self.body)
            self.combo.addItem("", None)
            for choice in self.choices:
                self.combo.addItem("", choice.id)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.combo.currentIndexChanged.connect(self._fields_changed)
            layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            for index, _choice in enumerate(self.choices):
                radio = QRadioButton(self.body)
                self.group.addButton(radio, index)
                self.radios.append(radio)
                layout.addWidget(radio)
            self.group.idToggled.connect(self._radio_toggled)
        self._finish()

    def _radio_toggled(self, _index: int, on: bool) -> None:
        if on:
            self._fields_changed()

    def choose(self, choice_id: str | None) -> None:
        """Select a choice by id (None: nothing), as the interviewer would."""
        self._select(choice_id)
        self._fields_changed()

    def _select(self, choice_id: str | None) -> None:
        ids = [choice.id for choice in self.choices]
        index = ids.index(choice_id) if choice_id in ids else -1
        if self.combo is not None:
            self.combo.setCurrentIndex(index + 1)
            return
        self.group.setExclusive(False)  # an exclusive group cannot be emptied
        for position, radio in enumerate(self.radios):
            radio.setChecked(position == index)
        self.group.setExclusive(True)

    def _read(self) -> AnswerValue | None:
        if self.combo is not None:
            chosen = self.combo.currentData()
        else:
            index = self.group.checkedId()
            chosen = self.choices[index].id if index >= 0 else None
        return None if chosen is None else ChoiceValue(choice=chosen)

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, ChoiceValue)
        self._select(None if value is None else value.choice)

    def _retranslate_body(self) -> None:
        language = self._language()
        if self.combo is not None:
            self.combo.setItemText(0, _("Choose…"))
            for position, choice in enumerate(self.choices, start=1):
                self.combo.setItemText(position, choice.text.get(language))
        for radio, choice in zip(self.radios, self.choices, strict=False):
            radio.setText(choice.text.get(language))


class MultiChoiceEditor(AnswerEditor):
    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.choices = _choices(question)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.boxes: list[QCheckBox] = []
        for _choice in self.choices:
            box = QCheckBox(self.body)
            box.toggled.connect(self._fields_changed)
            self.boxes.append(box)
            layout.addWidget(box)
        self._finish()

    def _read(self) -> AnswerValue | None:
        chosen = [c.id for c, box in zip(self.choices, self.boxes, strict=True) if box.isChecked()]
        return MultiChoiceValue(choices=chosen) if chosen else None

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, MultiChoiceValue)
        chosen = set() if value is None else set(value.choices)
        for choice, box in zip(self.choices, self.boxes, strict=True):
            box.setChecked(choice.id in chosen)

    def _retranslate_body(self) -> None:
        language = self._language()
        for box, choice in zip(self.boxes, self.choices, strict=True):
            box.setText(choice.text.get(language))
