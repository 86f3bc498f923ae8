"""Committing the syllable an input method is composing, before a lock saves and clears.

A Korean input method holds the syllable being typed (preedit) outside the field's text
until it commits it; a lock that saves the fields and removes them would drop it ("그리 가"
saved as "그리"). `commit_composition()` asks the input method to commit (a real one sends
the syllable to the field) and, for our fields, which remember their preedit, commits it
into the field itself when the input method did not (offscreen, or one that drops it).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def commit_composition(window: QWidget | None = None) -> None:
    """Put the syllable being composed in the focused field (of `window`, when given: its
    focus stays even while another window is active) into its text, now."""
    widget = window.focusWidget() if window is not None else QApplication.focusWidget()
    QGuiApplication.inputMethod().commit()
    preedit = getattr(widget, "preedit", "")
    if widget is None or not isinstance(preedit, str) or not preedit:
        return
    committed = QInputMethodEvent()
    committed.setCommitString(preedit)
    QApplication.sendEvent(widget, committed)
    QGuiApplication.inputMethod().reset()  # the input method forgets it: not typed twice
