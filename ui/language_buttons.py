"""한국어 | English: two buttons that switch the language at once and remember the choice,
so the app starts in it next time (`app.settings.start_language`).

Shown where a person meets the app before any menu: the welcome and the unlock dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.i18n import current_language
from app.settings import remember_language
from ui.language import LANGUAGE_NAMES, switch_language

LANGUAGE_BUTTON_STYLE = """
QPushButton[role="language"] {
    border: 1px solid #b9b2a3; border-radius: 4px; padding: 3px 10px; background: transparent;
}
QPushButton[role="language"]:checked { background: #1f2f56; color: white; border-color: #1f2f56; }
"""


def choose_language(language: str, settings_path: Path | None = None) -> None:
    """Switch every window to `language` and start in it next time."""
    switch_language(language)
    try:
        remember_language(language, settings_path)
    except OSError:
        pass  # a read-only config folder: the switch still holds for this run


class LanguageButtons(QWidget):
    def __init__(self, settings_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings_path = settings_path
        self.setStyleSheet(LANGUAGE_BUTTON_STYLE)
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for code, name in LANGUAGE_NAMES.items():  # each named in itself
            button = QPushButton(name, self)
            button.setProperty("role", "language")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, code=code: self.choose(code))
            layout.addWidget(button)
            self.buttons[code] = button
        self._show_current()

    def choose(self, language: str) -> None:
        choose_language(language, self.settings_path)
        self._show_current()

    def _show_current(self) -> None:
        for code, button in self.buttons.items():
            button.setChecked(code == current_language())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show_current()
        super().changeEvent(event)
