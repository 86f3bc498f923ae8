"""Dialogs that grow to show what appears in them.

Qt sizes a window from its layout's minimum size, which does not count the extra lines a
word-wrapped label needs at the window's width (height-for-width): a message shown later
(the wrong-passphrase advice, the texts around this laptop's fingerprint) was cut off or
overlapped until the window was resized by hand. `grow_to_fit(dialog)` watches the
dialog's layout requests and makes it as tall as its layout needs at its width (never
shorter than it is, never taller than the screen).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def fit_height(window: QWidget) -> None:
    """Make `window` as tall as its layout needs at its current width."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    needed = max(needed, layout.totalMinimumSize().height())
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height())
    if needed > window.height():
        window.resize(width, needed)


class _Grower(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)  # after the layout has taken the request in
        self.timer.timeout.connect(lambda: fit_height(self.window))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self.timer.start()
        return False


def grow_to_fit(window: QWidget) -> None:
    """Keep `window` tall enough for what it shows, whenever its contents change."""
    window.installEventFilter(_Grower(window))
