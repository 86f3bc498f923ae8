"""A list box that the mouse wheel passes over: the wheel scrolls the form around it and
changes the choice only once the interviewer has put the focus in the box.

Qt's combo box takes the focus on a wheel turn and changes its item, so scrolling a long
form with the pointer over a closed list silently changed a recorded answer (1980s became
2000s, and was saved at once). Every answer editor uses this box instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget


class WheelSafeComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus
        )  # not WheelFocus: the wheel never focuses it

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # handed on to the parent: the form scrolls
            return
        super().wheelEvent(event)
