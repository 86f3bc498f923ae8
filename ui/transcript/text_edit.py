"""`SegmentTextEdit`: the text of one segment, as tall as its text, safe for input methods.

- What the interviewer types is reported with `typed(text, hint)`; what undo puts back is
  shown with `show_text`, as the smallest edit at that place, never with `setPlainText`
  (which would reset the cursor and end a Korean syllable being composed).
- The text being composed (preedit) is not part of the document until it is committed, so
  nothing here reports or saves it.
- Tagged spans are shown with extra selections (they change no text and send no change
  signal), with the elements named in a tooltip.
- Undo and redo belong to the transcript's own stack (Ctrl+Z, Ctrl+Shift+Z): the widget's
  own undo is switched off and lets those keys through to the editor's actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextEdit, QToolTip, QWidget

from app.transcript.document import TagState
from app.transcript.spans import diff_edit, from_utf16, to_utf16

TAG_BACKGROUND = QColor("#fdeeb3")
TAG_CHOSEN = QColor("#f6cf5d")


class SegmentTextEdit(QPlainTextEdit):
    typed = Signal(str, int)
    """The committed text changed: the whole text, and where (string index)."""
    focused = Signal()
    remove_when_empty = Signal()
    """Backspace in an empty segment: the interviewer wants it gone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self._tags: Sequence[TagState] = ()
        self._chosen_tag: object = None
        self.preedit = ""
        """The syllable the input method is composing (see ui.composition)."""
        self.passthrough: list[QKeySequence] = []
        """Keys the editor's actions own (undo, redo, new segment…): the text field lets
        them through instead of handling them itself."""
        self.describe_tag: Callable[[TagState], str] = lambda tag: tag.element_id
        self.document().setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.document().contentsChange.connect(self._contents_changed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    # -- text in and out --------------------------------------------------------------------

    def text(self) -> str:
        return self.toPlainText()

    def load_text(self, text: str) -> None:
        """The stored text, shown once when the view is made (reported to nobody: Qt
        clears the field first, and an empty text would detach every tag)."""
        self._showing = True
        try:
            self.setPlainText(text)
        finally:
            self._showing = False

    def show_text(self, text: str) -> None:
        """Show `text` by editing only what differs; the cursor goes to the end of it."""
        current = self.toPlainText()
        edit = diff_edit(current, text)
        if edit is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(to_utf16(current, edit.start))
        cursor.setPosition(
            to_utf16(current, edit.start + edit.removed), QTextCursor.MoveMode.KeepAnchor
        )
        self._showing = True
        try:
            cursor.insertText(text[edit.start : edit.start + edit.inserted])
        finally:
            self._showing = False
        self.setTextCursor(cursor)

    def _contents_changed(self, position: int, _removed: int, _added: int) -> None:
        if self._showing:
            return
        text = self.toPlainText()
        self.typed.emit(text, from_utf16(text, position))

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as string indices into the text, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        text = self.toPlainText()
        start = from_utf16(text, cursor.selectionStart())
        end = from_utf16(text, cursor.selectionEnd())
        return (start, end) if start < end else None

    # -- tags -------------------------------------------------------------------------------

    def show_tags(self, tags: Sequence[TagState], chosen: object = None) -> None:
        self._tags, self._chosen_tag = tags, chosen
        text = self.toPlainText()
        selections = []
        for tag in tags:
            if tag.detached:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(to_utf16(text, tag.start))
            cursor.setPosition(to_utf16(text, tag.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(TAG_CHOSEN if tag.id == chosen else TAG_BACKGROUND)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def tags_at(self, index: int) -> list[TagState]:
        return [t for t in self._tags if not t.detached and t.start <= index < t.end]

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()  # type: ignore[attr-defined]
            tags = self.tags_at(from_utf16(self.toPlainText(), position))
            if tags:
                lines = [self.describe_tag(tag) for tag in tags]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # -- keys and focus ---------------------------------------------------------------------

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.preedit = event.preeditString()
        super().inputMethodEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(
                pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
                for key in self.passthrough
            ):
                event.ignore()  # the transcript's own action has it
                return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() == Qt.Key.Key_Backspace
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not self.toPlainText()
        ):
            self.remove_when_empty.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.focused.emit()

    # -- as tall as the text ----------------------------------------------------------------

    def _fit_height(self) -> None:
        lines = max(1, int(self.document().size().height()))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        height = lines * self.fontMetrics().lineSpacing() + frame + 2
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())
