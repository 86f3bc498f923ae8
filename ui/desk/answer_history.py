"""The answers' undo history on the session screen: one `QUndoCommand` per change.

`AnswerEdit` records one answer before and after a change and applies either through
`SessionScreen.apply_answer`. Typing in the same answer merges into one step; a choice, a
date or any other value is a step of its own. `remove_answers_in` clears the answers of a
removed repeat instance as one macro (undone at once, redone at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain import AnswerValue, TextValue
from app.i18n import _
from ui.desk.question_panel import Key

if TYPE_CHECKING:
    from ui.desk.session_screen import SessionScreen


class AnswerEdit(QUndoCommand):
    """One change of one answer; consecutive typing in the same answer merges."""

    def __init__(
        self,
        screen: SessionScreen,
        key: Key,
        before: AnswerValue | None,
        after: AnswerValue | None,
    ) -> None:
        super().__init__(_("Edit answer"))
        self.screen, self.key, self.before, self.after = screen, key, before, after
        self._first = True

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing merges into one step per answer; a choice is a step of its own."""
        if not isinstance(other, AnswerEdit) or other.key != self.key:
            return False
        if not isinstance(self.after, TextValue) or not isinstance(other.after, TextValue):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.screen.apply_answer(self.key, self.after, from_history=not self._first)
        self._first = False

    def undo(self) -> None:
        self.screen.apply_answer(self.key, self.before, from_history=True)


def remove_answers_in(stack: QUndoStack, screen: SessionScreen, position: str) -> None:
    """Clear every answer at `position` and in the instances nested in it, as one step."""
    stack.beginMacro(_("Remove an instance"))
    for key in [k for k in screen.answers if k[1] == position or k[1].startswith(position + "/")]:
        stack.push(AnswerEdit(screen, key, screen.answers[key].value, None))
    stack.endMacro()
