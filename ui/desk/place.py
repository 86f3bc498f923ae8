"""Where the interviewer is on the session screen, so that unlocking returns them to it.

`Place` holds the interview, the section, the question with the focus (or the transcript
segment), the cursor in its editor, the tab, and the repeat instances opened but not yet
answered: no testimony, so it can be kept while the database is locked. `cursor_of` reads
the cursor of a text editor and `put_cursor` puts it back. `keys_elsewhere` tells whether
the keys were in a window over the desk (a dialog, the search window) when the place was
taken: the lock closes that window, and what the interviewer goes on typing after the
unlock was meant for it, so it must not go into the field the desk last had the cursor in
(the witness's words, in the desk trial of 2026-12-06).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

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
    keys_elsewhere: bool = False
    """The keys were in a window over the desk, which the lock closed: the unlock gives no
    field the cursor (the next keys were meant for that window)."""


WINDOWS = frozenset({Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet})
"""The kinds of top-level widget a person types into (not menus, pop-ups or tooltips)."""


def keys_elsewhere(window: QWidget) -> bool:
    """Whether the keys are in another window of the app than `window`: a dialog or the
    search window over it (a combo box's or a completer's pop-up counts as its owner's).
    With no window of the app active (the auto-lock while another program has the keys),
    whether such a window is open over it."""
    focused = QApplication.focusWidget()
    owner = focused.window() if focused is not None else QApplication.activeWindow()
    while owner is not None and owner.windowType() not in WINDOWS:
        parent = owner.parentWidget()  # a pop-up: the window it belongs to
        if parent is None:
            break
        owner = parent.window()
    if owner is not None:
        return owner is not window
    return any(
        other is not window and other.isVisible() and other.windowType() in WINDOWS
        for other in QApplication.topLevelWidgets()
    )


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
