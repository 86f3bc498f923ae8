"""Switching language while the app runs: our catalogue, Qt's own, and every open window.

Widgets re-set their texts in `retranslate()`, called from `changeEvent` on
`QEvent.LanguageChange`; they never touch what the user typed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from app.i18n import SUPPORTED_LANGUAGES, language_from_environment, set_language

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}
"""Each language named in itself, so a person can find theirs whatever is shown now."""

__all__ = ["LANGUAGE_NAMES", "language_from_environment", "switch_language"]

_qt_translator: QTranslator | None = None


def switch_language(language: str) -> None:
    """Use `language` for our texts and Qt's standard dialogs, and retranslate every window."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    set_language(language)
    _load_qt_catalogue(language)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.topLevelWidgets():
        if widget.parentWidget() is None:  # children hear it from their parent
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def _load_qt_catalogue(language: str) -> None:
    """Qt's own Korean catalogue (buttons of standard dialogs); none for English."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language == "en":
        return
    translator = QTranslator()
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", directory):
        app.installTranslator(translator)
        _qt_translator = translator
