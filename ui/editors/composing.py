"""Text fields that report a change only once the input method has committed it.

A Korean input method builds each syllable in a preedit string (ㅎ → 회 → 회ㄹ …) before it
commits it. Saving, validating or re-setting the text while a syllable is being composed
would break the composition, so these fields say `edited` only for committed text: never
while a preedit string is showing, once when it is committed.

Undo and redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) belong to the answers' history, which the
window's Undo and Redo act on: these fields let those keys through instead of undoing
their own text, so every answer has one history whichever field has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget


def qt_length(text: str) -> int:
    """The length Qt counts (UTF-16 code units), for cursor positions."""
    return len(text.encode("utf-16-le")) // 2


HISTORY_KEYS = (QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


def is_history_key(event: QEvent) -> bool:
    """An undo or redo key about to be offered to the field (a shortcut override)."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    pressed = QKeySequence(event.keyCombination())
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in HISTORY_KEYS)
    )


class ComposingLineEdit(QLineEdit):
    """A line edit whose `edited` signal waits for the input method to commit."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preedit = ""
        """The syllable the input method is composing (see ui.composition)."""
        self._composing = False
        self._quiet = False
        self._reported = ""
        self.textChanged.connect(self._changed)

    @property
    def composing(self) -> bool:
        return self._composing

    def event(self, event: QEvent) -> bool:
        if is_history_key(event):
            event.ignore()  # the window's Undo/Redo have it
            return False
        return super().event(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.preedit = event.preeditString()
        self._composing = bool(self.preedit)
        super().inputMethodEvent(event)
        self._changed()

    def set_text_quietly(self, text: str) -> None:
        """Show `text` without saying `edited`; the cursor stays where it was if it can
        (at the end if it was at the end)."""
        self._reported = text
        if text == self.text():
            return
        position = self.cursorPosition()
        at_end = position == qt_length(self.text())
        start, length = self.selectionStart(), qt_length(self.selectedText())
        self._quiet = True
        try:
            self.setText(text)
        finally:
            self._quiet = False
        end = qt_length(text)
        if start >= 0 and start + length <= end:  # the selection still fits: keep it
            if position == start:  # selected backwards: the cursor stays at its start
                self.setSelection(start + length, -length)
            else:
                self.setSelection(start, length)
        else:
            self.setCursorPosition(end if at_end else min(position, end))

    def _changed(self, *_args: object) -> None:
        if self._quiet or self._composing:
            return
        text = self.text()
        if text != self._reported:
            self._reported = text
            self.edited.emit(text)


class ComposingTextEdit(QPlainTextEdit):
    """A multi-line plain text edit whose `edited` signal waits for the input method."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preedit = ""
        """The syllable the input method is composing (see ui.composition)."""
        self._composing = False
        self._quiet = False
        self._reported = ""
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.textChanged.connect(self._changed)

    @property
    def composing(self) -> bool:
        return self._composing

    def event(self, event: QEvent) -> bool:
        if is_history_key(event):
            event.ignore()  # the window's Undo/Redo have it
            return False
        return super().event(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.preedit = event.preeditString()
        self._composing = bool(self.preedit)
        super().inputMethodEvent(event)
        self._changed()

    def set_text_quietly(self, text: str) -> None:
        """Show `text` without saying `edited`; the cursor stays where it was if it can
        (at the end if it was at the end)."""
        self._reported = text
        if text == self.toPlainText():
            return
        cursor = self.textCursor()
        position, anchor = cursor.position(), cursor.anchor()
        at_end = position == anchor == qt_length(self.toPlainText())
        self._quiet = True
        try:
            self.setPlainText(text)
        finally:
            self._quiet = False
        end = qt_length(text)
        if at_end:
            position = anchor = end
        cursor = self.textCursor()
        cursor.setPosition(min(anchor, end))
        cursor.setPosition(min(position, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _changed(self, *_args: object) -> None:
        if self._quiet or self._composing:
            return
        text = self.toPlainText()
        if text != self._reported:
            self._reported = text
            self.edited.emit(text)
