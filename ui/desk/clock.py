"""The session clock: the two-hour budget, time spent and left, pauses and breaks.

The time comes from the session record (its start and its pauses), so a lock, a crash or
a restart does not lose or invent a minute. Fifteen minutes before the end the clock turns
amber and says so once, gently; past the end it says how far over the session is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import PauseReason, Session
from app.i18n import N_, _
from app.i18n.formats import plural
from ui.desk.formatting import format_duration

WARN_BEFORE = timedelta(minutes=15)


def pause_reason_text(reason: PauseReason) -> str:
    return {
        PauseReason.BREAK: _("Break"),
        PauseReason.DISTRESS: _("The witness needs a moment"),
        PauseReason.INTERRUPTION: _("Interruption"),
        PauseReason.OTHER: _("Other"),
        PauseReason.CLOSED: _("Sillok was closed"),
    }[reason]


CHOSEN_REASONS = [reason for reason in PauseReason if reason is not PauseReason.CLOSED]
"""The reasons the interviewer can choose (Sillok records "closed" itself)."""


class SessionClock(QWidget):
    start_requested = Signal()
    pause_requested = Signal(object)
    """The PauseReason chosen."""
    resume_requested = Signal()
    end_requested = Signal()
    near_end = Signal()
    """Emitted once per session when fifteen minutes are left."""

    def __init__(self, parent: QWidget | None = None, now: type[datetime] = datetime) -> None:
        super().__init__(parent)
        self._now = now
        self.session: Session | None = None
        self._warned: set[str] = set()
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.elapsed = QLabel(self)
        self.elapsed.setStyleSheet("font-size: 20pt; font-variant-numeric: tabular-nums;")
        self.remaining = QLabel(self)
        self.state = QLabel(self)
        self.state.setProperty("role", "hint")
        self.state.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.start_button.clicked.connect(self.start_requested)
        self.pause_button = QToolButton(self)
        self.pause_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pause_menu = QMenu(self)
        self.pause_button.setMenu(self.pause_menu)
        self.resume_button = QPushButton(self)
        self.resume_button.clicked.connect(self.resume_requested)
        self.end_button = QPushButton(self)
        self.end_button.clicked.connect(self.end_requested)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.resume_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.remaining)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.refresh()

    def retranslate(self) -> None:
        self.start_button.setText(_("Start session"))
        self.pause_button.setText(_("Pause"))
        self.resume_button.setText(_("Resume"))
        self.end_button.setText(_("End session"))
        self.pause_menu.clear()
        for reason in CHOSEN_REASONS:
            action = self.pause_menu.addAction(pause_reason_text(reason))
            action.triggered.connect(
                lambda _checked=False, reason=reason: self.pause_requested.emit(reason)
            )
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        session = self.session
        running = session is not None and session.ended_at is None
        self.start_button.setVisible(not running)
        self.pause_button.setVisible(running and session is not None and not session.is_paused)
        self.resume_button.setVisible(running and session is not None and session.is_paused)
        self.end_button.setVisible(running)
        if session is None:
            self.title.setText(_("No session running"))
            self.elapsed.setText(format_duration(timedelta(0)))
            self.remaining.setText(_("Budget: {minutes} minutes").format(minutes=120))
            self.remaining.show()
            self.state.setText(_("Start a session when the witness is ready."))
            self.elapsed.setStyleSheet("font-size: 20pt;")
            return
        now = self._now.now(UTC)
        left = session.remaining(now)
        self.title.setText(_("Session {number}").format(number=session.number))
        self.elapsed.setText(format_duration(session.elapsed(now)))
        if left >= timedelta(0):
            self.remaining.setText(_("{time} left").format(time=format_duration(left)))
        else:
            self.remaining.setText(_("{time} over the budget").format(time=format_duration(-left)))
        # an ended session has no time left to spend: its budget says nothing any more
        self.remaining.setVisible(session.ended_at is None)
        if session.ended_at is not None:
            self.state.setText(_("Session ended"))
        elif session.is_paused:
            pause = session.pauses[-1]
            self.state.setText(
                _("Paused: {reason}, for {time}. The session clock is stopped.").format(
                    reason=pause_reason_text(pause.reason),
                    time=format_duration(now - pause.started_at),
                )
            )
        else:
            self.state.setText(
                plural(len(session.pauses), N_("{count} pause so far"), N_("{count} pauses so far"))
                if session.pauses
                else _("Running")
            )
        warning = running and left <= WARN_BEFORE
        colour = "#8a5a00" if warning else "palette(window-text)"
        self.elapsed.setStyleSheet(f"font-size: 20pt; color: {colour};")
        key = str(session.id)
        if warning and key not in self._warned:
            self._warned.add(key)
            self.near_end.emit()
