"""Where the interviewer is on the session screen, so that unlocking returns them to it.

`Place` holds the interview, the section, the question with the focus (or the transcript
segment), the cursor in its editor, the tab, and the repeat instances opened but not yet
answered: no testimony, so it can be kept while the database is locked. `cursor_of` reads
the cursor of a text editor and `put_cursor` puts it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from ui.desk.question_panel import Key


@dataclass
class Place:
    """Where the interviewer is: enough to come back to it after a lock (no testimony)."""

    interview_id: UUID
    section_id: str | None = None
    key: Key | None = None
    cursor: int | None = None
    tab: int = 0
    added: dict[tuple[str, str], int] = field(default_factory=dict)
    part: int | None = None
    """Which widget of the question's editor had the focus (a date has several)."""
    segment: UUID | None = None
    """The transcript segment with the cursor, when the transcript had the focus."""
    records_tab: int | None = None
    """On the records tab: the form shown (incidents, persons, facilities)…"""
    record: str | None = None
    """…the id of the record in it (None: a new one)…"""
    field: str | None = None
    """…and the name of its field with the focus (`ListAndForm.fields`)."""


def cursor_of(widget: QWidget | None) -> int | None:
    """The cursor position in a text editor, or None for any other widget."""
    if isinstance(widget, QLineEdit):
        return widget.cursorPosition()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textCursor().position()
    return None


def put_cursor(widget: QWidget | None, cursor: int | None) -> None:
    """Put the cursor of a text editor back at `cursor` (no further than its text)."""
    if cursor is None or widget is None:
        return
    if isinstance(widget, QLineEdit):
        widget.setCursorPosition(cursor)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        text_cursor = widget.textCursor()
        text_cursor.setPosition(min(cursor, len(widget.toPlainText())))
        widget.setTextCursor(text_cursor)
