"""What every answer editor shares: its value, its signal, the declined toggle, the
inline problem line and retranslation.

An editor stands for one answer. `value()` is that answer: the last one the interviewer
gave or `set_value()` showed, `None` when there is none, `DeclinedValue()` when the witness
declined (which is an answer, and is respected). Every committed change that gives another
answer emits `value_changed` once; the session screen saves on a short debounce of it.
While what is typed is not an answer yet (an impossible date, a number out of range), the
editor says why on its problem line and emits nothing: the saved answer stays as it was.

The look (`ui.editors.style.EDITOR_STYLE`) is set once by the screen that hosts editors,
not by each editor: a style sheet per widget tree costs several milliseconds per editor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.domain.answers import AnswerValue, DeclinedValue, TriState, TriStateValue
from app.i18n import _
from app.questionnaire.model import Question
from ui.editors.context import EditorContext
from ui.editors.style import SPACING


class NotAnAnswer(ValueError):
    """What the interviewer typed is not an answer yet; the message says why, translated."""


class AnswerEditor(QWidget):
    """The base of the editors; subclasses build `self.body` and implement the hooks."""

    value_changed = Signal(object)
    """The new answer (an AnswerValue), or None when it was cleared."""

    def __init__(
        self, question: Question, context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.context = context
        self._held: AnswerValue | None = None
        self._quiet = 0
        self.setObjectName(f"editor:{question.id}")

        self.body = QWidget(self)
        self.problem_label = QLabel(self)
        self.problem_label.setProperty("role", "problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.declined_box = QCheckBox(self)
        self.declined_box.setProperty("role", "declined")
        self.declined_box.toggled.connect(self._declined_toggled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.body)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.declined_box, 0, Qt.AlignmentFlag.AlignLeft)

    # -- the hooks each editor implements --------------------------------------------------------

    def _read(self) -> AnswerValue | None:
        """The answer the fields show now; None when they are empty. Raises NotAnAnswer
        when what they show is not an answer yet."""
        raise NotImplementedError

    def _show(self, value: AnswerValue | None) -> None:
        """Show `value` (of this editor's type) in the fields; None empties them."""
        raise NotImplementedError

    def _retranslate_body(self) -> None:
        """Re-set the body's labels in the current language, never what was typed."""

    # -- the interface the session screen uses ---------------------------------------------------

    def value(self) -> AnswerValue | None:
        return self._held

    def set_value(self, value: AnswerValue | None) -> None:
        """Show `value` without emitting `value_changed`; the cursor stays if it can."""
        declined = isinstance(value, DeclinedValue) or (
            isinstance(value, TriStateValue) and value.value is TriState.DECLINED
        )
        with self._quietly():
            self.declined_box.setChecked(declined)
            if not declined:
                self._show(value)
        self._held = DeclinedValue() if declined else value
        self._set_problem(None)

    def problem(self) -> str | None:
        """Why what is typed is not an answer yet, or None."""
        return self.problem_label.text() if not self.problem_label.isHidden() else None

    @property
    def declined(self) -> bool:
        return self.declined_box.isChecked()

    def focus_first(self) -> None:
        """Put the keyboard focus in the first field."""
        target = self.body.nextInFocusChain()
        while target is not None and target is not self.body:
            if self.body.isAncestorOf(target) and _takes_focus(target):
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return
            target = target.nextInFocusChain()
        self.declined_box.setFocus(Qt.FocusReason.TabFocusReason)

    def retranslate(self) -> None:
        self.declined_box.setText(_("The witness &declined to answer"))
        self.declined_box.setToolTip(
            _("Declining is an answer: it is recorded and respected. (Alt+D)")
        )
        self._retranslate_body()
        if self.problem() is not None:
            self._check_quietly()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- for the subclasses ----------------------------------------------------------------------

    def _finish(self) -> None:
        """Call at the end of a subclass's __init__."""
        self.retranslate()

    def _fields_changed(self, *_args: object) -> None:
        """Subclasses call this on every committed change of their fields."""
        if self._quiet or self.declined:
            return
        try:
            new = self._read()
        except NotAnAnswer as problem:
            self._set_problem(str(problem))
            return
        self._set_problem(None)
        self._offer(new)

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change fields without treating it as the interviewer's edit."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _language(self) -> str:
        return self.context.language()

    # -- inside ----------------------------------------------------------------------------------

    def _offer(self, new: AnswerValue | None) -> None:
        if new == self._held:
            return
        self._held = new
        self.value_changed.emit(new)

    def _set_problem(self, message: str | None) -> None:
        self.problem_label.setText(message or "")
        self.problem_label.setVisible(message is not None)

    def _check_quietly(self) -> None:
        try:
            self._read()
        except NotAnAnswer as problem:
            self._set_problem(str(problem))
        else:
            self._set_problem(None)

    def _declined_toggled(self, checked: bool) -> None:
        self.body.setEnabled(not checked)
        if self._quiet:
            return
        if checked:
            self._set_problem(None)
            self._offer(DeclinedValue())
            return
        try:
            new = self._read()
        except NotAnAnswer as problem:
            self._set_problem(str(problem))
            new = None
        self._offer(new)


def _takes_focus(widget: QWidget) -> bool:
    return (
        widget.isVisibleTo(widget.window())
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )
