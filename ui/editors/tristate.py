"""Yes / no / unknown, as three buttons with the keys Y, N and U (Delete clears).

An answer given with its key says `answered_by_key`: the session screen then moves on to
the next question, so a run of yes/no questions takes one key each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.domain.answers import AnswerValue, TriState, TriStateValue
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.base import AnswerEditor
from ui.editors.context import EditorContext
from ui.editors.style import FIELD_SPACING

KEYS = {Qt.Key.Key_Y: TriState.YES, Qt.Key.Key_N: TriState.NO, Qt.Key.Key_U: TriState.UNKNOWN}


class TriStateEditor(AnswerEditor):
    answered_by_key = Signal()

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, context, parent)
        self.buttons: dict[TriState, QPushButton] = {}
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(FIELD_SPACING)
        for state in (TriState.YES, TriState.NO, TriState.UNKNOWN):
            button = QPushButton(self.body)
            button.setCheckable(True)
            button.setProperty("segment", True)
            button.setAutoDefault(False)
            button.clicked.connect(lambda checked, s=state: self._clicked(s, checked))
            self.buttons[state] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self._finish()

    def choose(self, state: TriState | None) -> None:
        """Select `state` (None: nothing), as the interviewer would. A click on the selected
        button unselects it."""
        for each, button in self.buttons.items():
            button.setChecked(each is state)
        self._fields_changed()

    def _clicked(self, state: TriState, checked: bool) -> None:
        """A click answers and moves on, as Y, N or U do: left on the question, the focus
        would let the next key (meant for the next question) answer it again."""
        self.choose(state if checked else None)
        if checked:
            self.answered_by_key.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key in KEYS and self.body.isEnabled():
            self.choose(KEYS[key])
            self.buttons[KEYS[key]].setFocus()
            self.answered_by_key.emit()
        elif plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.body.isEnabled():
            self.choose(None)
        else:
            super().keyPressEvent(event)

    def _chosen(self) -> TriState | None:
        for state, button in self.buttons.items():
            if button.isChecked():
                return state
        return None

    def _read(self) -> AnswerValue | None:
        state = self._chosen()
        return None if state is None else TriStateValue(value=state)

    def _show(self, value: AnswerValue | None) -> None:
        assert value is None or isinstance(value, TriStateValue)
        for state, button in self.buttons.items():
            button.setChecked(value is not None and value.value is state)

    def _retranslate_body(self) -> None:
        texts = {
            TriState.YES: (_("Yes"), "Y"),
            TriState.NO: (_("No"), "N"),
            TriState.UNKNOWN: (_("Does not know"), "U"),
        }
        for state, (text, key) in texts.items():
            self.buttons[state].setText(f"{text}  ({key})")
            self.buttons[state].setToolTip(_("Press {key}").format(key=key))
