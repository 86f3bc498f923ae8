"""Under a list of candidate corroborations or of contradictions: the decisions on the
chosen one, oldest first, with who and when (its history, one selection away), and the
reasons and the two buttons that record a new decision."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.i18n.formats import format_datetime

CANDIDATE_WORDS = {
    "confirm": N_("Confirm: it corroborates"),
    "reject": N_("Reject: it does not"),
    "confirmed": N_("confirmed: it corroborates"),
    "rejected": N_("rejected: it does not corroborate"),
}
CONTRADICTION_WORDS = {
    "confirm": N_("Confirm: they contradict each other"),
    "reject": N_("Reject: no contradiction"),
    "confirmed": N_("confirmed: they contradict each other"),
    "rejected": N_("rejected: no contradiction"),
}
HISTORY_LINES = 4
"""Lines of decisions shown at once under a list (more scroll)."""
STATUS_WORDS = {
    "open": N_("not decided"),
    "earlier_version": N_("decided on an earlier version: decide again"),
    "reopened": N_("statements joined or left since: decide again"),
}


def verdict_text(words: Mapping[str, str], verdict: str) -> str:
    return _(words[verdict])


def status_text(words: Mapping[str, str], row: dict[str, Any]) -> str:
    """What the list shows in its Decision column: the status, and who decided."""
    status = str(row.get("status", "open"))
    text = _(words[status]) if status in words else _(STATUS_WORDS[status])
    made = row.get("decision")
    return text if made is None else f"{text} ({made['analyst']})"


def when(at: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(at))
    except ValueError:
        return at


def history_text(words: Mapping[str, str], row: dict[str, Any] | None) -> str:
    decided = (row or {}).get("history") or []
    if not decided:
        return _("No decision yet.")
    lines = [_("Decisions, oldest first:")]
    for made in decided:
        lines.append(
            _("{verdict} — {analyst}, {when}: {reasons}").format(
                verdict=verdict_text(words, made["verdict"]),
                analyst=made["analyst"],
                when=when(made["at"]),
                reasons=made["reasons"],
            )
        )
    return "\n".join(lines)


class DecisionBar(QWidget):
    def __init__(
        self,
        words: Mapping[str, str],
        decide: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        """`decide(verdict)` records "confirmed" or "rejected" for the chosen row."""
        super().__init__(parent)
        self.words = words
        self.row: dict[str, Any] | None = None
        self.history = QPlainTextEdit(self)  # scrolls when the decisions are many
        self.history.setObjectName("decisionHistory")
        self.history.setReadOnly(True)
        lines = self.history.fontMetrics().lineSpacing()
        self.history.setFixedHeight(lines * HISTORY_LINES + 2 * self.history.frameWidth() + 8)
        self.reasons = QLineEdit(self)
        self.confirm = QPushButton(self)
        self.confirm.clicked.connect(lambda: decide("confirmed"))
        self.reject = QPushButton(self)
        self.reject.clicked.connect(lambda: decide("rejected"))
        self.error = QLabel(self)
        self.error.setProperty("role", "alert")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.reasons, 1)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.history)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.reasons.setPlaceholderText(_("Reasons for the decision (required)"))
        for button, name in ((self.confirm, "confirm"), (self.reject, "reject")):
            button.setText(verdict_text(self.words, name))
        self.history.setPlainText(history_text(self.words, self.row))

    def allow(self, refusal: str) -> None:
        """Offer the verdicts only to a role that may record them ("" = may; otherwise
        why not, the buttons' tooltip)."""
        for button in (self.confirm, self.reject):
            button.setEnabled(not refusal)
            button.setToolTip(refusal)

    def show_row(self, row: dict[str, Any] | None) -> None:
        self.row = row
        self.history.setPlainText(history_text(self.words, row))

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def recorded(self) -> None:
        self.error.hide()
        self.reasons.clear()

    def forget(self) -> None:
        self.row = None
        self.reasons.clear()
        self.error.hide()
        self.history.clear()
