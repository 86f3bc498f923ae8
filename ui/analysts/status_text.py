"""A line of status text (wrapped when long) that can change at every action without
laying out the window again: "Searching…", then "1–20 of 300 interviews"; the heading of
the interview shown; what a drill-down of the matrix shows.

A QLabel asks its parent's layout again at every new text, and that request climbs to the
window: the tab's layout, the tab widget's (which then repaints the whole tab: the
results, the help, every button), the window's. In the search tab that took about 20 ms
of the UI thread per search (benchmarks/analysts_desk_ui.py). Here the label sits in a
widget without a layout, which asks its own parent again only when the new text needs
another height or more width than it has; otherwise only the text is repainted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class StatusText(QWidget):
    def __init__(self, parent: QWidget | None = None, *, role: str | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        if role is not None:
            self.label.setProperty("role", role)  # the style sheet's QLabel[role=...]
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._height = -1
        """The height at the present width that the layout last heard of."""
        self._unheard = False
        """A text the layout was not told of (its sizes for other widths may be old)."""

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        if text == self.label.text():
            return
        self.label.setText(text)  # asks this widget, which has no layout: see event()
        if not self.isVisible():
            self._tell()  # no layout request reaches a hidden widget

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            width = self.width()
            if self.heightForWidth(width) != self._height or (
                self.minimumSizeHint().width() > width
            ):
                self._tell()  # another height, or a word wider than the room it has
            else:
                self._unheard = True
            return True
        return super().event(event)

    def _tell(self) -> None:
        """Ask the layout again (it reads this widget's sizes anew)."""
        self._height = self.heightForWidth(self.width())
        self._unheard = False
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())
        if self._unheard:
            self._tell()  # the layout sized it from what it knew of an older text
        else:
            self._height = self.heightForWidth(self.width())
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)
