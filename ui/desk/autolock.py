"""Lock after a while without a key press or a mouse move.

An event filter on the whole application restarts a single-shot timer on every key,
mouse, wheel, touch or input-method event; when the timer runs out, `idle` is emitted and
the window locks. The delay comes from the settings (5 minutes by default). `shut()`
(when the window closes) stops the timer and takes the filter off the application for
good: a watcher must not outlive its window and lock a runner that was shut down.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class InactivityWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_delay_ms(minutes * 60_000)
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)
        self._shut = False

    def set_delay_ms(self, milliseconds: int) -> None:
        self.timer.setInterval(milliseconds)
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        if not self._shut:
            self.timer.start()

    def shut(self) -> None:
        """Stop for good: no timer, no filter on the application."""
        self._shut = True
        self.timer.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
