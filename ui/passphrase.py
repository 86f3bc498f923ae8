"""Passphrase widgets: a field that keeps its text in, and a live strength meter."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from app.crypto.strength import Strength, assess
from app.i18n import _
from ui.tasks import Runner

SENSITIVE_HINTS = (
    Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhHiddenText
)


class PassphraseField(QLineEdit):
    """Masked, never copied out, never learnt by the input method's dictionary.

    Korean input methods must keep working (many interviewers choose Hangul passphrases):
    no ImhLatinOnly, and input methods stay enabled.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)  # also makes copy() and cut() no-ops
        self.setInputMethodHints(self.inputMethodHints() | SENSITIVE_HINTS)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.setDragEnabled(False)
        self.setMaxLength(1024)


_COLOURS = ("#b3261e", "#b3261e", "#c25e00", "#2e7d32", "#1b5e20")


class StrengthMeter(QWidget):
    """A bar and a sentence: how hard the passphrase is to guess, and what would help."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 5)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.label = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        self.strength: Strength | None = None
        self.show_strength(None)

    def show_strength(self, strength: Strength | None) -> None:
        """Show `strength`, or nothing yet (None: not typed, or still being assessed)."""
        self.strength = strength
        if strength is None:
            self.bar.setValue(0)
            self.label.setText(_("Strength: not checked yet"))
            self.hint.setText("")
            self.hint.setVisible(False)
            return
        self.bar.setValue(strength.score + 1)
        self.bar.setAccessibleDescription(strength.label)
        self.bar.setStyleSheet(
            "QProgressBar { border: none; border-radius: 4px; background: #e4e4e4; }"
            f"QProgressBar::chunk {{ border-radius: 4px; background: {_COLOURS[strength.score]}; }}"
        )
        self.label.setText(_("Strength: {label}").format(label=strength.label))
        self.hint.setText(strength.hint)
        self.hint.setVisible(True)


class StrengthCheck(QObject):
    """Assesses passphrases on the task runner (zxcvbn can take 100 ms on long input).

    At most one assessment is under way; when it returns for a text that is no longer the
    latest, the latest is assessed next. `assessed` is emitted only for the latest text.
    """

    assessed = Signal(object)  # Strength, for the text last requested

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._wanted: str | None = None
        self._running = False
        self._result: tuple[str, Strength] | None = None

    def request(self, passphrase: str, again: bool = False) -> None:
        """Assess `passphrase`; `again` forgets an earlier result (e.g. after a language
        switch, since the label and hint come back translated)."""
        if again:
            self._result = None
        self._wanted = passphrase
        if not self._running:
            self._start(passphrase)

    def result_for(self, passphrase: str) -> Strength | None:
        """The strength of exactly `passphrase`, if it has been assessed."""
        if self._result is not None and self._result[0] == passphrase:
            return self._result[1]
        return None

    def _start(self, passphrase: str) -> None:
        self._running = True
        self._runner.run(
            lambda: assess(passphrase),
            lambda strength: self._finished(passphrase, strength),
            lambda _error: self._finished(passphrase, None),
            owner=self,
        )

    def _finished(self, passphrase: str, strength: Strength | None) -> None:
        self._running = False
        if self._wanted is not None and passphrase != self._wanted:
            self._start(self._wanted)
            return
        if strength is not None:
            self._result = (passphrase, strength)
            self.assessed.emit(strength)
